import type { CaseFigures } from '../../domain/case-figures.ts';
import type { CaseSummary } from '../../domain/case-summary.ts';
import type { DatabaseConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { createFieldCipher } from './crypto.ts';
import type { SqlEngine } from './engine.ts';
import { createSqlStore } from './sql-store.ts';
import { openSqliteEngine } from './sqlite.ts';
import type { CaseSubmission, MessageKind, OutboxMessage, OutboxStatusRow, OutgoingMessage, SessionRecord, UploadFile, UploadInfo } from './types.ts';

export { ReferenceTakenError, StoreBusyError } from './errors.ts';
export { isStoreUnavailable, isTransientStoreError, TRANSIENT_RETRY_DELAY_MS } from './error-cause.ts';
export { StoredDataError } from './crypto.ts';
export type * from './types.ts';

export interface NewSession {
  now: number;
  expiresAt: number;
  data?: Record<string, unknown>;
  /** Made here (32 random bytes, base64url) when not given. */
  id?: string;
  csrfToken?: string;
}

export interface SubmitResult {
  reference: string;
  /** False when the session had already sent a case: nothing was written and `reference` is the earlier one. */
  created: boolean;
}

export interface ClaimOptions {
  now: number;
  limit: number;
  /** Names the claimer in the row, for the operator's view. */
  workerId: string;
  /** After this long an unfinished claim is treated as abandoned (its instance died) and the message is due again. */
  claimTtlMs: number;
}

export interface DeliveryRecord {
  at: number;
  smtpResponse: string;
  messageId: string;
}

export interface FailureRecord {
  at: number;
  /** What the mail server or socket said, for the operator; email addresses are masked before it is stored. */
  error: string;
  /** The server refused the message for good (5xx); no more attempts. */
  permanent: boolean;
  /** When to try again; null when the attempts are used up. */
  nextAttemptAt: number | null;
  /** Queued in the same transaction if, and only if, this failure marks the message failed. */
  alert?: OutgoingMessage;
}

export interface FailureOutcome {
  attempts: number;
  /** True when the message is now failed (permanent, or out of attempts). */
  failed: boolean;
  /** True when `alert` was queued. */
  alerted: boolean;
}

export interface OutboxHealth {
  /** Messages not yet delivered, pending or failed. */
  depth: number;
  /** Of those, messages marked failed and waiting for an operator to requeue them. */
  failed: number;
  /**
   * Failed messages other than complainants' acknowledgements. A bounced acknowledgement is
   * usually a mistyped address: the alert has told the team, who contact the person another
   * way, and nothing an operator does will fix it, so it should not keep the service "degraded".
   */
  failedNeedingAction: number;
  /** Age of the oldest message still being tried (failed ones are counted in `failed`); null when none. */
  oldestUndeliveredAgeMs: number | null;
}

/** Undelivered messages of one kind, for the metrics: counts and an age, never what they hold. */
export interface OutboxKindHealth {
  kind: MessageKind;
  /** Messages of this kind not yet delivered, pending or failed. */
  depth: number;
  /** Of those, messages marked failed. */
  failed: number;
  /** Age of the oldest of this kind still being tried; null when none is. */
  oldestUndeliveredAgeMs: number | null;
}

/** A file to keep with a session; `id` is made by the store. */
export type NewUpload = Omit<UploadFile, 'id'>;

/** The session's limits, checked in the same transaction as the insert so two uploads at once cannot pass them together. */
export interface UploadLimits {
  maxFiles: number;
  maxTotalBytes: number;
}

export type AddUploadOutcome = { ok: true; id: string } | { ok: false; code: 'too_many_files' | 'total_too_large' };

export interface PurgeCounts {
  /** Cases whose record (the personal data) was deleted; the reference is kept so it is never reused. */
  cases: number;
  messages: number;
  sessions: number;
  rateLimits: number;
  /** Saved answers past their keeping time, and wrong-word counts that have run out. */
  savedDrafts: number;
}

/** Answers saved to come back to, as stored: the secret only as its slow hash. */
export interface SavedDraft {
  /** SHA-256 of the canonical return code: the code itself is never stored. */
  codeHash: string;
  /** scrypt hash of the person's word, with its salt and costs (see saved-drafts.ts). */
  secretHash: string;
  data: Record<string, unknown>;
  createdAt: number;
  expiresAt: number;
  /** The session that saved it: one draft per session, and Exit this page deletes it. */
  sessionId: string | null;
}

export interface ResumeLockOptions {
  now: number;
  /** Wrong words before the code is locked. */
  maxFailures: number;
  /** How long a lock lasts, and how long wrong words are remembered. */
  lockMs: number;
}

/** Everything the service keeps, behind one interface with a SQLite and a PostgreSQL engine. All times are epoch ms. */
export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** Applies pending migrations (createStore already did); returns how many it applied. */
  migrate(): Promise<number>;

  createSession(session: NewSession): Promise<SessionRecord>;
  /** The session, or undefined when it does not exist or has expired. */
  getSession(id: string, now: number): Promise<SessionRecord | undefined>;
  /** Replaces the session's data and moves its expiry; false when there is no such session. */
  saveSessionData(id: string, data: Record<string, unknown>, expiresAt: number): Promise<boolean>;
  /** Deletes the session and every file it holds. */
  deleteSession(id: string): Promise<void>;

  /** Keeps a file with a session, unless it would pass the session's limits. */
  addUpload(sessionId: string, file: NewUpload, limits: UploadLimits): Promise<AddUploadOutcome>;
  /** The session's files, oldest first, without their bytes. */
  listUploads(sessionId: string): Promise<UploadInfo[]>;
  /** Deletes one of the session's files; false when the session holds no such file. */
  removeUpload(sessionId: string, id: string): Promise<boolean>;
  /** The files sent with a case, oldest first, with their bytes; empty once retention has deleted them. */
  listCaseFiles(reference: string): Promise<UploadFile[]>;

  /**
   * Writes the case and all its messages in one transaction and, when `sessionId` is given,
   * marks that session sent and wipes its answers. If the session had already sent a case,
   * writes nothing and returns the earlier reference with `created: false`.
   * Throws ReferenceTakenError if another case has this reference.
   */
  submitCase(submission: CaseSubmission): Promise<SubmitResult>;
  /**
   * The anonymous facts of every case received in the months from `fromMonth` to `toMonth`
   * (`YYYY-MM`, both included), for the annual report; rows that cannot be read as facts are left out.
   */
  listCaseFigures(range: { fromMonth: string; toMonth: string }): Promise<CaseFigures[]>;
  /** The case's confirmation summary, parsed; undefined when there is none or it cannot be read as one. */
  getCaseSummary(reference: string): Promise<CaseSummary | undefined>;
  /** True for every reference ever issued, including cases whose personal data has been purged. */
  referenceExists(reference: string): Promise<boolean>;
  /** Adds messages to an existing case's outbox, due now. */
  enqueueMessages(reference: string, messages: readonly OutgoingMessage[], now: number): Promise<number[]>;

  /**
   * Claims due messages for one worker, safeguarding copies first, then the team's emails, then
   * the rest, each oldest due first; a claimed message is not given to anyone else until released
   * or expired.
   */
  claimMessages(options: ClaimOptions): Promise<OutboxMessage[]>;
  /** Gives back every undelivered message this worker has claimed, due again at once for any instance; returns how many. */
  releaseClaims(workerId: string): Promise<number>;
  /** How many messages failed for now (not for good) and wait for a later attempt. */
  countRetriesWaiting(now: number): Promise<number>;
  /**
   * Makes every message waiting for a later attempt due now, for when the mail server that failed
   * them is back; messages marked failed stay failed. Returns how many.
   */
  pullForwardRetries(now: number): Promise<number>;
  recordDelivery(id: number, delivery: DeliveryRecord): Promise<void>;
  /** Counts a failed attempt and schedules the next, or marks the message failed; undefined if it was already delivered. */
  recordFailure(id: number, failure: FailureRecord): Promise<FailureOutcome | undefined>;
  /** Pending and failed messages, oldest first. */
  listUndelivered(): Promise<OutboxStatusRow[]>;
  /** Makes every undelivered message of a case due now with a fresh set of attempts; returns how many. */
  requeue(reference: string, now?: number): Promise<number>;
  outboxHealth(now: number): Promise<OutboxHealth>;
  /** The outbox by message kind, one entry for each kind that has an undelivered message. */
  outboxHealthByKind(now: number): Promise<OutboxKindHealth[]>;

  /** Keeps saved answers under a code hash, replacing any under the same hash or saved by the same session. */
  saveDraft(draft: SavedDraft): Promise<void>;
  /** The saved answers under this code hash, even past `expiresAt` (the caller says it has gone); undefined when there are none. */
  getDraft(codeHash: string): Promise<SavedDraft | undefined>;
  deleteDraft(codeHash: string): Promise<void>;
  /** Deletes the draft this session saved, under whichever code. */
  deleteSessionDrafts(sessionId: string): Promise<void>;
  /** When this code hash is locked after too many wrong words, the time the lock ends; otherwise null. */
  resumeLockedUntil(codeHash: string, now: number): Promise<number | null>;
  /**
   * Counts a wrong word for this code hash (shared by all instances); the count that reaches
   * `maxFailures` locks it for `lockMs`. Returns when the lock ends, or null when not locked.
   */
  recordResumeFailure(codeHash: string, options: ResumeLockOptions): Promise<number | null>;
  /** Forgets wrong words for this code hash, after the right one. */
  clearResumeFailures(codeHash: string): Promise<void>;

  /** Counts a hit for `key` in the fixed window containing `now` and returns the count so far (shared by all instances). */
  hitRateLimit(key: string, windowMs: number, now: number): Promise<number>;

  /**
   * Deletes personal data past retention: the record and messages of cases whose team email was
   * delivered more than `retentionMs` ago, expired sessions and saved answers, and finished
   * rate-limit windows and wrong-word counts.
   */
  purge(now: number, options: { retentionMs: number }): Promise<PurgeCounts>;

  /**
   * Overwrites the one row of health_probe and commits: throws when the database cannot take a
   * write (read-only, disk full, lock held). On PostgreSQL the statement gives up after
   * `timeoutMs`, so a probe stuck behind a lock does not hold a pooled connection.
   */
  probeWrite(now: number, options: { timeoutMs: number }): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreConfig {
  database: DatabaseConfig;
  encryptionKey?: Buffer | undefined;
}

/** Opens the configured database, applies migrations and returns the store. */
export async function createStore(config: StoreConfig, options: { log?: Logger } = {}): Promise<Store> {
  // pg and its parsers are loaded only for PostgreSQL: a SQLite instance never holds them in memory.
  const engine: SqlEngine =
    config.database.kind === 'postgres'
      ? (await import('./postgres.ts')).openPostgresEngine({
          url: config.database.url,
          onIdleError: (error) => options.log?.warn('idle database connection failed', { error }),
        })
      : openSqliteEngine(config.database.path);
  const store = createSqlStore(engine, createFieldCipher(config.encryptionKey));
  try {
    const applied = await store.migrate();
    if (applied > 0) options.log?.info('database migrated', { engine: engine.kind, count: applied });
  } catch (error) {
    await engine.close();
    throw error;
  }
  return store;
}

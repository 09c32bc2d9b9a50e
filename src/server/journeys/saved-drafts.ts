import { createHash, randomBytes, scrypt, timingSafeEqual, webcrypto, type ScryptOptions } from 'node:crypto';
import type { DraftOrigin } from '../../domain/case-record.ts';
import { createReturnCode, normaliseSecret } from '../../domain/return-code.ts';
import type { Council } from '../../domain/council.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type { SavedDraft, SessionRecord, Store } from '../store/index.ts';

/**
 * "Save and come back later": a session's answers kept under a return code for the council's
 * `savedDraftsDays`, opened again only with the code and the person's own word. Neither is ever
 * stored as typed: the code as SHA-256 (it is random and long, so that is enough to find the row
 * without keeping the code), the word with scrypt and a salt of its own (a word people choose is
 * short, so it needs a slow hash). The answers are encrypted like a session's.
 */

/** Wrong words before a code is locked, and how long it stays locked. */
export const MAX_WRONG_SECRETS = 5;
export const RESUME_LOCK_MS = 60 * 60 * 1000;
/** The shortest word accepted, once normalised: long enough that five tries cannot find it. */
export const MIN_SECRET_LENGTH = 4;

/** What a session holds about saving: the draft's code hash (Exit this page deletes it) and the code to show once. */
export interface SessionSaveState {
  savedDraft?: string;
  savedCode?: string;
  /** When the person started the journey, epoch ms (kept through a resume, for the team's email). */
  startedAt?: number;
  /** When these answers were last brought back from a saved draft, epoch ms. */
  resumedAt?: number;
  /** Whether the "Your saved form" email asked for with the latest save went, and where. */
  savedEmail?: { to: string; sent: boolean };
}

// scrypt's costs: 2^15 × 8 × 128 bytes = 32 MiB of memory per hash, measured at 300–420 ms on this
// project's shared 2-core machine (off the event loop, in libuv's thread pool). That is below
// OWASP's scrypt settings (N=2^15 wants p=3), a trade for a service that also needs the code, locks
// a code after five wrong words and rate-limits /resume; raising the costs later only needs new
// drafts to use them, as each stored hash names its own.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scryptAsync(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_BYTES, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** SHA-256 of a canonical return code, as the store keys drafts and wrong-word counts. */
export function hashReturnCode(code: string): string {
  return createHash('sha256').update(`return-code:${code}`).digest('hex');
}

/** `scrypt$N$r$p$salt$key`, so the costs can be raised later without losing older drafts. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(normaliseSecret(secret), salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether a typed word matches a stored hash, compared in constant time. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(normaliseSecret(secret), Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash no word matches, checked when a code has no draft so that answer takes as long as a wrong word. */
let decoy: Promise<string> | undefined;

const randomForCodes = (count: number) => webcrypto.getRandomValues(new Uint8Array(count));

/**
 * Keeps the session's answers under a new return code and returns the code, to be shown once.
 * A draft the session saved before is replaced: only the latest code works.
 */
export async function saveDraft(options: {
  store: Store;
  council: Council;
  session: SessionRecord;
  secret: string;
  now: Date;
  /** Sends "Your saved form" once the answers are saved, saying whether it went; its outcome is kept for the saved page. */
  email?: { to: string; send: (saved: { code: string; expiresAt: Date }) => Promise<boolean> };
}): Promise<string> {
  const { store, council, session, now } = options;
  const state = session.data as SessionSaveState;
  const code = createReturnCode(randomForCodes);
  const codeHash = hashReturnCode(code);
  const { savedDraft: _earlier, savedCode: _shown, savedEmail: _emailed, ...data } = session.data as Record<string, unknown> & SessionSaveState;
  const expiresAt = now.getTime() + council.savedDraftsDays * 24 * 60 * 60 * 1000;
  await store.saveDraft({ codeHash, secretHash: await hashSecret(options.secret), data, createdAt: now.getTime(), expiresAt, sessionId: session.id });
  if (state.savedDraft && state.savedDraft !== codeHash) await store.deleteDraft(state.savedDraft);
  // The session names its draft before any email goes, and a session that has gone in the
  // meantime (Exit this page, pressed while the word was being hashed or the email sent) takes
  // the draft with it: a code must never work once the person has been told the answers are gone.
  const saved = { ...data, savedDraft: codeHash, savedCode: code };
  if (!(await keepOrDelete(store, session, saved)) || !options.email) return code;
  const savedEmail = { to: options.email.to, sent: await options.email.send({ code, expiresAt: new Date(expiresAt) }) };
  await keepOrDelete(store, session, { ...saved, savedEmail });
  return code;
}

/** Writes the session's data; if the session has gone, deletes the draft it saved. */
async function keepOrDelete(store: Store, session: SessionRecord, data: Record<string, unknown>): Promise<boolean> {
  if (await store.saveSessionData(session.id, data, session.expiresAt)) return true;
  await store.deleteSessionDrafts(session.id);
  return false;
}

export type ResumeError = 'no_match' | 'locked' | 'expired';

/**
 * The saved answers for a code and word. A wrong word and a code with no draft are the same
 * answer (`no_match`), take about as long, and both count towards the lock, so nothing here says
 * whether a code exists. Only the right word learns that a draft has run out of time.
 */
export async function openDraft(options: { store: Store; code: string; secret: string; now: Date }): Promise<Result<SavedDraft, ResumeError>> {
  const { store, code, secret } = options;
  const now = options.now.getTime();
  const codeHash = hashReturnCode(code);
  if ((await store.resumeLockedUntil(codeHash, now)) !== null) return err('locked');
  const draft = await store.getDraft(codeHash);
  decoy ??= hashSecret(randomBytes(16).toString('hex'));
  const matches = await verifySecret(secret, draft?.secretHash ?? (await decoy));
  if (!draft || !matches) {
    const lockedUntil = await store.recordResumeFailure(codeHash, { now, maxFailures: MAX_WRONG_SECRETS, lockMs: RESUME_LOCK_MS });
    return err(lockedUntil === null ? 'no_match' : 'locked');
  }
  await store.clearResumeFailures(codeHash);
  if (draft.expiresAt <= now) {
    await store.deleteDraft(codeHash);
    return err('expired');
  }
  return ok(draft);
}

/** When the session's journey was started and last brought back, for the team's email; undefined for a session from before this was kept. */
export function toDraftOrigin(session: SessionRecord): DraftOrigin | undefined {
  const { startedAt, resumedAt } = session.data as SessionSaveState;
  if (typeof startedAt !== 'number') return undefined;
  return { startedAt: new Date(startedAt).toISOString(), ...(typeof resumedAt === 'number' ? { resumedAt: new Date(resumedAt).toISOString() } : {}) };
}

/**
 * Deletes the draft a session saved or brought back, if any: Exit this page and Send both end it.
 * Both the code it names and any draft the session itself saved, in case a save still in flight
 * has not named its code yet.
 */
export async function deleteSessionDraft(store: Store, session: SessionRecord | undefined): Promise<void> {
  if (!session) return;
  const codeHash = (session.data as SessionSaveState).savedDraft;
  if (codeHash) await store.deleteDraft(codeHash);
  await store.deleteSessionDrafts(session.id);
}

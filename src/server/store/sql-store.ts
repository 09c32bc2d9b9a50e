import { createHash } from 'node:crypto';
import { parseCaseFigures } from '../../domain/case-figures.ts';
import { parseCaseSummary } from '../../domain/case-summary.ts';
import { deliveryStatus, MAX_DELIVERY_ATTEMPTS } from '../../domain/delivery-status.ts';
import { maskEmailAddresses } from '../log.ts';
import { randomToken, type FieldCipher } from './crypto.ts';
import type { SqlEngine, SqlRow, SqlRunner, WriteOptions } from './engine.ts';
import { ReferenceTakenError, UploadMissingError } from './errors.ts';
import type { FailureOutcome, PurgeCounts, Store } from './index.ts';
import { migrations } from './migrations.ts';
import { createSavedDraftQueries } from './sql-drafts.ts';
import { createUploadQueries } from './sql-uploads.ts';
import type { MessageKind, OutboxMessage, OutboxStatusRow, OutgoingEmailMessage, OutgoingMessage, OutgoingWebhook, SessionRecord } from './types.ts';

/** What is kept of a message in its (possibly encrypted) payload column: everything a person wrote or is. */
type EmailPayload = Pick<OutgoingEmailMessage, 'to' | 'from' | 'subject' | 'text' | 'html' | 'headers' | 'attachments' | 'attachCaseFiles'>;
type WebhookPayload = Pick<OutgoingWebhook, 'body'>;
type MessagePayload = EmailPayload | WebhookPayload;

/** How `npm run outbox -- list` names where a webhook goes: the variable, never the URL, which may carry a token. */
const WEBHOOK_DESTINATION = 'CASE_WEBHOOK_URL';

const MAX_STORED_ERROR_LENGTH = 500;

/**
 * Answers not yet sent are written without waiting for the disk: a crash of the service loses
 * none of them, and the next synced write (a Send, a saved form, the outbox) takes them to disk
 * with it. Only a power cut in between could lose the last few, and the journey then asks those
 * questions again. Syncing each answer was over a quarter of its cost.
 */
const SESSION_WRITE: WriteOptions = { sync: 'later' };

const UNDELIVERED = 'delivered_at IS NULL';
const DUE = 'delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)';
/**
 * Emails tried, failed for now (not for good) and waiting for a later attempt: what a mail server
 * that is back pulls forward. Webhooks go to another server and keep their own schedule.
 */
const WAITING_FOR_RETRY = "kind <> 'webhook' AND delivered_at IS NULL AND failed_at IS NULL AND attempts > 0 AND next_attempt_at > ?";

/**
 * Of the messages due, these kinds are sent first, in this order; the rest (acknowledgements,
 * advocacy referrals, alerts) follow. A safeguarding copy goes to the mailbox that acts on a child
 * at risk (DOMAIN.md, section 5), and the team's email starts the statutory clock, so when a
 * backlog drains after an outage these arrive before the complainants' receipts. The webhook is
 * the team's copy too, and its only one with CASE_EMAIL=off.
 */
const FIRST_KINDS: readonly MessageKind[] = ['safeguarding', 'team', 'webhook'];
const KIND_RANK = `CASE kind ${FIRST_KINDS.map((kind, rank) => `WHEN '${kind}' THEN ${rank}`).join(' ')} ELSE ${FIRST_KINDS.length} END`;
const kindRank = (kind: unknown): number => {
  const rank = FIRST_KINDS.indexOf(kind as MessageKind);
  return rank === -1 ? FIRST_KINDS.length : rank;
};

/** The store's queries, written once for both engines; `engine.kind` only adds PostgreSQL's lock clauses. */
export function createSqlStore(engine: SqlEngine, cipher: FieldCipher): Store {
  const isPostgres = engine.kind === 'postgres';

  const sealJson = (value: unknown, context: string): string => cipher.seal(JSON.stringify(value), context);
  const openJson = <T>(stored: unknown, context: string): T => JSON.parse(cipher.open(String(stored), context)) as T;

  const toSession = (row: SqlRow): SessionRecord => {
    const id = String(row['id']);
    return {
      id,
      data: openJson<Record<string, unknown>>(row['data'], `sessions:${id}`),
      csrfToken: String(row['csrf_token']),
      createdAt: Number(row['created_at']),
      expiresAt: Number(row['expires_at']),
      submittedReference: row['submitted_reference'] === null ? null : String(row['submitted_reference']),
    };
  };

  const toPayload = (row: SqlRow): MessagePayload => openJson<MessagePayload>(row['payload'], `outbox:${String(row['message_id'])}`);

  const toStoredPayload = (message: OutgoingMessage): MessagePayload =>
    message.kind === 'webhook'
      ? { body: message.body }
      : {
          to: message.to,
          ...(message.from ? { from: message.from } : {}),
          subject: message.subject,
          text: message.text,
          html: message.html,
          ...(message.headers ? { headers: message.headers } : {}),
          ...(message.attachments ? { attachments: message.attachments } : {}),
          ...(message.attachCaseFiles ? { attachCaseFiles: true } : {}),
        };

  const insertMessages = async (tx: SqlRunner, reference: string, messages: readonly OutgoingMessage[], now: number) => {
    const ids: number[] = [];
    for (const message of messages) {
      const payload = toStoredPayload(message);
      const rows = await tx.all(
        'INSERT INTO outbox (reference, kind, message_id, payload, attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id',
        [reference, message.kind, message.messageId, sealJson(payload, `outbox:${message.messageId}`), now, now],
      );
      ids.push(Number(rows[0]?.['id']));
    }
    return ids;
  };

  const store: Store = {
    ...createUploadQueries(engine, cipher),
    ...createSavedDraftQueries(engine, cipher),
    engine: engine.kind,

    migrate: () => engine.migrate(migrations),

    async createSession({ now, expiresAt, data = {}, id = randomToken(), csrfToken = randomToken() }) {
      await engine.run(
        'INSERT INTO sessions (id, data, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
        [id, sealJson(data, `sessions:${id}`), csrfToken, now, expiresAt],
        SESSION_WRITE,
      );
      return { id, data, csrfToken, createdAt: now, expiresAt, submittedReference: null };
    },

    async getSession(id, now) {
      const rows = await engine.all('SELECT * FROM sessions WHERE id = ? AND expires_at > ?', [id, now]);
      return rows[0] === undefined ? undefined : toSession(rows[0]);
    },

    async saveSessionData(id, data, expiresAt) {
      const changed = await engine.run(
        'UPDATE sessions SET data = ?, expires_at = ? WHERE id = ?',
        [sealJson(data, `sessions:${id}`), expiresAt, id],
        SESSION_WRITE,
      );
      return changed > 0;
    },

    async deleteSession(id) {
      await engine.transaction(async (tx) => {
        await tx.run('DELETE FROM uploads WHERE session_id = ?', [id]);
        await tx.run('DELETE FROM sessions WHERE id = ?', [id]);
      });
    },

    async submitCase(submission) {
      const { sessionId, reference } = submission;
      try {
        return await engine.transaction(async (tx) => {
          if (sessionId !== null) {
            // PostgreSQL: the row lock makes a second Send for this session wait here until the
            // first commits, then read its reference. SQLite: BEGIN IMMEDIATE already serialises writers.
            const rows = await tx.all(`SELECT submitted_reference FROM sessions WHERE id = ?${isPostgres ? ' FOR UPDATE' : ''}`, [sessionId]);
            const earlier = rows[0]?.['submitted_reference'];
            if (typeof earlier === 'string') return { reference: earlier, created: false };
          }
          if ((await tx.all('SELECT 1 AS found FROM cases WHERE reference = ?', [reference])).length > 0) {
            throw new ReferenceTakenError(reference);
          }
          await tx.run('INSERT INTO cases (reference, kind, created_at, summary, record) VALUES (?, ?, ?, ?, ?)', [
            reference,
            submission.kind,
            submission.createdAt,
            JSON.stringify(submission.summary),
            sealJson(submission.record, `cases:${reference}`),
          ]);
          await insertMessages(tx, reference, submission.messages, submission.createdAt);
          if (submission.figures !== undefined) {
            await tx.run('INSERT INTO case_figures (id, kind, month, facts) VALUES (?, ?, ?, ?)', [
              randomToken(),
              submission.figures.kind,
              submission.figures.month,
              JSON.stringify(submission.figures),
            ]);
          }
          if (sessionId !== null) {
            // The files the emails list move to the case with it; any other the session held goes.
            const ids = submission.uploadIds ?? [];
            for (const id of ids) {
              const moved = await tx.run('UPDATE uploads SET session_id = NULL, reference = ? WHERE id = ? AND session_id = ?', [reference, id, sessionId]);
              // A file removed (in another tab) after the emails were written: the case must not name a file it lacks.
              if (moved !== 1) throw new UploadMissingError(id);
            }
            await tx.run('DELETE FROM uploads WHERE session_id = ?', [sessionId]);
            // A session that has expired and been purged has no row; the case is still written,
            // because the person has pressed Send and must get a reference.
            await tx.run('UPDATE sessions SET submitted_reference = ?, data = ? WHERE id = ? AND submitted_reference IS NULL', [
              reference,
              sealJson({}, `sessions:${sessionId}`),
              sessionId,
            ]);
          }
          return { reference, created: true };
        });
      } catch (error) {
        // Two sends racing with the same new reference: the loser's insert hits the primary key.
        if (engine.isUniqueViolation(error) && (await store.referenceExists(reference))) throw new ReferenceTakenError(reference);
        throw error;
      }
    },

    async listCaseFigures({ fromMonth, toMonth }) {
      const rows = await engine.all('SELECT facts FROM case_figures WHERE month >= ? AND month <= ? ORDER BY month, kind, id', [fromMonth, toMonth]);
      return rows.flatMap((row) => {
        try {
          const figures = parseCaseFigures(JSON.parse(String(row['facts'])));
          return figures === undefined ? [] : [figures];
        } catch {
          return [];
        }
      });
    },

    async getCaseSummary(reference) {
      const rows = await engine.all('SELECT summary FROM cases WHERE reference = ?', [reference]);
      if (rows[0] === undefined) return undefined;
      try {
        return parseCaseSummary(JSON.parse(String(rows[0]['summary'])));
      } catch {
        // Not JSON at all (a damaged row): no summary to show, as for one that is not a summary.
        return undefined;
      }
    },

    async referenceExists(reference) {
      const rows = await engine.all('SELECT 1 AS found FROM cases WHERE reference = ?', [reference]);
      return rows.length > 0;
    },

    enqueueMessages(reference, messages, now) {
      return engine.transaction((tx) => insertMessages(tx, reference, messages, now));
    },

    async claimMessages({ now, limit, workerId, claimTtlMs }) {
      // One statement on both engines, so choosing and claiming cannot be split by another
      // worker. PostgreSQL: SKIP LOCKED passes over rows another instance is claiming right now,
      // and the re-check after locking drops rows that instance has just claimed.
      const rows = await engine.all(
        `UPDATE outbox SET claimed_by = ?, claimed_until = ?
         WHERE id IN (SELECT id FROM outbox WHERE ${DUE} ORDER BY ${KIND_RANK}, next_attempt_at, id LIMIT ?${isPostgres ? ' FOR UPDATE SKIP LOCKED' : ''})
         RETURNING id, reference, kind, message_id, payload, attempts, created_at, next_attempt_at`,
        [workerId, now + claimTtlMs, now, now, limit],
      );
      // RETURNING comes in no particular order: sort as the claim chose.
      return rows
        .sort(
          (a, b) =>
            kindRank(a['kind']) - kindRank(b['kind']) || Number(a['next_attempt_at']) - Number(b['next_attempt_at']) || Number(a['id']) - Number(b['id']),
        )
        .map((row): OutboxMessage => {
          const common = {
            id: Number(row['id']),
            reference: String(row['reference']),
            messageId: String(row['message_id']),
            attempts: Number(row['attempts']),
            createdAt: Number(row['created_at']),
          };
          const kind = String(row['kind']) as MessageKind;
          if (kind === 'webhook') return { ...common, kind, body: (toPayload(row) as WebhookPayload).body };
          return { ...common, kind, ...(toPayload(row) as EmailPayload) };
        });
    },

    releaseClaims(workerId) {
      return engine.run(`UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND ${UNDELIVERED}`, [workerId]);
    },

    async countRetriesWaiting(now) {
      const rows = await engine.all(`SELECT COUNT(*) AS n FROM outbox WHERE ${WAITING_FOR_RETRY}`, [now]);
      return Number(rows[0]?.['n'] ?? 0);
    },

    pullForwardRetries(now) {
      // Attempts are not reset: a message that fails again carries on along its schedule, and one
      // that has used them all is still marked failed and alerted on.
      return engine.run(`UPDATE outbox SET next_attempt_at = ? WHERE ${WAITING_FOR_RETRY}`, [now, now]);
    },

    async recordDelivery(id, { at, smtpResponse, messageId }) {
      await engine.run(
        `UPDATE outbox SET delivered_at = COALESCE(delivered_at, ?), attempts = attempts + 1, last_attempt_at = ?,
           smtp_response = ?, delivered_message_id = ?, claimed_by = NULL, claimed_until = NULL
         WHERE id = ?`,
        [at, at, toStoredText(smtpResponse), messageId, id],
      );
    },

    async recordFailure(id, { at, error, permanent, nextAttemptAt, alert }) {
      const giveUp = permanent || nextAttemptAt === null ? 1 : 0;
      return engine.transaction(async (tx): Promise<FailureOutcome | undefined> => {
        const rows = await tx.all(
          `UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?,
             failed_at = CASE WHEN CAST(? AS INTEGER) = 1 OR attempts + 1 >= CAST(? AS INTEGER) THEN CAST(? AS BIGINT) ELSE NULL END,
             next_attempt_at = CAST(? AS BIGINT), claimed_by = NULL, claimed_until = NULL
           WHERE id = ? AND delivered_at IS NULL
           RETURNING reference, attempts, failed_at`,
          [at, toStoredText(error), giveUp, MAX_DELIVERY_ATTEMPTS, at, nextAttemptAt ?? at, id],
        );
        const row = rows[0];
        if (row === undefined) return undefined;
        const failed = row['failed_at'] !== null;
        let alerted = false;
        if (failed && alert !== undefined) {
          await insertMessages(tx, String(row['reference']), [alert], at);
          alerted = true;
        }
        return { attempts: Number(row['attempts']), failed, alerted };
      });
    },

    async listUndelivered() {
      const rows = await engine.all(
        `SELECT id, reference, kind, message_id, payload, attempts, created_at, last_attempt_at, next_attempt_at,
           delivered_at, failed_at, last_error
         FROM outbox WHERE ${UNDELIVERED} ORDER BY created_at, id`,
      );
      return rows.map((row): OutboxStatusRow => {
        const deliveredAt = toNumberOrNull(row['delivered_at']);
        const failedAt = toNumberOrNull(row['failed_at']);
        return {
          id: Number(row['id']),
          reference: String(row['reference']),
          kind: String(row['kind']) as MessageKind,
          to: row['kind'] === 'webhook' ? WEBHOOK_DESTINATION : (toPayload(row) as EmailPayload).to,
          attempts: Number(row['attempts']),
          createdAt: Number(row['created_at']),
          lastAttemptAt: toNumberOrNull(row['last_attempt_at']),
          nextAttemptAt: failedAt === null ? Number(row['next_attempt_at']) : null,
          deliveredAt,
          failedAt,
          lastError: row['last_error'] === null ? null : String(row['last_error']),
          status: deliveryStatus({ deliveredAt, failedAt }),
        };
      });
    },

    requeue(reference, now = Date.now()) {
      // A fresh set of attempts: the operator has fixed whatever made them fail, and the next
      // outage should get the full retry schedule again rather than fail on the first error.
      return engine.run(`UPDATE outbox SET failed_at = NULL, attempts = 0, next_attempt_at = ? WHERE reference = ? AND ${UNDELIVERED}`, [now, reference]);
    },

    async outboxHealth(now) {
      const rows = await engine.all(
        `SELECT COUNT(*) AS depth, COUNT(failed_at) AS failed,
           SUM(CASE WHEN failed_at IS NOT NULL AND kind <> 'acknowledgement' THEN 1 ELSE 0 END) AS failed_needing_action,
           MIN(CASE WHEN failed_at IS NULL THEN created_at END) AS oldest
         FROM outbox WHERE ${UNDELIVERED}`,
      );
      const row = rows[0] ?? {};
      const oldest = toNumberOrNull(row['oldest']);
      return {
        depth: Number(row['depth'] ?? 0),
        failed: Number(row['failed'] ?? 0),
        failedNeedingAction: Number(row['failed_needing_action'] ?? 0),
        oldestUndeliveredAgeMs: oldest === null ? null : Math.max(0, now - oldest),
      };
    },

    async outboxHealthByKind(now) {
      const rows = await engine.all(
        `SELECT kind, COUNT(*) AS depth, COUNT(failed_at) AS failed, MIN(CASE WHEN failed_at IS NULL THEN created_at END) AS oldest
         FROM outbox WHERE ${UNDELIVERED} GROUP BY kind ORDER BY kind`,
      );
      return rows.map((row) => {
        const oldest = toNumberOrNull(row['oldest']);
        return {
          kind: String(row['kind']) as MessageKind,
          depth: Number(row['depth']),
          failed: Number(row['failed']),
          oldestUndeliveredAgeMs: oldest === null ? null : Math.max(0, now - oldest),
        };
      });
    },

    async hitRateLimit(key, windowMs, now) {
      if (!Number.isSafeInteger(windowMs) || windowMs <= 0) throw new RangeError(`windowMs must be a positive whole number, got ${windowMs}`);
      const windowStart = Math.floor(now / windowMs) * windowMs;
      // Keys are usually IP addresses, which are personal data; only a hash is stored.
      const rows = await engine.all(
        `INSERT INTO rate_limits (key_hash, window_ms, window_start, count) VALUES (?, ?, ?, 1)
         ON CONFLICT (key_hash, window_ms, window_start) DO UPDATE SET count = rate_limits.count + 1
         RETURNING count`,
        [createHash('sha256').update(key).digest('hex'), windowMs, windowStart],
        // A count lost to a power cut only lets a few more posts through in that minute.
        { sync: 'later' },
      );
      return Number(rows[0]?.['count']);
    },

    purge(now, { retentionMs }) {
      const cutoff = now - retentionMs;
      return engine.transaction(async (tx): Promise<PurgeCounts> => {
        const references = (await tx.all(PURGEABLE_CASES, [cutoff, cutoff])).map((row) => String(row['reference']));
        let messages = 0;
        for (const reference of references) {
          messages += await tx.run('DELETE FROM outbox WHERE reference = ?', [reference]);
          await tx.run('DELETE FROM uploads WHERE reference = ?', [reference]);
          // The row stays with its reference and its summary (route and dates, no personal data),
          // so a reference that staff already hold is never issued again and the later-stage
          // journey can still recognise it.
          await tx.run('UPDATE cases SET record = NULL, purged_at = ? WHERE reference = ?', [now, reference]);
        }
        // Files go with their expired session, and any a killed process left without a session or a case.
        await tx.run('DELETE FROM uploads WHERE session_id IN (SELECT id FROM sessions WHERE expires_at <= ?)', [now]);
        await tx.run('DELETE FROM uploads WHERE reference IS NULL AND (session_id IS NULL OR session_id NOT IN (SELECT id FROM sessions))');
        const sessions = await tx.run('DELETE FROM sessions WHERE expires_at <= ?', [now]);
        const rateLimits = await tx.run('DELETE FROM rate_limits WHERE window_start + window_ms <= ?', [now]);
        const savedDrafts = await tx.run('DELETE FROM saved_drafts WHERE expires_at <= ?', [now]);
        await tx.run('DELETE FROM resume_failures WHERE expires_at <= ? AND (locked_until IS NULL OR locked_until <= ?)', [now, now]);
        return { cases: references.length, messages, sessions, rateLimits, savedDrafts };
      });
    },

    async probeWrite(now, { timeoutMs }) {
      await engine.transaction(async (tx) => {
        // Local to this transaction: the pooled connection goes back without the limit.
        if (isPostgres) await tx.all("SELECT set_config('statement_timeout', ?, true)", [String(Math.max(1, Math.round(timeoutMs)))]);
        await tx.run('INSERT INTO health_probe (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at', [now]);
      });
    },

    ping: () => engine.ping(),
    close: () => engine.close(),
  };
  return store;
}

/**
 * Cases whose personal data may go: nothing is waiting to be sent, the team has it (every 'team'
 * email and 'webhook' post delivered; for a case with neither, every message other than alerts),
 * and the last of those deliveries is older than the cut-off. A case whose team email or webhook
 * failed is kept until an operator requeues it and it is delivered. Cases that never had a message
 * go by age.
 */
const PURGEABLE_CASES = `
WITH required AS (
  SELECT m.reference, m.delivered_at FROM outbox m
  WHERE m.kind IN ('team', 'webhook')
     OR (m.kind <> 'alert' AND NOT EXISTS (SELECT 1 FROM outbox t WHERE t.reference = m.reference AND t.kind IN ('team', 'webhook')))
)
SELECT c.reference FROM cases c
WHERE c.record IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.reference = c.reference AND p.delivered_at IS NULL AND p.failed_at IS NULL)
  AND (
    (EXISTS (SELECT 1 FROM required r WHERE r.reference = c.reference)
      AND NOT EXISTS (SELECT 1 FROM required r WHERE r.reference = c.reference AND r.delivered_at IS NULL)
      AND (SELECT MAX(r.delivered_at) FROM required r WHERE r.reference = c.reference) <= ?)
    OR (NOT EXISTS (SELECT 1 FROM outbox a WHERE a.reference = c.reference) AND c.created_at <= ?)
  )`;

function toNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Error and response text is shown to operators and in alerts; mail servers echo recipients' addresses, so those are masked. */
function toStoredText(text: string): string {
  return maskEmailAddresses(text).slice(0, MAX_STORED_ERROR_LENGTH);
}

import type { FieldCipher } from './crypto.ts';
import type { SqlEngine } from './engine.ts';
import type { SavedDraft, Store } from './index.ts';

/** Answers saved to come back to, and the count of wrong words against each return code. */
export function createSavedDraftQueries(
  engine: SqlEngine,
  cipher: FieldCipher,
): Pick<Store, 'saveDraft' | 'getDraft' | 'deleteDraft' | 'deleteSessionDrafts' | 'resumeLockedUntil' | 'recordResumeFailure' | 'clearResumeFailures'> {
  const sealJson = (value: unknown, context: string): string => cipher.seal(JSON.stringify(value), context);
  const openJson = <T>(stored: unknown, context: string): T => JSON.parse(cipher.open(String(stored), context)) as T;
  return {
    async saveDraft(draft) {
      // Keyed by the session when there is one, so two saves racing from one session leave one
      // draft, not two: the later replaces the earlier, code and all. The code hash is random, so
      // it never meets another.
      await engine.run(
        `INSERT INTO saved_drafts (code_hash, secret_hash, data, created_at, expires_at, session_id) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (${draft.sessionId === null ? 'code_hash' : 'session_id'}) DO UPDATE SET code_hash = excluded.code_hash, secret_hash = excluded.secret_hash,
           data = excluded.data, created_at = excluded.created_at, expires_at = excluded.expires_at`,
        [draft.codeHash, draft.secretHash, sealJson(draft.data, `saved_drafts:${draft.codeHash}`), draft.createdAt, draft.expiresAt, draft.sessionId],
      );
    },

    async getDraft(codeHash) {
      const rows = await engine.all('SELECT * FROM saved_drafts WHERE code_hash = ?', [codeHash]);
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        codeHash,
        secretHash: String(row['secret_hash']),
        data: openJson<SavedDraft['data']>(row['data'], `saved_drafts:${codeHash}`),
        createdAt: Number(row['created_at']),
        expiresAt: Number(row['expires_at']),
        sessionId: row['session_id'] === null || row['session_id'] === undefined ? null : String(row['session_id']),
      };
    },

    async deleteDraft(codeHash) {
      await engine.run('DELETE FROM saved_drafts WHERE code_hash = ?', [codeHash]);
    },

    async deleteSessionDrafts(sessionId) {
      await engine.run('DELETE FROM saved_drafts WHERE session_id = ?', [sessionId]);
    },

    async resumeLockedUntil(codeHash, now) {
      const rows = await engine.all('SELECT locked_until FROM resume_failures WHERE code_hash = ? AND locked_until > ?', [codeHash, now]);
      return rows[0] === undefined ? null : Number(rows[0]['locked_until']);
    },

    async recordResumeFailure(codeHash, { now, maxFailures, lockMs }) {
      // One statement, so two instances counting at once both count: wrong words older than
      // `lockMs` (and a lock that has ended) are forgotten, and the count that reaches the
      // limit sets the lock.
      const rows = await engine.all(
        `INSERT INTO resume_failures (code_hash, failures, locked_until, expires_at)
         VALUES (?, 1, CASE WHEN 1 >= CAST(? AS INTEGER) THEN CAST(? AS BIGINT) END, CAST(? AS BIGINT))
         ON CONFLICT (code_hash) DO UPDATE SET
           failures = CASE WHEN resume_failures.expires_at <= CAST(? AS BIGINT) THEN 1 ELSE resume_failures.failures + 1 END,
           locked_until = CASE
             WHEN resume_failures.locked_until > CAST(? AS BIGINT) THEN resume_failures.locked_until
             WHEN (CASE WHEN resume_failures.expires_at <= CAST(? AS BIGINT) THEN 1 ELSE resume_failures.failures + 1 END) >= CAST(? AS INTEGER) THEN CAST(? AS BIGINT)
             ELSE NULL END,
           expires_at = CAST(? AS BIGINT)
         RETURNING locked_until`,
        [codeHash, maxFailures, now + lockMs, now + lockMs, now, now, now, maxFailures, now + lockMs, now + lockMs],
      );
      const lockedUntil = rows[0]?.['locked_until'];
      return lockedUntil === null || lockedUntil === undefined ? null : Number(lockedUntil);
    },

    async clearResumeFailures(codeHash) {
      await engine.run('DELETE FROM resume_failures WHERE code_hash = ?', [codeHash]);
    },
  };
}

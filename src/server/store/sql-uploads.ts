import { randomToken, type FieldCipher } from './crypto.ts';
import type { SqlEngine, SqlRow } from './engine.ts';
import type { Store } from './index.ts';
import type { ScanResult, UploadFile, UploadInfo, UploadKind } from './types.ts';

/**
 * The store's files: held with a session while it is answered, read with its case when the team's
 * email goes. Moving them to the case and deleting them belong to Send and purge (sql-store.ts).
 */
export function createUploadQueries(engine: SqlEngine, cipher: FieldCipher): Pick<Store, 'addUpload' | 'listUploads' | 'removeUpload' | 'listCaseFiles'> {
  const isPostgres = engine.kind === 'postgres';
  const UPLOAD_INFO = 'id, name, kind, size, sha256, scan, created_at';
  const toUploadInfo = (row: SqlRow): UploadInfo => {
    const id = String(row['id']);
    return {
      id,
      name: cipher.open(String(row['name']), `uploads:${id}:name`),
      kind: String(row['kind']) as UploadKind,
      size: Number(row['size']),
      sha256: String(row['sha256']),
      scan: String(row['scan']) as ScanResult,
      createdAt: Number(row['created_at']),
    };
  };
  const toUploadFile = (row: SqlRow): UploadFile => {
    const info = toUploadInfo(row);
    const stored = row['content'] as Uint8Array;
    return { ...info, content: Number(row['sealed']) === 1 ? cipher.openBytes(stored, `uploads:${info.id}`) : stored };
  };

  return {
    async addUpload(sessionId, file, limits) {
      const id = randomToken();
      return engine.transaction(async (tx) => {
        // PostgreSQL: the session row's lock makes two uploads from one session count one after the other.
        if (isPostgres) await tx.all('SELECT id FROM sessions WHERE id = ? FOR UPDATE', [sessionId]);
        const rows = await tx.all('SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS total FROM uploads WHERE session_id = ?', [sessionId]);
        if (Number(rows[0]?.['n'] ?? 0) >= limits.maxFiles) return { ok: false, code: 'too_many_files' } as const;
        if (Number(rows[0]?.['total'] ?? 0) + file.size > limits.maxTotalBytes) return { ok: false, code: 'total_too_large' } as const;
        await tx.run(
          'INSERT INTO uploads (id, session_id, reference, created_at, name, kind, size, sha256, scan, sealed, content) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)',
          [
            id,
            sessionId,
            file.createdAt,
            cipher.seal(file.name, `uploads:${id}:name`),
            file.kind,
            file.size,
            file.sha256,
            file.scan,
            cipher.encrypting ? 1 : 0,
            cipher.sealBytes(file.content, `uploads:${id}`),
          ],
        );
        return { ok: true, id } as const;
      });
    },

    async listUploads(sessionId) {
      const rows = await engine.all(`SELECT ${UPLOAD_INFO} FROM uploads WHERE session_id = ? ORDER BY created_at, id`, [sessionId]);
      return rows.map(toUploadInfo);
    },

    async removeUpload(sessionId, id) {
      return (await engine.run('DELETE FROM uploads WHERE session_id = ? AND id = ?', [sessionId, id])) > 0;
    },

    async listCaseFiles(reference) {
      const rows = await engine.all(`SELECT ${UPLOAD_INFO}, sealed, content FROM uploads WHERE reference = ? ORDER BY created_at, id`, [reference]);
      return rows.map(toUploadFile);
    },
  };
}

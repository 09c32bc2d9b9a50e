/**
 * The baseline the service is measured against, run as its own process on the same machine in the
 * same run: a bare node:http server that answers with the very bytes the service sent (HTML and
 * headers captured from it), compressed by the same middleware with the same settings, so the
 * ratio shows what rendering, sessions and the framework cost and nothing else. With BASELINE_DB
 * it also takes the Send: the same rows (a session, a case, two outbox messages) written in one
 * SQLite transaction with the service's own schema and durability settings, which is the floor a
 * durable write can reach on this disk. With BASELINE_UPLOADS it also takes uploads: each post to
 * the files page is copied to a file of its own in that folder and synced to disk before the
 * answer, as the service syncs the commit that stores a file.
 *
 * Environment: PORT, BASELINE_PAGES (a JSON file: path -> { headers, body }), optionally
 * BASELINE_DB (a SQLite file to create), BASELINE_ROW_SIZES (JSON: the service's average
 * lengths of cases.summary, cases.record, outbox.payload and sessions.data) and BASELINE_UPLOADS
 * (a folder).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { constants } from 'node:zlib';
import compression from 'compression';
import { migrations } from '../../src/server/store/migrations.ts';
import { EMPTY_PAGE_HTML, EMPTY_PAGE_PATH, type CapturedPage, type RowSizes } from './baseline.ts';

const pages = new Map<string, CapturedPage>(
  Object.entries(JSON.parse(readFileSync(process.env['BASELINE_PAGES'] ?? '', 'utf8')) as Record<string, CapturedPage>),
);
pages.set(EMPTY_PAGE_PATH, { headers: { 'content-type': 'text/html; charset=utf-8' }, body: EMPTY_PAGE_HTML });

// The same compression as scripts/serve.mjs.
const compress = compression({ threshold: 512, brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } } });

const send = createSend();
const uploadDir = process.env['BASELINE_UPLOADS'];
let uploads = 0;

const server = http.createServer((req, res) => {
  compress(req as never, res as never, () => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const page = req.method === 'GET' ? pages.get(path) : undefined;
    if (page !== undefined) {
      res.writeHead(200, page.headers).end(page.body);
      return;
    }
    if (req.method === 'POST' && path === '/complaint/check' && send !== undefined) {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const fields = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const sessionId = /(?:^|;\s*)sid=([^.;]+)/.exec(req.headers.cookie ?? '')?.[1];
        if (sessionId === undefined || fields.get('csrfToken') === null) {
          res.writeHead(400).end();
          return;
        }
        try {
          send(sessionId);
          res.writeHead(303, { location: '/complaint/confirmation', 'cache-control': 'no-store' }).end();
        } catch {
          res.writeHead(503).end();
        }
      });
      return;
    }
    if (req.method === 'POST' && path === '/complaint/files' && uploadDir !== undefined && uploadDir !== '') {
      uploads += 1;
      copyToDisk(req, join(uploadDir, `upload-${uploads}.bin`)).then(
        () => res.writeHead(303, { location: '/complaint/files', 'cache-control': 'no-store' }).end(),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 1_000).unref();
  });
}

/** Writes a request's whole body to a new file and syncs it to disk. */
async function copyToDisk(body: AsyncIterable<Buffer>, path: string): Promise<void> {
  const file = await open(path, 'wx');
  try {
    for await (const chunk of body) await file.write(chunk);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** The durable write of a Send, or undefined when no database was given. */
function createSend(): ((sessionId: string) => void) | undefined {
  const path = process.env['BASELINE_DB'];
  if (path === undefined || path === '') return undefined;
  const sizes = JSON.parse(process.env['BASELINE_ROW_SIZES'] ?? '{}') as Partial<RowSizes>;
  const text = (length: number | undefined) => 'x'.repeat(Math.max(1, Math.round(length ?? 1_000)));
  const summary = text(sizes.summary);
  const record = text(sizes.record);
  const payload = text(sizes.payload);
  const sessionData = text(sizes.sessionData);

  // The service's settings (src/server/store/sqlite.ts): WAL, and every commit synced to disk.
  const db = new DatabaseSync(path, { enableForeignKeyConstraints: true });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  for (const migration of migrations) db.exec(migration.sqlite);

  const readSession = db.prepare('SELECT submitted_reference FROM sessions WHERE id = ?');
  const insertCase = db.prepare('INSERT INTO cases (reference, kind, created_at, summary, record) VALUES (?, ?, ?, ?, ?)');
  const insertMessage = db.prepare(
    'INSERT INTO outbox (reference, kind, message_id, payload, attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
  );
  const writeSession = db.prepare(
    `INSERT INTO sessions (id, data, csrf_token, created_at, expires_at, submitted_reference) VALUES (?, ?, '', ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data, submitted_reference = excluded.submitted_reference`,
  );

  return (sessionId) => {
    const now = Date.now();
    db.exec('BEGIN IMMEDIATE');
    try {
      const earlier = readSession.get(sessionId) as { submitted_reference: string | null } | undefined;
      if (earlier?.submitted_reference == null) {
        const reference = `CSC-${randomBytes(6).toString('hex').toUpperCase()}`;
        insertCase.run(reference, 'complaint', now, summary, record);
        insertMessage.run(reference, 'team', `<${reference}.team@bench>`, payload, now, now);
        insertMessage.run(reference, 'acknowledgement', `<${reference}.ack@bench>`, payload, now, now);
        writeSession.run(sessionId, sessionData, now, now + 7_200_000, reference);
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };
}

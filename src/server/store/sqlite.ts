import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqlEngine, SqlParam, SqlRow, SqlRunner } from './engine.ts';
import type { Migration } from './migrations.ts';

/** How long a writer waits for another process's write lock (e.g. the outbox CLI) before failing. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * The embedded engine: one file under DATA_DIR through `node:sqlite` (built into Node 24, no
 * native addon). WAL lets readers carry on while the outbox writes; synchronous=FULL syncs the
 * WAL on every commit, so once submitCase has returned (and the person has seen their reference)
 * the case survives a crash or power cut, not just a process exit.
 */
export function openSqliteEngine(path: string): SqlEngine {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // The file holds complaints about children; only the service's own user may read it. SQLite
  // gives the -wal and -shm files the same permissions as the database file.
  if (path !== ':memory:') chmodSync(path, 0o600);

  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const raw: SqlRunner = {
    all: async (sql, params = []) => prepare(sql).all(...params) as SqlRow[],
    run: async (sql, params = []) => Number(prepare(sql).run(...(params as SqlParam[])).changes),
  };

  const lock = queueFor(path);
  let closed = false;

  const transaction = async <T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> =>
    lock(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(raw);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });

  return {
    kind: 'sqlite',
    all: (sql, params) => lock(() => raw.all(sql, params)),
    run: (sql, params) => lock(() => raw.run(sql, params)),
    transaction,
    async migrate(migrations: readonly Migration[]) {
      return transaction(async (tx) => {
        await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
        const applied = new Set((await tx.all('SELECT version FROM schema_migrations')).map((row) => Number(row['version'])));
        let count = 0;
        for (const migration of migrations) {
          if (applied.has(migration.version)) continue;
          db.exec(migration.sqlite);
          await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, Date.now()]);
          count += 1;
        }
        return count;
      });
    },
    isUniqueViolation(error) {
      const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
      // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067).
      return code === 'ERR_SQLITE_ERROR' && (errcode === 1555 || errcode === 2067);
    },
    async ping() {
      if (closed) return false;
      try {
        await lock(() => raw.all('SELECT 1 AS ok'));
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await lock(async () => db.close());
    },
  };
}

type Queue = <T>(fn: () => Promise<T>) => Promise<T>;
const queues = new Map<string, Queue>();

/**
 * One queue per database file in this process. A connection is shared by every request, and an
 * async transaction yields between statements; without the queue another request's statement
 * would run inside it. The queue is per file, not per connection, because node:sqlite waits for a
 * lock synchronously: a second connection in the same process waiting for the first one's write
 * lock would block the very thread that has to finish the first transaction. Other processes
 * (the outbox CLI) wait with busy_timeout instead.
 */
function queueFor(path: string): Queue {
  if (path === ':memory:') return createQueue();
  const key = resolve(path);
  let queue = queues.get(key);
  if (queue === undefined) {
    queue = createQueue();
    queues.set(key, queue);
  }
  return queue;
}

/** Runs async functions one at a time, in the order they were queued. */
function createQueue(): Queue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const result = tail.then(fn);
    tail = result.catch(() => undefined);
    return result;
  };
}

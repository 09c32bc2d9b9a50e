import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqlEngine, SqlParam, SqlRow, SqlRunner } from './engine.ts';
import { StoreBusyError } from './errors.ts';
import type { Migration } from './migrations.ts';
import { SqliteError, startSqliteThread, type SqliteRequest, type SqliteThread } from './sqlite-thread.ts';

/**
 * How long a request may wait for the database, queue and another process's lock together,
 * before it is told the service is busy. Long enough for any ordinary write behind a batch of
 * others; short enough that a person waiting on a page gets an answer they can act on.
 */
export const STORE_WAIT_MS = 5_000;

export interface SqliteEngineOptions {
  /** Overrides STORE_WAIT_MS, for tests that hold a lock. */
  waitMs?: number;
}

/** Several instances may start at once; the one that migrates may take a while on a large file. */
const MIGRATION_WAIT_MS = 60_000;

/**
 * The embedded engine: one file under DATA_DIR through `node:sqlite` (built into Node 24, no
 * native addon). WAL lets readers carry on while a write is waiting or in progress;
 * synchronous=FULL syncs the WAL on every commit, so once submitCase has returned (and the person
 * has seen their reference) the case survives a crash or power cut, not just a process exit. A
 * write asked to sync `later` (an answer saved in a session) commits at NORMAL: written to the WAL
 * before it returns, so it survives the process being killed, and synced by the next FULL commit,
 * which syncs the whole WAL, earlier frames included.
 *
 * Two connections. Writes and transactions go to one that lives in its own thread
 * (sqlite-thread.ts), so waiting for a write lock held by another process (the outbox CLI, a
 * backup) delays only the writes, for at most `waitMs`, while the event loop serves every page.
 * Plain SELECTs run here on a second connection: in WAL mode a reader never waits for a writer,
 * and it is told not to wait at all (busy timeout 0), so in the rare moments WAL makes a reader
 * wait (recovery after a crash) it fails at once and the caller's retry or busy page takes over.
 */
export function openSqliteEngine(path: string, options: SqliteEngineOptions = {}): SqlEngine {
  const waitMs = options.waitMs ?? STORE_WAIT_MS;
  const inMemory = path === ':memory:';
  if (!inMemory) prepareFile(path);
  const writer = startSqliteThread(path, waitMs);
  // An in-memory database exists only on its one connection.
  const reader = inMemory ? undefined : openReader(path);
  const lock = queueFor(path);
  let closed = false;

  const call = (thread: SqliteThread, request: SqliteRequest, busyMs: number) =>
    thread.call(request, busyMs).catch((error: unknown) => {
      throw isBusy(error) ? new StoreBusyError('the database is locked by another connection', { cause: error }) : error;
    });
  const runnerOn = (thread: SqliteThread, busyMs: () => number): SqlRunner => ({
    all: async (sql, params = [], options) =>
      (await call(thread, { op: 'all', sql, params: params as SqlParam[], syncLater: options?.sync === 'later' }, busyMs())).rows as SqlRow[],
    run: async (sql, params = [], options) =>
      (await call(thread, { op: 'run', sql, params: params as SqlParam[], syncLater: options?.sync === 'later' }, busyMs())).changes ?? 0,
  });
  // Inside a transaction the write lock is already held: nothing should wait, but allow the usual bound.
  const insideTransaction = runnerOn(writer, () => waitMs);
  const readOnly: SqlRunner = reader ?? runnerOn(writer, () => waitMs);

  const transaction = <T>(fn: (tx: SqlRunner) => Promise<T>, deadline = Date.now() + waitMs): Promise<T> =>
    lock(async () => {
      await call(writer, { op: 'exec', sql: 'BEGIN IMMEDIATE' }, deadline - Date.now());
      try {
        const result = await fn(insideTransaction);
        await call(writer, { op: 'exec', sql: 'COMMIT' }, waitMs);
        return result;
      } catch (error) {
        await writer.call({ op: 'rollback' }, waitMs).catch(() => undefined);
        throw error;
      }
    }, deadline);

  const write = <T>(fn: (runner: SqlRunner) => Promise<T>): Promise<T> => {
    const deadline = Date.now() + waitMs;
    return lock(() => fn(runnerOn(writer, () => deadline - Date.now())), deadline);
  };

  return {
    kind: 'sqlite',
    // Plain SELECTs go to the reader; anything that writes (RETURNING included) queues for the writer.
    all: (sql, params, options) => (isPlainSelect(sql) ? readOnly.all(sql, params) : write((runner) => runner.all(sql, params, options))),
    run: (sql, params, options) => write((runner) => runner.run(sql, params, options)),
    transaction: (fn) => transaction(fn),
    async migrate(migrations: readonly Migration[]) {
      return transaction(async (tx) => {
        await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
        const applied = new Set((await tx.all('SELECT version FROM schema_migrations')).map((row) => Number(row['version'])));
        let count = 0;
        for (const migration of migrations) {
          if (applied.has(migration.version)) continue;
          await call(writer, { op: 'exec', sql: migration.sqlite }, waitMs);
          await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, Date.now()]);
          count += 1;
        }
        return count;
      }, Date.now() + MIGRATION_WAIT_MS);
    },
    isUniqueViolation(error) {
      if (!(error instanceof SqliteError)) return false;
      // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067).
      return error.errcode === 1555 || error.errcode === 2067;
    },
    async ping() {
      if (closed) return false;
      try {
        await readOnly.all('SELECT 1 AS ok');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Behind every write already queued, so nothing in flight is cut off.
      reader?.close();
      await lock(() => writer.close(), Number.POSITIVE_INFINITY);
    },
  };
}

/**
 * Creates the file and its folder with owner-only permissions and switches it to WAL (a setting
 * kept in the file), here on the main thread so a missing or unwritable DATA_DIR fails start-up
 * with the file system's own error.
 */
function prepareFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(path, { timeout: STORE_WAIT_MS });
  try {
    db.exec('PRAGMA journal_mode = WAL');
  } finally {
    db.close();
  }
  // The file holds complaints about children; only the service's own user may read it. SQLite
  // gives the -wal and -shm files the same permissions as the database file.
  chmodSync(path, 0o600);
}

/** The main thread's read connection, whose statements never wait for a lock. */
function openReader(path: string): SqlRunner & { close(): void } {
  const db = new DatabaseSync(path, { timeout: 0 });
  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    all: async (sql, params = []) => {
      try {
        return prepare(sql).all(...params) as SqlRow[];
      } catch (error) {
        const { code, errcode, message } = error as { code?: unknown; errcode?: unknown; message?: unknown };
        const sqliteError = new SqliteError(String(message), typeof code === 'string' ? code : undefined, typeof errcode === 'number' ? errcode : undefined);
        throw isBusy(sqliteError) ? new StoreBusyError('the database is locked by another connection', { cause: sqliteError }) : sqliteError;
      }
    },
    run: () => Promise.reject(new Error('the read connection does not write')),
    close: () => db.close(),
  };
}

function isPlainSelect(sql: string): boolean {
  return /^\s*SELECT\b/i.test(sql) && !/\bRETURNING\b/i.test(sql);
}

/** SQLITE_BUSY or SQLITE_LOCKED, with any extended code. */
function isBusy(error: unknown): boolean {
  if (!(error instanceof SqliteError) || error.errcode === undefined) return false;
  const primary = error.errcode & 0xff;
  return primary === 5 || primary === 6;
}

type Queue = <T>(fn: () => Promise<T>, deadline: number) => Promise<T>;
const queues = new Map<string, Queue>();

/**
 * One write queue per database file in this process. A connection is shared by every request,
 * and an async transaction yields between statements; without the queue another request's
 * statement would run inside it. Sharing it per file keeps two stores on one file in one process
 * (tests, the outbox CLI's helpers) from waiting on each other's locks.
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

/**
 * Runs async functions one at a time, in the order they were queued. A function whose deadline
 * passes before its turn is dropped and its caller told the store is busy, so a stuck write
 * ahead of it cannot hold a person's page for longer than the deadline. Once started, a function
 * runs to the end: its statements carry their own bound, and a write is never reported as failed
 * after it may have happened.
 */
function createQueue(): Queue {
  let tail: Promise<unknown> = Promise.resolve();
  let queued = 0;
  return <T>(fn: () => Promise<T>, deadline: number): Promise<T> => {
    const idle = queued === 0;
    queued += 1;
    let state: 'waiting' | 'started' | 'dropped' = 'waiting';
    const turn = tail.then(() => {
      if (state === 'dropped') return undefined as T;
      state = 'started';
      return fn();
    });
    tail = turn
      .catch(() => undefined)
      .finally(() => {
        queued -= 1;
      });
    // With nothing ahead the turn comes at once; a timer is only worth its cost behind others.
    if (idle || !Number.isFinite(deadline)) return turn;
    return new Promise<T>((resolvePromise, reject) => {
      const timer = setTimeout(
        () => {
          if (state !== 'waiting') return;
          state = 'dropped';
          reject(new StoreBusyError('the database did not answer in time'));
        },
        Math.max(0, deadline - Date.now()),
      );
      turn.then(
        (value) => {
          clearTimeout(timer);
          if (state === 'started') resolvePromise(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (state === 'started') reject(error);
        },
      );
    });
  };
}

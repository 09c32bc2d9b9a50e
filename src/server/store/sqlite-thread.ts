import { Worker } from 'node:worker_threads';
import type { SqlParam, SqlRow } from './engine.ts';

/**
 * One SQLite connection that lives in its own thread. `node:sqlite` is synchronous: a statement
 * that waits for another process's lock (busy_timeout) would otherwise stop the event loop, and
 * with it every page, including those that never touch the database. In a worker thread the wait
 * holds up only the requests that asked for that statement.
 */

export type SqliteRequest =
  /** `syncLater`: outside a transaction, commit with synchronous=NORMAL (see WriteOptions in engine.ts). */
  | { op: 'all' | 'run'; sql: string; params: readonly SqlParam[]; syncLater?: boolean }
  | { op: 'exec'; sql: string }
  /** Rolls back if a transaction is open (a failed BEGIN leaves none). */
  | { op: 'rollback' };

export interface SqliteThread {
  /** Runs one request; `busyMs` bounds how long it may wait for another connection's lock. */
  call(request: SqliteRequest, busyMs: number): Promise<{ rows?: SqlRow[]; changes?: number }>;
  close(): Promise<void>;
}

/** An error raised by SQLite in the thread, carrying node:sqlite's codes so callers can tell a lock from a bug. */
export class SqliteError extends Error {
  override name = 'SqliteError';
  readonly code: string | undefined;
  /** The SQLite result code, e.g. 5 (SQLITE_BUSY), 2067 (SQLITE_CONSTRAINT_UNIQUE). */
  readonly errcode: number | undefined;
  constructor(message: string, code: string | undefined, errcode: number | undefined) {
    super(message);
    this.code = code;
    this.errcode = errcode;
  }
}

/** The thread closed or died with requests still waiting; nothing it was asked is known to have run. */
export class SqliteThreadGoneError extends Error {
  override name = 'SqliteThreadGoneError';
}

interface Reply {
  id: number;
  rows?: SqlRow[];
  changes?: number;
  error?: { message: string; code?: string; errcode?: number };
}

/**
 * The thread's whole program, passed to the Worker as source text: it must use nothing from this
 * module's scope, only what it loads itself.
 */
function threadMain(): void {
  const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
  const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
  const { path, busyMs } = workerData as { path: string; busyMs: number };
  const db = new DatabaseSync(path, { timeout: busyMs, enableForeignKeyConstraints: true });
  // FULL unless a statement outside a transaction asks for less. SQLite refuses to change it
  // inside a transaction, so a transaction always commits at the level set before its BEGIN: FULL.
  // Only in WAL mode: there NORMAL can lose the last commits to a power cut but never corrupts the
  // file; with a rollback journal (WAL could not be had) it could, so every commit stays FULL.
  const wal = String((db.prepare('PRAGMA journal_mode').get() as { journal_mode?: unknown } | undefined)?.journal_mode) === 'wal';
  let synchronous = 'FULL';
  db.exec('PRAGMA synchronous = FULL');
  const syncAt = (level: 'FULL' | 'NORMAL') => {
    if (level === synchronous || db.isTransaction || !wal) return;
    db.exec(`PRAGMA synchronous = ${level}`);
    synchronous = level;
  };
  let currentBusyMs = busyMs;
  const statements = new Map();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  parentPort!.on('message', (message: { id: number; busyMs: number; request: SqliteRequest } | 'close') => {
    if (message === 'close') {
      db.close();
      parentPort!.close();
      return;
    }
    const { id, request } = message;
    try {
      const wait = Math.min(Math.max(0, Math.round(message.busyMs)), 2 ** 31 - 1);
      if (wait !== currentBusyMs) {
        db.exec(`PRAGMA busy_timeout = ${wait}`);
        currentBusyMs = wait;
      }
      syncAt((request.op === 'all' || request.op === 'run') && request.syncLater ? 'NORMAL' : 'FULL');
      if (request.op === 'all') parentPort!.postMessage({ id, rows: prepare(request.sql).all(...request.params) });
      else if (request.op === 'run') parentPort!.postMessage({ id, changes: Number(prepare(request.sql).run(...request.params).changes) });
      else if (request.op === 'exec') {
        db.exec(request.sql);
        parentPort!.postMessage({ id });
      } else {
        if (db.isTransaction) db.exec('ROLLBACK');
        parentPort!.postMessage({ id });
      }
    } catch (error) {
      const { message: text, code, errcode } = error as { message?: unknown; code?: unknown; errcode?: unknown };
      parentPort!.postMessage({
        id,
        error: { message: String(text), code: typeof code === 'string' ? code : undefined, errcode: typeof errcode === 'number' ? errcode : undefined },
      });
    }
  });
}

/**
 * Starts a thread with its own connection to `path`. The thread holds the process open only
 * while it has requests in flight, as a synchronous connection would.
 */
export function startSqliteThread(path: string, busyMs: number): SqliteThread {
  let worker: Worker | undefined;
  let closed = false;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };

  const spawn = (): Worker => {
    // The __name shim: a build that keeps function names wraps them in a helper the thread lacks.
    const started = new Worker(`const __name = (f) => f; (${threadMain.toString()})()`, { eval: true, workerData: { path, busyMs } });
    started.unref();
    started.on('message', (reply: Reply) => {
      const entry = waiting.get(reply.id);
      if (entry === undefined) return;
      waiting.delete(reply.id);
      if (waiting.size === 0) started.unref();
      entry.resolve(reply);
    });
    started.on('error', (error) => failAll(new SqliteThreadGoneError(`the database thread failed: ${error.message}`)));
    started.on('exit', () => {
      if (worker === started) worker = undefined;
      failAll(new SqliteThreadGoneError('the database thread stopped'));
    });
    return started;
  };

  return {
    async call(request, wait) {
      if (closed) throw new SqliteThreadGoneError('the database connection is closed');
      // A thread that died (it should not) is replaced by the next request rather than leaving the store dead.
      worker ??= spawn();
      const id = nextId++;
      const current = worker;
      const reply = await new Promise<Reply>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        current.ref();
        current.postMessage({ id, busyMs: wait, request });
      });
      if (reply.error) throw new SqliteError(reply.error.message, reply.error.code, reply.error.errcode);
      return { ...(reply.rows ? { rows: reply.rows } : {}), ...(reply.changes !== undefined ? { changes: reply.changes } : {}) };
    },
    async close() {
      closed = true;
      const current = worker;
      if (current === undefined) return;
      worker = undefined;
      current.ref();
      await new Promise<void>((resolve) => {
        current.once('exit', () => resolve());
        current.postMessage('close');
      });
    },
  };
}

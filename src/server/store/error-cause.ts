import { StoredDataError } from './crypto.ts';
import { StoreBusyError } from './errors.ts';
import { SqliteThreadGoneError } from './sqlite-thread.ts';

/**
 * Why a store operation failed, in a word an operator can alert on. Read from the error's code
 * only: a database's message can quote the values it was given, so it never leaves this function.
 */
export type StoreErrorCause = 'read_only' | 'disk_full' | 'locked' | 'conflict' | 'timeout' | 'unreachable' | 'io_error' | 'unreadable_data' | 'other';

/** PostgreSQL SQLSTATE codes, https://www.postgresql.org/docs/current/errcodes-appendix.html */
const POSTGRES_CAUSES: Readonly<Record<string, StoreErrorCause>> = {
  '25006': 'read_only', // read_only_sql_transaction: a standby, or default_transaction_read_only
  '53100': 'disk_full',
  '55P03': 'locked', // lock_not_available
  '40P01': 'locked', // deadlock_detected
  '40001': 'conflict', // serialization_failure
  '57014': 'timeout', // query_canceled, which statement_timeout raises
  '57P01': 'unreachable', // admin_shutdown: the connection was ended (failover, pg_terminate_backend)
  '57P02': 'unreachable',
  '57P03': 'unreachable', // cannot_connect_now: starting up or shutting down
};

/** SQLite primary result codes (the low byte of an extended code), https://sqlite.org/rescode.html */
const SQLITE_CAUSES: Readonly<Record<number, StoreErrorCause>> = {
  5: 'locked', // SQLITE_BUSY: another process holds the write lock past busy_timeout
  6: 'locked', // SQLITE_LOCKED
  8: 'read_only', // SQLITE_READONLY
  10: 'io_error', // SQLITE_IOERR
  13: 'disk_full', // SQLITE_FULL
  14: 'unreachable', // SQLITE_CANTOPEN
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** The cause of a store error; 'other' for anything not recognised. */
export function toStoreErrorCause(error: unknown): StoreErrorCause {
  if (error instanceof StoredDataError || error instanceof SyntaxError) return 'unreadable_data';
  if (error instanceof StoreBusyError) return 'locked';
  if (error instanceof SqliteThreadGoneError) return 'unreachable';
  const { code, errcode, message } = (error ?? {}) as { code?: unknown; errcode?: unknown; message?: unknown };
  // node-postgres's own words when the server closes the socket under a query, or the pool cannot connect; it sets no code.
  if (typeof message === 'string' && /^Connection terminated|timeout exceeded when trying to connect/.test(message)) return 'unreachable';
  if (code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number') return SQLITE_CAUSES[errcode & 0xff] ?? 'other';
  // node:sqlite's answer once the database has been closed.
  if (code === 'ERR_INVALID_STATE') return 'unreachable';
  if (typeof code !== 'string') return 'other';
  if (NETWORK_CODES.has(code) || code.startsWith('08')) return 'unreachable'; // class 08: connection exception
  if (code === 'ENOSPC') return 'disk_full';
  return POSTGRES_CAUSES[code] ?? 'other';
}

/** The pause before that one retry: long enough for a pool to notice its ended connections and open new ones. */
export const TRANSIENT_RETRY_DELAY_MS = 100;

/** Causes that mean the store cannot serve this request now while the data in it is intact. */
const UNAVAILABLE: ReadonlySet<StoreErrorCause> = new Set(['read_only', 'disk_full', 'locked', 'conflict', 'timeout', 'unreachable', 'io_error']);

/**
 * The store cannot serve this request now (locked, full, read-only, unreachable): the person is
 * told the service is busy and their answers are kept, never shown a 500 page.
 */
export function isStoreUnavailable(error: unknown): boolean {
  return UNAVAILABLE.has(toStoreErrorCause(error));
}

/**
 * Worth one immediate retry where trying again is safe: the next attempt is likely to meet a
 * fresh connection or no conflict. Not a SQLite lock, which has already been waited for.
 */
export function isTransientStoreError(error: unknown): boolean {
  const cause = toStoreErrorCause(error);
  return cause === 'unreachable' || cause === 'conflict' || (cause === 'locked' && !(error instanceof StoreBusyError));
}

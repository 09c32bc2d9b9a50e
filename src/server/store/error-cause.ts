import { StoredDataError } from './crypto.ts';

/**
 * Why a store operation failed, in a word an operator can alert on. Read from the error's code
 * only: a database's message can quote the values it was given, so it never leaves this function.
 */
export type StoreErrorCause = 'read_only' | 'disk_full' | 'locked' | 'timeout' | 'unreachable' | 'io_error' | 'unreadable_data' | 'other';

/** PostgreSQL SQLSTATE codes, https://www.postgresql.org/docs/current/errcodes-appendix.html */
const POSTGRES_CAUSES: Readonly<Record<string, StoreErrorCause>> = {
  '25006': 'read_only', // read_only_sql_transaction: a standby, or default_transaction_read_only
  '53100': 'disk_full',
  '55P03': 'locked', // lock_not_available
  '40P01': 'locked', // deadlock_detected
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
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  if (code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number') return SQLITE_CAUSES[errcode & 0xff] ?? 'other';
  // node:sqlite's answer once the database has been closed.
  if (code === 'ERR_INVALID_STATE') return 'unreachable';
  if (typeof code !== 'string') return 'other';
  if (NETWORK_CODES.has(code) || code.startsWith('08')) return 'unreachable'; // class 08: connection exception
  if (code === 'ENOSPC') return 'disk_full';
  return POSTGRES_CAUSES[code] ?? 'other';
}

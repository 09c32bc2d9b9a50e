import { StoreBusyError } from './errors.ts';
import { SqliteError, SqliteThreadGoneError } from './sqlite-thread.ts';

/**
 * Telling the store's bad moments from bugs. A person whose request met one is told the service
 * is busy and their answers are kept (never that they were deleted, never a 500 page); a request
 * that met a transient one is tried once more first, where trying again is safe.
 */

/** PostgreSQL SQLSTATEs that pass if the same statement is tried again on a fresh connection. */
const TRANSIENT_POSTGRES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57P01', // admin_shutdown: the backend was terminated (failover, pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting or shutting down
]);

/** SQLite primary result codes of a database that cannot be used just now: BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN. */
const UNAVAILABLE_SQLITE = new Set([5, 6, 8, 10, 13, 14]);

/** Worth one immediate retry: the next attempt is likely to meet a working connection. */
export function isTransientStoreError(error: unknown): boolean {
  if (error instanceof SqliteThreadGoneError) return true;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_POSTGRES.has(code) || code.startsWith('08') || code === 'ECONNRESET')) return true;
  // node-postgres's own words when the server closes the socket under a query; it sets no code.
  return typeof message === 'string' && /Connection terminated|Client has encountered a connection error/.test(message);
}

/** The store cannot serve this request now (locked, full, read-only, unreachable); the data in it is intact. */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreBusyError || isTransientStoreError(error)) return true;
  if (error instanceof SqliteError) return error.errcode !== undefined && UNAVAILABLE_SQLITE.has(error.errcode & 0xff);
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // Class 53: insufficient resources (disk full, out of memory, too many connections); 25006: read-only transaction.
    if (code.startsWith('53') || code === '25006' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ENOTFOUND') return true;
  }
  return typeof message === 'string' && /timeout exceeded when trying to connect/.test(message);
}

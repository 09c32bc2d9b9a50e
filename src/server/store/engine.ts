import type { Migration } from './migrations.ts';

/**
 * The little the store needs from a database: run SQL with positional `?` parameters, run a
 * function inside a transaction, apply migrations. The SQLite and PostgreSQL engines implement
 * it; the store's queries are written once against it (sql-store.ts).
 */

/** Bytes go into BLOB (SQLite) and BYTEA (PostgreSQL) columns. */
export type SqlParam = string | number | null | Uint8Array;
export type SqlRow = Record<string, unknown>;

/**
 * When a write outside a transaction reaches the disk. `now` (the default): before the call
 * returns, so it survives a power cut. `later`: it survives the service being killed at once (it
 * is in the operating system's hands before the call returns), and reaches the disk with the next
 * write synced `now` or the next checkpoint, whichever comes first; a power cut before then can
 * lose it, never anything synced before it. For what can be asked again (an answer not yet sent, a
 * count of attempts), never for a Send. SQLite honours it (synchronous=NORMAL for that commit);
 * PostgreSQL syncs every commit.
 */
export interface WriteOptions {
  sync?: 'now' | 'later';
}

export interface SqlRunner {
  /** Rows of a SELECT, or of an INSERT/UPDATE/DELETE … RETURNING. */
  all(sql: string, params?: readonly SqlParam[], options?: WriteOptions): Promise<SqlRow[]>;
  /** Runs a statement and returns how many rows it changed. */
  run(sql: string, params?: readonly SqlParam[], options?: WriteOptions): Promise<number>;
}

export interface SqlEngine extends SqlRunner {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Runs `fn` in one transaction that holds the write lock from its first statement (SQLite:
   * BEGIN IMMEDIATE; PostgreSQL: row locks taken by the queries), committing if it resolves and
   * rolling back if it throws.
   */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Applies the migrations not yet applied; safe when several processes start at once. Returns how many it applied. */
  migrate(migrations: readonly Migration[]): Promise<number>;
  isUniqueViolation(error: unknown): boolean;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

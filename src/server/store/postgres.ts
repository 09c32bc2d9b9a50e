import pg from 'pg';
import type { SqlEngine, SqlParam, SqlRow, SqlRunner } from './engine.ts';
import type { Migration } from './migrations.ts';

export interface PostgresEngineOptions {
  url: string;
  /** Connections per instance; a council's traffic needs few. */
  max?: number;
  /** Called when an idle connection fails (the pool drops it and opens another on demand). */
  onIdleError?: (error: Error) => void;
}

/**
 * The shared engine, for more than one instance: `pg` with a connection pool. Locking is done by
 * the queries themselves (row locks, SKIP LOCKED, an advisory lock for migrations), so instances
 * coordinate through the database and nothing depends on one process's memory.
 */
export function openPostgresEngine(options: PostgresEngineOptions): SqlEngine {
  const pool = new pg.Pool({
    Client: ListenedClient,
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener an idle client's error (database restart, network blip) crashes the process.
  pool.on('error', (error) => options.onIdleError?.(error));

  const runnerFor = (client: pg.PoolClient): SqlRunner => ({
    async all(sql, params = []) {
      const result = await client.query(toPositional(sql), params as SqlParam[]);
      return result.rows as SqlRow[];
    },
    async run(sql, params = []) {
      const result = await client.query(toPositional(sql), params as SqlParam[]);
      return result.rowCount ?? 0;
    },
  });

  /**
   * Runs `fn` on a connection of its own and gives it back. The pool listens for errors only on
   * idle connections, and its own `query` only for the first error, but a connection ended under
   * a query (a failover, pg_terminate_backend) raises two: the server's notice, then the closed
   * socket. Either one unheard would crash the process. The query in flight fails by itself; a
   * connection that raised an error is destroyed, keeping a listener for what it still says.
   */
  const withConnection = async <T>(fn: (client: pg.PoolClient, markBroken: (error: Error) => void) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    const markBroken = (error: Error) => {
      broken ??= error;
    };
    client.on('error', markBroken);
    try {
      return await fn(client, markBroken);
    } finally {
      if (broken === undefined) client.off('error', markBroken);
      client.release(broken);
    }
  };
  let closed = false;

  return {
    kind: 'postgres',
    all: (sql, params) => withConnection((client) => runnerFor(client).all(sql, params)),
    run: (sql, params) => withConnection((client) => runnerFor(client).run(sql, params)),
    transaction: (fn) =>
      withConnection(async (client, markBroken) => {
        await client.query('BEGIN');
        try {
          const result = await fn(runnerFor(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          // A connection that could not roll back is destroyed rather than returned to the pool.
          await client.query('ROLLBACK').catch(markBroken);
          throw error;
        }
      }),
    migrate: (migrations: readonly Migration[]) =>
      withConnection(async (client, markBroken) => {
        // Several instances may start together (a rolling deploy, a scaled-out service). The
        // advisory lock, keyed to this schema, lets one migrate while the others wait and then
        // find nothing left to do; CREATE TABLE IF NOT EXISTS alone races on the catalogue.
        const lockKey = "hashtext('complaints-schema-migrations:' || coalesce(current_schema(), ''))";
        await client.query(`SELECT pg_advisory_lock(${lockKey})`);
        try {
          await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
          const applied = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version)));
          let count = 0;
          for (const migration of migrations) {
            if (applied.has(migration.version)) continue;
            await client.query('BEGIN');
            try {
              await client.query(migration.postgres);
              await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
                migration.version,
                migration.name,
                Date.now(),
              ]);
              await client.query('COMMIT');
            } catch (error) {
              await client.query('ROLLBACK').catch(() => {
                // The migration's error is the one to report; a broken connection fails to unlock too and is destroyed below.
              });
              throw error;
            }
            count += 1;
          }
          return count;
        } finally {
          // A connection that cannot unlock is destroyed, which ends its session and so frees the lock.
          await client.query(`SELECT pg_advisory_unlock(${lockKey})`).catch(markBroken);
        }
      }),
    isUniqueViolation(error) {
      return (error as { code?: unknown } | null)?.code === '23505';
    },
    async ping() {
      if (closed) return false;
      try {
        await withConnection((client) => client.query('SELECT 1'));
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/**
 * A connection ended by the server raises 'error' events at moments the pool does not listen
 * for (while it is being opened, after the pool has already dropped it), and an unheard 'error'
 * crashes the process. Each connection listens from birth; what it hears reaches the query in
 * flight or the pool anyway.
 */
class ListenedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** Rewrites `?` placeholders as `$1, $2, …`; the store's SQL never contains a literal question mark. */
function toPositional(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

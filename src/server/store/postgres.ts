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
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener an idle client's error (database restart, network blip) crashes the process.
  pool.on('error', (error) => options.onIdleError?.(error));

  const runnerFor = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    async all(sql, params = []) {
      const result = await client.query(toPositional(sql), params as SqlParam[]);
      return result.rows as SqlRow[];
    },
    async run(sql, params = []) {
      const result = await client.query(toPositional(sql), params as SqlParam[]);
      return result.rowCount ?? 0;
    },
  });
  const poolRunner = runnerFor(pool);
  let closed = false;

  return {
    kind: 'postgres',
    all: poolRunner.all,
    run: poolRunner.run,
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(runnerFor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A connection that could not roll back is destroyed rather than returned to the pool.
        client.release(broken);
      }
    },
    async migrate(migrations: readonly Migration[]) {
      const client = await pool.connect();
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
        let broken: Error | undefined;
        await client.query(`SELECT pg_advisory_unlock(${lockKey})`).catch((unlockError: Error) => {
          broken = unlockError;
        });
        // Destroying the connection ends its session, which also frees the advisory lock.
        client.release(broken);
      }
    },
    isUniqueViolation(error) {
      return (error as { code?: unknown } | null)?.code === '23505';
    },
    async ping() {
      if (closed) return false;
      try {
        await pool.query('SELECT 1');
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

/** Rewrites `?` placeholders as `$1, $2, …`; the store's SQL never contains a literal question mark. */
function toPositional(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

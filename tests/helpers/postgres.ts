import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the PostgreSQL tests connect: TEST_DATABASE_URL, or the local server with trust authentication. */
export const testDatabaseUrl = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type PostgresAvailability = { ok: true } | { ok: false; reason: string };

/**
 * Whether PostgreSQL can be reached. When it cannot: on CI (CI set) this throws, because a
 * silently skipped suite would let a broken PostgreSQL engine ship; elsewhere it prints one clear
 * warning line and the caller skips its PostgreSQL blocks.
 */
export async function postgresAvailable(): Promise<PostgresAvailability> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 3_000 });
  let reason: string | undefined;
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
  if (reason === undefined) return { ok: true };
  if (process.env['CI']) {
    throw new Error(`PostgreSQL is required on CI but cannot be reached at TEST_DATABASE_URL: ${reason}`);
  }
  console.warn(`PostgreSQL tests NOT run: ${reason}. Set TEST_DATABASE_URL to run them.`);
  return { ok: false, reason };
}

export interface TestSchema {
  name: string;
  /** A connection URL whose search_path is this schema only. */
  url: string;
  /** Runs SQL in the schema, for looking at raw rows. */
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** Creates an empty schema with a random name; drop() removes it and everything in it. */
export async function createTestSchema(prefix = 'test'): Promise<TestSchema> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  const url = new URL(testDatabaseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    url: url.toString(),
    async query(sql, params = []) {
      await admin.query(`SET search_path TO ${name}`);
      return (await admin.query(sql, params)).rows as Record<string, unknown>[];
    },
    async drop() {
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}

export interface TestDatabase {
  /** A connection URL for this database. */
  url: string;
  /**
   * Makes the database refuse every write (`default_transaction_read_only`, as on a standby after
   * a failover) or take writes again. The setting reaches new connections only, so every other
   * connection to the database is ended and a pool has to reconnect and meet it.
   */
  setReadOnly(readOnly: boolean): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** Creates an empty database with a random name (read-only is a per-database setting, so a schema will not do). */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async setReadOnly(readOnly) {
      await admin.query(`ALTER DATABASE ${name} ${readOnly ? 'SET default_transaction_read_only = on' : 'RESET default_transaction_read_only'}`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      // A pool drops a connection when the server's "terminating connection" message arrives; let it.
      await new Promise((resolve) => setTimeout(resolve, 300));
    },
    async query(sql, params = []) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    async drop() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

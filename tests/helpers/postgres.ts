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

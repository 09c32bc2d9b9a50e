import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isStoreUnavailable, isTransientStoreError } from '../../src/server/store/index.ts';
import { openSqliteEngine } from '../../src/server/store/sqlite.ts';
import { postgresAvailable, testDatabaseUrl } from '../helpers/postgres.ts';

/** The errors are the real ones the drivers raise, so a driver that changes its words or codes fails here. */

const postgres = await postgresAvailable();

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to fail');
}

describe('store trouble on SQLite', () => {
  it('calls a write that met another connection’s lock unavailable but not worth an immediate retry, and a bug neither', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-trouble-'));
    const path = join(dir, 'test.sqlite');
    const engine = openSqliteEngine(path, { waitMs: 50 });
    const holder = new DatabaseSync(path);
    try {
      await engine.run('CREATE TABLE notes (body TEXT)');
      holder.exec('BEGIN EXCLUSIVE');
      const busy = await errorOf(() => engine.run("INSERT INTO notes VALUES ('x')"));
      expect([isStoreUnavailable(busy), isTransientStoreError(busy)]).toEqual([true, false]);
      const bug = await errorOf(() => engine.all('SELECT nothing FROM notes'));
      expect([isStoreUnavailable(bug), isTransientStoreError(bug)]).toEqual([false, false]);
    } finally {
      holder.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(postgres.ok)('store trouble on PostgreSQL', () => {
  const withClient = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  it('retries a query whose connection was ended under it', async () => {
    const ended = await withClient(async (client) => {
      const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
      return errorOf(() => client.query('SELECT pg_terminate_backend($1)', [rows[0].pid]));
    });
    expect([isStoreUnavailable(ended), isTransientStoreError(ended)]).toEqual([true, true]);
  });

  it('calls a read-only database unavailable without retrying at once', async () => {
    const readOnly = await withClient(async (client) => {
      await client.query('SET default_transaction_read_only = on');
      return errorOf(() => client.query('CREATE TABLE store_trouble_probe (x int)'));
    });
    expect((readOnly as { code?: string }).code).toBe('25006');
    expect([isStoreUnavailable(readOnly), isTransientStoreError(readOnly)]).toEqual([true, false]);
  });

  it('calls an unreachable server unavailable', async () => {
    const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres', connectionTimeoutMillis: 2_000 });
    const refused = await errorOf(() => client.connect());
    expect(isStoreUnavailable(refused)).toBe(true);
  });

  it('calls a mistake in a query neither', async () => {
    const mistake = await withClient((client) => errorOf(() => client.query('SELECT no_such_column FROM pg_class')));
    expect([isStoreUnavailable(mistake), isTransientStoreError(mistake)]).toEqual([false, false]);
  });
});

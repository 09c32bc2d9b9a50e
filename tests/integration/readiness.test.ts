import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReadinessCheck, type ReadinessOptions, type ReadinessReport } from '../../src/server/readiness.ts';
import { toStoreErrorCause } from '../../src/server/store/error-cause.ts';
import { createStore, StoredDataError, type Store } from '../../src/server/store/index.ts';
import { createTestDatabase, createTestSchema, postgresAvailable, type TestDatabase } from '../helpers/postgres.ts';
import { waitFor } from '../helpers/server-process.ts';

const postgres = await postgresAvailable();

const NOW = Date.UTC(2026, 4, 12, 9, 30);

/** A store on a fresh database, its DATA_DIR, and the health_probe row as the database holds it. */
interface OpenStore {
  store: Store;
  dataDir: string;
  readProbeRow(): Promise<Record<string, unknown>[]>;
  remove(): Promise<void>;
}

const engines: { name: string; available: boolean; open: () => Promise<OpenStore> }[] = [
  {
    name: 'SQLite',
    available: true,
    async open() {
      const dataDir = mkdtempSync(join(tmpdir(), 'readiness-test-'));
      const path = join(dataDir, 'complaints.sqlite');
      const store = await createStore({ database: { kind: 'sqlite', path } });
      return {
        store,
        dataDir,
        async readProbeRow() {
          const db = new DatabaseSync(path, { readOnly: true });
          try {
            return db.prepare('SELECT id, checked_at FROM health_probe').all() as Record<string, unknown>[];
          } finally {
            db.close();
          }
        },
        async remove() {
          await store.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgres.ok,
    async open() {
      const schema = await createTestSchema('readiness');
      const dataDir = mkdtempSync(join(tmpdir(), 'readiness-test-'));
      const store = await createStore({ database: { kind: 'postgres', url: schema.url } });
      return {
        store,
        dataDir,
        readProbeRow: () => schema.query('SELECT id, checked_at FROM health_probe'),
        async remove() {
          await store.close();
          await schema.drop();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];

const readyChecks = (minFreeMb: number): ReadinessReport['checks'] => ({
  store: { ok: true, ms: expect.any(Number) as number },
  disk: { ok: true, freeMb: expect.any(Number) as number, minFreeMb },
});

describe.each(engines)('createReadinessCheck on $name', ({ available, open }) => {
  let opened: OpenStore;
  const check = (options: Partial<ReadinessOptions> = {}) =>
    createReadinessCheck(opened.store, { dataDir: opened.dataDir, minFreeMb: 50, clock: () => NOW, ...options })();

  beforeEach(async () => {
    if (available) opened = await open();
  });
  afterEach(async () => {
    if (available) await opened.remove();
  });

  it.runIf(available)('is ready when the store takes a write and the disk has room', async () => {
    expect(await check()).toEqual({ status: 'ready', failed: [], checks: readyChecks(50) });
  });

  it.runIf(available)('really writes: the probe row holds the time of the check', async () => {
    await check();
    expect((await opened.readProbeRow()).map((row) => [Number(row['id']), Number(row['checked_at'])])).toEqual([[1, NOW]]);
  });

  it.runIf(available)('is not ready, naming the disk, when free space is below the floor', async () => {
    const report = await check({ minFreeMb: 1_000_000 });
    expect(report).toMatchObject({ status: 'not_ready', failed: ['disk'], checks: { store: { ok: true }, disk: { ok: false, minFreeMb: 1_000_000 } } });
    expect(report.checks.disk.freeMb).toBeLessThan(1_000_000);
  });

  it.runIf(available)('measures a DATA_DIR not made yet where it would be made', async () => {
    const report = await check({ dataDir: join(opened.dataDir, 'not', 'made', 'yet') });
    expect(report).toEqual({ status: 'ready', failed: [], checks: readyChecks(50) });
  });
});

describe('createReadinessCheck, SQLite locked by another process', () => {
  let dataDir: string;
  let store: Store;
  let holder: DatabaseSync | undefined;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'readiness-test-'));
    store = await createStore({ database: { kind: 'sqlite', path: join(dataDir, 'complaints.sqlite') } });
  });
  afterEach(async () => {
    holder?.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is not ready, naming the store, while another process holds the write lock, and ready once it lets go', async () => {
    const check = createReadinessCheck(store, { dataDir, minFreeMb: 0, timeoutMs: 1_000 });
    holder = new DatabaseSync(join(dataDir, 'complaints.sqlite'));
    holder.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    const report = await check();
    const seconds = (performance.now() - started) / 1000;
    expect(report).toMatchObject({ status: 'not_ready', failed: ['store'], checks: { store: { ok: false }, disk: { ok: true } } });
    // Writes wait for the lock on their own thread, so the check's own timer answers in time.
    expect(report.checks.store.error).toBe('timeout');
    expect(seconds).toBeLessThan(2.5);

    holder.exec('ROLLBACK');
    expect((await check()).status).toBe('ready');
  });
});

describe.runIf(postgres.ok)('createReadinessCheck, PostgreSQL in trouble', () => {
  let database: TestDatabase;
  let store: Store;
  let dataDir: string;
  let locker: pg.Client | undefined;

  beforeEach(async () => {
    database = await createTestDatabase('readiness');
    store = await createStore({ database: { kind: 'postgres', url: database.url } });
    dataDir = mkdtempSync(join(tmpdir(), 'readiness-test-'));
  });
  afterEach(async () => {
    await locker?.end();
    locker = undefined;
    await store.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Probes of health_probe waiting for a lock right now, as the database sees them. */
  const waitingProbes = async () =>
    Number(
      (
        await database.query(
          `SELECT COUNT(*) AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO health_probe%'`,
        )
      )[0]?.['n'],
    );

  it('is not ready, saying the database is read-only, after a failover to a standby, and ready once it takes writes', async () => {
    const check = createReadinessCheck(store, { dataDir, minFreeMb: 0 });
    expect((await check()).status).toBe('ready');

    await database.setReadOnly(true);
    expect(await check()).toMatchObject({ status: 'not_ready', failed: ['store'], checks: { store: { ok: false, error: 'read_only' } } });
    // Reads still work: this is exactly what GET /health cannot see.
    expect(await store.ping()).toBe(true);

    await database.setReadOnly(false);
    expect((await check()).status).toBe('ready');
  });

  it('answers "not ready" in bounded time when the write waits behind a lock, and leaves no probe waiting in the database', async () => {
    const check = createReadinessCheck(store, { dataDir, minFreeMb: 0, timeoutMs: 500 });
    locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT * FROM health_probe FOR UPDATE');

    const started = performance.now();
    const reports = await Promise.all([check(), check(), check()]);
    const seconds = (performance.now() - started) / 1000;
    for (const report of reports) {
      expect(report).toMatchObject({ status: 'not_ready', failed: ['store'], checks: { store: { ok: false, error: 'timeout' } } });
    }
    expect(seconds).toBeLessThan(5);
    // The statement timeout ended the probe in the database too, rather than leave a pooled connection waiting.
    await waitFor(async () => (await waitingProbes()) === 0, { timeoutMs: 5_000, describe: () => 'the probe still waits for the lock' });

    await locker.query('ROLLBACK');
    expect((await check()).status).toBe('ready');
  });

  it('sends the database one probe at a time, however many checks arrive together', async () => {
    const check = createReadinessCheck(store, { dataDir, minFreeMb: 0, timeoutMs: 3_000 });
    locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT * FROM health_probe FOR UPDATE');

    const checks = Promise.all(Array.from({ length: 8 }, () => check()));
    await waitFor(async () => (await waitingProbes()) > 0, { timeoutMs: 2_500, describe: () => 'no probe reached the database' });
    const waiting = await waitingProbes();
    await locker.query('ROLLBACK');
    const reports = await checks;

    expect(waiting).toBe(1);
    expect(reports.map((report) => report.status)).toEqual(Array(8).fill('ready'));
  });
});

describe('toStoreErrorCause', () => {
  it.each([
    // PostgreSQL on a standby, or with default_transaction_read_only.
    [{ code: '25006' }, 'read_only'],
    [{ code: '53100' }, 'disk_full'],
    // statement_timeout, as the readiness probe sets.
    [{ code: '57014' }, 'timeout'],
    [{ code: '55P03' }, 'locked'],
    // The connection ended by a failover or an operator.
    [{ code: '57P01' }, 'unreachable'],
    [{ code: '08006' }, 'unreachable'],
    [{ code: 'ECONNREFUSED' }, 'unreachable'],
    // SQLite: SQLITE_BUSY, SQLITE_FULL, and SQLITE_READONLY_DBMOVED (an extended code: its low byte is SQLITE_READONLY).
    [{ code: 'ERR_SQLITE_ERROR', errcode: 5 }, 'locked'],
    [{ code: 'ERR_SQLITE_ERROR', errcode: 13 }, 'disk_full'],
    [{ code: 'ERR_SQLITE_ERROR', errcode: 1032 }, 'read_only'],
    [{ code: 'ERR_SQLITE_ERROR', errcode: 1 }, 'other'],
    [new StoredDataError('stored data is encrypted but ENCRYPTION_KEY is not set'), 'unreadable_data'],
    [new Error('something else'), 'other'],
    [undefined, 'other'],
  ])('%o → %s', (error, expected) => {
    expect(toStoreErrorCause(error)).toBe(expected);
  });
});

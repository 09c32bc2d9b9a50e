import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_PATTERN, sendComplaint } from '../helpers/http-journey.ts';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/postgres.ts';
import { readFamilies, readSample } from '../helpers/prometheus.ts';
import { readHeading } from '../helpers/raw-http.ts';
import { readHealth, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { countMessageIds, createDataDir, expectedMessageIds, NO_RATE_LIMIT, printFigures } from './support.ts';

/**
 * A load balancer sends people only to instances that can take a complaint. /health/ready makes a
 * real write and looks at the free space, so a full disk or a read-only database takes the
 * instance out (503) while /health/live stays 200 (the process is fine; restarting it would not
 * help), and puts it back when the trouble ends. /metrics is for operators only, and tells them
 * counts and timings, never a reference or an address.
 */

// On CI an unreachable PostgreSQL fails here; elsewhere it prints "PostgreSQL tests NOT run" and those cases are skipped.
const postgres = await postgresAvailable();
const tmpfs = canMountTmpfs();
if (!tmpfs) console.warn('Full-disk test NOT run: this machine does not let the tests mount a small tmpfs (it needs root).');

const TOKEN = 'metrics-token-for-system-tests-0123456789';

interface Probe {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

async function get(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<Probe & { text: string; headers: Headers }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, { headers, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  const ms = performance.now() - started;
  const body = response.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { status: response.status, body, ms, text, headers: response.headers };
}

/** Whether `mount -t tmpfs` works here (root, and not forbidden by the container). */
function canMountTmpfs(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'complaints-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a file of zeros until the filesystem is full; returns how many MB it took. */
function fillDisk(path: string): number {
  const chunk = Buffer.alloc(1024 * 1024);
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return Math.round(written / (1024 * 1024));
}

async function expectReadyAgain(baseUrl: string): Promise<void> {
  let last: Probe | undefined;
  await waitFor(
    async () => {
      last = await get(baseUrl, '/health/ready');
      return last.status === 200;
    },
    { timeoutMs: 20_000, intervalMs: 250, describe: () => `/health/ready still answers ${last?.status} ${JSON.stringify(last?.body)}` },
  );
  expect(last?.body).toMatchObject({ status: 'ready', failed: [] });
}

/** The median of `count` sequential GETs of `path`, in ms. */
async function medianMs(baseUrl: string, path: string, count: number, headers: Record<string, string> = {}): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push((await get(baseUrl, path, headers)).ms);
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(count / 2)]! * 10) / 10;
}

describe('readiness when the store cannot write', () => {
  afterEach(stopAllServerProcesses);

  describe.runIf(tmpfs)('a full disk under DATA_DIR (SQLite on a 32 MB filesystem)', () => {
    let mountPoint: string;

    beforeAll(() => {
      mountPoint = mkdtempSync(join(tmpdir(), 'complaints-full-disk-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m,mode=0700', 'tmpfs', mountPoint]);
    });
    afterAll(async () => {
      await stopAllServerProcesses();
      execFileSync('umount', ['-l', mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    });

    it('takes the instance out while the disk is full, keeps it live, and puts it back when space is freed', async () => {
      const server = await startServerProcess({ env: { DATA_DIR: mountPoint, READY_MIN_FREE_MB: '8' } });
      expect((await get(server.baseUrl, '/health/ready')).status).toBe(200);

      const filler = join(mountPoint, 'filler');
      const filledMb = fillDisk(filler);
      const ready = await get(server.baseUrl, '/health/ready');
      const live = await get(server.baseUrl, '/health/live');
      const start = await get(server.baseUrl, '/complaint/start');
      const health = await readHealth(server.baseUrl);
      printFigures('full disk (SQLite, 32 MB tmpfs)', {
        'filled MB': filledMb,
        'ready status': ready.status,
        'ready body': JSON.stringify(ready.body),
        'ready ms': Math.round(ready.ms),
        'start page status': start.status,
        '/health status': health.status,
      });
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not_ready', checks: { disk: { ok: false, minFreeMb: 8 } } });
      expect((ready.body['checks'] as { disk: { freeMb: number } }).disk.freeMb).toBeLessThan(8);
      expect(ready.body['failed']).toContain('disk');
      expect(live).toMatchObject({ status: 200, body: { status: 'ok' } });
      // /health keeps its shape for the monitoring already pointed at it.
      expect(Object.keys(health.body)).toEqual(['status', 'store', 'outbox']);

      rmSync(filler);
      await expectReadyAgain(server.baseUrl);
    });
  });

  it('takes the instance out when READY_MIN_FREE_MB is more than the disk has free', async () => {
    const dataDir = createDataDir('ready-floor');
    try {
      const server = await startServerProcess({ env: { DATA_DIR: dataDir.path, READY_MIN_FREE_MB: '1000000' } });
      const ready = await get(server.baseUrl, '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not_ready', failed: ['disk'], checks: { store: { ok: true }, disk: { ok: false, minFreeMb: 1_000_000 } } });
      expect((await get(server.baseUrl, '/health/live')).status).toBe(200);
    } finally {
      await stopAllServerProcesses();
      dataDir.remove();
    }
  });

  describe.runIf(postgres.ok)('PostgreSQL turned read-only (a failover to a standby)', () => {
    let database: TestDatabase;
    let dataDir: ReturnType<typeof createDataDir>;
    let server: ServerProcess;

    beforeAll(async () => {
      database = await createTestDatabase('complaints_ready');
      dataDir = createDataDir('ready-postgres');
      server = await startServerProcess({ env: { DATA_DIR: dataDir.path, DATABASE_URL: database.url } });
    });
    afterAll(async () => {
      await stopAllServerProcesses();
      await database?.drop();
      dataDir?.remove();
    });

    it('takes the instance out while writes are refused, though /health still says ok, and puts it back after', async () => {
      const readyMs = await medianMs(server.baseUrl, '/health/ready', 20);
      await database.setReadOnly(true);
      const ready = await get(server.baseUrl, '/health/ready');
      const live = await get(server.baseUrl, '/health/live');
      const health = await readHealth(server.baseUrl);
      printFigures('PostgreSQL read-only', {
        'ready ms (median of 20, writable)': readyMs,
        'ready status': ready.status,
        'ready body': JSON.stringify(ready.body),
        '/health status': health.status,
      });
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not_ready', failed: ['store'], checks: { store: { ok: false, error: 'read_only' }, disk: { ok: true } } });
      expect(live.status).toBe(200);
      // Reads still work, which is all /health looks at: the reason readiness exists.
      expect(health).toMatchObject({ status: 200, body: { store: { reachable: true } } });

      await database.setReadOnly(false);
      await expectReadyAgain(server.baseUrl);
    });
  });

  it('takes the instance out while another process holds the SQLite write lock, within bounded time, and puts it back after', async () => {
    const dataDir = createDataDir('ready-locked');
    let holder: DatabaseSync | undefined;
    try {
      const server = await startServerProcess({ env: { DATA_DIR: dataDir.path } });
      const readyMs = await medianMs(server.baseUrl, '/health/ready', 20);
      holder = new DatabaseSync(join(dataDir.path, 'complaints.sqlite'), { timeout: 10_000 });
      holder.exec('BEGIN IMMEDIATE');
      const ready = await get(server.baseUrl, '/health/ready');
      const live = await get(server.baseUrl, '/health/live');
      printFigures('SQLite locked by another process', {
        'ready ms (median of 20, writable)': readyMs,
        'ready status': ready.status,
        'ready ms (locked)': Math.round(ready.ms),
        'ready body': JSON.stringify(ready.body),
      });
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not_ready', failed: ['store'], checks: { store: { ok: false }, disk: { ok: true } } });
      expect((ready.body['checks'] as { store: { error: string } }).store.error).toBe('timeout');
      // The probe's own 3 s bound: writes wait for the lock on their own thread, so nothing holds the answer back.
      expect(ready.ms).toBeLessThan(4_500);
      expect(live.status).toBe(200);

      holder.exec('ROLLBACK');
      await expectReadyAgain(server.baseUrl);
    } finally {
      holder?.close();
      await stopAllServerProcesses();
      dataDir.remove();
    }
  });
});

describe('/metrics', () => {
  afterAll(stopAllServerProcesses);

  it('does not exist without METRICS_TOKEN: the usual "page not found"', async () => {
    const dataDir = createDataDir('metrics-off');
    try {
      const server = await startServerProcess({ env: { DATA_DIR: dataDir.path } });
      const metrics = await get(server.baseUrl, '/metrics', { authorization: `Bearer ${TOKEN}` });
      const unknown = await get(server.baseUrl, '/no-such-page');
      expect(metrics.status).toBe(404);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/html/);
      expect(readHeading(metrics.text)).toBe(readHeading(unknown.text));
      expect(readHeading(metrics.text)).toBe('Page not found');
    } finally {
      await stopAllServerProcesses();
      dataDir.remove();
    }
  });

  describe('with METRICS_TOKEN set', () => {
    let smtp: TestSmtpServer;
    let dataDir: ReturnType<typeof createDataDir>;
    let server: ServerProcess;

    beforeAll(async () => {
      smtp = await startSmtpServer();
      dataDir = createDataDir('metrics-on');
      server = await startServerProcess({
        env: { DATA_DIR: dataDir.path, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100', METRICS_TOKEN: TOKEN, ...NO_RATE_LIMIT },
      });
    });
    afterAll(async () => {
      await stopAllServerProcesses();
      await smtp?.stop();
      dataDir?.remove();
    });

    it.each([
      ['no Authorization header', {}],
      ['a wrong token', { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }],
      ['the token without the Bearer scheme', { authorization: TOKEN }],
    ])('refuses a request with %s (401, asking for a bearer token)', async (_, headers) => {
      const refused = await get(server.baseUrl, '/metrics', headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(refused.text).not.toContain('complaints_');
    });

    it('answers the token with counts and timings, and never a reference or an address after complaints are sent', async () => {
      const references = [await sendComplaint(server.baseUrl), await sendComplaint(server.baseUrl)];
      await waitFor(() => references.every((reference) => countMessageIds(smtp).has(expectedMessageIds(reference).team)), {
        timeoutMs: 15_000,
        describe: () => `the team's emails for ${references.join(', ')}`,
      });
      const authorization = { authorization: `Bearer ${TOKEN}` };
      const scrape = await get(server.baseUrl, '/metrics', authorization);
      const scrapeMs = await medianMs(server.baseUrl, '/metrics', 20, authorization);
      printFigures('/metrics after two complaints', {
        bytes: Buffer.byteLength(scrape.text),
        lines: scrape.text.split('\n').length,
        'scrape ms (median of 20)': scrapeMs,
      });

      expect(scrape.status).toBe(200);
      expect(scrape.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(readFamilies(scrape.text)).toEqual(
        expect.arrayContaining([
          'complaints_outbox_depth',
          'complaints_outbox_failed',
          'complaints_outbox_oldest_undelivered_age_seconds',
          'complaints_outbox_deliveries_total',
          'complaints_store_errors_total',
          'complaints_http_request_duration_seconds',
          'process_cpu_seconds_total',
          'nodejs_eventloop_lag_seconds',
        ]),
      );
      expect(readSample(scrape.text, 'complaints_outbox_deliveries_total', { kind: 'team', result: 'delivered' })).toBe(2);
      expect(readSample(scrape.text, 'complaints_outbox_depth', { kind: 'team' })).toBe(0);
      // Seventeen answers, each a 303, per complaint.
      const posts = readSample(scrape.text, 'complaints_http_request_duration_seconds_count', {
        route: '/[journey]/[step]',
        method: 'POST',
        status_class: '3xx',
      });
      expect(posts).toBeGreaterThanOrEqual(2 * 17);

      for (const reference of references) expect(scrape.text).not.toContain(reference);
      expect(scrape.text).not.toMatch(REFERENCE_PATTERN);
      expect(scrape.text).not.toContain('@');
      // Route patterns only, never a path that was asked for.
      expect(scrape.text).not.toContain('/complaint/');
    });
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdWriteLock } from '../../scripts/bench/lock-holder.ts';
import { readCsrfToken } from '../helpers/http-journey.ts';
import { createRawClient, readHeading, type RawClient, type RawResponse } from '../helpers/raw-http.ts';
import { startServerProcess, stopAllServerProcesses, type ServerProcess } from '../helpers/server-process.ts';
import { createDataDir, printFigures } from './support.ts';

/**
 * Another process holds the SQLite database's write lock (a backup, the outbox CLI, an operator's
 * sqlite3 shell). The service keeps serving: pages that do not need the store answer at once,
 * reads of people's answers carry on, and a write waits at most the store's bound (5 s) before
 * the person is told the service is busy and their answers are kept. When the lock goes, they
 * carry on where they were.
 */

const HOLD_MS = 12_000;
const STORE_WAIT_MS = 5_000;
const PEOPLE = 6;

async function timed(request: () => Promise<RawResponse>): Promise<{ ms: number; response: RawResponse }> {
  const started = performance.now();
  const response = await request();
  return { ms: performance.now() - started, response };
}

async function personAtWorried(baseUrl: string): Promise<{ client: RawClient; token: string }> {
  const client = createRawClient(baseUrl);
  expect((await client.get('/complaint/start')).status).toBe(303);
  const token = readCsrfToken((await client.get('/complaint/danger')).body)!;
  const answered = await client.postForm('/complaint/danger', { csrfToken: token, dangerNow: 'no' });
  expect([answered.status, answered.location]).toEqual([303, '/complaint/worried']);
  return { client, token };
}

describe('a SQLite database locked by another process', () => {
  let server: ServerProcess;
  let dataDir: ReturnType<typeof createDataDir>;

  beforeAll(async () => {
    dataDir = createDataDir('sqlite-lock');
    // The limit on posts at its default: counting a post is a write too, and must not add to the wait.
    server = await startServerProcess({ env: { DATA_DIR: dataDir.path } });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    dataDir?.remove();
  });

  it('keeps every page answering, tells writers within the bound that it is busy, and loses no answers', async () => {
    const people = await Promise.all(Array.from({ length: PEOPLE }, () => personAtWorried(server.baseUrl)));
    const lock = await holdWriteLock(join(dataDir.path, 'complaints.sqlite'), HOLD_MS);
    const lockTaken = performance.now();

    // While the lock is held: the help page again and again, everyone's current question, and
    // half of them pressing Continue (a write).
    const helpTimes: number[] = [];
    const helpLoop = (async () => {
      while (performance.now() - lockTaken < HOLD_MS - 2_000) {
        const { ms, response } = await timed(() => people[0]!.client.get('/help'));
        expect(response.status).toBe(200);
        helpTimes.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const reads = Promise.all(people.map(({ client }) => timed(() => client.get('/complaint/worried'))));
    const writes = Promise.all(
      people.slice(0, PEOPLE / 2).map(({ client, token }) => timed(() => client.postForm('/complaint/worried', { csrfToken: token, worriedAboutHarm: 'no' }))),
    );
    const [readResults, writeResults] = await Promise.all([reads, writes, helpLoop]);
    const stillHeld = performance.now() - lockTaken < HOLD_MS;

    printFigures('SQLite write lock held by another process', {
      'lock held for ms': HOLD_MS,
      'help page slowest ms': Math.round(Math.max(...helpTimes)),
      'help pages': helpTimes.length,
      'question page slowest ms': Math.round(Math.max(...readResults.map((r) => r.ms))),
      'Continue answered after ms': writeResults.map((r) => Math.round(r.ms)).join(' '),
      'Continue answers': writeResults.map((r) => r.response.status).join(' '),
    });

    expect(stillHeld).toBe(true);
    // Pages that do not write never wait for the lock (before, they waited 15 to 36 s).
    expect(Math.max(...helpTimes)).toBeLessThan(1_000);
    for (const { response } of readResults) {
      expect(response.status).toBe(200);
      expect(readHeading(response.body)).toMatch(/worried/i);
    }
    // A write waits for the lock no longer than the bound, then the person is told the truth.
    for (const { ms, response } of writeResults) {
      expect(ms).toBeLessThan(STORE_WAIT_MS + 2_000);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('30');
      expect(readHeading(response.body)).toBe('Sorry, the service is busy');
      expect(response.body).toContain('They have not been deleted.');
    }

    await lock.released;
    // Once the lock is gone, each of them carries on from the question they were on.
    for (const { client, token } of people) {
      const answered = await client.postForm('/complaint/worried', { csrfToken: token, worriedAboutHarm: 'no' });
      expect([answered.status, answered.location]).toEqual([303, '/complaint/who']);
    }
    expect(server.stderr).not.toMatch(/session could not be read|request failed/);
  });
});

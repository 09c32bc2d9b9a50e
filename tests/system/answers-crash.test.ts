import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, createParentJourney, openPage, startJourney, type HttpClient } from '../helpers/http-journey.ts';
import { restartServerProcess, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { createDataDir, NO_RATE_LIMIT } from './support.ts';

const PEOPLE = 6;
/** Answers taken before the kill, across everyone, so it lands while answers are being written. */
const KILL_AFTER_ANSWERS = 40;

/**
 * Each answer must be written before the person is moved on to the next page: one saved behind
 * the redirect (in memory, or written after it) would be lost here. Not waiting for the disk to
 * sync (SESSION_WRITE in src/server/store/sql-store.ts) is safe from this: what SQLite has handed
 * to the operating system survives the process; only a power cut could lose it, which no test here
 * makes, and tests/integration/store-sync.test.ts pins which writes may wait.
 */
describe('the service killed while people are answering questions', () => {
  let dataDir: ReturnType<typeof createDataDir>;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = createDataDir('answers-crash');
    server = await startServerProcess({ env: { DATA_DIR: dataDir.path, SMTP_URL: 'smtp://127.0.0.1:9', ...NO_RATE_LIMIT } });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    dataDir?.remove();
  });

  it('keeps every answer it moved a person on from, after a SIGKILL and restart', async () => {
    const steps = createParentJourney().steps;
    const people: { http: HttpClient; moved: number }[] = [];
    let answers = 0;
    let killed = false;

    const answerUntilKilled = async (person: { http: HttpClient; moved: number }) => {
      await startJourney(person.http, server.baseUrl);
      for (const { step, fields } of steps) {
        if (killed) return;
        try {
          const path = `/complaint/${step}`;
          const csrfToken = await openPage(person.http, server.baseUrl, path);
          const response = await person.http.post(server.baseUrl, path, { csrfToken, ...fields });
          if (response.status !== 303) throw new Error(`${path} answered ${response.status}`);
          person.moved += 1;
          answers += 1;
        } catch (error) {
          if (killed) return;
          throw error;
        }
      }
    };

    for (let n = 0; n < PEOPLE; n++) people.push({ http: createHttpClient({ timeoutMs: 10_000 }), moved: 0 });
    const running = Promise.all(people.map(answerUntilKilled));
    await waitFor(() => answers >= KILL_AFTER_ANSWERS, { timeoutMs: 30_000, intervalMs: 1, describe: () => `${KILL_AFTER_ANSWERS} answers` });
    killed = true;
    await server.kill();
    await running;
    expect(server.exit?.signal).toBe('SIGKILL');

    server = await restartServerProcess(server);
    for (const person of people) {
      // The page after the last answer the person was moved on from opens: the service sends
      // anyone whose earlier answers are missing back to the first gap instead.
      const next = person.moved < steps.length ? `/complaint/${steps[person.moved]!.step}` : '/complaint/check';
      const page = await person.http.get(server.baseUrl, next);
      expect({ next, status: page.status, location: page.location }).toEqual({ next, status: 200, location: null });
    }
    expect(people.reduce((sum, person) => sum + person.moved, 0)).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERS);
  });
});

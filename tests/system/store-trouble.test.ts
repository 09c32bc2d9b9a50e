import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSteps, createHttpClient, createParentJourney, readCsrfToken, startJourney } from '../helpers/http-journey.ts';
import { createTestSchema, postgresAvailable, type TestSchema } from '../helpers/postgres.ts';
import { createRawClient, readHeading, type RawClient } from '../helpers/raw-http.ts';
import { startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { createDataDir, NO_RATE_LIMIT, printFigures } from './support.ts';

/**
 * While the store struggles, people are told the truth: PostgreSQL connections ended under the
 * service (a failover, an operator's pg_terminate_backend) are replaced and the page simply opens;
 * a store that cannot be read at all gives "the service is busy, your answers have not been
 * deleted" (503), never the page that says the answers were deleted; when it recovers, the
 * answers are all there.
 */

const postgres = await postgresAvailable();
const PEOPLE = 16;
const ROUNDS = 20;

const SESSION_EXPIRED = '/complaint/session-expired';
/** Tries at reading a session before the busy page, each logged (SESSION_READ_ATTEMPTS in src/server/request-checks.ts). */
const SESSION_READ_TRIES = 3;

/** A person who has answered the first question and is looking at the second. */
async function personAtWorried(baseUrl: string): Promise<RawClient> {
  const client = createRawClient(baseUrl);
  expect((await client.get('/complaint/start')).status).toBe(303);
  const token = readCsrfToken((await client.get('/complaint/danger')).body)!;
  const answered = await client.postForm('/complaint/danger', { csrfToken: token, dangerNow: 'no' });
  expect([answered.status, answered.location]).toEqual([303, '/complaint/worried']);
  return client;
}

describe.runIf(postgres.ok)('a PostgreSQL store in trouble', () => {
  let schema: TestSchema;
  let server: ServerProcess;
  let dataDir: ReturnType<typeof createDataDir>;
  let people: RawClient[];

  beforeAll(async () => {
    schema = await createTestSchema('store_trouble');
    dataDir = createDataDir('store-trouble');
    server = await startServerProcess({ env: { DATA_DIR: dataDir.path, DATABASE_URL: schema.url, ...NO_RATE_LIMIT } });
    people = await Promise.all(Array.from({ length: PEOPLE }, () => personAtWorried(server.baseUrl)));
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await schema?.drop();
    dataDir?.remove();
  });

  /** Ends every connection to the database but the test's own, as a failover or an operator would. */
  async function terminateServiceConnections(): Promise<number> {
    const [own] = await schema.query('SELECT pg_backend_pid() AS pid');
    const ended = await schema.query(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
       WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> $1`,
      [own?.['pid']],
    );
    return ended.length;
  }

  it('opens the next page for everyone after their connections were ended, never saying their answers were deleted', async () => {
    let terminated = 0;
    const outcomes = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      // As people press Continue, their connections are ended under the queries in flight.
      const pending = Promise.all(people.map((person) => person.get('/complaint/worried')));
      await new Promise((resolve) => setTimeout(resolve, round % 5));
      terminated += await terminateServiceConnections();
      for (const page of await pending) {
        const outcome = page.status === 200 ? (readHeading(page.body) ?? 'no heading') : `${page.status} ${page.location ?? ''}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        expect(page.location).not.toBe(SESSION_EXPIRED);
      }
    }
    printFigures('PostgreSQL connections ended under the service', {
      rounds: ROUNDS,
      'connections ended': terminated,
      'session reads tried again': (`${server.stdout}${server.stderr}`.match(/session could not be read from the store/g) ?? []).length,
      'pages opened': [...outcomes].map(([outcome, n]) => `${outcome}=${n}`).join(' '),
    });
    expect(terminated).toBeGreaterThan(0);
    expect([...outcomes.keys()]).toEqual([expect.stringMatching(/worried/i)]);
  });

  it('sends every complaint whose Send met an ended connection, trying the write once more, and tells the truth when that fails too', async () => {
    const senders = 12;
    const script = createParentJourney();
    const clients = await Promise.all(
      Array.from({ length: senders }, async () => {
        const client = createHttpClient();
        await startJourney(client, server.baseUrl);
        await answerSteps(client, server.baseUrl, script.steps);
        return client;
      }),
    );
    const tokens = await Promise.all(clients.map(async (client) => readCsrfToken((await client.get(server.baseUrl, '/complaint/check')).html)!));
    const pending = Promise.all(clients.map((client, n) => client.post(server.baseUrl, '/complaint/check', { csrfToken: tokens[n]!, ...script.check })));
    let terminated = 0;
    for (let round = 0; round < 5; round++) {
      await new Promise((resolve) => setTimeout(resolve, 2 * round));
      terminated += await terminateServiceConnections();
    }
    const sends = await pending.catch((error: unknown) => {
      throw new Error(`${String(error)}\n${server.stderr.slice(-3000)}`);
    });
    const logs = `${server.stdout}${server.stderr}`;
    printFigures('PostgreSQL connections ended during Sends', {
      Sends: senders,
      'connections ended': terminated,
      'Sends tried again': (logs.match(/store error; trying once more/g) ?? []).length,
      answers: sends.map((send) => `${send.status}${send.location ? ` ${send.location}` : ''}`).join(', '),
    });
    expect(terminated).toBeGreaterThan(0);
    for (const [n, send] of sends.entries()) {
      if (send.status === 303) {
        expect(send.location).toBe('/complaint/confirmation');
        continue;
      }
      // A Send whose second try met an ended connection too is told the truth: not sent, try
      // again, never that the answers were deleted. Pressing Send again, it goes.
      expect(send.status).toBe(503);
      expect(send.html).not.toContain('Your answers have been deleted');
      const again = await clients[n]!.post(server.baseUrl, '/complaint/check', { csrfToken: tokens[n]!, ...script.check });
      expect([again.status, again.location]).toEqual([303, '/complaint/confirmation']);
    }
    const [cases] = await schema.query('SELECT COUNT(*) AS n FROM cases');
    expect(Number(cases?.['n'])).toBe(senders);
  });

  it('says the service is busy and the answers are kept while the store cannot be read, and they are there when it can', async () => {
    const unreadSessions = () => `${server.stdout}${server.stderr}`.split('"msg":"session could not be read from the store"').length - 1;
    // Asked for once by someone without a session, so the service keeps it (rendered-pages.ts).
    const helpAsKept = await createRawClient(server.baseUrl).get('/help');
    expect(helpAsKept.status).toBe(200);
    // The sessions table gone for a while: every read fails, as it would with the database down.
    await schema.query('ALTER TABLE sessions RENAME TO sessions_away');
    try {
      // Start and long-form pages never need the session: kept or not, they answer without asking
      // the store for it (no wait through the tries), a journey's start page included; its Start
      // button is where the person learns the service is busy.
      const triesBefore = unreadSessions();
      const help = await people[0]!.get('/help');
      expect([help.status, help.body]).toEqual([200, helpAsKept.body]);
      const reviewStart = await people[0]!.get('/review');
      expect(reviewStart.status).toBe(200);
      expect(reviewStart.body).toContain('Start now');

      const busy = await people[0]!.get('/complaint/worried');
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('30');
      expect(readHeading(busy.body)).toBe('Sorry, the service is busy');
      expect(busy.body).toContain('They have not been deleted.');
      expect(busy.body).not.toContain('Your answers have been deleted');
      // The log arrives in order: once the question's tries are in, any the pages above made would be too.
      await waitFor(() => unreadSessions() >= triesBefore + SESSION_READ_TRIES, { timeoutMs: 5_000, describe: () => 'the tries logged' });
      expect(unreadSessions(), 'a start or long-form page asked the store for the session').toBe(triesBefore + SESSION_READ_TRIES);
    } finally {
      await schema.query('ALTER TABLE sessions_away RENAME TO sessions');
    }
    const back = await people[0]!.get('/complaint/worried');
    expect(back.status).toBe(200);
    // The first answer is still saved: the question after it opens, not the first question again.
    expect(readHeading(back.body)).toMatch(/worried/i);
    expect(`${server.stdout}${server.stderr}`).toContain('"msg":"session could not be read from the store"');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerSteps,
  createHttpClient,
  createParentJourney,
  openPage,
  pressSend,
  readConfirmation,
  runComplaintJourney,
  runWithConcurrency,
  startJourney,
} from '../helpers/http-journey.ts';
import { createTestSchema, postgresAvailable, type TestSchema } from '../helpers/postgres.ts';
import { readHealth, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { countDuplicates, countMessageIds, createDataDir, createSessionSecret, expectedMessageIds, NO_RATE_LIMIT, printFigures } from './support.ts';

// On CI an unreachable PostgreSQL fails here; elsewhere it prints "PostgreSQL tests NOT run" and the block is skipped.
const postgres = await postgresAvailable();

const COMPLAINTS = 40;
const CONCURRENCY = 8;

describe.runIf(postgres.ok)('two instances sharing one PostgreSQL database', () => {
  let smtp: TestSmtpServer;
  let schema: TestSchema;
  const dataDirs: ReturnType<typeof createDataDir>[] = [];
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    schema = await createTestSchema('system');
    const secret = createSessionSecret();
    const start = (name: string) => {
      const dataDir = createDataDir(`two-instances-${name}`);
      dataDirs.push(dataDir);
      return startServerProcess({
        env: {
          DATA_DIR: dataDir.path,
          DATABASE_URL: schema.url,
          SESSION_SECRET: secret,
          SMTP_URL: smtp.url,
          OUTBOX_POLL_MS: '100',
          // "message delivered" lines name the worker, to show both instances sent mail.
          LOG_LEVEL: 'info',
          ...NO_RATE_LIMIT,
        },
      });
    };
    // Started together: the migration runs once, under its advisory lock, while the other waits.
    [a, b] = await Promise.all([start('a'), start('b')]);
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await smtp?.stop();
    await schema?.drop();
    for (const dataDir of dataDirs) dataDir.remove();
  });

  it('brings saved answers back on the other instance, and counts wrong words on both towards one lock', async () => {
    const client = createHttpClient();
    await startJourney(client, a.baseUrl);
    await answerSteps(client, a.baseUrl, [{ step: 'danger', fields: { dangerNow: 'no' } }], 'worried');
    const token = await openPage(client, a.baseUrl, '/complaint/worried');
    expect((await client.post(a.baseUrl, '/complaint/worried', { csrfToken: token, worriedAboutHarm: 'no', action: 'save' })).location).toBe('/complaint/save');
    const saveToken = await openPage(client, a.baseUrl, '/complaint/save');
    await client.post(a.baseUrl, '/complaint/save', { csrfToken: saveToken, secret: 'shared word' });
    const code = /class="app-return-code"[^>]*>([^<]+)</.exec((await client.get(a.baseUrl, '/complaint/saved')).html)?.[1] ?? '';

    const elsewhere = createHttpClient();
    expect((await elsewhere.post(b.baseUrl, '/resume', { code, secret: 'shared word' })).location).toBe('/complaint/who');

    const guesser = createHttpClient();
    const statuses = [];
    for (let n = 0; n < 5; n++) statuses.push((await guesser.post(n % 2 === 0 ? a.baseUrl : b.baseUrl, '/resume', { code, secret: `guess ${n}` })).status);
    // Four "not right" answers, then the fifth wrong word, on instance a, locks the code for both.
    expect(statuses).toEqual([422, 422, 422, 422, 429]);
    expect((await guesser.post(b.baseUrl, '/resume', { code, secret: 'shared word' })).status).toBe(429);
  });

  const deliveredBy = (server: ServerProcess) => server.stdout.split('\n').filter((line) => line.includes('"msg":"message delivered"')).length;

  it('delivers every email of complaints sent to either instance exactly once', async () => {
    const results = await runWithConcurrency(COMPLAINTS, CONCURRENCY, (n) =>
      runComplaintJourney(n % 2 === 0 ? a.baseUrl : b.baseUrl, createParentJourney({ fullName: `Sam Shared${n}`, email: `sam.shared.${n}@example.com` })),
    );
    expect(results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))).toEqual([]);
    const references = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.reference] : []));
    expect(new Set(references).size).toBe(COMPLAINTS);

    await waitFor(
      async () =>
        smtp.received.length >= COMPLAINTS * 2 &&
        (await readHealth(a.baseUrl)).body.outbox.depth === 0 &&
        (await readHealth(b.baseUrl)).body.outbox.depth === 0,
      { timeoutMs: 30_000, describe: () => `every message delivered; ${smtp.received.length} received so far` },
    );
    // Both workers keep polling: give a second copy time to arrive before counting.
    await new Promise((r) => setTimeout(r, 500));

    const counts = countMessageIds(smtp);
    const duplicates = countDuplicates(counts);
    const teams = [...counts.keys()].filter((id) => id.includes('.team@')).length;
    const acknowledgements = [...counts.keys()].filter((id) => id.includes('.acknowledgement@')).length;
    printFigures('two instances', {
      submitted: COMPLAINTS,
      'shown a reference': references.length,
      delivered: smtp.received.length,
      'team emails': teams,
      acknowledgements,
      'sent by instance A': deliveredBy(a),
      'sent by instance B': deliveredBy(b),
      duplicates,
    });
    expect([...counts.keys()].sort()).toEqual(references.flatMap((r) => Object.values(expectedMessageIds(r))).sort());
    expect(duplicates).toBe(0);
    expect({ teams, acknowledgements, received: smtp.received.length }).toEqual({
      teams: COMPLAINTS,
      acknowledgements: COMPLAINTS,
      received: COMPLAINTS * 2,
    });
    expect(deliveredBy(a) + deliveredBy(b)).toBe(COMPLAINTS * 2);
    const cases = await schema.query('SELECT COUNT(*)::int AS n FROM cases');
    expect(cases[0]?.['n']).toBe(COMPLAINTS);
  });

  it('lets a journey started on one instance be continued and sent on the other', async () => {
    const before = smtp.received.length;
    const http = createHttpClient();
    const script = createParentJourney({ fullName: 'Sam Moving', email: 'sam.moving@example.com' });
    const half = Math.floor(script.steps.length / 2);
    await startJourney(http, a.baseUrl);
    await answerSteps(http, a.baseUrl, script.steps.slice(0, half), script.steps[half]!.step);
    // Instance B has never seen this person: the session, the answers so far and the CSRF token all come from the database.
    await answerSteps(http, b.baseUrl, script.steps.slice(half));
    const sent = await pressSend(http, b.baseUrl, script.check);
    expect({ status: sent.status, location: sent.location }).toEqual({ status: 303, location: '/complaint/confirmation' });
    const reference = await readConfirmation(http, a.baseUrl);

    const ids = expectedMessageIds(reference);
    await waitFor(() => [ids.team, ids.acknowledgement].every((id) => countMessageIds(smtp).has(id)), {
      timeoutMs: 15_000,
      describe: () => `the emails for ${reference}`,
    });
    await new Promise((r) => setTimeout(r, 500));
    const counts = countMessageIds(smtp);
    printFigures('session moved between instances', {
      'shown a reference': 1,
      delivered: smtp.received.length - before,
      duplicates: countDuplicates(counts),
    });
    expect([counts.get(ids.team), counts.get(ids.acknowledgement)]).toEqual([1, 1]);
    expect(smtp.received.length - before).toBe(2);
    const team = smtp.received.find((mail) => mail.parsed.messageId === ids.team);
    // The answers given on A and on B both reached the team.
    expect(team?.parsed.text).toContain('The review meeting was cancelled three times');
    expect(team?.parsed.text).toContain('Sam Moving');
  });
});

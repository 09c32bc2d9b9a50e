import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParentJourney, runComplaintJourney, runWithConcurrency, type JourneyScript } from '../helpers/http-journey.ts';
import { createTestSchema, postgresAvailable, type TestSchema } from '../helpers/postgres.ts';
import { readHealth, restartServerProcess, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { countDuplicates, countMessageIds, createDataDir, createSessionSecret, NO_RATE_LIMIT, printFigures, withSqlite } from './support.ts';

// On CI an unreachable PostgreSQL fails here; elsewhere it prints "PostgreSQL tests NOT run" and the block is skipped.
const postgres = await postgresAvailable();

/** How long a claim lasts (CLAIM_TTL_MS in src/server/outbox/worker.ts): what a stopped instance's messages would otherwise wait. */
const CLAIM_TTL_MS = 90_000;

/** Sends `count` complaints to `baseUrl`, the first `worried` of them with a worry about a child at the check page (a safeguarding copy each). */
async function sendComplaints(baseUrl: string | ((n: number) => string), count: number, worried = 0): Promise<string[]> {
  const results = await runWithConcurrency(count, 5, (n) => {
    const script = createParentJourney({ fullName: `Sam Backlog${n}`, email: `sam.backlog.${n}@example.com` });
    const sent: JourneyScript = n < worried ? { ...script, check: { ...script.check, worriedAtCheck: 'yes' } } : script;
    return runComplaintJourney(typeof baseUrl === 'string' ? baseUrl : baseUrl(n), sent);
  });
  expect(results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))).toEqual([]);
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.reference] : []));
}

/** The kind of message a received email was, from its Message-ID (`<REF.kind@domain>`). */
const kindOf = (messageId: string | undefined): string => /^<[^.]+\.([a-z_]+)@/.exec(messageId ?? '')?.[1] ?? '(none)';

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

describe('the outbox when the mail server comes back after an outage', () => {
  /** 70 complaints owe two emails each, 20 flagged ones three (the safeguarding copy too): 200 in all. */
  const PLAIN = 70;
  const WORRIED = 20;
  const QUEUED = PLAIN * 2 + WORRIED * 3;
  /**
   * Where five minutes of outage leave every message: tried at once and again after 30 s, 1 and
   * 2 minutes (nextAttemptDelay), so on its fourth failed attempt and next due 4 minutes after it.
   */
  const ATTEMPTS_AFTER_OUTAGE = 4;
  const NEXT_RETRY_AFTER_OUTAGE_MS = 4 * 60_000;
  /**
   * Generous: the check every 10 s finds the server back, then the 200 sends go one after another,
   * each about 110 ms against this test server (it waits 100 ms before its greeting).
   */
  const MAX_DRAIN_MS = 60_000;

  let smtp: TestSmtpServer;
  let dataDir: ReturnType<typeof createDataDir>;
  let server: ServerProcess;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await smtp.stop();
    dataDir = createDataDir('outbox-recovery');
    // The default poll (every second), as deployed.
    server = await startServerProcess({ env: { DATA_DIR: dataDir.path, SMTP_URL: smtp.url, ...NO_RATE_LIMIT } });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await smtp?.stop();
    dataDir?.remove();
  });

  it('delivers a backlog of 200 emails within a minute of the mail server’s return, safeguarding copies first', { timeout: 240_000 }, async () => {
    const references = await sendComplaints(server.baseUrl, PLAIN + WORRIED, WORRIED);
    expect(new Set(references).size).toBe(PLAIN + WORRIED);
    const count = (sql: string) => withSqlite(dataDir.path, (db) => Number(db.prepare(sql).get()?.['n']));
    await waitFor(
      () => count("SELECT COUNT(*) AS n FROM outbox WHERE attempts >= 1 AND delivered_at IS NULL AND last_error LIKE '%ECONNREFUSED%'") === QUEUED,
      {
        timeoutMs: 30_000,
        describe: () => `all ${QUEUED} emails tried against the closed mail port`,
      },
    );
    expect(count('SELECT COUNT(*) AS n FROM outbox')).toBe(QUEUED);

    // Age the queue to the end of a five-minute outage, which is all those minutes would do to it.
    withSqlite(dataDir.path, (db) =>
      db
        .prepare('UPDATE outbox SET attempts = ?, next_attempt_at = last_attempt_at + ? WHERE delivered_at IS NULL')
        .run(ATTEMPTS_AFTER_OUTAGE, NEXT_RETRY_AFTER_OUTAGE_MS),
    );
    const nextRetryMs = count('SELECT MIN(next_attempt_at) AS n FROM outbox') - Date.now();

    await smtp.start();
    const back = Date.now();
    let firstMs: number | undefined;
    await waitFor(
      () => {
        if (firstMs === undefined && smtp.received.length > 0) firstMs = Date.now() - back;
        return smtp.received.length >= QUEUED;
      },
      { timeoutMs: MAX_DRAIN_MS + 30_000, intervalMs: 50, describe: () => `${QUEUED} emails delivered; ${smtp.received.length} so far` },
    );
    const drainMs = Date.now() - back;
    // Give a stray second copy time to arrive before counting.
    await new Promise((r) => setTimeout(r, 500));

    const counts = countMessageIds(smtp);
    const duplicates = countDuplicates(counts);
    const kinds = smtp.received.map((mail) => kindOf(mail.parsed.messageId));
    printFigures('mail server back after an outage', {
      queued: QUEUED,
      'first retry due without the check (s)': seconds(nextRetryMs),
      'first email after the return (s)': seconds(firstMs ?? drainMs),
      'all delivered after the return (s)': seconds(drainMs),
      duplicates,
    });
    expect(drainMs).toBeLessThan(MAX_DRAIN_MS);
    expect(duplicates).toBe(0);
    expect(smtp.received).toHaveLength(QUEUED);
    // One instance drains in claim order: every safeguarding copy, then every team email, then the acknowledgements.
    expect(kinds).toEqual([...Array(WORRIED).fill('safeguarding'), ...Array(PLAIN + WORRIED).fill('team'), ...Array(PLAIN + WORRIED).fill('acknowledgement')]);
    expect((await readHealth(server.baseUrl)).body.outbox.depth).toBe(0);
  });
});

describe('SIGTERM to the only instance', () => {
  let smtp: TestSmtpServer;
  let dataDir: ReturnType<typeof createDataDir>;
  let server: ServerProcess;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    dataDir = createDataDir('sigterm');
    server = await startServerProcess({ env: { DATA_DIR: dataDir.path, SMTP_URL: smtp.url, ...NO_RATE_LIMIT } });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await smtp?.stop();
    dataDir?.remove();
  });

  it('finishes the email it is sending, leaves no claim behind and exits; the next start sends the rest', async () => {
    // A relay taking a second over each email, so that a send is in flight when the signal comes.
    smtp.delayAcceptance(1_000);
    await sendComplaints(server.baseUrl, 10);
    const claimed = () =>
      withSqlite(dataDir.path, (db) =>
        Number(db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE claimed_by IS NOT NULL AND delivered_at IS NULL').get()?.['n']),
      );
    await waitFor(() => claimed() > 0, { timeoutMs: 10_000, intervalMs: 10, describe: () => 'a message claimed' });

    const signalled = Date.now();
    await server.stop();
    const stopMs = Date.now() - signalled;
    expect(server.exit).toEqual({ code: 0, signal: null });
    expect(claimed()).toBe(0);
    // Every email the relay accepted was recorded as delivered: none can be sent twice.
    const delivered = withSqlite(dataDir.path, (db) => Number(db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NOT NULL').get()?.['n']));
    expect(delivered).toBe(smtp.received.length);
    expect(delivered).toBeLessThan(20);

    smtp.delayAcceptance(0);
    server = await restartServerProcess(server);
    await waitFor(() => smtp.received.length >= 20, { timeoutMs: 15_000, describe: () => `20 emails delivered; ${smtp.received.length} so far` });
    await new Promise((r) => setTimeout(r, 500));
    const duplicates = countDuplicates(countMessageIds(smtp));
    printFigures('SIGTERM, one instance', {
      'stop took (ms)': stopMs,
      'delivered before the stop': delivered,
      'claims left': 0,
      'delivered after the restart': smtp.received.length - delivered,
      duplicates,
    });
    expect(duplicates).toBe(0);
    expect(smtp.received).toHaveLength(20);
  });
});

describe.runIf(postgres.ok)('SIGTERM to one of two instances sharing PostgreSQL', () => {
  const COMPLAINTS = 20;
  let smtp: TestSmtpServer;
  let schema: TestSchema;
  const dataDirs: ReturnType<typeof createDataDir>[] = [];
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    schema = await createTestSchema('sigterm');
    const secret = createSessionSecret();
    const start = (name: string) => {
      const dataDir = createDataDir(`sigterm-${name}`);
      dataDirs.push(dataDir);
      return startServerProcess({
        env: { DATA_DIR: dataDir.path, DATABASE_URL: schema.url, SESSION_SECRET: secret, SMTP_URL: smtp.url, LOG_LEVEL: 'info', ...NO_RATE_LIMIT },
      });
    };
    [a, b] = await Promise.all([start('a'), start('b')]);
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await smtp?.stop();
    await schema?.drop();
    for (const dataDir of dataDirs) dataDir.remove();
  });

  const deliveredBy = (server: ServerProcess) => server.stdout.split('\n').filter((line) => line.includes('"msg":"message delivered"')).length;

  it('lets the other instance carry on at once, well within the claim timeout, with every email sent once', async () => {
    // A relay taking half a second over each email keeps both instances busy with a send in flight.
    smtp.delayAcceptance(500);
    await sendComplaints((n) => (n % 2 === 0 ? a.baseUrl : b.baseUrl), COMPLAINTS);
    // Worker ids are "host-pid-random": A's rows are those with its pid.
    const heldByA = async () =>
      Number((await schema.query('SELECT COUNT(*)::int AS n FROM outbox WHERE claimed_by LIKE $1 AND delivered_at IS NULL', [`%-${a.pid}-%`]))[0]?.['n']);
    await waitFor(async () => (await heldByA()) > 0, { timeoutMs: 10_000, intervalMs: 10, describe: () => 'instance A holding a claim' });

    const signalled = Date.now();
    const stopping = a.stop();
    await waitFor(async () => (await heldByA()) === 0, { timeoutMs: 10_000, intervalMs: 20, describe: () => 'instance A holding no claim' });
    const releasedMs = Date.now() - signalled;
    await stopping;
    const exitMs = Date.now() - signalled;
    expect(a.exit).toEqual({ code: 0, signal: null });
    const sentByAAtExit = smtp.received.length;

    await waitFor(() => smtp.received.length >= COMPLAINTS * 2, {
      timeoutMs: CLAIM_TTL_MS / 2,
      describe: () => `every email delivered; ${smtp.received.length} so far`,
    });
    const drainedMs = Date.now() - signalled;
    await new Promise((r) => setTimeout(r, 500));

    const duplicates = countDuplicates(countMessageIds(smtp));
    printFigures('SIGTERM, two instances', {
      'A holds no claim after (ms)': releasedMs,
      'A exited after (ms)': exitMs,
      'delivered by then': sentByAAtExit,
      'all delivered after (s)': seconds(drainedMs),
      'sent by A': deliveredBy(a),
      'sent by B': deliveredBy(b),
      'claim timeout (s)': CLAIM_TTL_MS / 1000,
      duplicates,
    });
    expect(await heldByA()).toBe(0);
    expect(releasedMs).toBeLessThan(5_000);
    expect(duplicates).toBe(0);
    expect(smtp.received).toHaveLength(COMPLAINTS * 2);
    expect(deliveredBy(a) + deliveredBy(b)).toBe(COMPLAINTS * 2);
    expect(a.stdout).toContain('"msg":"outbox worker stopped"');
  });
});

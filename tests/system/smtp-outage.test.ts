import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParentJourney, runComplaintJourney, runWithConcurrency, type SentComplaint } from '../helpers/http-journey.ts';
import { readHealth, runOutboxCli, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { countDuplicates, countMessageIds, createDataDir, expectedMessageIds, NO_RATE_LIMIT, printFigures, withSqlite } from './support.ts';

const COMPLAINTS = 20;
const CONCURRENCY = 5;
/**
 * The slowest a Send may answer while the mail server is down. Far below the SMTP timeouts
 * (10 s to connect, 10 s for the greeting, 30 s per command): a Send that waited on SMTP at all
 * would show here.
 */
const MAX_SEND_MS = 2_000;

describe('the service during a mail server outage', () => {
  let smtp: TestSmtpServer;
  let dataDir: ReturnType<typeof createDataDir>;
  let server: ServerProcess;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await smtp.stop();
    dataDir = createDataDir('smtp-outage');
    server = await startServerProcess({ env: { DATA_DIR: dataDir.path, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100', ...NO_RATE_LIMIT } });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await smtp?.stop();
    dataDir?.remove();
  });

  it('shows every complainant a reference at once, then delivers every email exactly once when the mail server is back', async () => {
    const port = smtp.port;
    const results = await runWithConcurrency(COMPLAINTS, CONCURRENCY, (n) =>
      runComplaintJourney(server.baseUrl, createParentJourney({ fullName: `Sam Outage${n}`, email: `sam.outage.${n}@example.com` })),
    );
    const sent = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failures).toEqual([]);
    const references = sent.map((s: SentComplaint) => s.reference);
    expect(new Set(references).size).toBe(COMPLAINTS);
    const slowestSendMs = Math.max(...sent.map((s) => s.sendMs));
    expect(slowestSendMs).toBeLessThan(MAX_SEND_MS);

    // The worker has tried every message and been refused by the closed port: the emails are
    // queued, not lost. The operator's list and /health both show them waiting.
    await waitFor(
      () =>
        withSqlite(dataDir.path, (db) =>
          Number(db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE attempts >= 1 AND delivered_at IS NULL AND last_error LIKE '%ECONNREFUSED%'").get()?.['n']),
        ) ===
        COMPLAINTS * 2,
      { timeoutMs: 15_000, describe: () => 'every message to have been tried against the closed mail port' },
    );
    const list = await runOutboxCli(server.env, ['list']);
    // REFERENCE KIND ATTEMPTS STATUS AGE NEXT-TRY LAST-ERROR: each message tried, still pending, none given up.
    const rows = list.stdout
      .split('\n')
      .filter((line) => /^CSC-/.test(line))
      .map((line) => line.split(/\s+/));
    expect(rows.map(([reference, kind, , status]) => `${reference} ${kind} ${status}`).sort()).toEqual(
      references.flatMap((r) => [`${r} team pending`, `${r} acknowledgement pending`]).sort(),
    );
    expect(rows.filter((cells) => !(Number(cells[2]) >= 1) || !cells.join(' ').includes('ECONNREFUSED'))).toEqual([]);
    const health = await readHealth(server.baseUrl);
    expect(health.status).toBe(200);
    expect(health.body.store.reachable).toBe(true);
    expect(health.body.outbox.depth).toBe(COMPLAINTS * 2);
    expect(health.body.outbox.failed).toBe(0);
    expect(smtp.received).toHaveLength(0);

    await smtp.start();
    expect(smtp.port).toBe(port);

    // The next automatic retry is 30 seconds after each first attempt; the operator's requeue makes
    // them due now. On a slow machine the worker's own retry may get to a case first, and the
    // command then says there is nothing left to requeue: either way each email must arrive once.
    const requeues = await runWithConcurrency(references.length, 5, (n) => runOutboxCli(server.env, ['requeue', references[n]!]));
    const outcomes = requeues.map((result, n) => {
      const output = result.status === 'fulfilled' ? `${result.value.code} ${result.value.stdout}` : String(result.reason);
      if (new RegExp(`^0 Requeued (1 message|2 messages) for ${references[n]}`).test(output)) return 'requeued';
      if (output.startsWith(`1 Nothing to requeue for ${references[n]}`)) return 'already retried';
      return output;
    });
    expect(outcomes.filter((outcome) => outcome !== 'requeued' && outcome !== 'already retried')).toEqual([]);
    const requeued = outcomes.filter((outcome) => outcome === 'requeued').length;
    expect(requeued).toBeGreaterThan(0);

    await waitFor(async () => (await readHealth(server.baseUrl)).body.outbox.depth === 0 && smtp.received.length >= COMPLAINTS * 2, {
      timeoutMs: 30_000,
      describe: () => `every message delivered; ${smtp.received.length} received so far`,
    });
    // Give a stray second copy time to arrive before counting.
    await new Promise((r) => setTimeout(r, 500));

    const counts = countMessageIds(smtp);
    const expected = references.flatMap((r) => Object.values(expectedMessageIds(r)));
    const duplicates = countDuplicates(counts);
    printFigures('SMTP outage', {
      submitted: COMPLAINTS,
      'shown a reference': references.length,
      'slowest Send (ms)': Math.round(slowestSendMs),
      'queued while down': health.body.outbox.depth ?? 'unknown',
      'requeued by the operator': requeued,
      delivered: smtp.received.length,
      duplicates,
    });
    expect([...counts.keys()].sort()).toEqual(expected.sort());
    expect(duplicates).toBe(0);
    expect(smtp.received).toHaveLength(COMPLAINTS * 2);
  });
});

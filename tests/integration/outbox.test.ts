import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutboxCommand } from '../../scripts/outbox.ts';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/domain/delivery-status.ts';
import { checkHealth } from '../../src/server/health.ts';
import { createLogger } from '../../src/server/log.ts';
import { createMailTransport, type MailTransport } from '../../src/server/mail/transport.ts';
import { createOutboxWorker, SERVER_CHECK_INTERVAL_MS, type OutboxWorker, type OutboxWorkerOptions } from '../../src/server/outbox/worker.ts';
import { createStore, type Store, type StoreConfig } from '../../src/server/store/index.ts';
import type { CaseSubmission, OutgoingEmailMessage } from '../../src/server/store/types.ts';
import { complaintSummary } from '../fixtures/case-summaries.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil } from '../helpers/councils.ts';
import { createTestSchema, postgresAvailable } from '../helpers/postgres.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

const postgres = await postgresAvailable();
const execFileAsync = promisify(execFile);

const NOW = Date.UTC(2026, 4, 12, 9, 30);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TEAM = 'complaints@example.gov.uk';
const COMPLAINANT = 'parent.person@example.com';
const ALERTS = 'alerts@example.gov.uk';
const { t } = createTestCopy(exampleCouncil());
const DOMAIN = 'complaints.example.gov.uk';

function message(reference: string, kind: OutgoingEmailMessage['kind'], to: string): OutgoingEmailMessage {
  return {
    kind,
    to,
    messageId: `<${reference}.${kind}@${DOMAIN}>`,
    subject: `Children's social care complaint – ${reference}`,
    text: `Reference: ${reference}\nChild: Jane Example\nWhat happened: nobody came to the review.`,
    html: `<p>Reference: ${reference}</p><p>Child: Jane Example</p>`,
  };
}

function submission(reference: string): CaseSubmission {
  return {
    sessionId: null,
    reference,
    kind: 'complaint',
    createdAt: NOW,
    summary: complaintSummary(reference),
    record: { child: 'Jane Example' },
    messages: [message(reference, 'team', TEAM), message(reference, 'acknowledgement', COMPLAINANT)],
  };
}

const references = (count: number, prefix = 'AAAA') => [...Array(count)].map((_, n) => `CSC-${prefix}-${String(n).padStart(4, '0')}`);
const receivedIds = (smtp: TestSmtpServer) => smtp.received.map((mail) => mail.parsed.messageId);

describe('createOutboxWorker', () => {
  let dir: string;
  let smtp: TestSmtpServer;
  let store: Store;
  let transport: MailTransport;
  let now: number;
  let logLines: string[];
  const workers: OutboxWorker[] = [];

  const makeWorker = (overrides: Partial<OutboxWorkerOptions> = {}) => {
    const worker = createOutboxWorker({
      store,
      transport,
      log: createLogger({ level: 'debug', stream: { write: (line) => logLines.push(line) } }),
      pollMs: 10,
      workerId: 'worker-1',
      claimTtlMs: 5 * MINUTE,
      alert: { to: ALERTS, messageIdDomain: DOMAIN, from: 'Complaints service <alerts-from@example.gov.uk>', t },
      clock: () => now,
      random: () => 0,
      ...overrides,
    });
    workers.push(worker);
    return worker;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-test-'));
    smtp = await startSmtpServer();
    store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
    transport = createMailTransport({ smtpUrl: smtp.url, dataDir: dir, from: 'Example Council <no-reply@example.gov.uk>' });
    now = NOW;
    logLines = [];
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    transport.close();
    await store.close();
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every message once with its stable Message-ID', async () => {
    for (const reference of references(3)) await store.submitCase(submission(reference));
    const worker = makeWorker();
    expect(await worker.runOnce()).toEqual({ claimed: 6, delivered: 6, retried: 0, failed: 0 });
    expect(await worker.runOnce()).toEqual({ claimed: 0, delivered: 0, retried: 0, failed: 0 });
    expect(receivedIds(smtp).sort()).toEqual(
      references(3)
        .flatMap((r) => [`<${r}.team@${DOMAIN}>`, `<${r}.acknowledgement@${DOMAIN}>`])
        .sort(),
    );
    expect(await store.listUndelivered()).toEqual([]);
  });

  it('keeps messages pending while the mail server is down, then delivers each exactly once', async () => {
    await smtp.stop();
    for (const reference of references(5)) await store.submitCase(submission(reference));
    const worker = makeWorker();

    // Three failed rounds at the retry times: 30 s, then 1 minute, then 2 minutes later.
    for (const wait of [0, 30_000, 60_000]) {
      now += wait;
      expect(await worker.runOnce()).toEqual({ claimed: 10, delivered: 0, retried: 10, failed: 0 });
    }
    const pending = await store.listUndelivered();
    expect(pending.map((row) => [row.status, row.attempts, row.nextAttemptAt])).toEqual(pending.map(() => ['pending', 3, now + 2 * MINUTE]));
    expect(pending[0]?.lastError).toContain('ECONNREFUSED');

    // Still down when the worker checks: nothing is tried before its time.
    now += SERVER_CHECK_INTERVAL_MS;
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect((await store.listUndelivered()).map((row) => row.attempts)).toEqual(pending.map(() => 3));

    // Back, but the next check is not due yet: one check per interval, so a down server is not hammered.
    await smtp.start();
    now += SERVER_CHECK_INTERVAL_MS - 1;
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });

    // The check finds it back, well before the retries' own time (2 minutes after the last failure).
    now += 1;
    expect(await worker.runOnce()).toEqual({ claimed: 10, delivered: 10, retried: 0, failed: 0 });
    const ids = receivedIds(smtp);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    expect(await store.listUndelivered()).toEqual([]);
  });

  it('marks a refused message failed and sends the alert without the complaint in it', async () => {
    smtp.rejectWith({ code: 550, message: `5.1.1 <${TEAM}> mailbox does not exist` }, TEAM);
    await store.submitCase(submission('CSC-FAIL-0001'));
    const worker = makeWorker();

    // The team's email is refused; the acknowledgement and then the alert, queued meanwhile, go in the same run.
    expect(await worker.runOnce()).toEqual({ claimed: 3, delivered: 2, retried: 0, failed: 1 });
    const [failed] = await store.listUndelivered();
    expect(failed).toMatchObject({ reference: 'CSC-FAIL-0001', kind: 'team', status: 'failed', attempts: 1 });
    expect(failed?.lastError).toBe('550 5.1.1 <[email]> mailbox does not exist');

    const sent = smtp.received.find((mail) => mail.recipients.includes(ALERTS));
    expect(sent?.parsed.subject).toBe('Undelivered email: team message for CSC-FAIL-0001');
    expect(sent?.parsed.messageId).toBe(`<CSC-FAIL-0001.alert.team.${NOW}@${DOMAIN}>`);
    expect(sent?.parsed.from?.value).toEqual([{ name: 'Complaints service', address: 'alerts-from@example.gov.uk' }]);
    expect(sent?.parsed.text).toContain('npm run outbox -- requeue CSC-FAIL-0001');
    expect(sent?.raw).not.toContain('Jane Example');
    expect(sent?.raw).not.toContain(TEAM);
  });

  it('logs the failure at error level with the reference and no personal data', async () => {
    smtp.rejectWith({ code: 550, message: `5.1.1 <${TEAM}> mailbox does not exist` }, TEAM);
    await store.submitCase(submission('CSC-FAIL-0001'));
    await makeWorker().runOnce();
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 'error', reference: 'CSC-FAIL-0001', messageKind: 'team', attempts: 1, status: 'refused' }),
    );
    const all = logLines.join('');
    for (const personal of ['Jane Example', TEAM, COMPLAINANT, 'nobody came']) expect(all).not.toContain(personal);
  });

  it('gives up after the last attempt, alerts once the server is back, and delivers after a requeue', async () => {
    await smtp.stop();
    await store.submitCase({ ...submission('CSC-LONG-0001'), messages: [message('CSC-LONG-0001', 'team', TEAM)] });
    const worker = makeWorker();
    const started = now;
    let rounds = 0;
    for (;;) {
      const summary = await worker.runOnce();
      rounds += summary.claimed > 0 ? 1 : 0;
      const [row] = await store.listUndelivered();
      if (row?.status === 'failed') break;
      now = row!.nextAttemptAt!;
    }
    expect(rounds).toBe(MAX_DELIVERY_ATTEMPTS);
    expect(now - started).toBeGreaterThan(10 * HOUR);

    // The alert was tried straight away, while the server was still down; the next check finds it back.
    await smtp.start();
    now += SERVER_CHECK_INTERVAL_MS;
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    expect(smtp.received.map((mail) => mail.recipients)).toEqual([[ALERTS]]);
    expect((await checkHealth(store, now)).status).toBe('degraded');

    expect(await store.requeue('CSC-LONG-0001', now)).toBe(1);
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    expect(receivedIds(smtp)).toContain(`<CSC-LONG-0001.team@${DOMAIN}>`);
    expect(await checkHealth(store, now)).toEqual({
      status: 'ok',
      store: { reachable: true },
      outbox: { depth: 0, failed: 0, oldestUndeliveredAgeSeconds: null },
    });
  });

  it('sends every waiting message as soon as one send succeeds after an outage, safeguarding copies first', async () => {
    await smtp.stop();
    for (const reference of references(3)) await store.submitCase(submission(reference));
    await store.submitCase({ ...submission('CSC-SAFE-0001'), messages: [message('CSC-SAFE-0001', 'safeguarding', 'safeguarding@example.gov.uk')] });
    const worker = makeWorker();
    expect(await worker.runOnce()).toMatchObject({ claimed: 7, retried: 7 });

    // Back; a new case arrives before any check is due. Its email going through shows the server
    // is back, and the seven waiting (next due in 30 s) follow in the same run.
    await smtp.start();
    now += 1_000;
    await store.submitCase({ ...submission('CSC-NEW0-0001'), createdAt: now, messages: [message('CSC-NEW0-0001', 'team', TEAM)] });
    expect(await worker.runOnce()).toEqual({ claimed: 8, delivered: 8, retried: 0, failed: 0 });
    expect(receivedIds(smtp)).toEqual([
      `<CSC-NEW0-0001.team@${DOMAIN}>`,
      `<CSC-SAFE-0001.safeguarding@${DOMAIN}>`,
      ...references(3).map((r) => `<${r}.team@${DOMAIN}>`),
      ...references(3).map((r) => `<${r}.acknowledgement@${DOMAIN}>`),
    ]);
    expect(logLines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ msg: 'mail server available again; waiting messages are due now', count: 7 }),
    );
  });

  it('checks the mail server at once after a restart during an outage', async () => {
    await smtp.stop();
    await store.submitCase(submission('CSC-REST-0001'));
    expect(await makeWorker().runOnce()).toMatchObject({ retried: 2 });
    await smtp.start();
    // A new process knows nothing of the outage; the messages waiting for a retry are enough.
    now += 1_000;
    expect(await makeWorker({ workerId: 'worker-2' }).runOnce()).toEqual({ claimed: 2, delivered: 2, retried: 0, failed: 0 });
  });

  it('does not retry early a message refused for a reason of its own', async () => {
    smtp.rejectWith({ code: 452, message: '4.2.2 Mailbox full' }, COMPLAINANT);
    await store.submitCase(submission('CSC-FULL-0001'));
    const worker = makeWorker();
    expect(await worker.runOnce()).toMatchObject({ delivered: 1, retried: 1 });
    // Other mail keeps going through; the full mailbox waits for its own retry time.
    now += SERVER_CHECK_INTERVAL_MS;
    await store.submitCase({ ...submission('CSC-FULL-0002'), createdAt: now, messages: [message('CSC-FULL-0002', 'team', TEAM)] });
    expect(await worker.runOnce()).toEqual({ claimed: 1, delivered: 1, retried: 0, failed: 0 });
    expect((await store.listUndelivered()).map((row) => [row.kind, row.attempts, row.nextAttemptAt])).toEqual([['acknowledgement', 1, NOW + 30_000]]);
  });

  it('does not use up the attempts of a message a recovering relay keeps turning away', async () => {
    // The relay takes the team's emails but answers "too many connections" for the complainant.
    smtp.rejectWith({ code: 421, message: '4.7.0 Too many connections, try again later' }, COMPLAINANT);
    await store.submitCase(submission('CSC-FLAP-0001'));
    const worker = makeWorker();
    expect(await worker.runOnce()).toMatchObject({ delivered: 1, retried: 1 });
    // New cases keep arriving and going through, each time after a 421 said the server was busy.
    for (let n = 2; n <= 6; n++) {
      now += 1_000;
      await store.submitCase({ ...submission(`CSC-FLAP-000${n}`), createdAt: now });
      await worker.runOnce();
    }
    const first = (await store.listUndelivered()).filter((row) => row.reference === 'CSC-FLAP-0001');
    // Pulled forward at most once in those five seconds, not by every email that went through.
    expect(first.map((row) => [row.kind, row.status])).toEqual([['acknowledgement', 'pending']]);
    expect(first[0]!.attempts).toBeLessThanOrEqual(2);
  });

  it('stops after the message being sent and releases what it holds', async () => {
    smtp.delayAcceptance(200);
    for (const reference of references(5, 'STOP')) await store.submitCase({ ...submission(reference), createdAt: Date.now() });
    // A claim whose outcome this worker could not record (the store failed at that moment).
    await store.submitCase({ ...submission('CSC-LOST-0001'), createdAt: Date.now() + MINUTE, messages: [message('CSC-LOST-0001', 'team', TEAM)] });
    await store.claimMessages({ now: Date.now() + MINUTE, limit: 1, workerId: 'worker-1', claimTtlMs: 5 * MINUTE });

    const worker = makeWorker({ clock: Date.now });
    worker.start();
    await expect.poll(() => smtp.received.length, { timeout: 5_000, interval: 10 }).toBeGreaterThan(0);
    await worker.stop();

    // What was being sent when stop came finished; nothing else was taken, and no claim is left.
    const delivered = smtp.received.length;
    expect(delivered).toBeLessThan(10);
    const undelivered = await store.listUndelivered();
    expect(undelivered).toHaveLength(10 - delivered + 1);
    expect(undelivered.every((row) => row.attempts === 0)).toBe(true);
    expect(await store.claimMessages({ now: Date.now() + MINUTE, limit: 20, workerId: 'worker-2', claimTtlMs: MINUTE })).toHaveLength(undelivered.length);
    expect(logLines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ msg: 'outbox claims released', count: 1 }),
    );
  });

  it('sends a message claimed by an instance that died once its claim lapses', async () => {
    await store.submitCase(submission('CSC-DEAD-0001'));
    await store.claimMessages({ now, limit: 10, workerId: 'dead-instance', claimTtlMs: 5 * MINUTE });
    const worker = makeWorker();
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    now += 5 * MINUTE;
    expect(await worker.runOnce()).toMatchObject({ claimed: 2, delivered: 2 });
    expect(smtp.received).toHaveLength(2);
  });

  it('keeps polling after start until stopped', async () => {
    const worker = makeWorker({ clock: Date.now });
    worker.start();
    await store.submitCase({ ...submission('CSC-POLL-0001'), createdAt: Date.now() });
    await expect.poll(() => smtp.received.length, { timeout: 5_000 }).toBe(2);
    await worker.stop();
    await store.submitCase({ ...submission('CSC-POLL-0002'), createdAt: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.received).toHaveLength(2);
  });

  it('logs a run that fails and carries on polling', async () => {
    const worker = makeWorker({ clock: Date.now });
    await store.close();
    worker.start();
    await expect.poll(() => logLines.some((line) => line.includes('outbox run failed')), { timeout: 5_000 }).toBe(true);
    await worker.stop();
    store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
  });
});

type Shared = { config: StoreConfig; drop: () => Promise<void> };
const sharedDatabases: { name: string; available: boolean; open: () => Promise<Shared> }[] = [
  {
    name: 'PostgreSQL',
    available: postgres.ok,
    async open() {
      const schema = await createTestSchema('outbox');
      return { config: { database: { kind: 'postgres', url: schema.url } }, drop: () => schema.drop() };
    },
  },
  {
    name: 'SQLite',
    available: true,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'outbox-shared-'));
      return {
        config: { database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } },
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];

describe.each(sharedDatabases)('createOutboxWorker, two instances on one $name database', ({ name, available, open }) => {
  it.runIf(available)(`delivers every message of 50 cases exactly once (${name})`, async () => {
    const smtp = await startSmtpServer();
    const shared = await open();
    const stores = [await createStore(shared.config), await createStore(shared.config)];
    const transports = stores.map(() => createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir(), from: 'no-reply@example.gov.uk' }));
    const lines: string[] = [];
    const log = createLogger({ level: 'info', stream: { write: (line) => lines.push(line) } });
    const workers = stores.map((store, n) =>
      createOutboxWorker({ store, transport: transports[n]!, log, pollMs: 5, workerId: `instance-${n}`, claimTtlMs: 5 * MINUTE }),
    );
    try {
      for (const reference of references(50, 'MULT')) {
        await stores[0]!.submitCase({ ...submission(reference), createdAt: Date.now() });
      }
      workers.forEach((worker) => worker.start());
      await expect.poll(() => smtp.received.length, { timeout: 15_000, interval: 50 }).toBeGreaterThanOrEqual(100);
      await Promise.all(workers.map((worker) => worker.stop()));

      const ids = receivedIds(smtp);
      const duplicates = ids.length - new Set(ids).size;
      expect({ submitted: 100, delivered: ids.length, distinct: new Set(ids).size, duplicates }).toEqual({
        submitted: 100,
        delivered: 100,
        distinct: 100,
        duplicates: 0,
      });
      expect(await stores[1]!.listUndelivered()).toEqual([]);
      // Both instances took part, so the exactly-once result is not one worker doing everything.
      const deliveredBy = lines.map((line) => JSON.parse(line) as { msg: string; workerId: string }).filter((e) => e.msg === 'message delivered');
      expect(deliveredBy).toHaveLength(100);
      expect(new Set(deliveredBy.map((e) => e.workerId))).toEqual(new Set(['instance-0', 'instance-1']));
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      transports.forEach((transport) => transport.close());
      await Promise.all(stores.map((store) => store.close()));
      await shared.drop();
      await smtp.stop();
    }
  });
});

describe('runOutboxCommand', () => {
  let dir: string;
  let store: Store;
  let output: string;
  const run = (...args: string[]) => runOutboxCommand(args, { store, now: NOW + 3 * HOUR + 5 * MINUTE, write: (text) => (output += text) });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-cli-'));
    store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
    output = '';
    await store.submitCase(submission('CSC-LIST-0001'));
    const [team] = await store.claimMessages({ now: NOW, limit: 1, workerId: 'w', claimTtlMs: MINUTE });
    await store.recordFailure(team!.id, { at: NOW + HOUR, error: `550 5.1.1 <${TEAM}> unknown`, permanent: true, nextAttemptAt: null });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists undelivered messages with their status and no personal data', async () => {
    expect(await run('list')).toBe(0);
    expect(output.split('\n').slice(0, 3)).toEqual([
      'REFERENCE      KIND             ATTEMPTS  STATUS   AGE     NEXT TRY  LAST ERROR',
      'CSC-LIST-0001  team             1         failed   3h 05m  -         550 5.1.1 <[email]> unknown',
      'CSC-LIST-0001  acknowledgement  0         pending  3h 05m  now       -',
    ]);
    for (const personal of ['Jane Example', TEAM, COMPLAINANT]) expect(output).not.toContain(personal);
  });

  it('requeues a case by reference, typed in any case', async () => {
    expect(await run('requeue', 'csc-list-0001')).toBe(0);
    expect(output).toBe('Requeued 2 messages for CSC-LIST-0001; the running service will send them within a few seconds.\n');
    expect((await store.listUndelivered()).map((row) => row.status)).toEqual(['pending', 'pending']);
  });

  it.each([
    // A reference with nothing waiting.
    [['requeue', 'CSC-NONE-0000'], 'Nothing to requeue for CSC-NONE-0000'],
    // Not a reference at all.
    [['requeue', 'DROP TABLE'], 'does not look like a reference'],
    // Unknown command, or a missing argument.
    [['purge'], 'Usage:'],
    [['requeue'], 'Usage:'],
  ])('explains and fails for %j', async (args, message) => {
    expect(await run(...args)).toBe(1);
    expect(output).toContain(message);
  });

  it('runs as a script with the service environment', async () => {
    const { stdout } = await execFileAsync(process.execPath, ['scripts/outbox.ts', 'list'], {
      env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dir, NODE_NO_WARNINGS: '1' },
    });
    expect(stdout).toContain('CSC-LIST-0001  team');
  });
});

describe('checkHealth', () => {
  it('reports an unreachable store as degraded without failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'health-'));
    const store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
    await store.close();
    expect(await checkHealth(store, NOW)).toEqual({
      status: 'degraded',
      store: { reachable: false },
      outbox: { depth: null, failed: null, oldestUndeliveredAgeSeconds: null },
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays ok when only a complainant’s acknowledgement has bounced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'health-'));
    const store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
    await store.submitCase(submission('CSC-BNCE-0001'));
    const [team, ack] = await store.claimMessages({ now: NOW, limit: 2, workerId: 'w', claimTtlMs: MINUTE });
    await store.recordDelivery(team!.id, { at: NOW, smtpResponse: '250 OK', messageId: team!.messageId });
    await store.recordFailure(ack!.id, { at: NOW, error: '550 no such user', permanent: true, nextAttemptAt: null });
    expect(await checkHealth(store, NOW + HOUR)).toEqual({
      status: 'ok',
      store: { reachable: true },
      outbox: { depth: 1, failed: 1, oldestUndeliveredAgeSeconds: null },
    });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a message waiting longer than 15 minutes as degraded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'health-'));
    const store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
    await store.submitCase(submission('CSC-SLOW-0001'));
    expect(await checkHealth(store, NOW + 15 * MINUTE)).toMatchObject({ status: 'ok', outbox: { depth: 2, oldestUndeliveredAgeSeconds: 900 } });
    expect(await checkHealth(store, NOW + 15 * MINUTE + 1000)).toMatchObject({ status: 'degraded', outbox: { depth: 2, failed: 0 } });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

// The outbox is the logger's busiest user; these pin down that nothing personal can reach the logs.
describe('createLogger', () => {
  const capture = (level: 'debug' | 'info' | 'warn' | 'error' = 'debug') => {
    const lines: string[] = [];
    const log = createLogger({ level, stream: { write: (line) => lines.push(line) }, clock: () => NOW });
    return { log, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  };

  it('writes one JSON object per line with time, level and message', () => {
    const { log, entries } = capture();
    log.info('message delivered', { reference: 'CSC-AAAA-0001', attempts: 2 });
    expect(entries()).toEqual([{ time: '2026-05-12T09:30:00.000Z', level: 'info', msg: 'message delivered', reference: 'CSC-AAAA-0001', attempts: 2 }]);
  });

  it('drops fields that are not on the allow-list and says which', () => {
    const { log, entries } = capture();
    const fields = { reference: 'CSC-AAAA-0001', email: COMPLAINANT, childName: 'Jane Example' };
    log.warn('something', fields as never);
    expect(entries()).toEqual([expect.objectContaining({ reference: 'CSC-AAAA-0001', droppedFields: ['email', 'childName'] })]);
    expect(JSON.stringify(entries())).not.toMatch(/Jane|parent\.person/);
  });

  it('keeps only the name and code of an error, never its message', () => {
    const { log, entries } = capture();
    const error = Object.assign(new Error(`550 <${COMPLAINANT}> unknown`), { code: 'EENVELOPE' });
    log.error('send failed', { error });
    expect(entries()[0]).toMatchObject({ errorName: 'Error', errorCode: 'EENVELOPE' });
    expect(JSON.stringify(entries())).not.toContain(COMPLAINANT);
  });

  it('logs a path without its query string', () => {
    const { log, entries } = capture();
    log.info('request', { path: '/complaint/check?name=Jane+Example#top', status: 200 });
    expect(entries()[0]).toMatchObject({ path: '/complaint/check', status: 200 });
  });

  it('masks an email address put into an allowed field by mistake, but not a Message-ID', () => {
    const { log, entries } = capture();
    log.info('oops', { route: `to ${COMPLAINANT}`, messageId: `<CSC-AAAA-0001.team@${DOMAIN}>` });
    expect(entries()[0]).toMatchObject({ route: 'to [email]', messageId: `<CSC-AAAA-0001.team@${DOMAIN}>` });
  });

  it('leaves out lines below its level and carries child fields', () => {
    const { log, entries } = capture('warn');
    const child = log.child({ workerId: 'instance-1' });
    child.info('quiet');
    child.warn('loud', { attempts: 3 });
    expect(entries()).toEqual([expect.objectContaining({ level: 'warn', msg: 'loud', workerId: 'instance-1', attempts: 3 })]);
  });
});

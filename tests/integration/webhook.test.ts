import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/log.ts';
import { createMailTransport, type MailTransport } from '../../src/server/mail/transport.ts';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../../src/server/outbox/worker.ts';
import { createStore, type Store, type StoreConfig } from '../../src/server/store/index.ts';
import type { CaseSubmission } from '../../src/server/store/types.ts';
import { complaintSummary } from '../fixtures/case-summaries.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil } from '../helpers/councils.ts';
import { createTestSchema, postgresAvailable } from '../helpers/postgres.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { startWebhookReceiver, type TestWebhookReceiver } from '../helpers/webhook-receiver.ts';

const postgres = await postgresAvailable();

const NOW = Date.UTC(2026, 4, 12, 9, 30);
const MINUTE = 60_000;
const ALERTS = 'alerts@example.gov.uk';
const DOMAIN = 'complaints.example.gov.uk';
const MARKER = 'Zephyrine Quillfeather';
const { t } = createTestCopy(exampleCouncil());

/** A case whose only message is its webhook, as with CASE_EMAIL=off. */
function webhookCase(reference: string): CaseSubmission {
  return {
    sessionId: null,
    reference,
    kind: 'complaint',
    createdAt: NOW,
    summary: complaintSummary(reference),
    record: { child: MARKER },
    messages: [{ kind: 'webhook', messageId: `${reference}.complaint`, body: JSON.stringify({ reference, child: MARKER }) }],
  };
}

const engines: { name: string; available: boolean; open: () => Promise<{ config: StoreConfig; drop: () => Promise<void> }> }[] = [
  {
    name: 'SQLite',
    available: true,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'webhook-test-'));
      return {
        config: { database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } },
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgres.ok,
    async open() {
      const schema = await createTestSchema('webhook');
      return { config: { database: { kind: 'postgres', url: schema.url } }, drop: () => schema.drop() };
    },
  },
];

describe.each(engines)('webhooks through the outbox on $name', ({ name, available, open }) => {
  describe.runIf(available)(`${name} database`, () => {
    let db: Awaited<ReturnType<typeof open>>;
    let dir: string;
    let store: Store;
    let receiver: TestWebhookReceiver;
    let smtp: TestSmtpServer;
    let transport: MailTransport;
    let now: number;
    let logLines: string[];
    const workers: OutboxWorker[] = [];

    const makeWorker = (overrides: Partial<OutboxWorkerOptions> = {}) => {
      const worker = createOutboxWorker({
        store,
        transport,
        webhook: { url: receiver.url, secret: receiver.secret },
        log: createLogger({ level: 'debug', stream: { write: (line) => logLines.push(line) } }),
        pollMs: 10,
        workerId: 'worker-1',
        claimTtlMs: 5 * MINUTE,
        alert: { to: ALERTS, messageIdDomain: DOMAIN, t },
        clock: () => now,
        random: () => 0,
        ...overrides,
      });
      workers.push(worker);
      return worker;
    };

    beforeEach(async () => {
      db = await open();
      dir = mkdtempSync(join(tmpdir(), 'webhook-mail-'));
      store = await createStore(db.config);
      receiver = await startWebhookReceiver();
      smtp = await startSmtpServer();
      transport = createMailTransport({ smtpUrl: smtp.url, dataDir: dir, from: 'Example Council <no-reply@example.gov.uk>' });
      now = NOW;
      logLines = [];
    });

    afterEach(async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      transport.close();
      await store.close();
      await receiver.stop();
      await smtp.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('posts the case signed, so the library verifies it, and records it delivered', async () => {
      await store.submitCase(webhookCase('CSC-HOOK-0001'));
      expect(await makeWorker().runOnce()).toEqual({ claimed: 1, delivered: 1, retried: 0, failed: 0 });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]).toMatchObject({ id: 'CSC-HOOK-0001.complaint', verified: true, status: 204 });
      expect(JSON.parse(receiver.received[0]!.body)).toEqual({ reference: 'CSC-HOOK-0001', child: MARKER });
      expect(await store.listUndelivered()).toEqual([]);
    });

    it('retries while the receiver is down and delivers once it is back, under the same webhook-id', async () => {
      await store.submitCase(webhookCase('CSC-HOOK-0002'));
      await receiver.stop();
      const worker = makeWorker();
      expect(await worker.runOnce()).toEqual({ claimed: 1, delivered: 0, retried: 1, failed: 0 });
      const [waiting] = await store.listUndelivered();
      expect(waiting).toMatchObject({ kind: 'webhook', to: 'CASE_WEBHOOK_URL', status: 'pending', attempts: 1, nextAttemptAt: now + 30_000 });
      expect(waiting?.lastError).toContain('ECONNREFUSED');

      await receiver.start();
      // A 503 first: a second post of the same case, which the receiver can tell is a replay.
      receiver.answerWith(503);
      now += 30_000;
      expect(await worker.runOnce()).toMatchObject({ retried: 1 });
      receiver.answerWith(200);
      now += 60_000;
      expect(await worker.runOnce()).toMatchObject({ delivered: 1 });

      expect(receiver.received.map((post) => [post.id, post.verified, post.status])).toEqual([
        ['CSC-HOOK-0002.complaint', true, 503],
        ['CSC-HOOK-0002.complaint', true, 200],
      ]);
      expect(receiver.accepted().size).toBe(1);
      expect(await store.listUndelivered()).toEqual([]);
    });

    it('marks a case the receiver refuses with 410 failed for good and alerts, as for a refused email', async () => {
      await store.submitCase(webhookCase('CSC-HOOK-0003'));
      receiver.answerWith(410);
      const worker = makeWorker();
      expect(await worker.runOnce()).toEqual({ claimed: 2, delivered: 1, retried: 0, failed: 1 });
      const [failed] = await store.listUndelivered();
      expect(failed).toMatchObject({ kind: 'webhook', status: 'failed', attempts: 1, lastError: 'HTTP 410 Gone' });
      expect(smtp.received).toHaveLength(1);
      const alert = smtp.received[0]!.parsed;
      expect(alert.subject).toContain('CSC-HOOK-0003');
      expect(alert.text).toContain('case management system has NOT received this case');
      expect(alert.text).toContain('npm run outbox -- requeue CSC-HOOK-0003');
      expect(logLines.join('\n')).toContain('"status":"refused"');
    });

    it.each([408, 429, 500, 502])('retries a case the receiver answers with %i', async (status) => {
      await store.submitCase(webhookCase('CSC-HOOK-0004'));
      receiver.answerWith(status);
      expect(await makeWorker().runOnce()).toEqual({ claimed: 1, delivered: 0, retried: 1, failed: 0 });
    });

    it('follows no redirect: the case goes to the configured URL only, and is retried', async () => {
      const elsewhere = await startWebhookReceiver({ secret: receiver.secret });
      try {
        await store.submitCase(webhookCase('CSC-HOOK-0005'));
        receiver.answerWith({ redirect: elsewhere.url });
        expect(await makeWorker().runOnce()).toMatchObject({ retried: 1 });
        expect(elsewhere.received).toEqual([]);
        expect((await store.listUndelivered())[0]?.lastError).toBe('HTTP 307 Temporary Redirect (redirects are not followed)');
      } finally {
        await elsewhere.stop();
      }
    });

    it('gives up on a receiver that does not answer in time, and retries', async () => {
      await store.submitCase(webhookCase('CSC-HOOK-0006'));
      receiver.answerWith('hang');
      const worker = makeWorker({ webhook: { url: receiver.url, secret: receiver.secret, timeoutMs: 300 } });
      expect(await worker.runOnce()).toMatchObject({ retried: 1 });
      expect((await store.listUndelivered())[0]?.lastError).toBe('timed out');
    });

    it('keeps a webhook waiting, never failed, while no CASE_WEBHOOK_URL is set', async () => {
      await store.submitCase(webhookCase('CSC-HOOK-0007'));
      expect(await makeWorker({ webhook: undefined }).runOnce()).toMatchObject({ retried: 1 });
      expect((await store.listUndelivered())[0]).toMatchObject({ status: 'pending', lastError: 'CASE_WEBHOOK_URL is not set' });
    });

    it('logs neither the payload nor the URL', async () => {
      await store.submitCase(webhookCase('CSC-HOOK-0008'));
      receiver.answerWith(500);
      const worker = makeWorker();
      await worker.runOnce();
      receiver.answerWith(204);
      now += 30_000;
      await worker.runOnce();
      const logs = logLines.join('\n');
      expect(logs).toContain('CSC-HOOK-0008');
      expect(logs).not.toContain(MARKER);
      expect(logs).not.toContain(String(receiver.port));
    });

    it('leaves webhooks on their own schedule when the mail server comes back', async () => {
      await store.submitCase(webhookCase('CSC-HOOK-0009'));
      await receiver.stop();
      await makeWorker().runOnce();
      expect(await store.countRetriesWaiting(now)).toBe(0);
      expect(await store.pullForwardRetries(now)).toBe(0);
    });

    it('keeps the case while its webhook has failed, though its email was delivered', async () => {
      await store.submitCase({
        ...webhookCase('CSC-HOOK-0010'),
        messages: [
          { kind: 'team', to: 'team@example.gov.uk', messageId: `<CSC-HOOK-0010.team@${DOMAIN}>`, subject: 'Case', text: 'Case', html: '<p>Case</p>' },
          ...webhookCase('CSC-HOOK-0010').messages,
        ],
      });
      receiver.answerWith(410);
      await makeWorker({ alert: undefined }).runOnce();
      expect(await store.purge(now + 365 * 24 * 60 * MINUTE, { retentionMs: 30 * 24 * 60 * MINUTE })).toMatchObject({ cases: 0 });
    });
  });
});

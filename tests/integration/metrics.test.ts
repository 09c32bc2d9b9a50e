import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/log.ts';
import { createMailTransport } from '../../src/server/mail/transport.ts';
import { createMetrics, isAuthorisedBearer, withStoreErrorCount, type Metrics } from '../../src/server/metrics.ts';
import { createOutboxWorker } from '../../src/server/outbox/worker.ts';
import { createStore, ReferenceTakenError, type Store } from '../../src/server/store/index.ts';
import type { CaseSubmission, OutgoingEmailMessage } from '../../src/server/store/types.ts';
import { complaintSummary } from '../fixtures/case-summaries.ts';
import { REFERENCE_PATTERN } from '../helpers/http-journey.ts';
import { createTestDatabase, createTestSchema, postgresAvailable } from '../helpers/postgres.ts';
import { readFamilies, readSample } from '../helpers/prometheus.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

const postgres = await postgresAvailable();

const NOW = Date.UTC(2026, 4, 12, 9, 30);
const TEAM = 'complaints@example.gov.uk';
const COMPLAINANT = 'parent.person@example.com';
const DOMAIN = 'complaints.example.gov.uk';
const silent = createLogger({ level: 'error', stream: { write: () => undefined } });

function message(reference: string, kind: OutgoingEmailMessage['kind'], to: string): OutgoingEmailMessage {
  return {
    kind,
    to,
    messageId: `<${reference}.${kind}@${DOMAIN}>`,
    subject: `Children's social care complaint – ${reference}`,
    text: `Reference: ${reference}\nChild: Jane Example`,
    html: `<p>Reference: ${reference}</p>`,
  };
}

function submission(reference: string, createdAt = NOW): CaseSubmission {
  return {
    sessionId: null,
    reference,
    kind: 'complaint',
    createdAt,
    summary: complaintSummary(reference),
    record: { child: 'Jane Example', email: COMPLAINANT },
    messages: [message(reference, 'team', TEAM), message(reference, 'acknowledgement', COMPLAINANT)],
  };
}

const engines: { name: string; available: boolean; open: () => Promise<{ store: Store; remove: () => Promise<void> }> }[] = [
  {
    name: 'SQLite',
    available: true,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'metrics-test-'));
      const store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
      return {
        store,
        async remove() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgres.ok,
    async open() {
      const schema = await createTestSchema('metrics');
      const store = await createStore({ database: { kind: 'postgres', url: schema.url } });
      return {
        store,
        async remove() {
          await store.close();
          await schema.drop();
        },
      };
    },
  },
];

/** Metrics over `store` as the runtime wires them: store errors counted, the outbox read at each scrape. */
function instrument(store: Store, clock = () => NOW): { metrics: Metrics; store: Store } {
  const metrics = createMetrics({ readOutbox: (now) => counted.outboxHealthByKind(now), processMetrics: false, log: silent, clock });
  const counted = withStoreErrorCount(store, metrics.countStoreError);
  return { metrics, store: counted };
}

describe.each(engines)('createMetrics on $name', ({ available, open }) => {
  let opened: Awaited<ReturnType<(typeof engines)[number]['open']>>;

  beforeEach(async () => {
    if (available) opened = await open();
  });
  afterEach(async () => {
    if (available) await opened.remove();
  });

  it.runIf(available)('reads the outbox by kind at each scrape: depth, failed, and the age of the oldest still being tried', async () => {
    const { metrics, store } = instrument(opened.store);
    await store.submitCase(submission('CSC-AAAA-0001', NOW - 90_000));
    await store.submitCase(submission('CSC-AAAA-0002', NOW - 30_000));
    const [acknowledgement] = (await store.listUndelivered()).filter((row) => row.kind === 'acknowledgement');
    await store.recordFailure(acknowledgement!.id, { at: NOW, error: '550 no such mailbox', permanent: true, nextAttemptAt: null });

    const { body } = await metrics.render();
    const gauge = (name: string, kind: string) => readSample(body, `complaints_outbox_${name}`, { kind });
    expect(['team', 'acknowledgement', 'safeguarding'].map((kind) => [kind, gauge('depth', kind), gauge('failed', kind)])).toEqual([
      ['team', 2, 0],
      ['acknowledgement', 2, 1],
      ['safeguarding', 0, 0],
    ]);
    expect(gauge('oldest_undelivered_age_seconds', 'team')).toBe(90);
    // The failed acknowledgement is counted in "failed", not as one still being tried.
    expect(gauge('oldest_undelivered_age_seconds', 'acknowledgement')).toBe(30);
  });

  it.runIf(available)('shows no reference, address or answer, only counts', async () => {
    const { metrics, store } = instrument(opened.store);
    await store.submitCase(submission('CSC-AAAA-0003'));
    const { body } = await metrics.render();
    expect(body).not.toMatch(REFERENCE_PATTERN);
    expect(body).not.toContain('@');
    expect(body).not.toContain('Jane');
  });

  it.runIf(available)('counts a failed store operation by name and cause, and not a reference that is taken', async () => {
    const { metrics, store } = instrument(opened.store);
    await store.submitCase(submission('CSC-AAAA-0004'));
    await expect(store.submitCase(submission('CSC-AAAA-0004'))).rejects.toBeInstanceOf(ReferenceTakenError);
    await opened.store.close();
    await expect(store.getSession('session-id', NOW)).rejects.toThrow();

    const { body } = await metrics.render();
    expect(readSample(body, 'complaints_store_errors_total', { operation: 'submitCase' })).toBeUndefined();
    expect(readSample(body, 'complaints_store_errors_total', { operation: 'getSession' })).toBe(1);
    // The scrape still answers with the outbox unreadable: no outbox values rather than stale ones.
    expect(readSample(body, 'complaints_outbox_depth', { kind: 'team' })).toBeUndefined();
    expect(readSample(body, 'complaints_store_errors_total', { operation: 'outboxHealthByKind' })).toBe(1);
  });
});

describe.runIf(postgres.ok)('createMetrics, PostgreSQL turned read-only', () => {
  it('counts the refused writes with the cause "read_only"', async () => {
    const database = await createTestDatabase('metrics');
    const opened = await createStore({ database: { kind: 'postgres', url: database.url } });
    try {
      const { metrics, store } = instrument(opened);
      await database.setReadOnly(true);
      await expect(store.createSession({ now: NOW, expiresAt: NOW + 60_000 })).rejects.toThrow();
      await expect(store.probeWrite(NOW, { timeoutMs: 1_000 })).rejects.toThrow();
      const { body } = await metrics.render();
      expect(readSample(body, 'complaints_store_errors_total', { operation: 'createSession', cause: 'read_only' })).toBe(1);
      expect(readSample(body, 'complaints_store_errors_total', { operation: 'probeWrite', cause: 'read_only' })).toBe(1);
    } finally {
      await opened.close();
      await database.drop();
    }
  });
});

describe('createMetrics, deliveries', () => {
  let dir: string;
  let smtp: TestSmtpServer;
  let store: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'metrics-test-'));
    smtp = await startSmtpServer();
    store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
  });
  afterEach(async () => {
    await store.close();
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts each attempt by kind and result, as the outbox worker reports them', async () => {
    const { metrics } = instrument(store);
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: dir, from: 'Example Council <no-reply@example.gov.uk>' });
    const now = NOW;
    const worker = createOutboxWorker({
      store,
      transport,
      log: silent,
      pollMs: 10,
      workerId: 'worker-1',
      clock: () => now,
      random: () => 0,
      onOutcome: metrics.countDelivery,
    });
    try {
      smtp.rejectWith({ code: 550, message: '5.1.1 mailbox does not exist' }, COMPLAINANT);
      await store.submitCase(submission('CSC-DDDD-0001'));
      await worker.runOnce();
      await smtp.stop();
      await store.submitCase(submission('CSC-DDDD-0002'));
      await worker.runOnce();
    } finally {
      transport.close();
    }

    const { body } = await metrics.render();
    const count = (kind: string, result: string) => readSample(body, 'complaints_outbox_deliveries_total', { kind, result });
    expect([count('team', 'delivered'), count('team', 'retried'), count('acknowledgement', 'failed'), count('acknowledgement', 'retried')]).toEqual([
      1, 1, 1, 1,
    ]);
    expect(count('safeguarding', 'delivered')).toBe(0);
  });
});

describe('createMetrics, requests', () => {
  it('labels request durations by route pattern, method and status class', async () => {
    const metrics = createMetrics({ readOutbox: async () => [], processMetrics: false });
    metrics.observeRequest({ route: '/[journey]/[step]', method: 'post', status: 303, seconds: 0.02 });
    metrics.observeRequest({ route: '/[journey]/[step]', method: 'PROPFIND', status: 405, seconds: 0.001 });
    const { contentType, body } = await metrics.render();
    const labels = { route: '/[journey]/[step]', method: 'POST', status_class: '3xx' };
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(readSample(body, 'complaints_http_request_duration_seconds_bucket', { ...labels, le: '0.01' })).toBe(0);
    expect(readSample(body, 'complaints_http_request_duration_seconds_bucket', { ...labels, le: '0.025' })).toBe(1);
    expect(readSample(body, 'complaints_http_request_duration_seconds_count', { method: 'OTHER', status_class: '4xx' })).toBe(1);
  });

  it('adds the Node.js process metrics unless told not to', async () => {
    const families = readFamilies((await createMetrics({ readOutbox: async () => [] }).render()).body);
    expect(families).toEqual(expect.arrayContaining(['process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds', 'complaints_outbox_depth']));
    expect(readFamilies((await createMetrics({ readOutbox: async () => [], processMetrics: false }).render()).body)).not.toContain('process_cpu_seconds_total');
  });
});

describe('isAuthorisedBearer', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  it.each([
    // The token as Prometheus sends it with `authorization: { credentials: … }`.
    [`Bearer ${TOKEN}`, true],
    // The scheme is case-insensitive (RFC 9110, 11.1).
    [`bearer ${TOKEN}`, true],
    [`Bearer ${TOKEN}x`, false],
    [`Bearer ${TOKEN.slice(0, -1)}`, false],
    [TOKEN, false],
    [`Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}`, false],
    ['Bearer ', false],
    [null, false],
  ])('%s → %s', (header, expected) => {
    expect(isAuthorisedBearer(header, TOKEN)).toBe(expected);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/domain/delivery-status.ts';
import { createStore, ReferenceTakenError, StoredDataError, type Store, type StoreConfig } from '../../src/server/store/index.ts';
import { migrations } from '../../src/server/store/migrations.ts';
import type { CaseSubmission, OutgoingEmailMessage, OutgoingMessage } from '../../src/server/store/types.ts';
import { complaintSummary, summaryWithoutKind } from '../fixtures/case-summaries.ts';
import { createTestSchema, postgresAvailable, type TestSchema } from '../helpers/postgres.ts';

const postgres = await postgresAvailable();

/** A fresh, empty database for one test, and a way to read its raw rows. */
interface TestDatabase {
  config(encryptionKey?: Buffer): StoreConfig;
  raw(sql: string): Promise<Record<string, unknown>[]>;
  /** Writes a case's stored summary as it is, as an earlier or later version of the service might have. */
  storeSummaryText(reference: string, text: string): Promise<void>;
  drop(): Promise<void>;
}

const engines: { name: string; available: boolean; open: () => Promise<TestDatabase> }[] = [
  {
    name: 'SQLite',
    available: true,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
      const path = join(dir, 'complaints.sqlite');
      return {
        config: (encryptionKey) => ({ database: { kind: 'sqlite', path }, encryptionKey }),
        async raw(sql) {
          const db = new DatabaseSync(path, { readOnly: true });
          try {
            return db.prepare(sql).all() as Record<string, unknown>[];
          } finally {
            db.close();
          }
        },
        async storeSummaryText(reference, text) {
          const db = new DatabaseSync(path);
          try {
            db.prepare('UPDATE cases SET summary = ? WHERE reference = ?').run(text, reference);
          } finally {
            db.close();
          }
        },
        async drop() {
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgres.ok,
    async open() {
      const schema: TestSchema = await createTestSchema('store');
      return {
        config: (encryptionKey) => ({ database: { kind: 'postgres', url: schema.url }, encryptionKey }),
        raw: (sql) => schema.query(sql),
        storeSummaryText: async (reference, text) => {
          await schema.query('UPDATE cases SET summary = $1 WHERE reference = $2', [text, reference]);
        },
        drop: () => schema.drop(),
      };
    },
  },
];

const NOW = Date.UTC(2026, 4, 12, 9, 30);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const KEY = Buffer.alloc(32, 7);

function message(reference: string, kind: OutgoingEmailMessage['kind'], to = 'team@example.gov.uk'): OutgoingEmailMessage {
  return {
    kind,
    to,
    messageId: `<${reference}.${kind}@complaints.example.gov.uk>`,
    subject: `Children's social care complaint – ${reference}`,
    text: 'Child: Jane Example\nWhat happened: my social worker never calls back.',
    html: '<p>Child: Jane Example</p>',
    headers: { 'X-Complaint-Reference': reference },
    attachments: [{ filename: `${reference}.json`, contentType: 'application/json', content: '{"child":"Jane Example"}' }],
  };
}

function submission(reference: string, sessionId: string | null, kinds: OutgoingMessage['kind'][] = ['team', 'acknowledgement']): CaseSubmission {
  return {
    sessionId,
    reference,
    kind: 'complaint',
    createdAt: NOW,
    summary: complaintSummary(reference),
    record: { child: { name: 'Jane Example' }, contact: { email: 'parent@example.com' } },
    messages: kinds.map((kind) =>
      kind === 'webhook'
        ? { kind, messageId: `${reference}.complaint`, body: JSON.stringify({ reference, child: 'Jane Example' }) }
        : message(reference, kind, kind === 'acknowledgement' ? 'parent@example.com' : 'team@example.gov.uk'),
    ),
  };
}

/** Runs submitCase in a separate thread with its own connection, as a second process would. */
function submitInThread(path: string, submissions: CaseSubmission[]): Promise<{ reference: string; created: boolean }[]> {
  const storeUrl = new URL('../../src/server/store/index.ts', import.meta.url).href;
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    import(workerData.storeUrl).then(async ({ createStore }) => {
      const store = await createStore({ database: { kind: 'sqlite', path: workerData.path } });
      const results = [];
      for (const submission of workerData.submissions) results.push(await store.submitCase(submission));
      await store.close();
      parentPort.postMessage(results);
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { storeUrl, path, submissions } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('createStore on SQLite shared by two processes', () => {
  it('writes one case per session when both send every session at the same time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-threads-'));
    const path = join(dir, 'complaints.sqlite');
    try {
      const store = await createStore({ database: { kind: 'sqlite', path } });
      const sessions = await Promise.all([...Array(20)].map(() => store.createSession({ now: NOW, expiresAt: NOW + DAY })));
      const forThread = (prefix: string) => sessions.map((session, n) => submission(`CSC-${prefix}-${String(n).padStart(4, '0')}`, session.id));
      const [a, b] = await Promise.all([submitInThread(path, forThread('AAAA')), submitInThread(path, forThread('BBBB'))]);
      expect(a.map((r, n) => r.reference === b[n]?.reference)).toEqual(sessions.map(() => true));
      expect(a.filter((r) => r.created).length + b.filter((r) => r.created).length).toBe(20);
      expect(await store.listUndelivered()).toHaveLength(40);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(engines)('createStore on $name', ({ name, available, open }) => {
  describe.runIf(available)(`${name} database`, () => {
    let db: TestDatabase;
    let store: Store;
    const others: Store[] = [];
    const openAnother = async (encryptionKey?: Buffer) => {
      const another = await createStore(db.config(encryptionKey));
      others.push(another);
      return another;
    };

    beforeEach(async () => {
      db = await open();
      store = await createStore(db.config());
    });

    afterEach(async () => {
      await Promise.all([store, ...others.splice(0)].map((s) => s.close()));
      await db.drop();
    });

    describe('migrate', () => {
      it('records every migration once and finds nothing to do the second time', async () => {
        expect(await store.migrate()).toBe(0);
        const rows = await db.raw('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows.map((row) => Number(row['version']))).toEqual(migrations.map((m) => m.version));
      });

      it('lets several instances start at once on an empty database', async () => {
        const fresh = await open();
        const starts = await Promise.allSettled([createStore(fresh.config()), createStore(fresh.config()), createStore(fresh.config())]);
        const stores = starts.flatMap((start) => (start.status === 'fulfilled' ? [start.value] : []));
        try {
          expect(starts.map((start) => start.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
          const rows = await fresh.raw('SELECT version FROM schema_migrations');
          expect(rows).toHaveLength(migrations.length);
          expect(await Promise.all(stores.map((s) => s.migrate()))).toEqual([0, 0, 0]);
        } finally {
          await Promise.all(stores.map((s) => s.close()));
          await fresh.drop();
        }
      });
    });

    describe('sessions', () => {
      it('creates a session and reads it back with its data', async () => {
        const created = await store.createSession({ now: NOW, expiresAt: NOW + 120 * MINUTE, data: { answers: { role: 'parent' } } });
        expect(created.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(created.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(await store.getSession(created.id, NOW + MINUTE)).toEqual(created);
      });

      it('does not return a session once it has expired', async () => {
        const { id } = await store.createSession({ now: NOW, expiresAt: NOW + 10 * MINUTE });
        expect(await store.getSession(id, NOW + 10 * MINUTE - 1)).toBeDefined();
        expect(await store.getSession(id, NOW + 10 * MINUTE)).toBeUndefined();
      });

      it('saves new data and moves the expiry', async () => {
        const { id } = await store.createSession({ now: NOW, expiresAt: NOW + 10 * MINUTE });
        expect(await store.saveSessionData(id, { answers: { what: 'late visits' } }, NOW + 60 * MINUTE)).toBe(true);
        const session = await store.getSession(id, NOW + 30 * MINUTE);
        expect(session?.data).toEqual({ answers: { what: 'late visits' } });
        expect(session?.expiresAt).toBe(NOW + 60 * MINUTE);
      });

      it('says when there is no session to save to', async () => {
        expect(await store.saveSessionData('no-such-session', {}, NOW)).toBe(false);
      });

      it('deletes a session', async () => {
        const { id } = await store.createSession({ now: NOW, expiresAt: NOW + 10 * MINUTE });
        await store.deleteSession(id);
        expect(await store.getSession(id, NOW)).toBeUndefined();
      });
    });

    describe('submitCase', () => {
      it('writes the case and its messages, marks the session sent and wipes its answers', async () => {
        const session = await store.createSession({ now: NOW, expiresAt: NOW + 60 * MINUTE, data: { answers: { child: 'Jane Example' } } });
        expect(await store.submitCase(submission('CSC-AAAA-0001', session.id))).toEqual({ reference: 'CSC-AAAA-0001', created: true });
        expect(await store.getCaseSummary('CSC-AAAA-0001')).toEqual(complaintSummary('CSC-AAAA-0001'));
        const after = await store.getSession(session.id, NOW);
        expect(after?.submittedReference).toBe('CSC-AAAA-0001');
        expect(after?.data).toEqual({});
        const queued = await store.listUndelivered();
        expect(queued.map((row) => [row.reference, row.kind, row.status])).toEqual([
          ['CSC-AAAA-0001', 'team', 'pending'],
          ['CSC-AAAA-0001', 'acknowledgement', 'pending'],
        ]);
      });

      it('gives the earlier reference and writes nothing when the session already sent a case', async () => {
        const session = await store.createSession({ now: NOW, expiresAt: NOW + 60 * MINUTE });
        await store.submitCase(submission('CSC-AAAA-0001', session.id));
        expect(await store.submitCase(submission('CSC-BBBB-0002', session.id))).toEqual({ reference: 'CSC-AAAA-0001', created: false });
        expect(await store.referenceExists('CSC-BBBB-0002')).toBe(false);
        expect(await store.listUndelivered()).toHaveLength(2);
      });

      it('writes one case when two instances send the same session at the same moment', async () => {
        const second = await openAnother();
        const session = await store.createSession({ now: NOW, expiresAt: NOW + 60 * MINUTE });
        const results = await Promise.all([
          store.submitCase(submission('CSC-AAAA-0001', session.id)),
          second.submitCase(submission('CSC-BBBB-0002', session.id)),
          store.submitCase(submission('CSC-CCCC-0003', session.id)),
          second.submitCase(submission('CSC-DDDD-0004', session.id)),
        ]);
        const references = new Set(results.map((r) => r.reference));
        expect(references.size).toBe(1);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        const [reference] = references;
        const rows = await db.raw('SELECT reference, kind FROM outbox');
        expect(rows.map((row) => row['reference'])).toEqual([reference, reference]);
        expect(await db.raw('SELECT reference FROM cases')).toHaveLength(1);
      });

      it('writes nothing at all when one of the messages cannot be stored', async () => {
        const session = await store.createSession({ now: NOW, expiresAt: NOW + 60 * MINUTE, data: { answers: { a: 1 } } });
        const broken = submission('CSC-AAAA-0001', session.id, ['team', 'team']);
        await expect(store.submitCase(broken)).rejects.toThrow();
        expect(await store.referenceExists('CSC-AAAA-0001')).toBe(false);
        expect(await db.raw('SELECT id FROM outbox')).toHaveLength(0);
        const after = await store.getSession(session.id, NOW);
        expect(after?.submittedReference).toBeNull();
        expect(after?.data).toEqual({ answers: { a: 1 } });
      });

      it('refuses a reference that another case already has', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null));
        await expect(store.submitCase(submission('CSC-AAAA-0001', null))).rejects.toBeInstanceOf(ReferenceTakenError);
      });

      it('still writes the case when the session has already been purged', async () => {
        expect(await store.submitCase(submission('CSC-AAAA-0001', 'purged-session'))).toEqual({ reference: 'CSC-AAAA-0001', created: true });
      });
    });

    describe('getCaseSummary and referenceExists', () => {
      it('know nothing of a reference that was never issued', async () => {
        expect(await store.getCaseSummary('CSC-NONE-0000')).toBeUndefined();
        expect(await store.referenceExists('CSC-NONE-0000')).toBe(false);
      });

      it('reads a summary stored before summaries had a kind as a complaint', async () => {
        await store.submitCase(submission('CSC-OLD0-0001', null));
        await db.storeSummaryText('CSC-OLD0-0001', JSON.stringify(summaryWithoutKind('CSC-OLD0-0001')));
        expect(await store.getCaseSummary('CSC-OLD0-0001')).toEqual(complaintSummary('CSC-OLD0-0001'));
      });

      it.each([
        // A kind of case this version does not know (written by a later one).
        ['an unknown kind', { kind: 'appeal', reference: 'CSC-ODD0-0001' }],
        // The first summaries: no kind, and too little to show a confirmation page.
        ['a complaint without its dates', { reference: 'CSC-ODD0-0001', route: 'statutory', acknowledgeBy: '2026-05-15' }],
        ['a complaint with a route that does not exist', { ...complaintSummary('CSC-ODD0-0001'), route: 'fast_track' }],
        ['not an object', 'CSC-ODD0-0001'],
        ['nothing', null],
      ])('gives no summary for one it cannot read: %s', async (_, stored) => {
        await store.submitCase(submission('CSC-ODD0-0001', null));
        await db.storeSummaryText('CSC-ODD0-0001', JSON.stringify(stored));
        expect(await store.getCaseSummary('CSC-ODD0-0001')).toBeUndefined();
      });

      it('gives no summary for one that is not JSON at all (a damaged row)', async () => {
        await store.submitCase(submission('CSC-ODD0-0001', null));
        await db.storeSummaryText('CSC-ODD0-0001', '{"kind": "complaint", "refer');
        expect(await store.getCaseSummary('CSC-ODD0-0001')).toBeUndefined();
      });
    });

    describe('claimMessages', () => {
      it('returns due messages in order with everything needed to send them', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null));
        const claimed = await store.claimMessages({ now: NOW, limit: 10, workerId: 'w1', claimTtlMs: 5 * MINUTE });
        expect(claimed).toHaveLength(2);
        expect(claimed[0]).toEqual({
          id: expect.any(Number),
          reference: 'CSC-AAAA-0001',
          attempts: 0,
          createdAt: NOW,
          ...message('CSC-AAAA-0001', 'team'),
        });
        expect(claimed[1]?.kind !== 'webhook' && claimed[1]?.to).toBe('parent@example.com');
      });

      it('does not hand a message to a second worker while the first holds it', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null));
        await store.claimMessages({ now: NOW, limit: 10, workerId: 'w1', claimTtlMs: 5 * MINUTE });
        expect(await store.claimMessages({ now: NOW + 4 * MINUTE, limit: 10, workerId: 'w2', claimTtlMs: 5 * MINUTE })).toEqual([]);
      });

      it('hands a message on once the claim has lapsed (its worker died)', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['team']));
        await store.claimMessages({ now: NOW, limit: 10, workerId: 'dead', claimTtlMs: 5 * MINUTE });
        const reclaimed = await store.claimMessages({ now: NOW + 5 * MINUTE, limit: 10, workerId: 'w2', claimTtlMs: 5 * MINUTE });
        expect(reclaimed.map((m) => m.reference)).toEqual(['CSC-AAAA-0001']);
      });

      it('never gives the same message to two claimers racing each other', async () => {
        const second = await openAnother();
        for (let n = 0; n < 15; n += 1) await store.submitCase(submission(`CSC-AAAA-${String(n).padStart(4, '0')}`, null));
        const claimAll = async (s: Store, workerId: string) => {
          const ids: number[] = [];
          for (;;) {
            const batch = await s.claimMessages({ now: NOW, limit: 3, workerId, claimTtlMs: 5 * MINUTE });
            if (batch.length === 0) return ids;
            ids.push(...batch.map((m) => m.id));
          }
        };
        const [a, b, c] = await Promise.all([claimAll(store, 'a'), claimAll(second, 'b'), claimAll(store, 'c')]);
        const all = [...a, ...b, ...c];
        expect(all).toHaveLength(30);
        expect(new Set(all).size).toBe(30);
      });

      it('leaves messages that are not yet due', async () => {
        await store.submitCase({ ...submission('CSC-AAAA-0001', null, ['team']), createdAt: NOW + MINUTE });
        expect(await store.claimMessages({ now: NOW, limit: 10, workerId: 'w1', claimTtlMs: MINUTE })).toEqual([]);
      });

      it('claims safeguarding copies first, then the team’s emails, then the rest, each oldest first', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['acknowledgement', 'team']));
        await store.submitCase({ ...submission('CSC-BBBB-0002', null, ['acknowledgement', 'team', 'safeguarding']), createdAt: NOW + MINUTE });
        await store.submitCase({ ...submission('CSC-CCCC-0003', null, ['safeguarding', 'advocacy_referral']), createdAt: NOW + 2 * MINUTE });
        const oneByOne: string[] = [];
        for (;;) {
          const [claimed] = await store.claimMessages({ now: NOW + 3 * MINUTE, limit: 1, workerId: 'w1', claimTtlMs: MINUTE });
          if (claimed === undefined) break;
          oneByOne.push(`${claimed.reference} ${claimed.kind}`);
        }
        expect(oneByOne).toEqual([
          'CSC-BBBB-0002 safeguarding',
          'CSC-CCCC-0003 safeguarding',
          'CSC-AAAA-0001 team',
          'CSC-BBBB-0002 team',
          'CSC-AAAA-0001 acknowledgement',
          'CSC-BBBB-0002 acknowledgement',
          'CSC-CCCC-0003 advocacy_referral',
        ]);
      });

      it('claims a case’s webhook with the team’s emails, before the receipts: with CASE_EMAIL=off it is the team’s copy', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['acknowledgement']));
        await store.submitCase({ ...submission('CSC-BBBB-0002', null, ['webhook']), createdAt: NOW + MINUTE });
        const [claimed] = await store.claimMessages({ now: NOW + 2 * MINUTE, limit: 1, workerId: 'w1', claimTtlMs: MINUTE });
        expect(`${claimed?.reference} ${claimed?.kind}`).toBe('CSC-BBBB-0002 webhook');
      });

      it('returns a batch in the order it claimed it', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['acknowledgement', 'team']));
        await store.submitCase({ ...submission('CSC-BBBB-0002', null, ['safeguarding']), createdAt: NOW + MINUTE });
        const claimed = await store.claimMessages({ now: NOW + 2 * MINUTE, limit: 10, workerId: 'w1', claimTtlMs: MINUTE });
        expect(claimed.map((m) => m.kind)).toEqual(['safeguarding', 'team', 'acknowledgement']);
      });
    });

    describe('releaseClaims', () => {
      it('makes the worker’s claimed messages due again for anyone at once, and leaves other workers’ claims', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null));
        await store.submitCase(submission('CSC-BBBB-0002', null, ['team']));
        const mine = await store.claimMessages({ now: NOW, limit: 2, workerId: 'stopping', claimTtlMs: 5 * MINUTE });
        const theirs = await store.claimMessages({ now: NOW, limit: 1, workerId: 'other', claimTtlMs: 5 * MINUTE });
        expect(await store.releaseClaims('stopping')).toBe(2);
        const reclaimed = await store.claimMessages({ now: NOW + 1000, limit: 10, workerId: 'next', claimTtlMs: 5 * MINUTE });
        expect(reclaimed.map((m) => m.id).sort()).toEqual(mine.map((m) => m.id).sort());
        expect(reclaimed.map((m) => m.id)).not.toContain(theirs[0]?.id);
        const rows = await db.raw('SELECT claimed_by FROM outbox ORDER BY id');
        expect(rows.map((row) => row['claimed_by']).sort()).toEqual(['next', 'next', 'other']);
      });

      it('leaves a delivered message as it was', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['team']));
        const [claimed] = await store.claimMessages({ now: NOW, limit: 1, workerId: 'w1', claimTtlMs: MINUTE });
        await store.recordDelivery(claimed!.id, { at: NOW + 1000, smtpResponse: '250 OK', messageId: claimed!.messageId });
        expect(await store.releaseClaims('w1')).toBe(0);
        expect(await store.listUndelivered()).toEqual([]);
      });
    });

    describe('pullForwardRetries', () => {
      /** Claims the case's messages and fails each: temporarily (retry at `retryAt`) or for good. */
      const fail = async (reference: string, at: number, retryAt: number | null) => {
        for (const claimed of await store.claimMessages({ now: at, limit: 10, workerId: 'w1', claimTtlMs: MINUTE })) {
          expect(claimed.reference).toBe(reference);
          await store.recordFailure(claimed.id, { at, error: 'ECONNECTION: connect ECONNREFUSED', permanent: retryAt === null, nextAttemptAt: retryAt });
        }
      };

      it('makes messages waiting for a retry due now, safeguarding copies first, and leaves failed and untried ones alone', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null));
        await fail('CSC-AAAA-0001', NOW, NOW + 30 * MINUTE);
        await store.submitCase({ ...submission('CSC-BBBB-0002', null, ['safeguarding']), createdAt: NOW + MINUTE });
        await fail('CSC-BBBB-0002', NOW + MINUTE, NOW + 60 * MINUTE);
        await store.submitCase({ ...submission('CSC-CCCC-0003', null, ['team']), createdAt: NOW + 2 * MINUTE });
        await fail('CSC-CCCC-0003', NOW + 2 * MINUTE, null);
        // Not tried yet, and not due until later: no failure brought it here, so it keeps its time.
        await store.submitCase({ ...submission('CSC-DDDD-0004', null, ['team']), createdAt: NOW + DAY });

        const back = NOW + 5 * MINUTE;
        expect(await store.countRetriesWaiting(back)).toBe(3);
        expect(await store.pullForwardRetries(back)).toBe(3);
        expect(await store.countRetriesWaiting(back)).toBe(0);

        const claimed = await store.claimMessages({ now: back, limit: 10, workerId: 'w2', claimTtlMs: MINUTE });
        expect(claimed.map((m) => `${m.reference} ${m.kind} ${m.attempts}`)).toEqual([
          'CSC-BBBB-0002 safeguarding 1',
          'CSC-AAAA-0001 team 1',
          'CSC-AAAA-0001 acknowledgement 1',
        ]);
        const failed = (await store.listUndelivered()).filter((row) => row.status === 'failed');
        expect(failed.map((row) => row.reference)).toEqual(['CSC-CCCC-0003']);
      });

      it('changes nothing when no message waits for a retry', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null));
        expect(await store.countRetriesWaiting(NOW)).toBe(0);
        expect(await store.pullForwardRetries(NOW)).toBe(0);
      });
    });

    describe('recordDelivery', () => {
      it('takes a delivered message out of the outbox', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['team']));
        const [claimed] = await store.claimMessages({ now: NOW, limit: 10, workerId: 'w1', claimTtlMs: MINUTE });
        await store.recordDelivery(claimed!.id, { at: NOW + 1000, smtpResponse: '250 OK queued', messageId: claimed!.messageId });
        expect(await store.listUndelivered()).toEqual([]);
        expect(await store.claimMessages({ now: NOW + DAY, limit: 10, workerId: 'w1', claimTtlMs: MINUTE })).toEqual([]);
        expect(await store.outboxHealth(NOW + 2000)).toEqual({ depth: 0, failed: 0, failedNeedingAction: 0, oldestUndeliveredAgeMs: null });
      });
    });

    describe('recordFailure', () => {
      const failOnce = async (s: Store, permanent: boolean, nextAttemptAt: number | null, alert?: OutgoingMessage) => {
        const [claimed] = await s.claimMessages({ now: NOW, limit: 1, workerId: 'w1', claimTtlMs: MINUTE });
        return s.recordFailure(claimed!.id, {
          at: NOW + 1000,
          error: '451 4.3.0 Mailbox parent@example.com temporarily unavailable',
          permanent,
          nextAttemptAt,
          ...(alert ? { alert } : {}),
        });
      };

      it('schedules a temporary failure for later and keeps it pending', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['team']));
        expect(await failOnce(store, false, NOW + 31_000)).toEqual({ attempts: 1, failed: false, alerted: false });
        const [row] = await store.listUndelivered();
        expect(row).toMatchObject({ status: 'pending', attempts: 1, lastAttemptAt: NOW + 1000, nextAttemptAt: NOW + 31_000 });
        expect(await store.claimMessages({ now: NOW + 30_999, limit: 1, workerId: 'w2', claimTtlMs: MINUTE })).toEqual([]);
        expect(await store.claimMessages({ now: NOW + 31_000, limit: 1, workerId: 'w2', claimTtlMs: MINUTE })).toHaveLength(1);
      });

      it('never stores an email address from the mail server reply', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['team']));
        await failOnce(store, false, NOW + 31_000);
        const [row] = await store.listUndelivered();
        expect(row?.lastError).toBe('451 4.3.0 Mailbox [email] temporarily unavailable');
      });

      it('marks a refused message failed and queues the alert in the same step', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['team']));
        const alert = { ...message('CSC-AAAA-0001', 'alert', 'alerts@example.gov.uk'), messageId: '<CSC-AAAA-0001.alert.team.1@x.example>' };
        expect(await failOnce(store, true, null, alert)).toEqual({ attempts: 1, failed: true, alerted: true });
        const rows = await store.listUndelivered();
        expect(rows.map((row) => [row.kind, row.status, row.failedAt])).toEqual([
          ['team', 'failed', NOW + 1000],
          ['alert', 'pending', null],
        ]);
        // The failed team message needs an operator; the oldest age is of the alert still being sent.
        expect(await store.outboxHealth(NOW + 2000)).toEqual({ depth: 2, failed: 1, failedNeedingAction: 1, oldestUndeliveredAgeMs: 1000 });
      });

      it('queues no alert for a failure that will be retried', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['team']));
        const alert = { ...message('CSC-AAAA-0001', 'alert', 'alerts@example.gov.uk'), messageId: '<CSC-AAAA-0001.alert.team.1@x.example>' };
        expect(await failOnce(store, false, NOW + 31_000, alert)).toEqual({ attempts: 1, failed: false, alerted: false });
        expect(await store.listUndelivered()).toHaveLength(1);
      });

      it('marks a message failed when its last attempt fails, whatever next time it is given', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['team']));
        let outcome;
        for (let n = 1; n <= MAX_DELIVERY_ATTEMPTS; n += 1) {
          const [claimed] = await store.claimMessages({ now: NOW + n * DAY, limit: 1, workerId: 'w1', claimTtlMs: MINUTE });
          outcome = await store.recordFailure(claimed!.id, { at: NOW + n * DAY, error: 'timeout', permanent: false, nextAttemptAt: NOW + n * DAY + 1 });
        }
        expect(outcome).toEqual({ attempts: MAX_DELIVERY_ATTEMPTS, failed: true, alerted: false });
      });
    });

    describe('outboxHealth', () => {
      it('counts a bounced acknowledgement as failed but not as needing an operator', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null));
        const [team, ack] = await store.claimMessages({ now: NOW, limit: 2, workerId: 'w', claimTtlMs: MINUTE });
        await store.recordDelivery(team!.id, { at: NOW, smtpResponse: '250 OK', messageId: team!.messageId });
        await store.recordFailure(ack!.id, { at: NOW, error: '550 no such user', permanent: true, nextAttemptAt: null });
        expect(await store.outboxHealth(NOW + DAY)).toEqual({ depth: 1, failed: 1, failedNeedingAction: 0, oldestUndeliveredAgeMs: null });
      });

      it('gives the age of the oldest message still being tried', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null));
        await store.submitCase({ ...submission('CSC-BBBB-0002', null), createdAt: NOW + MINUTE });
        expect(await store.outboxHealth(NOW + 10 * MINUTE)).toEqual({ depth: 4, failed: 0, failedNeedingAction: 0, oldestUndeliveredAgeMs: 10 * MINUTE });
      });
    });

    describe('requeue', () => {
      it('makes failed messages of a case due now with a fresh set of attempts', async () => {
        await store.submitCase(submission('CSC-AAAA-0001', null, ['team']));
        const [claimed] = await store.claimMessages({ now: NOW, limit: 1, workerId: 'w1', claimTtlMs: MINUTE });
        await store.recordFailure(claimed!.id, { at: NOW, error: '550 no such mailbox', permanent: true, nextAttemptAt: null });
        expect(await store.requeue('CSC-AAAA-0001', NOW + DAY)).toBe(1);
        const [row] = await store.listUndelivered();
        expect(row).toMatchObject({ status: 'pending', attempts: 0, failedAt: null, nextAttemptAt: NOW + DAY });
        expect(await store.claimMessages({ now: NOW + DAY, limit: 1, workerId: 'w1', claimTtlMs: MINUTE })).toHaveLength(1);
      });

      it('changes nothing for a reference with nothing waiting', async () => {
        expect(await store.requeue('CSC-NONE-0000', NOW)).toBe(0);
      });
    });

    describe('hitRateLimit', () => {
      it('counts hits within one window and starts again in the next', async () => {
        const window = 10 * MINUTE;
        const start = Math.floor(NOW / window) * window;
        expect(await store.hitRateLimit('ip:192.0.2.1', window, start)).toBe(1);
        expect(await store.hitRateLimit('ip:192.0.2.1', window, start + 1)).toBe(2);
        expect(await store.hitRateLimit('ip:192.0.2.1', window, start + window - 1)).toBe(3);
        expect(await store.hitRateLimit('ip:192.0.2.1', window, start + window)).toBe(1);
      });

      it('keeps keys and window lengths apart', async () => {
        await store.hitRateLimit('ip:192.0.2.1', MINUTE, NOW);
        expect(await store.hitRateLimit('ip:192.0.2.2', MINUTE, NOW)).toBe(1);
        expect(await store.hitRateLimit('ip:192.0.2.1', 60 * MINUTE, NOW)).toBe(1);
      });

      it('shares counts between instances', async () => {
        const second = await openAnother();
        await Promise.all([...Array(10)].map((_, n) => (n % 2 ? store : second).hitRateLimit('ip:192.0.2.9', MINUTE, NOW)));
        expect(await store.hitRateLimit('ip:192.0.2.9', MINUTE, NOW)).toBe(11);
      });

      it('stores no IP address', async () => {
        await store.hitRateLimit('ip:192.0.2.1', MINUTE, NOW);
        expect(JSON.stringify(await db.raw('SELECT * FROM rate_limits'))).not.toContain('192.0.2.1');
      });
    });

    describe('purge', () => {
      const deliverAll = async (s: Store, at: number) => {
        for (const m of await s.claimMessages({ now: at, limit: 100, workerId: 'w', claimTtlMs: MINUTE })) {
          await s.recordDelivery(m.id, { at, smtpResponse: '250 OK', messageId: m.messageId });
        }
      };

      it('removes the personal data of cases delivered longer ago than the retention period', async () => {
        await store.submitCase(submission('CSC-OLD0-0001', null));
        await deliverAll(store, NOW);
        await store.submitCase({ ...submission('CSC-NEW0-0002', null), createdAt: NOW + 20 * DAY });
        await deliverAll(store, NOW + 20 * DAY);
        const counts = await store.purge(NOW + 31 * DAY, { retentionMs: 30 * DAY });
        expect(counts).toMatchObject({ cases: 1, messages: 2 });
        const cases = await db.raw('SELECT reference, record FROM cases ORDER BY reference');
        expect(cases.map((row) => [row['reference'], row['record'] === null])).toEqual([
          ['CSC-NEW0-0002', false],
          ['CSC-OLD0-0001', true],
        ]);
        expect((await db.raw('SELECT reference FROM outbox')).map((row) => row['reference'])).toEqual(['CSC-NEW0-0002', 'CSC-NEW0-0002']);
      });

      it('keeps the reference of a purged case so it is never issued again', async () => {
        await store.submitCase(submission('CSC-OLD0-0001', null));
        await deliverAll(store, NOW);
        await store.purge(NOW + 31 * DAY, { retentionMs: 30 * DAY });
        expect(await store.referenceExists('CSC-OLD0-0001')).toBe(true);
        await expect(store.submitCase(submission('CSC-OLD0-0001', null))).rejects.toBeInstanceOf(ReferenceTakenError);
      });

      it('keeps a case whose team email never arrived', async () => {
        await store.submitCase(submission('CSC-FAIL-0001', null, ['team']));
        const [claimed] = await store.claimMessages({ now: NOW, limit: 1, workerId: 'w', claimTtlMs: MINUTE });
        await store.recordFailure(claimed!.id, { at: NOW, error: '550 rejected', permanent: true, nextAttemptAt: null });
        expect(await store.purge(NOW + 365 * DAY, { retentionMs: 30 * DAY })).toMatchObject({ cases: 0, messages: 0 });
        expect(await store.listUndelivered()).toHaveLength(1);
      });

      it('keeps a case while its acknowledgement is still being retried', async () => {
        await store.submitCase(submission('CSC-WAIT-0001', null));
        const [team, ack] = await store.claimMessages({ now: NOW, limit: 2, workerId: 'w', claimTtlMs: MINUTE });
        await store.recordDelivery(team!.id, { at: NOW, smtpResponse: '250 OK', messageId: team!.messageId });
        await store.recordFailure(ack!.id, { at: NOW, error: '421 try later', permanent: false, nextAttemptAt: NOW + 40 * DAY });
        expect(await store.purge(NOW + 31 * DAY, { retentionMs: 30 * DAY })).toMatchObject({ cases: 0 });
      });

      it('deletes expired sessions and keeps live ones', async () => {
        const expired = await store.createSession({ now: NOW, expiresAt: NOW + MINUTE });
        const live = await store.createSession({ now: NOW, expiresAt: NOW + 60 * MINUTE });
        expect(await store.purge(NOW + 2 * MINUTE, { retentionMs: 30 * DAY })).toMatchObject({ sessions: 1 });
        const ids = (await db.raw('SELECT id FROM sessions')).map((row) => row['id']);
        expect(ids).toEqual([live.id]);
        expect(ids).not.toContain(expired.id);
      });
    });

    describe('case figures', () => {
      const facts = (month: string) =>
        ({ version: 1, kind: 'feedback', month, weekday: 'monday', feedbackKind: 'compliment' }) satisfies CaseSubmission['figures'];

      it('writes the figures with the case, and nothing when the case is not written', async () => {
        await store.submitCase({ ...submission('CSC-FIG0-0001', null), figures: facts('2026-11') });
        await expect(store.submitCase({ ...submission('CSC-FIG0-0001', null), figures: facts('2026-12') })).rejects.toBeInstanceOf(ReferenceTakenError);
        expect(await store.listCaseFigures({ fromMonth: '2026-01', toMonth: '2027-12' })).toEqual([facts('2026-11')]);
      });

      it('lists the months asked for, both ends included', async () => {
        for (const [n, month] of ['2026-03', '2026-04', '2027-03', '2027-04'].entries()) {
          await store.submitCase({ ...submission(`CSC-FIG1-000${n}`, null), figures: facts(month) });
        }
        const listed = await store.listCaseFigures({ fromMonth: '2026-04', toMonth: '2027-03' });
        expect(listed.map((f) => f.month)).toEqual(['2026-04', '2027-03']);
      });

      // The cases table keeps every reference and its exact time after retention, so figures stored in
      // the order cases arrived could be matched back to them one by one. PostgreSQL's heap keeps
      // insertion order too; SQLite is checked here because its rowid would give that order away.
      it.runIf(name === 'SQLite')('keeps nothing that puts the figures in the order the cases arrived', async () => {
        const months = Array.from({ length: 24 }, (_, n) => `${2025 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`);
        for (const [n, month] of months.entries()) {
          await store.submitCase({ ...submission(`CSC-FIG3-${String(n).padStart(4, '0')}`, null), figures: facts(month) });
        }
        const stored = await db.raw('SELECT facts FROM case_figures');
        expect(stored.map((row) => (JSON.parse(String(row['facts'])) as { month: string }).month)).not.toEqual(months);
        await expect(db.raw('SELECT rowid FROM case_figures')).rejects.toThrow(/rowid/);
      });

      it('keeps no reference with the figures, and keeps them when retention deletes the case', async () => {
        await store.submitCase({ ...submission('CSC-FIG2-0001', null), figures: facts('2026-05') });
        for (const m of await store.claimMessages({ now: NOW, limit: 10, workerId: 'w', claimTtlMs: MINUTE })) {
          await store.recordDelivery(m.id, { at: NOW, smtpResponse: '250 OK', messageId: m.messageId });
        }
        expect(await store.purge(NOW + 365 * DAY, { retentionMs: 30 * DAY })).toMatchObject({ cases: 1 });
        const raw = JSON.stringify(await db.raw('SELECT * FROM case_figures'));
        expect(raw).not.toContain('CSC-FIG2-0001');
        expect(await store.listCaseFigures({ fromMonth: '2026-01', toMonth: '2026-12' })).toEqual([facts('2026-05')]);
      });
    });

    describe('encryption at rest', () => {
      const plaintexts = ['Jane Example', 'parent@example.com', 'social worker never calls back'];

      const writeEverything = async (s: Store) => {
        const session = await s.createSession({ now: NOW, expiresAt: NOW + 60 * MINUTE, data: { child: 'Jane Example' } });
        const other = await s.createSession({ now: NOW, expiresAt: NOW + 60 * MINUTE, data: { note: 'social worker never calls back' } });
        await s.submitCase(submission('CSC-ENC0-0001', session.id, ['team', 'acknowledgement', 'webhook']));
        return other;
      };
      const rawText = async () =>
        JSON.stringify([...(await db.raw('SELECT * FROM sessions')), ...(await db.raw('SELECT * FROM cases')), ...(await db.raw('SELECT * FROM outbox'))]);

      it('keeps names, addresses and answers out of the database rows when a key is set', async () => {
        const encrypted = await openAnother(KEY);
        const session = await writeEverything(encrypted);
        const raw = await rawText();
        for (const text of plaintexts) expect(raw).not.toContain(text);
        expect((await encrypted.getSession(session.id, NOW))?.data).toEqual({ note: 'social worker never calls back' });
        const [claimed] = await encrypted.claimMessages({ now: NOW, limit: 1, workerId: 'w', claimTtlMs: MINUTE });
        expect(claimed?.kind !== 'webhook' && claimed?.text).toContain('Jane Example');
      });

      it('stores them as plain JSON when no key is set', async () => {
        await writeEverything(store);
        const raw = await rawText();
        for (const text of plaintexts) expect(raw).toContain(text);
      });

      it('refuses to read encrypted rows without the key', async () => {
        const encrypted = await openAnother(KEY);
        const session = await writeEverything(encrypted);
        await expect(store.getSession(session.id, NOW)).rejects.toBeInstanceOf(StoredDataError);
        const wrongKey = await openAnother(Buffer.alloc(32, 9));
        await expect(wrongKey.getSession(session.id, NOW)).rejects.toBeInstanceOf(StoredDataError);
      });
    });

    describe('ping', () => {
      it('answers while open and not after close', async () => {
        const another = await createStore(db.config());
        expect(await another.ping()).toBe(true);
        await another.close();
        expect(await another.ping()).toBe(false);
      });
    });
  });
});

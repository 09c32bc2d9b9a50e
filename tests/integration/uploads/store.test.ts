import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type NewUpload, type Store, type StoreConfig } from '../../../src/server/store/index.ts';
import type { CaseSubmission } from '../../../src/server/store/types.ts';
import { complaintSummary } from '../../fixtures/case-summaries.ts';
import { PDF, PNG } from '../../fixtures/files.ts';
import { createTestSchema, postgresAvailable } from '../../helpers/postgres.ts';

const postgres = await postgresAvailable();

interface TestDatabase {
  config(encryptionKey?: Buffer): StoreConfig;
  /** The stored bytes of every file, as the database holds them. */
  storedContents(): Promise<Buffer[]>;
  drop(): Promise<void>;
}

const engines: { name: string; available: boolean; open: () => Promise<TestDatabase> }[] = [
  {
    name: 'SQLite',
    available: true,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'uploads-store-'));
      const path = join(dir, 'complaints.sqlite');
      return {
        config: (encryptionKey) => ({ database: { kind: 'sqlite', path }, encryptionKey }),
        async storedContents() {
          const db = new DatabaseSync(path, { readOnly: true });
          try {
            return db
              .prepare('SELECT content FROM uploads')
              .all()
              .map((row) => Buffer.from(row['content'] as Uint8Array));
          } finally {
            db.close();
          }
        },
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgres.ok,
    async open() {
      const schema = await createTestSchema('uploads');
      return {
        config: (encryptionKey) => ({ database: { kind: 'postgres', url: schema.url }, encryptionKey }),
        storedContents: async () => (await schema.query('SELECT content FROM uploads')).map((row) => Buffer.from(row['content'] as Buffer)),
        drop: () => schema.drop(),
      };
    },
  },
];

const NOW = Date.UTC(2026, 10, 30, 9, 30);
const DAY = 24 * 60 * 60 * 1000;
const KEY = Buffer.alloc(32, 9);
const LIMITS = { maxFiles: 3, maxTotalBytes: 1000 };

function upload(content: Buffer, name = 'letter.pdf', at = NOW): NewUpload {
  return {
    name,
    kind: name.endsWith('.png') ? 'png' : 'pdf',
    size: content.byteLength,
    sha256: createHash('sha256').update(content).digest('hex'),
    scan: 'clean',
    createdAt: at,
    content,
  };
}

function submission(reference: string, sessionId: string, uploadIds: string[]): CaseSubmission {
  return { sessionId, reference, kind: 'complaint', createdAt: NOW, summary: complaintSummary(reference), record: {}, messages: [], uploadIds };
}

describe.each(engines)('uploaded files on $name', ({ name, available, open }) => {
  describe.runIf(available)(`${name} database`, () => {
    let db: TestDatabase;
    let store: Store;

    beforeEach(async () => {
      db = await open();
      store = await createStore(db.config());
    });
    afterEach(async () => {
      await store.close();
      await db.drop();
    });

    it('keeps a file with its session and lists it without its bytes, oldest first', async () => {
      const session = await store.createSession({ now: NOW, expiresAt: NOW + DAY });
      await store.addUpload(session.id, upload(PDF, 'first.pdf', NOW), LIMITS);
      await store.addUpload(session.id, upload(PNG, 'second.png', NOW + 1), LIMITS);
      const files = await store.listUploads(session.id);
      expect(files.map((f) => [f.name, f.kind, f.size])).toEqual([
        ['first.pdf', 'pdf', PDF.byteLength],
        ['second.png', 'png', PNG.byteLength],
      ]);
      expect(files[0]).not.toHaveProperty('content');
    });

    it('refuses a file past the number of files or the total size, counting only this session', async () => {
      const session = await store.createSession({ now: NOW, expiresAt: NOW + DAY });
      const other = await store.createSession({ now: NOW, expiresAt: NOW + DAY });
      await store.addUpload(other.id, upload(Buffer.alloc(900, 'a')), LIMITS);
      for (let n = 0; n < 3; n++) expect((await store.addUpload(session.id, upload(Buffer.alloc(100, 'a')), LIMITS)).ok).toBe(true);
      expect(await store.addUpload(session.id, upload(Buffer.alloc(1, 'a')), LIMITS)).toEqual({ ok: false, code: 'too_many_files' });
      const roomy = { maxFiles: 10, maxTotalBytes: 1000 };
      expect(await store.addUpload(session.id, upload(Buffer.alloc(701, 'a')), roomy)).toEqual({ ok: false, code: 'total_too_large' });
      expect((await store.addUpload(session.id, upload(Buffer.alloc(700, 'a')), roomy)).ok).toBe(true);
    });

    it('lets two uploads at once past the limit only one at a time', async () => {
      const session = await store.createSession({ now: NOW, expiresAt: NOW + DAY });
      const results = await Promise.all([...Array(6)].map(() => store.addUpload(session.id, upload(Buffer.alloc(10, 'a')), LIMITS)));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(await store.listUploads(session.id)).toHaveLength(3);
    });

    it('removes only a file of this session', async () => {
      const session = await store.createSession({ now: NOW, expiresAt: NOW + DAY });
      const other = await store.createSession({ now: NOW, expiresAt: NOW + DAY });
      const added = await store.addUpload(session.id, upload(PDF), LIMITS);
      if (!added.ok) throw new Error('not added');
      expect(await store.removeUpload(other.id, added.id)).toBe(false);
      expect(await store.removeUpload(session.id, added.id)).toBe(true);
      expect(await store.listUploads(session.id)).toEqual([]);
    });

    it('moves the listed files to the case in the Send transaction and drops the rest', async () => {
      const session = await store.createSession({ now: NOW, expiresAt: NOW + DAY });
      const kept = await store.addUpload(session.id, upload(PDF, 'kept.pdf'), LIMITS);
      await store.addUpload(session.id, upload(PNG, 'dropped.png', NOW + 1), LIMITS);
      if (!kept.ok) throw new Error('not added');
      await store.submitCase(submission('CSC-AAAA-BBBB', session.id, [kept.id]));
      const files = await store.listCaseFiles('CSC-AAAA-BBBB');
      expect(files.map((f) => f.name)).toEqual(['kept.pdf']);
      expect(Buffer.from(files[0]!.content).equals(PDF)).toBe(true);
      expect(await store.listUploads(session.id)).toEqual([]);
      expect(await db.storedContents()).toHaveLength(1);
    });

    it('writes no case when a file it lists has gone, and keeps the session’s files', async () => {
      const session = await store.createSession({ now: NOW, expiresAt: NOW + DAY });
      const kept = await store.addUpload(session.id, upload(PDF), LIMITS);
      if (!kept.ok) throw new Error('not added');
      await expect(store.submitCase(submission('CSC-AAAA-CCCC', session.id, [kept.id, 'gone']))).rejects.toThrow(/no longer held/);
      expect(await store.referenceExists('CSC-AAAA-CCCC')).toBe(false);
      expect(await store.listUploads(session.id)).toHaveLength(1);
    });

    it('deletes a session’s files with the session (Exit this page)', async () => {
      const session = await store.createSession({ now: NOW, expiresAt: NOW + DAY });
      await store.addUpload(session.id, upload(PDF), LIMITS);
      await store.deleteSession(session.id);
      expect(await db.storedContents()).toEqual([]);
    });

    it('deletes an expired session’s files, and a case’s files with its personal data', async () => {
      const expiring = await store.createSession({ now: NOW, expiresAt: NOW + 1000 });
      await store.addUpload(expiring.id, upload(PDF), LIMITS);
      const sending = await store.createSession({ now: NOW, expiresAt: NOW + DAY });
      const sent = await store.addUpload(sending.id, upload(PNG, 'photo.png'), LIMITS);
      if (!sent.ok) throw new Error('not added');
      await store.submitCase(submission('CSC-AAAA-DDDD', sending.id, [sent.id]));
      await store.purge(NOW + 2000, { retentionMs: DAY });
      expect(await db.storedContents()).toHaveLength(1);
      // A case with no messages goes by age.
      await store.purge(NOW + 2 * DAY, { retentionMs: DAY });
      expect(await store.listCaseFiles('CSC-AAAA-DDDD')).toEqual([]);
      expect(await db.storedContents()).toEqual([]);
    });

    it('stores names and bytes encrypted under ENCRYPTION_KEY and reads them back', async () => {
      const sealed = await createStore(db.config(KEY));
      try {
        const session = await sealed.createSession({ now: NOW, expiresAt: NOW + DAY });
        const added = await sealed.addUpload(session.id, upload(PDF, 'care plan.pdf'), LIMITS);
        if (!added.ok) throw new Error('not added');
        const [stored] = await db.storedContents();
        expect(stored!.includes(Buffer.from('%PDF'))).toBe(false);
        expect((await sealed.listUploads(session.id))[0]?.name).toBe('care plan.pdf');
        await sealed.submitCase(submission('CSC-AAAA-EEEE', session.id, [added.id]));
        expect(Buffer.from((await sealed.listCaseFiles('CSC-AAAA-EEEE'))[0]!.content).equals(PDF)).toBe(true);
      } finally {
        await sealed.close();
      }
    });
  });
});

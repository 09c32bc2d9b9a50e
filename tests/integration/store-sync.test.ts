import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../src/server/store/crypto.ts';
import type { SqlEngine, SqlRunner, WriteOptions } from '../../src/server/store/engine.ts';
import { migrations } from '../../src/server/store/migrations.ts';
import { createSqlStore } from '../../src/server/store/sql-store.ts';
import { openSqliteEngine } from '../../src/server/store/sqlite.ts';
import type { Store } from '../../src/server/store/index.ts';
import { complaintSummary } from '../fixtures/case-summaries.ts';

interface Call {
  sql: string;
  sync: WriteOptions['sync'];
  inTransaction: boolean;
}

/** The engine as it is, noting every statement with the sync it asked for. */
function recording(engine: SqlEngine, calls: Call[]): SqlEngine {
  const note = (runner: SqlRunner, inTransaction: boolean): SqlRunner => ({
    all: (sql, params, options) => {
      calls.push({ sql: sql.replace(/\s+/g, ' ').trim(), sync: options?.sync, inTransaction });
      return runner.all(sql, params, options);
    },
    run: (sql, params, options) => {
      calls.push({ sql: sql.replace(/\s+/g, ' ').trim(), sync: options?.sync, inTransaction });
      return runner.run(sql, params, options);
    },
  });
  return { ...engine, ...note(engine, false), transaction: (fn) => engine.transaction((tx) => fn(note(tx, true))) };
}

const NOW = Date.UTC(2026, 10, 30, 10);
const HOUR = 3_600_000;

/**
 * Writes may skip waiting for the disk only where losing the last few to a power cut costs a
 * person nothing they were told is kept: an answer in progress (asked again) and a count of
 * posts. A Send, a saved form, a file, Exit this page and the outbox must each be synced first.
 */
describe('which writes the store syncs later', () => {
  let dir: string;
  let engine: SqlEngine;
  let calls: Call[];
  let store: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'store-sync-'));
    engine = openSqliteEngine(join(dir, 'complaints.sqlite'));
    await engine.migrate(migrations);
    calls = [];
    store = createSqlStore(recording(engine, calls), createFieldCipher(undefined));
  });

  afterEach(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs later only the session and rate-limit writes, and syncs every other write and every transaction before returning', async () => {
    const session = await store.createSession({ now: NOW, expiresAt: NOW + HOUR });
    await store.saveSessionData(session.id, { answers: { danger: { dangerNow: 'no' } } }, NOW + HOUR);
    await store.hitRateLimit('post:192.0.2.1', 60_000, NOW);
    await store.saveDraft({
      codeHash: 'a'.repeat(64),
      secretHash: 'scrypt$x',
      data: { answers: {} },
      createdAt: NOW,
      expiresAt: NOW + 28 * 24 * HOUR,
      sessionId: session.id,
    });
    await store.recordResumeFailure('a'.repeat(64), { now: NOW, maxFailures: 5, lockMs: HOUR });
    await store.clearResumeFailures('a'.repeat(64));
    const upload = await store.addUpload(
      session.id,
      { name: 'letter.txt', kind: 'txt', size: 5, sha256: 'b'.repeat(64), scan: 'clean', createdAt: NOW, content: new TextEncoder().encode('hello') },
      { maxFiles: 5, maxTotalBytes: 1_000_000 },
    );
    expect(upload.ok).toBe(true);
    await store.submitCase({
      sessionId: session.id,
      reference: 'CSC-2345-6789',
      kind: 'complaint',
      createdAt: NOW,
      summary: complaintSummary('CSC-2345-6789'),
      record: { child: { name: 'Jane Example' } },
      messages: [{ kind: 'webhook', messageId: 'CSC-2345-6789.complaint', body: '{}' }],
    });
    await store.deleteDraft('a'.repeat(64));
    const other = await store.createSession({ now: NOW, expiresAt: NOW + HOUR });
    await store.deleteSessionDrafts(other.id);
    await store.deleteSession(other.id);
    await store.purge(NOW + 400 * 24 * HOUR, { retentionMs: 365 * 24 * HOUR });

    const later = calls.filter((call) => call.sync === 'later');
    expect(later.map((call) => call.sql.split(' ').slice(0, 3).join(' '))).toEqual([
      'INSERT INTO sessions',
      'UPDATE sessions SET',
      'INSERT INTO rate_limits',
      'INSERT INTO sessions',
    ]);
    expect(later.every((call) => !call.inTransaction)).toBe(true);
    // Every other write was asked of the engine as it is (synced before it returns).
    const writes = calls.filter((call) => /^(INSERT|UPDATE|DELETE)\b/i.test(call.sql) && call.sync !== 'later');
    expect(writes.map((call) => call.sql.split(' ')[0]!.toUpperCase())).toEqual(expect.arrayContaining(['INSERT', 'UPDATE', 'DELETE']));
    expect(writes.filter((call) => /^(INSERT INTO sessions|UPDATE sessions SET data|INSERT INTO rate_limits)/.test(call.sql))).toEqual([]);
  });
});

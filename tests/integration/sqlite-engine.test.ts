import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../src/server/store/engine.ts';
import { StoreBusyError } from '../../src/server/store/errors.ts';
import { openSqliteEngine } from '../../src/server/store/sqlite.ts';

const WAIT_MS = 1_000;

/** How long the event loop went without a turn while `work` ran: a blocked loop shows as one long gap. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; stallMs: number; elapsedMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const [result] = await Promise.allSettled([work()]);
  clearInterval(ticker);
  return { result: result!, stallMs: Math.max(stallMs, performance.now() - last), elapsedMs: performance.now() - started };
}

describe('the SQLite engine while another connection holds the write lock', () => {
  let dir: string;
  let path: string;
  let engine: SqlEngine;
  let holder: DatabaseSync;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-engine-'));
    path = join(dir, 'test.sqlite');
    engine = openSqliteEngine(path, { waitMs: WAIT_MS });
    await engine.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    await engine.run("INSERT INTO notes (body) VALUES ('kept')");
    holder = new DatabaseSync(path);
    holder.exec('BEGIN EXCLUSIVE');
  });

  afterEach(async () => {
    if (holder.isOpen) holder.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads at once and without blocking the event loop', async () => {
    const { result, elapsedMs } = await longestStall(() => engine.all('SELECT body FROM notes'));
    expect(result).toEqual({ status: 'fulfilled', value: [{ body: 'kept' }] });
    expect(elapsedMs).toBeLessThan(WAIT_MS);
  });

  it('gives up on a write after the bound with StoreBusyError, the event loop turning all the while', async () => {
    const { result, stallMs, elapsedMs } = await longestStall(() => engine.run("INSERT INTO notes (body) VALUES ('new')"));
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreBusyError);
    expect(elapsedMs).toBeGreaterThanOrEqual(WAIT_MS - 50);
    // Before, the wait happened on this thread: one stall as long as the wait itself.
    expect(stallMs).toBeLessThan(WAIT_MS / 2);
  });

  it('bounds writes queued behind a waiting one by their own deadline, not the sum of the waits', async () => {
    const started = performance.now();
    const writes = await Promise.allSettled(Array.from({ length: 5 }, (_, n) => engine.run('INSERT INTO notes (body) VALUES (?)', [`w${n}`])));
    const elapsed = performance.now() - started;
    expect(writes.map((w) => w.status)).toEqual(Array(5).fill('rejected'));
    for (const write of writes) expect((write as PromiseRejectedResult).reason).toBeInstanceOf(StoreBusyError);
    expect(elapsed).toBeLessThan(WAIT_MS * 2);
  });

  it('rolls a transaction back when its lock cannot be had, and writes again once the lock is released', async () => {
    await expect(engine.transaction((tx) => tx.run("INSERT INTO notes (body) VALUES ('in a transaction')"))).rejects.toBeInstanceOf(StoreBusyError);
    holder.exec('COMMIT');
    holder.close();
    await engine.transaction((tx) => tx.run("INSERT INTO notes (body) VALUES ('after')"));
    expect(await engine.all('SELECT body FROM notes ORDER BY id')).toEqual([{ body: 'kept' }, { body: 'after' }]);
  });
});

describe('the SQLite engine after close', () => {
  it('refuses every request rather than opening the database again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqlite-engine-'));
    try {
      const engine = openSqliteEngine(join(dir, 'test.sqlite'));
      await engine.run('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
      await engine.close();
      await expect(engine.run('INSERT INTO notes DEFAULT VALUES')).rejects.toThrow(/closed/);
      expect(await engine.ping()).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the SQLite engine syncing writes', () => {
  let dir: string;
  let engine: SqlEngine;
  /** The writer connection's synchronous level while this statement runs: 2 is FULL, 1 is NORMAL. */
  const levelFor = async (runner: Pick<SqlEngine, 'all'>, options?: { sync: 'now' | 'later' }) =>
    Number((await runner.all('PRAGMA synchronous', [], options))[0]?.['synchronous']);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-engine-'));
    engine = openSqliteEngine(join(dir, 'test.sqlite'));
    await engine.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });

  afterEach(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs before returning unless a write asks to sync later, and goes back to syncing for the next', async () => {
    expect(await levelFor(engine)).toBe(2);
    expect(await levelFor(engine, { sync: 'later' })).toBe(1);
    expect(await levelFor(engine)).toBe(2);
    expect(await levelFor(engine, { sync: 'now' })).toBe(2);
  });

  it('commits every transaction synced, even one that follows writes synced later or asks for less inside', async () => {
    await engine.run("INSERT INTO notes (body) VALUES ('an answer')", [], { sync: 'later' });
    const inside = await engine.transaction(async (tx) => {
      await tx.run("INSERT INTO notes (body) VALUES ('a case')");
      return levelFor(tx, { sync: 'later' });
    });
    expect(inside).toBe(2);
    expect(await engine.all('SELECT body FROM notes ORDER BY id')).toEqual([{ body: 'an answer' }, { body: 'a case' }]);
  });

  it('syncs every write before returning where the database is not in WAL mode, as NORMAL could then corrupt it', async () => {
    const inMemory = openSqliteEngine(':memory:');
    try {
      expect(await levelFor(inMemory, { sync: 'later' })).toBe(2);
    } finally {
      await inMemory.close();
    }
  });

  it('shows a write synced later to every reader at once', async () => {
    await engine.run("INSERT INTO notes (body) VALUES ('an answer')", [], { sync: 'later' });
    const other = new DatabaseSync(join(dir, 'test.sqlite'), { readOnly: true });
    try {
      expect(other.prepare('SELECT body FROM notes').all()).toEqual([{ body: 'an answer' }]);
    } finally {
      other.close();
    }
  });
});

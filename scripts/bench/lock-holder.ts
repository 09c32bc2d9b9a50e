import { spawn } from 'node:child_process';

/**
 * Another process holding a SQLite database's write lock, as a backup, an `sqlite3` shell or the
 * outbox CLI would: for the bench and for the tests of what people meet meanwhile.
 */
export interface HeldLock {
  /** Settles once the holder has committed and exited. */
  released: Promise<void>;
}

/** Starts a process that takes the write lock of `path` for `holdMs`, resolving once it holds it. */
export async function holdWriteLock(path: string, holdMs: number): Promise<HeldLock> {
  const code = `
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(process.argv[1], { timeout: 10000 });
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('held\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const holder = spawn(process.execPath, ['-e', code, path, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => (chunk.toString().includes('held') ? resolve() : undefined));
    holder.once('exit', (exitCode) => reject(new Error(`The lock holder exited (${exitCode}) before it held the lock.`)));
  });
  return { released };
}

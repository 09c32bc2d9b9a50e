import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { TestSmtpServer } from '../helpers/smtp.ts';
import { exampleCouncil } from '../helpers/councils.ts';

/** What every system test shares: the example council's mail settings, temporary folders, the SQLite file and the mail counts. */

const council = exampleCouncil();

/** The Message-ID domain the service uses for the example council. */
export const MESSAGE_ID_DOMAIN = council.mail.messageIdDomain;

/** The complaints team's contacts, shown when a complaint could not be sent. */
export const COMPLAINTS_CONTACT = council.contacts.complaints;

/** The Message-IDs a parent's case with an acknowledgement owes: the team's email and the acknowledgement. */
export function expectedMessageIds(reference: string): { team: string; acknowledgement: string } {
  return {
    team: `<${reference}.team@${MESSAGE_ID_DOMAIN}>`,
    acknowledgement: `<${reference}.acknowledgement@${MESSAGE_ID_DOMAIN}>`,
  };
}

/** How often each Message-ID arrived. */
export function countMessageIds(smtp: TestSmtpServer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of smtp.received) {
    const id = mail.parsed.messageId ?? '(none)';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Copies beyond the first of every Message-ID. */
export function countDuplicates(counts: ReadonlyMap<string, number>): number {
  let duplicates = 0;
  for (const n of counts.values()) duplicates += Math.max(0, n - 1);
  return duplicates;
}

/**
 * A fresh folder for one service's DATA_DIR; `remove` deletes it. In memory (/dev/shm) where there
 * is one: SQLite syncs every commit to disk, which on this kind of machine makes a journey of
 * twenty posts take about half a second. A process that is killed loses nothing the kernel has
 * already accepted, in memory or on disk, so the crash test proves the same thing either way.
 */
export function createDataDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), `complaints-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Opens the service's SQLite database (DATA_DIR/complaints.sqlite) for a look at raw rows, and closes it after. */
export function withSqlite<T>(dataDir: string, fn: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(dataDir, 'complaints.sqlite'), { timeout: 5_000 });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** A random SESSION_SECRET shared by instances of one test. */
export function createSessionSecret(): string {
  return `system-test-${crypto.randomUUID()}-${crypto.randomUUID()}`;
}

/**
 * The environment of a production instance on a port chosen in advance: production requires
 * PUBLIC_URL, and the origin check compares posts with it.
 */
export function productionEnv(options: { port: number; dataDir: string; smtpUrl: string }): Record<string, string> {
  return {
    DATA_DIR: options.dataDir,
    NODE_ENV: 'production',
    PORT: String(options.port),
    PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    SMTP_URL: options.smtpUrl,
    SESSION_SECRET: createSessionSecret(),
    // Production needs a scanner address to start with uploads on; these journeys send no files,
    // so nothing connects to it (tests/system/uploads.test.ts runs a real clamd).
    CLAMAV_URL: 'tcp://127.0.0.1:9',
  };
}

/**
 * Every simulated person comes from 127.0.0.1, so the per-address limit on posts (120 a minute)
 * would stop the load these tests make; 0 turns it off.
 */
export const NO_RATE_LIMIT = { RATE_LIMIT_POSTS_PER_MINUTE: '0' } as const;

/** Prints one line with a scenario's figures, so a run's log shows them side by side. */
export function printFigures(scenario: string, figures: Record<string, number | string>): void {
  const text = Object.entries(figures)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  process.stdout.write(`[system] ${scenario}: ${text}\n`);
}

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  answerSteps,
  createHttpClient,
  createParentJourney,
  openPage,
  readConfirmation,
  readHiddenFields,
  REFERENCE_PATTERN,
  startJourney,
} from '../helpers/http-journey.ts';
import { postgresAvailable, testDatabaseUrl } from '../helpers/postgres.ts';
import { startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { toTelHref } from '../../src/domain/copy.ts';
import { COMPLAINTS_CONTACT, countMessageIds, createDataDir, expectedMessageIds, NO_RATE_LIMIT, printFigures, withSqlite } from './support.ts';

// On CI an unreachable PostgreSQL fails here; elsewhere it prints "PostgreSQL tests NOT run" and that case is skipped.
const postgres = await postgresAvailable();

/** A database the service writes to, and a way to make its writes fail for real and then work again. */
interface BreakableDatabase {
  env: Record<string, string>;
  /** Makes every write fail from now on; reads still work, so the person's session and answers are there. */
  breakWrites(): Promise<void>;
  restoreWrites(): Promise<void>;
  countCases(): Promise<number>;
  remove(): Promise<void>;
}

/**
 * PostgreSQL turned read-only, as after a failover to a standby or an operator's emergency switch:
 * new connections refuse every write ("cannot execute … in a read-only transaction"), and the
 * service's pooled connections are ended so it has to reconnect and meet the new setting.
 * A database of its own (not a schema), because the setting is per database.
 */
async function openReadOnlyPostgres(): Promise<BreakableDatabase> {
  const name = `complaints_system_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const endServiceConnections = async () => {
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    // The pool drops a connection when the server's "terminating connection" message arrives; let it.
    await new Promise((r) => setTimeout(r, 300));
  };
  const inDatabase = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    env: { DATABASE_URL: url.toString() },
    async breakWrites() {
      await admin.query(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
      await endServiceConnections();
    },
    async restoreWrites() {
      await admin.query(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
      await endServiceConnections();
    },
    countCases: () => inDatabase(async (client) => Number((await client.query('SELECT COUNT(*) AS n FROM cases')).rows[0]?.n)),
    async remove() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * SQLite whose write lock is held by another process (a backup, an operator's open session):
 * the service waits its busy timeout (5 s) for each write, then gets "database is locked".
 * Changing file permissions would not do: the service already has the files open, and the tests
 * run as root anyway.
 */
async function openLockedSqlite(dataDir: string): Promise<BreakableDatabase> {
  let holder: DatabaseSync | undefined;
  return {
    env: {},
    async breakWrites() {
      holder = new DatabaseSync(join(dataDir, 'complaints.sqlite'), { timeout: 10_000 });
      holder.exec('BEGIN IMMEDIATE');
    },
    async restoreWrites() {
      holder?.exec('ROLLBACK');
      holder?.close();
      holder = undefined;
    },
    countCases: async () => withSqlite(dataDir, (db) => Number(db.prepare('SELECT COUNT(*) AS n FROM cases').get()?.['n'])),
    async remove() {
      holder?.close();
    },
  };
}

const engines = [
  { engine: 'PostgreSQL turned read-only', available: postgres.ok, open: () => openReadOnlyPostgres() },
  { engine: 'SQLite locked by another process', available: true, open: (dataDir: string) => openLockedSqlite(dataDir) },
];

/** The limit on posts writes to the store on every post, so it meets the failure before the Send does. */
const rateLimits = [
  // The service as it runs for real.
  { limit: 'limit on posts at its default', env: {} },
  // Only the Send writes.
  { limit: 'limit on posts turned off', env: { ...NO_RATE_LIMIT } },
];

describe.each(engines)('Send when the database refuses writes: $engine', ({ engine, available, open }) => {
  let smtp: TestSmtpServer | undefined;
  let database: BreakableDatabase | undefined;
  let dataDir: ReturnType<typeof createDataDir> | undefined;
  let server: ServerProcess | undefined;

  afterEach(async () => {
    await stopAllServerProcesses();
    await database?.remove();
    await smtp?.stop();
    dataDir?.remove();
  });
  afterAll(stopAllServerProcesses);

  it.runIf(available).each(rateLimits)(
    'says the complaint has not been sent, sends nothing, and sends it once when tried again ($limit)',
    async ({ limit, env }) => {
      smtp = await startSmtpServer();
      dataDir = createDataDir('store-down');
      database = await open(dataDir.path);
      server = await startServerProcess({ env: { DATA_DIR: dataDir.path, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100', ...env, ...database.env } });
      const baseUrl = server.baseUrl;

      // A slow answer is expected while the service waits on the lock: allow for it.
      const http = createHttpClient({ timeoutMs: 45_000 });
      const script = createParentJourney({ fullName: 'Sam Stuck', email: 'sam.stuck@example.com' });
      await startJourney(http, baseUrl);
      await answerSteps(http, baseUrl, script.steps);
      const csrfToken = await openPage(http, baseUrl, '/complaint/check');

      await database.breakWrites();
      const refused = await http.post(baseUrl, '/complaint/check', { csrfToken, ...script.check });
      const emailsWhileDown = smtp.received.length;
      const casesWhileDown = await database.countCases();

      expect({ status: refused.status, heading: /<h1[^>]*>([^<]*)<\/h1>/.exec(refused.html)?.[1]?.trim() }).toEqual({
        status: 503,
        heading: 'Sorry, your complaint has not been sent',
      });
      expect(refused.html).toContain(`Phone: <a href="${toTelHref(COMPLAINTS_CONTACT.phone)}" class="govuk-link">${COMPLAINTS_CONTACT.phone}</a>`);
      expect(refused.html).toContain(`href="mailto:${COMPLAINTS_CONTACT.email}"`);
      expect(refused.html).toContain('Try sending again');
      expect(refused.html).not.toMatch(REFERENCE_PATTERN);
      expect(casesWhileDown).toBe(0);
      expect(emailsWhileDown).toBe(0);

      await database.restoreWrites();
      // "Try sending again" posts the form on that page: the same token and answers to check answers.
      const retry = await http.post(baseUrl, '/complaint/check', readHiddenFields(refused.html, '/complaint/check'));
      const retryErrors = [...retry.html.matchAll(/class="govuk-error-message"[^>]*>([\s\S]*?)<\/p>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
      expect(
        { status: retry.status, location: retry.location },
        `"Try sending again" posted ${JSON.stringify(readHiddenFields(refused.html, '/complaint/check'))} and got errors: ${retryErrors.join(' | ')}`,
      ).toEqual({
        status: 303,
        location: '/complaint/confirmation',
      });
      const reference = await readConfirmation(http, baseUrl);

      const ids = expectedMessageIds(reference);
      await waitFor(() => countMessageIds(smtp!).has(ids.team) && countMessageIds(smtp!).has(ids.acknowledgement), {
        timeoutMs: 15_000,
        describe: () => `the emails for ${reference}`,
      });
      await new Promise((r) => setTimeout(r, 500));
      const cases = await database.countCases();
      printFigures(`store down (${engine}, ${limit})`, {
        'Send status while down': refused.status,
        'cases while down': casesWhileDown,
        'emails while down': emailsWhileDown,
        'shown a reference after retry': 1,
        cases,
        delivered: smtp.received.length,
        duplicates: smtp.received.length - countMessageIds(smtp).size,
      });
      expect(cases).toBe(1);
      expect([...countMessageIds(smtp)].sort()).toEqual([
        [ids.acknowledgement, 1],
        [ids.team, 1],
      ]);
    },
  );
});

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { test as base } from '@playwright/test';
import type { AddressObject, ParsedMail } from 'mailparser';
import { SERVICE_VARIABLES_NOT_INHERITED } from './server-process.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './smtp.ts';

/**
 * The built service, as a person meets it: `node scripts/serve.mjs` on a free port with its own
 * data folder, sending real mail over SMTP to a server on loopback that keeps what it receives.
 * One per Playwright worker, shared by that worker's tests; each test tells its own complaint
 * apart by the reference or by the names it typed.
 */

/** One email as the SMTP server received it, parsed. */
export interface Mail {
  /** The From header as written, e.g. `Example Council complaints <no-reply@…>`. */
  from: string;
  /** Addresses in the To header. */
  to: string[];
  /** RCPT TO addresses. */
  recipients: string[];
  subject: string;
  messageId: string;
  /** Lower-case header names. */
  headers: ParsedMail['headers'];
  text: string;
  html: string;
  /** `content` as UTF-8 text, `bytes` exactly as received (for files). */
  attachments: { filename: string; contentType: string; content: string; bytes: Buffer }[];
  raw: string;
}

export interface Service {
  baseURL: string;
  dataDir: string;
  /** Every email received so far, oldest first. */
  readonly mails: Mail[];
  /** Resolves with the first email (received already or later) that matches, or fails after the timeout. */
  waitForMail(predicate: (mail: Mail) => boolean, timeoutMs?: number): Promise<Mail>;
  /** Rows from the service's SQLite database. */
  query(sql: string, ...params: SQLInputValue[]): Record<string, unknown>[];
  /** Changes the service's SQLite database; returns the number of rows changed. */
  execute(sql: string, ...params: SQLInputValue[]): number;
  /** What the server printed, for failure messages. */
  readonly output: string;
}

const repoRoot = resolve(import.meta.dirname, '../..');

/** Copies left behind by a run that was killed; a day old is long past any run still going. */
async function removeStaleCopies(cache: string): Promise<void> {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of await readdir(cache)) {
    if (!name.startsWith('complaints-e2e-')) continue;
    const path = join(cache, name);
    if ((await stat(path)).mtimeMs < dayAgo) await rm(path, { recursive: true, force: true });
  }
}

/**
 * Copies the build and its start script to a folder of this worker's own, inside node_modules so
 * the server still finds its packages. A rebuild while the tests run (in another terminal, say)
 * then cannot pull the stylesheet out from under a page half way through a journey.
 */
async function copyBuild(build?: string): Promise<string> {
  // E2E_DIST_DIR tests a build made elsewhere (`astro build --outDir …`); the default is the project's.
  const distDir = resolve(repoRoot, build ?? process.env['E2E_DIST_DIR'] ?? 'dist');
  if (!existsSync(join(distDir, 'server/entry.mjs'))) {
    throw new Error(`There is no build to test in ${distDir}: run \`npm run build\` first (npm run test:e2e does).`);
  }
  const cache = join(repoRoot, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  await removeStaleCopies(cache);
  const appDir = await mkdtemp(join(cache, 'complaints-e2e-'));
  await cp(distDir, join(appDir, 'dist'), { recursive: true });
  await mkdir(join(appDir, 'scripts'));
  for (const script of ['serve.mjs', 'check-node.mjs', 'static-files.mjs', 'unread-body.mjs'])
    await copyFile(join(repoRoot, 'scripts', script), join(appDir, 'scripts', script));
  return appDir;
}

const addresses = (header: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(header) ? header : header ? [header] : []).flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);

function toMail(received: ReceivedMail): Mail {
  const { parsed } = received;
  return {
    from: parsed.from?.text ?? '',
    to: addresses(parsed.to),
    recipients: received.recipients,
    subject: parsed.subject ?? '',
    messageId: parsed.messageId ?? '',
    headers: parsed.headers,
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? '',
      contentType: a.contentType,
      content: a.content.toString('utf8'),
      bytes: a.content,
    })),
    raw: received.raw,
  };
}

/** Starts the SMTP server and the built service; `stop` ends both and deletes the data folder. */
export async function startService(env: Record<string, string> = {}, options: { distDir?: string } = {}): Promise<Service & { stop(): Promise<void> }> {
  const appDir = await copyBuild(options.distDir);
  const smtp: TestSmtpServer = await startSmtpServer();
  const dataDir = await mkdtemp(join(tmpdir(), 'complaints-e2e-'));
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SERVICE_VARIABLES_NOT_INHERITED) delete childEnv[name];
  Object.assign(childEnv, {
    HOST: '127.0.0.1',
    // Port 0: the system picks a free port, and the server prints the one it got.
    PORT: '0',
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    OUTBOX_POLL_MS: '100',
    // Every test in a worker posts from 127.0.0.1, faster than any person could: the per-address
    // limit would turn later journeys away, and it is not what these tests are about.
    RATE_LIMIT_POSTS_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    ...env,
  });

  // The test runner itself runs on the Node.js 24 that npm put on the PATH; the server must too.
  const child: ChildProcess = spawn(process.execPath, [join(appDir, 'scripts/serve.mjs')], { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const baseURL = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`The service did not say "Ready on" within 30 seconds. It printed:\n${output}`)), 30_000);
    let ready = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const address = ready ? undefined : /Ready on (http:\/\/\S+?)\/?\s/.exec(output)?.[1];
      if (address) {
        ready = true;
        clearTimeout(timer);
        done(address);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`The service stopped (exit code ${code}) before it was ready. It printed:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await smtp.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(appDir, { recursive: true, force: true });
    throw error;
  });

  const databasePath = join(dataDir, 'complaints.sqlite');
  const withDatabase = <T>(fn: (db: DatabaseSync) => T): T => {
    const db = new DatabaseSync(databasePath, { timeout: 5_000 });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };

  const mails = () => smtp.received.map(toMail);

  return {
    baseURL,
    dataDir,
    get mails() {
      return mails();
    },
    get output() {
      return output;
    },
    async waitForMail(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails().find(predicate);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen =
            mails()
              .map((m) => `  ${m.to.join(', ')}: ${m.subject}`)
              .join('\n') || '  (none)';
          throw new Error(`No matching email within ${timeoutMs} ms. Received so far:\n${seen}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    query: (sql, ...params) => withDatabase((db) => db.prepare(sql).all(...params) as Record<string, unknown>[]),
    execute: (sql, ...params) => withDatabase((db) => Number(db.prepare(sql).run(...params).changes)),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await smtp.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(appDir, { recursive: true, force: true });
    },
  };
}

/**
 * Playwright's `test` with a `service` per worker; `baseURL` points at it, so `page.goto('/…')`
 * and `page.request` reach the service. A failed test gets what the server printed during it.
 */
export const test = base.extend<{ serviceOutput: void }, { service: Service }>({
  service: [
    async ({}, use) => {
      const service = await startService();
      try {
        await use(service);
      } finally {
        await service.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  baseURL: async ({ service }, use) => {
    await use(service.baseURL);
  },
  serviceOutput: [
    async ({ service }, use, testInfo) => {
      const from = service.output.length;
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('service output', { body: service.output.slice(from) || '(nothing)', contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';

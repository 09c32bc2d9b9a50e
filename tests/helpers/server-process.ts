import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The built service as real processes: `node scripts/serve.mjs` started with its own environment,
 * ready once it prints "Ready on …", killed outright (SIGKILL, as a crash or an OOM kill does) or
 * stopped gently, and started again with the same environment. Every process started here is
 * remembered until it has exited, so `stopAllServerProcesses` (and, as a last resort, the test
 * runner's exit) never leaves one behind, even when a test fails half-way.
 */

export const repoRoot = resolve(import.meta.dirname, '../..');
const entry = resolve(repoRoot, 'dist/server/entry.mjs');

/**
 * Variables that would change the service under test (database, mailboxes, council, wording,
 * address, limits): never inherited from the test runner. Each harness then sets its own.
 */
export const SERVICE_VARIABLES_NOT_INHERITED = [
  'DATABASE_URL',
  'ENCRYPTION_KEY',
  'COUNCIL',
  'COUNCIL_FILE',
  'LOCALE',
  'PUBLIC_URL',
  'MAIL_FROM',
  'COMPLAINTS_TEAM_EMAIL',
  'SAFEGUARDING_EMAIL',
  'ALERT_EMAIL',
  'SESSION_SECRET',
  'SESSION_TTL_MINUTES',
  'RETENTION_DAYS',
  'NODE_ENV',
  'PORT',
  'HOST',
  'DATA_DIR',
  'SMTP_URL',
  'OUTBOX_POLL_MS',
  'LOG_LEVEL',
  'RATE_LIMIT_POSTS_PER_MINUTE',
  'METRICS_TOKEN',
  'READY_MIN_FREE_MB',
];

/** Throws a clear message when the service has not been built, instead of a failure deep inside a test. */
export function assertServiceBuilt(): void {
  if (!existsSync(entry)) {
    throw new Error(`The built service is missing (${entry}). Run "npm run build" before "npm run test:system".`);
  }
}

export interface ServerProcess {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly baseUrl: string;
  readonly port: number;
  readonly pid: number;
  /** The environment the service was given (without what it inherited). */
  readonly env: Readonly<Record<string, string>>;
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code, or the signal that ended it; undefined while it runs. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** SIGKILL: no graceful stop, nothing flushed; resolves when the process has gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after a few seconds if it has not exited. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** The service's environment; HOST defaults to 127.0.0.1 and PORT to 0 (a free port). */
  env: Record<string, string>;
  readyTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
/** Processes a test ended on purpose, so their exit is not reported as a crash. */
const endedOnPurpose = new WeakSet<ChildProcess>();

process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts `node scripts/serve.mjs` and resolves once it prints "Ready on"; fails with everything it printed otherwise. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  assertServiceBuilt();
  const env: Record<string, string> = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...options.env };
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SERVICE_VARIABLES_NOT_INHERITED) delete childEnv[name];
  Object.assign(childEnv, env);

  // The test runner runs on the Node.js 24 that npm put first on the PATH; the server must too.
  const child = spawn(process.execPath, ['scripts/serve.mjs'], { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  let exit: ServerProcess['exit'];
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      live.delete(child);
      done();
    }),
  );
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

  let ended = false;
  const kill = async () => {
    ended = true;
    if (exit === undefined) child.kill('SIGKILL');
    await exited;
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const baseUrl = await new Promise<string>((done, fail) => {
    const printed = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
    const timer = setTimeout(() => fail(new Error(`The service did not say "Ready on" within ${readyTimeoutMs} ms.\n${printed()}`)), readyTimeoutMs);
    const onData = () => {
      const ready = /Ready on (http:\/\/\S+?)\/?\s/.exec(stdout);
      if (ready?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        done(ready[1]);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`The service stopped (${exit?.signal ?? `exit code ${exit?.code}`}) before it was ready.\n${printed()}`));
    });
  }).catch(async (error: unknown) => {
    await kill();
    throw error;
  });

  // A crash mid-test otherwise shows only as refused connections: say what the service last said.
  void exited.then(() => {
    if (!ended && !endedOnPurpose.has(child))
      process.stderr.write(
        `[system] the service at ${baseUrl} exited unexpectedly (${exit?.signal ?? `exit code ${exit?.code}`}); it last printed:\n${stderr.slice(-4000)}\n`,
      );
  });

  return {
    baseUrl,
    port: Number(new URL(baseUrl).port),
    pid: child.pid!,
    env,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    get exit() {
      return exit;
    },
    kill,
    async stop() {
      ended = true;
      if (exit !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A port nothing listens on now, for a server that must be told its address (PUBLIC_URL) before it starts. */
export async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('the probe server has no port');
  return address.port;
}

/** Starts the service again with the environment of an earlier process (which must have exited), on the same port. */
export function restartServerProcess(previous: ServerProcess, overrides: Record<string, string> = {}): Promise<ServerProcess> {
  if (previous.exit === undefined) throw new Error(`Process ${previous.pid} is still running; kill or stop it before restarting.`);
  return startServerProcess({ env: { ...previous.env, PORT: String(previous.port), ...overrides } });
}

/** Kills every service process still running; for afterAll, so a failed test leaves nothing behind. */
export async function stopAllServerProcesses(): Promise<void> {
  const running = [...live];
  await Promise.all(
    running.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          endedOnPurpose.add(child);
          child.kill('SIGKILL');
        }),
    ),
  );
}

const execFileAsync = promisify(execFile);

/**
 * Runs the operator's outbox command (`scripts/outbox.ts`, what `npm run outbox --` runs) with the
 * service's environment, so it reads the same database; resolves with its output and exit code.
 */
export async function runOutboxCli(env: Readonly<Record<string, string>>, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', NODE_NO_WARNINGS: '1', ...env };
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['scripts/outbox.ts', ...args], { cwd: repoRoot, env: childEnv, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

/** GET /health as JSON, with its status code. */
export async function readHealth(baseUrl: string): Promise<{ status: number; body: HealthBody }> {
  const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as HealthBody };
}

export interface HealthBody {
  status: 'ok' | 'degraded';
  store: { reachable: boolean };
  outbox: { depth: number | null; failed: number | null; oldestUndeliveredAgeSeconds: number | null };
}

/** Polls `check` every `intervalMs` until it returns true; throws with `describe()` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; describe: () => string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${options.timeoutMs} ms: ${options.describe()}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
}

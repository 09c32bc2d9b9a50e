import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every process and temporary folder the bench makes, and the means to end them all: after a normal
 * run, on Ctrl-C, on an error and, as a last resort, when the bench process exits. A benchmark that
 * leaves a server running would skew the next one and everyone else's tests on the machine.
 */

/** A process the bench started and waits on. */
export interface StartedProcess {
  readonly name: string;
  readonly pid: number;
  readonly baseUrl: string;
  /** Everything it printed, stdout and stderr interleaved. */
  readonly output: () => string;
  /** Resolves with how it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (a graceful stop, which lets --cpu-prof write its file), then SIGKILL if it lingers. */
  stop(graceMs?: number): Promise<void>;
}

const liveChildren = new Set<ChildProcess>();
/** Process groups of detached programs (Chromium and its helpers). */
const liveGroups = new Set<number>();
const tempDirs = new Set<string>();
const asyncCleanups = new Set<() => Promise<void>>();

/** Kills everything still running and removes temporary folders, synchronously (safe in an exit handler). */
export function killEverythingNow(): void {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  liveChildren.clear();
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  liveGroups.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Runs the registered graceful cleanups (bounded in time), then kills whatever is left. */
export async function cleanUpEverything(timeoutMs = 8_000): Promise<void> {
  const cleanups = [...asyncCleanups];
  asyncCleanups.clear();
  await Promise.race([Promise.allSettled(cleanups.map((cleanup) => cleanup())), new Promise((done) => setTimeout(done, timeoutMs).unref())]);
  killEverythingNow();
}

/** Registers a graceful cleanup (closing a browser, a server in this process); returns a function that unregisters it. */
export function registerCleanup(cleanup: () => Promise<void>): () => void {
  asyncCleanups.add(cleanup);
  return () => asyncCleanups.delete(cleanup);
}

/** Remembers a detached program's process group so that it is killed with everything else. */
export function registerProcessGroup(pgid: number): () => void {
  liveGroups.add(pgid);
  return () => liveGroups.delete(pgid);
}

/** Installs the handlers that end every started process on Ctrl-C, SIGTERM and exit. */
export function installCleanupHandlers(onInterrupt: (signal: NodeJS.Signals) => void): void {
  process.once('exit', killEverythingNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => onInterrupt(signal));
  }
}

/** A new empty folder under the system's temporary directory, removed at the end of the run. */
export function createTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** A port that was free a moment ago on 127.0.0.1 (the server is told it before it starts, so start-up can be timed from outside). */
export async function findFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** One GET on a fresh connection; resolves with the status, or undefined when nothing answers yet. */
function probeStatus(url: string): Promise<number | undefined> {
  return new Promise((done) => {
    const request = http.get(url, { agent: false, timeout: 2_000 }, (response) => {
      response.resume();
      response.once('end', () => done(response.statusCode));
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => done(undefined));
  });
}

export interface StartOptions {
  name: string;
  /** Script to run with this Node.js, relative to `cwd`. */
  script: string;
  cwd: string;
  /** The child's whole environment (nothing is inherited that is not listed). */
  env: Record<string, string>;
  port: number;
  /** Node.js options before the script, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Polled until it answers 200. */
  readyPath: string;
  timeoutMs?: number;
}

/** Spawns a server and resolves once `readyPath` answers 200, with the time that took from the spawn. */
export async function startProcess(options: StartOptions): Promise<{ process: StartedProcess; startupMs: number }> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    // A server that logs on every request under load would otherwise fill the memory of the bench.
    if (output.length < 200_000) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      liveChildren.delete(child);
      done(ended);
    });
  });
  const stop = async (graceMs = 6_000) => {
    if (ended !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const handle: StartedProcess = {
    name: options.name,
    pid: child.pid ?? -1,
    baseUrl,
    output: () => output,
    exited,
    stop,
  };

  const timeoutMs = options.timeoutMs ?? 30_000;
  for (;;) {
    if (ended !== undefined) {
      throw new Error(`${options.name} stopped (${ended.signal ?? `exit code ${ended.code}`}) before it answered ${options.readyPath}.\n${output}`);
    }
    const status = await probeStatus(baseUrl + options.readyPath);
    if (status === 200) return { process: handle, startupMs: performance.now() - started };
    if (performance.now() - started > timeoutMs) {
      await stop(1_000);
      throw new Error(`${options.name} did not answer 200 on ${options.readyPath} within ${timeoutMs} ms.\n${output}`);
    }
    await new Promise((done) => setTimeout(done, status === undefined ? 5 : 20));
  }
}

/** Resident memory of a process in kB (VmRSS), or undefined once it has gone. */
export function readRssKb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** CPU time a process has used so far (user + system), in milliseconds; Linux counts it in 1/100 s. */
export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and brackets: fields are counted after its closing bracket.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** What one process did while a load ran: memory peak and mean, CPU time used. */
export interface ProcessUsage {
  rssPeakKb: number;
  rssMeanKb: number;
  cpuMs: number;
}

/** Samples a process's memory every `intervalMs` until stopped; CPU time is the difference between start and stop. */
export function watchProcess(pid: number, intervalMs = 100): { stop(): ProcessUsage } {
  const cpuStart = readCpuMs(pid) ?? 0;
  const samples: number[] = [];
  const sample = () => {
    const rss = readRssKb(pid);
    if (rss !== undefined) samples.push(rss);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const cpuEnd = readCpuMs(pid) ?? cpuStart;
      return {
        rssPeakKb: samples.length === 0 ? 0 : Math.max(...samples),
        rssMeanKb: samples.length === 0 ? 0 : Math.round(samples.reduce((a, b) => a + b, 0) / samples.length),
        cpuMs: cpuEnd - cpuStart,
      };
    },
  };
}

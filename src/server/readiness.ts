import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { toStoreErrorCause, type StoreErrorCause } from './store/error-cause.ts';
import type { Store } from './store/index.ts';

/**
 * What GET /health/ready reports: whether this instance can take a complaint now. /health says
 * whether the store answers a read; a full disk or a read-only database still answers reads while
 * every Send fails, so readiness makes a real write and looks at the free space. Counts and causes
 * only, never a reference or anything about a person.
 */
export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  /** The checks that failed, in the order of `checks`; empty when ready. */
  failed: ('store' | 'disk')[];
  checks: {
    store: { ok: boolean; ms: number; error?: StoreErrorCause };
    disk: { ok: boolean; freeMb: number | null; minFreeMb: number; error?: 'timeout' | 'unreadable' };
  };
}

export interface ReadinessOptions {
  /** Where the service writes files: the SQLite database, development mail, the session secret. */
  dataDir: string;
  /** Below this much free space under `dataDir` the instance is not ready. */
  minFreeMb: number;
  /** Each check gives up after this long and counts as failed. */
  timeoutMs?: number;
  clock?: () => number;
}

/**
 * A load balancer waits a few seconds for a probe (AWS ALB: 5 s by default); answering "not
 * ready" in time is better than being dropped for a timeout. Shorter than the store's own 5 s
 * bound on a write, so a database locked by another process is reported as a timeout in time.
 */
export const READY_TIMEOUT_MS = 3_000;

const TIMED_OUT = Symbol('timed out');
const MB = 1024 * 1024;

/**
 * Creates the readiness check; never throws. Requests that arrive while a check runs share it, and
 * a store write still in flight (a probe that timed out behind a lock) is waited on again rather
 * than joined by another, so a struggling database is never sent more than one probe at a time.
 */
export function createReadinessCheck(store: Store, options: ReadinessOptions): () => Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? READY_TIMEOUT_MS;
  const clock = options.clock ?? Date.now;
  let writing: Promise<StoreErrorCause | undefined> | undefined;
  let checking: Promise<ReadinessReport> | undefined;

  const probeStore = () => {
    writing ??= store
      .probeWrite(clock(), { timeoutMs })
      .then(
        () => undefined,
        (error: unknown) => toStoreErrorCause(error),
      )
      .finally(() => {
        writing = undefined;
      });
    return writing;
  };

  const check = async (): Promise<ReadinessReport> => {
    const started = performance.now();
    const [write, free] = await Promise.all([withTimeout(probeStore(), timeoutMs), withTimeout(freeBytesUnder(options.dataDir), timeoutMs)]);
    const storeCheck: ReadinessReport['checks']['store'] =
      write === TIMED_OUT
        ? { ok: false, ms: Math.round(performance.now() - started), error: 'timeout' }
        : { ok: write === undefined, ms: Math.round(performance.now() - started), ...(write === undefined ? {} : { error: write }) };
    const freeMb = typeof free === 'number' ? Math.floor(free / MB) : null;
    const diskCheck: ReadinessReport['checks']['disk'] = {
      ok: freeMb !== null && freeMb >= options.minFreeMb,
      freeMb,
      minFreeMb: options.minFreeMb,
      ...(free === TIMED_OUT ? { error: 'timeout' as const } : free === undefined ? { error: 'unreadable' as const } : {}),
    };
    const failed = [...(storeCheck.ok ? [] : ['store' as const]), ...(diskCheck.ok ? [] : ['disk' as const])];
    return { status: failed.length === 0 ? 'ready' : 'not_ready', failed, checks: { store: storeCheck, disk: diskCheck } };
  };

  return () => {
    checking ??= check().finally(() => {
      checking = undefined;
    });
    return checking;
  };
}

/**
 * Bytes an ordinary process may still write on the filesystem holding `dir` (root's reserve left
 * out); undefined when it cannot be read. A DATA_DIR not made yet (PostgreSQL with SESSION_SECRET
 * set) is measured where it would be made.
 */
async function freeBytesUnder(dir: string): Promise<number | undefined> {
  for (let path = dir; ; path = dirname(path)) {
    try {
      const stats = await statfs(path);
      return stats.bavail * stats.bsize;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) return undefined;
    }
  }
}

/**
 * `work`, or TIMED_OUT after `ms`. A timer that fires late because the event loop was blocked
 * (node:sqlite waiting for a lock) waits one more turn, so I/O that finished meanwhile, such as the
 * disk check, is read rather than reported as timed out.
 */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => setImmediate(() => resolve(TIMED_OUT)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import { holdWriteLock } from './lock-holder.ts';

/**
 * What people feel while another process (a backup, an `sqlite3` shell, the outbox CLI) holds
 * the SQLite database's write lock: how fast a page that does not write still answers, and how
 * long a Continue (a write) waits before it is told the service is busy.
 */

export interface HeldLockFigures {
  holdMs: number;
  /** Time to the whole answer of /help, requested every 100 ms while the lock is held. */
  helpMs: number[];
  /** A question page that only reads the session. */
  questionMs: number;
  questionStatus: number;
  /** Continue on a question: a write that cannot happen while the lock is held. */
  continueMs: number;
  continueStatus: number;
}

const HOLD_MS = 8_000;

/** A session with a CSRF token, made through the journey's own start. */
async function openSession(baseUrl: string): Promise<{ cookie: string; token: string }> {
  const start = await fetch(`${baseUrl}/complaint/start`, { redirect: 'manual' });
  const cookie = start.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const page = await (await fetch(`${baseUrl}/complaint/danger`, { headers: { cookie } })).text();
  const token = /name="csrfToken" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('The question page had no CSRF token; the held-lock measure cannot post.');
  return { cookie, token };
}

async function timed(request: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await request();
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

/** Holds the write lock from another process for a few seconds and measures pages meanwhile. */
export async function measureHeldLock(baseUrl: string, databasePath: string): Promise<HeldLockFigures> {
  const { cookie, token } = await openSession(baseUrl);
  const lock = await holdWriteLock(databasePath, HOLD_MS);
  const heldAt = performance.now();

  const helpMs: number[] = [];
  const helpLoop = (async () => {
    while (performance.now() - heldAt < HOLD_MS - 1_500) {
      helpMs.push((await timed(() => fetch(`${baseUrl}/help`))).ms);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const question = timed(() => fetch(`${baseUrl}/complaint/danger`, { headers: { cookie } }));
  const answer = timed(() =>
    fetch(`${baseUrl}/complaint/danger`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: token, dangerNow: 'no' }).toString(),
    }),
  );
  const [questionResult, answerResult] = await Promise.all([question, answer, helpLoop]);
  await lock.released;
  return {
    holdMs: HOLD_MS,
    helpMs,
    questionMs: questionResult.ms,
    questionStatus: questionResult.status,
    continueMs: answerResult.ms,
    continueStatus: answerResult.status,
  };
}

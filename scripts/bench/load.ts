import autocannon, { type Result } from 'autocannon';
import type { ReadySession } from './journey.ts';
import { watchProcess, type ProcessUsage } from './processes.ts';

/** One load run against one server, with what the server process used meanwhile. */
export interface LoadFigures {
  connections: number;
  /** Responses received. */
  requests: number;
  durationS: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses other than 2xx and 3xx. */
  badResponses: number;
  statuses: Record<string, number>;
  server: ProcessUsage;
  /** Server CPU time per response: steadier than requests/s on a busy machine. */
  cpuMsPerRequest: number;
}

// autocannon notices the end of a run only when it next takes a sample (every second by default),
// which would add up to a second of idle time to every run.
const SAMPLE_MS = 20;

/** What a browser sends with every request here. */
const BROWSER_HEADERS = { 'accept-encoding': 'br, gzip', accept: 'text/html,application/xhtml+xml' };

/** What a browser sends with a form post: the page's origin (the service refuses a post without it) and the session cookie. */
const toPostHeaders = (baseUrl: string, cookie: string) => ({
  ...BROWSER_HEADERS,
  'content-type': 'application/x-www-form-urlencoded',
  origin: baseUrl,
  cookie,
});

// autocannon reports its duration in whole seconds, too coarse for a short run: the bench times each run itself.
const toFigures = (result: Result, connections: number, server: ProcessUsage, seconds: number): LoadFigures => {
  const requests = result.requests.total;
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) statuses[status] = Number(count);
  return {
    connections,
    requests,
    durationS: seconds,
    requestsPerSecond: seconds > 0 ? requests / seconds : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.average,
    errors: result.errors,
    badResponses: result['1xx'] + result['4xx'] + result['5xx'],
    statuses,
    server,
    cpuMsPerRequest: requests > 0 ? server.cpuMs / requests : 0,
  };
};

/** GETs one path for `durationS` seconds over `connections` keep-alive connections, as a browser asks for it. */
export async function runGetLoad(options: {
  baseUrl: string;
  path: string;
  cookie?: string;
  connections: number;
  durationS: number;
  serverPid: number;
}): Promise<LoadFigures> {
  const watch = watchProcess(options.serverPid);
  const started = performance.now();
  const result = await autocannon({
    url: options.baseUrl + options.path,
    connections: options.connections,
    duration: options.durationS,
    sampleInt: SAMPLE_MS,
    headers: { ...BROWSER_HEADERS, ...(options.cookie === undefined ? {} : { cookie: options.cookie }) },
  });
  return toFigures(result, options.connections, watch.stop(), (performance.now() - started) / 1000);
}

/** A session standing on a question page, and the answer to post there (its CSRF token included). */
export interface AnswerSession {
  cookie: string;
  /** The form body, application/x-www-form-urlencoded. */
  body: string;
}

/**
 * Posts a valid answer to one question page for `durationS` seconds over `connections`
 * connections, taking the sessions in turn, as people answering the same question at once would.
 * Each answer should be redirected to the next page (303 on the service, 302 on the peer).
 */
export async function runAnswerLoad(options: {
  baseUrl: string;
  path: string;
  sessions: readonly AnswerSession[];
  connections: number;
  durationS: number;
  serverPid: number;
}): Promise<LoadFigures> {
  if (options.sessions.length === 0) throw new Error('No sessions to answer with');
  let next = 0;
  const watch = watchProcess(options.serverPid);
  const started = performance.now();
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.durationS,
    sampleInt: SAMPLE_MS,
    requests: [
      {
        method: 'POST',
        path: options.path,
        setupRequest: (request) => {
          const session = options.sessions[next % options.sessions.length]!;
          next += 1;
          return { ...request, headers: toPostHeaders(options.baseUrl, session.cookie), body: session.body };
        },
      },
    ],
  });
  return toFigures(result, options.connections, watch.stop(), (performance.now() - started) / 1000);
}

/**
 * Presses Send once for each ready session, `connections` at a time. autocannon builds each
 * connection's next request before it is needed, so it is given `connections` fewer requests
 * than there are sessions: no session is ever sent twice (a second Send would only show the same
 * reference again and flatter the figure).
 */
export async function runSendLoad(options: {
  baseUrl: string;
  sessions: readonly ReadySession[];
  connections: number;
  serverPid: number;
}): Promise<LoadFigures & { attempted: number }> {
  const amount = options.sessions.length - options.connections;
  if (amount < options.connections) {
    throw new Error(`Only ${options.sessions.length} sessions are ready: too few for ${options.connections} connections`);
  }
  let next = 0;
  const watch = watchProcess(options.serverPid);
  const started = performance.now();
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    amount,
    sampleInt: SAMPLE_MS,
    requests: [
      {
        method: 'POST',
        path: '/complaint/check',
        setupRequest: (request) => {
          const session = options.sessions[next];
          next += 1;
          if (session === undefined) throw new Error('More Sends were built than sessions prepared');
          return { ...request, headers: toPostHeaders(options.baseUrl, session.cookie), body: session.body };
        },
      },
    ],
  });
  return { ...toFigures(result, options.connections, watch.stop(), (performance.now() - started) / 1000), attempted: amount };
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_FORM_BYTES } from '../http.ts';
import { checkRequest, withSecurityHeaders, type CheckedRequest } from '../request-checks.ts';
import { getRuntime } from '../runtime.ts';
import { SESSION_COOKIE } from '../session.ts';
import { handleJourneyPage, type StepOutcome } from './handlers.ts';
import { journeys } from './registry.ts';
import { isStepRoutePage, STEP_ROUTE, stepRedirect } from './step-route.ts';

/**
 * Answers to a journey's questions, taken by the server before Astro sees them. Most end in a
 * redirect to the next question, and Astro's handling of a request (a WHATWG Request built from
 * Node's, routing, its render context, the Response written back) cost about as much again as the
 * answer itself: 0.37 against 0.19 ms of CPU an answer in paired runs. The same checks
 * (request-checks.ts) and the same journey engine (handleJourneyPage) run here; only the redirect
 * is written here. Anything else (a refusal, a page with errors, a store that cannot be asked, a
 * failure) is handed to Astro with what was found, so the middleware renders it as it would have
 * and nothing is checked, counted or logged twice.
 *
 * scripts/serve.mjs takes it through JOURNEY_POSTS_EVENT; `astro dev` and the tests that do not
 * start the server run every answer through the middleware, with the same outcome.
 */

export const JOURNEY_POSTS_EVENT = 'complaints:journey-posts';

/** What the middleware is handed with a request taken here (Locals.handedOver in env.d.ts). */
export interface HandedOver {
  /** What the checks found; absent when they did not finish. */
  checked?: CheckedRequest;
  /** The journey page's outcome, when the engine ran. */
  outcome?: StepOutcome;
  /** What went wrong, for the middleware to answer as it answers any failure (the busy or 500 page). */
  error?: unknown;
}

/** Hands a request to Astro, with locals to start from. */
export type HandOver = (locals?: Partial<App.Locals>) => void;

/** `/<journey>/<page>` with an optional query, as the step route's addresses are written. */
const STEP_ADDRESS = /^\/([a-z0-9-]+)\/([a-z0-9-]+)(?:\?.*)?$/;

/**
 * The body of a form post, read through the reader scripts/unread-body.mjs gives the app, up to
 * one byte more than any form takes: the engine then refuses it as too large, as it would
 * refuse it from Astro, and the rest is drained after the answer. Read whole rather than streamed
 * into the Request, which costs more than the small form it carries.
 */
async function readFormBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const reader = (req as IncomingMessage & { body?: AsyncIterable<Uint8Array> }).body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for await (const chunk of reader) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_FORM_BYTES) break;
    }
  }
  const body = new Uint8Array(Math.min(size, MAX_FORM_BYTES + 1));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk.subarray(0, body.length - offset), offset);
    offset += chunk.length;
    if (offset >= body.length) break;
  }
  return body;
}

/** The session cookie's value as Astro's cookies would read it: the first of that name, decoded. */
function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).replace(/^[ \t]+|[ \t]+$/g, '') !== name) continue;
    // An empty value is no cookie, as Astro's cookies.get has it.
    const raw = pair.slice(eq + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (raw === '') return undefined;
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** `http://<Host>`, as Astro builds a request's URL, or undefined when there is no usable Host header. */
function originOfHost(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  // A Host with a path, a query or credentials in it is left to Astro, which reads it with the path.
  if (!host || /[/?#@\\]/.test(host)) return undefined;
  const protocol = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  try {
    const { origin } = new URL(`${protocol}://${host}`);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * Takes a form post to a journey's question, page between questions or stop page, and answers it
 * or hands it to Astro (`handOver`). Returns false, having done nothing, for any other request.
 */
export function answerJourneyPost(req: IncomingMessage, res: ServerResponse, handOver: HandOver): boolean {
  const page = journeyPostPage(req.method, req.headers['content-type'], req.url);
  if (page === undefined) return false;
  const started = { requestStartedAt: performance.now(), requestId: randomUUID() };
  answer(req, res, handOver, { ...started, page }).catch((error: unknown) => {
    // Nothing here may leave a person without an answer: what failed is answered as any failure is.
    if (res.writableEnded) return;
    if (res.headersSent) res.destroy();
    else handOver({ ...started, handedOver: { error } });
  });
  return true;
}

/** The journey page a request is a form post to, when it is one this path takes. */
export function journeyPostPage(method: string | undefined, contentType: string | undefined, url: string | undefined): string | undefined {
  if (method !== 'POST' || !/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) return undefined;
  const address = STEP_ADDRESS.exec(url ?? '');
  const journey = address && journeys.byPath(address[1]!);
  return journey && isStepRoutePage(journey, address[2]!) ? address[2] : undefined;
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  handOver: HandOver,
  { requestStartedAt, requestId, page }: { requestStartedAt: number; requestId: string; page: string },
): Promise<void> {
  const runtime = await getRuntime();
  // Without PUBLIC_URL (in development) the page's origin is the Host header's, as Astro reads it.
  const origin = runtime.config.publicOrigin ?? originOfHost(req);
  if (origin === undefined) return handOver();
  const url = new URL(req.url ?? '/', origin);
  const journey = journeys.byPath(url.pathname.split('/')[1] ?? '')!;
  const locals = { requestStartedAt, requestId };

  // A failure in the checks themselves goes to the caller, which hands it over with nothing found.
  const checked = await checkRequest(
    runtime,
    {
      method: 'POST',
      path: url.pathname,
      header: (name) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      },
      clientAddress: () => req.socket.remoteAddress ?? '',
      cookie: readCookie(req.headers.cookie, SESSION_COOKIE),
      requestId,
    },
    { readsSession: true, ownOrigin: origin },
  );
  if (checked.refusal) return handOver({ ...locals, handedOver: { checked } });

  let outcome: StepOutcome;
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const request = new Request(url, { method: 'POST', headers, body: await readFormBody(req) });
    outcome = await handleJourneyPage({
      journey,
      page,
      locals: { runtime, session: checked.session, sessionExpired: checked.sessionExpired },
      request,
      url,
      now: new Date(),
    });
  } catch (error) {
    return handOver({ ...locals, handedOver: { checked, error } });
  }
  if (outcome.kind !== 'redirect') return handOver({ ...locals, handedOver: { checked, outcome } });

  const response = withSecurityHeaders(stepRedirect(outcome.location), runtime, requestId);
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.end();
  try {
    runtime.metrics.observeRequest({ route: STEP_ROUTE, method: 'POST', status: response.status, seconds: (performance.now() - requestStartedAt) / 1000 });
  } catch (error) {
    // The answer is sent: a metric that could not be kept must not touch it.
    runtime.log.warn('request not measured', { requestId, error });
  }
}

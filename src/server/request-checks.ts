import { MAX_FORM_BYTES } from './http.ts';
import { journeys } from './journeys/registry.ts';
import { isUploadPost } from './journeys/uploads.ts';
import type { Runtime } from './runtime.ts';
import { parseSessionCookieValue } from './session.ts';
import { StoredDataError } from './store/crypto.ts';
import { TRANSIENT_RETRY_DELAY_MS } from './store/error-cause.ts';
import type { SessionRecord } from './store/types.ts';

/**
 * What every request passes before its page: the session read (with the busy page when the store
 * cannot be asked), and the refusals of a post from another site, one larger than any form, or one
 * too many from one address. The middleware runs them for every request; the server's path for
 * journey answers (journey-posts.ts) runs the same, once, and hands what it found to the
 * middleware when the page is Astro's to render.
 */

/** Directives Astro's hash-based policy does not carry (it sends script-src and style-src). */
const EXTRA_CSP = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Sent on every response the service makes; scripts/serve.mjs adds them to static files too. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const RATE_WINDOW_MS = 60_000;
/** Pages a refusal is rewritten to: the rewrite runs the middleware again and must not refuse twice. */
const REFUSAL_PAGES = new Set(['/too-large', '/too-many-attempts', '/cross-site', '/busy', '/method-not-allowed', '/500']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** How long a post waits for the rate-limit count before carrying on without it. */
const RATE_LIMIT_WAIT_MS = 250;

/** Tries at reading a session before the person is told the service is busy. */
const SESSION_READ_ATTEMPTS = 3;

/** The page a request is refused with. */
export type RefusalPage = '/busy' | '/cross-site' | '/too-large' | '/too-many-attempts';

/** What the checks need of a request, whichever server object carries it. */
export interface RequestHead {
  method: string;
  path: string;
  header(name: string): string | null | undefined;
  /** Asked only when a post is counted against the rate limit. */
  clientAddress(): string;
  /** The session cookie's value, if one came. */
  cookie: string | undefined;
  requestId: string;
}

/** What the checks leave for the page: the middleware's locals of the same names. */
export interface CheckedRequest {
  session: SessionRecord | undefined;
  sessionExpired: boolean;
  storeUnavailable: boolean;
  refusal: RefusalPage | undefined;
}

async function isOverRateLimit(runtime: Runtime, clientAddress: string): Promise<boolean> {
  const limit = runtime.config.rateLimit.postsPerMinute;
  if (limit === 0) return false;
  try {
    // Counting must not make a person wait: while the store is slow (a lock held elsewhere) the
    // count is given up after a moment, so the post's own write gets the whole of the store's
    // bound rather than what is left after this one.
    const count = await Promise.race([
      runtime.store.hitRateLimit(`post:${clientAddress}`, RATE_WINDOW_MS, Date.now()),
      new Promise<undefined>((resolve) => setTimeout(resolve, RATE_LIMIT_WAIT_MS)),
    ]);
    return count !== undefined && count > limit;
  } catch (error) {
    // Fail open: a store that cannot count must not stop a person from reaching the page that
    // tells them their complaint was not sent and how else to complain.
    runtime.log.warn('rate limit unavailable', { error });
    return false;
  }
}

/**
 * Browsers send Origin with every form post; a post without one, or from another origin, is not
 * from our own pages. Done here rather than by Astro's checkOrigin so the refusal is a GOV.UK page
 * with every security header.
 */
function isCrossSite(origin: string | null | undefined, ownOrigin: string): boolean {
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).origin !== ownOrigin;
  } catch {
    return true;
  }
}

/**
 * Whether a post declares more than any form takes (64 KB). A file upload is let through: the files
 * page refuses an oversized one itself, unread, with the file's own error message beside the list.
 */
function declaresTooMuch(runtime: Runtime, head: RequestHead): boolean {
  if (runtime.council.uploads.enabled && isUploadPost(head.path, head.header('content-type') ?? null)) return false;
  return Number(head.header('content-length') ?? 0) > MAX_FORM_BYTES;
}

/** The store could not be asked (connection dropped, lock held): not the same as a session that has gone. */
const STORE_UNAVAILABLE = Symbol('store unavailable');

async function readSession(runtime: Runtime, cookie: string | undefined): Promise<SessionRecord | undefined | typeof STORE_UNAVAILABLE> {
  const id = parseSessionCookieValue(cookie, runtime.config.session.secret);
  if (!id) return undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await runtime.store.getSession(id, Date.now());
    } catch (error) {
      // A row that cannot be read (written under another ENCRYPTION_KEY, say) is treated like an
      // expired session: the person is told their answers have gone, not shown an error.
      if (error instanceof StoredDataError || error instanceof SyntaxError) {
        runtime.log.warn('session unreadable', { error });
        return undefined;
      }
      // Anything else is the store failing, and the answers are still there: try again (a dropped
      // connection is replaced), then say the service is busy, never that they were deleted. Twice
      // more, not once: after a failover the pool may still hold a dead connection besides the one
      // that failed, and the retry can be handed it before its end has been noticed.
      runtime.log.warn('session could not be read from the store', { error, attempts: attempt });
      if (attempt === SESSION_READ_ATTEMPTS) return STORE_UNAVAILABLE;
      await new Promise((resolve) => setTimeout(resolve, TRANSIENT_RETRY_DELAY_MS));
    }
  }
}

/**
 * Runs the checks for one request. `readsSession` is false for pages made from the council file
 * and the catalogue alone, which never need it, so they answer at once while the store struggles.
 * `known` is what an earlier run for the same request found (a rewrite runs the middleware again).
 */
export async function checkRequest(
  runtime: Runtime,
  head: RequestHead,
  options: { readsSession: boolean; ownOrigin: string; known?: Partial<Pick<CheckedRequest, 'session' | 'storeUnavailable'>> },
): Promise<CheckedRequest> {
  let session = options.known?.session;
  let storeUnavailable = options.known?.storeUnavailable ?? false;
  if (options.readsSession && session === undefined && !storeUnavailable) {
    const read = await readSession(runtime, head.cookie);
    if (read === STORE_UNAVAILABLE) storeUnavailable = true;
    else session = read;
  }
  const sessionExpired = options.readsSession && head.cookie !== undefined && session === undefined && !storeUnavailable;
  const checked = (refusal?: RefusalPage): CheckedRequest => ({ session, sessionExpired, storeUnavailable, refusal });

  const refusable = !SAFE_METHODS.has(head.method) && !REFUSAL_PAGES.has(head.path);
  // Only a journey's own pages need the session; everything else still answers.
  if (storeUnavailable && journeys.byPath(head.path.split('/')[1] ?? '')) return checked('/busy');
  if (!refusable) return checked();
  if (isCrossSite(head.header('origin'), options.ownOrigin)) {
    runtime.log.warn('cross-site post refused', { requestId: head.requestId, path: head.path });
    return checked('/cross-site');
  }
  if (declaresTooMuch(runtime, head)) return checked('/too-large');
  if (await isOverRateLimit(runtime, head.clientAddress())) {
    runtime.log.warn('rate limited', { requestId: head.requestId, path: head.path });
    return checked('/too-many-attempts');
  }
  return checked();
}

/** Every security header on a response, and the Content-Security-Policy directives Astro's policy lacks. */
export function withSecurityHeaders(response: Response, runtime: Runtime, requestId: string): Response {
  const headers = response.headers;
  const csp = headers.get('Content-Security-Policy');
  if (!csp?.includes('frame-ancestors')) {
    headers.set('Content-Security-Policy', `${csp ? `${csp.trim().replace(/;?$/, ';')} ` : "default-src 'self'; "}${EXTRA_CSP}`);
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  if (runtime.config.isProduction) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  headers.set('X-Request-Id', requestId);
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  const type = headers.get('Content-Type');
  if (type && /^text\/html\b/i.test(type) && !/charset=/i.test(type)) headers.set('Content-Type', `${type}; charset=utf-8`);
  return response;
}

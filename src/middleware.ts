import { randomUUID } from 'node:crypto';
import { defineMiddleware } from 'astro:middleware';
import { MAX_FORM_BYTES } from './server/http.ts';
import { journeys } from './server/journeys/registry.ts';
import { createRenderedPages, type RenderedPages } from './server/rendered-pages.ts';
import { decideStep, STEP_ROUTE } from './server/journeys/step-route.ts';
import { isUploadPost } from './server/journeys/uploads.ts';
import { getRuntime, type Runtime } from './server/runtime.ts';
import { parseSessionCookieValue, SESSION_COOKIE } from './server/session.ts';
import { StoredDataError } from './server/store/crypto.ts';
import { isStoreUnavailable, TRANSIENT_RETRY_DELAY_MS } from './server/store/error-cause.ts';
import type { SessionRecord } from './server/store/types.ts';

/** Directives Astro's hash-based policy does not carry (it sends script-src and style-src). */
const EXTRA_CSP = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Sent on every response this middleware makes; scripts/serve.mjs adds them to static files too. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const RATE_WINDOW_MS = 60_000;
/** Pages a refusal is rewritten to: the rewrite runs this middleware again and must not refuse twice. */
const REFUSAL_PAGES = new Set(['/too-large', '/too-many-attempts', '/cross-site', '/busy', '/method-not-allowed', '/500']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** How long a post waits for the rate-limit count before carrying on without it. */
const RATE_LIMIT_WAIT_MS = 250;

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
function isCrossSite(request: Request, ownOrigin: string): boolean {
  const origin = request.headers.get('origin');
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
function declaresTooMuch(runtime: Runtime, request: Request, path: string): boolean {
  if (runtime.council.uploads.enabled && isUploadPost(path, request.headers.get('content-type'))) return false;
  return Number(request.headers.get('content-length') ?? 0) > MAX_FORM_BYTES;
}

/** Start and long-form pages, the same for everyone: rendered once per address for a runtime's council and words (rendered-pages.ts). */
const renderedPagesByRuntime = new WeakMap<Runtime, RenderedPages>();

function renderedPagesOf(runtime: Runtime): RenderedPages {
  let pages = renderedPagesByRuntime.get(runtime);
  if (pages === undefined) {
    pages = createRenderedPages();
    renderedPagesByRuntime.set(runtime, pages);
  }
  return pages;
}

/** Tries at reading a session before the person is told the service is busy. */
const SESSION_READ_ATTEMPTS = 3;

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

function withSecurityHeaders(response: Response, runtime: Runtime, requestId: string): Response {
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

export const onRequest = defineMiddleware(async (context, next) => {
  const runtime = await getRuntime().catch((error: unknown) => {
    // Start-up failed (bad configuration, database unreachable, wrong Node.js): say why and stop,
    // rather than answer every request with an error.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
  // A rewrite runs this middleware again for the same request: keep the one request id, and time
  // the request once, from the outer run.
  const outermost = context.locals.requestStartedAt === undefined;
  context.locals.requestStartedAt ??= performance.now();
  context.locals.requestId ??= randomUUID();
  const requestId = context.locals.requestId;
  context.locals.runtime = runtime;
  context.locals.copy = runtime.copy;
  const renderedPages = renderedPagesOf(runtime);

  let response: Response;
  try {
    const cookie = context.cookies.get(SESSION_COOKIE)?.value;
    const path = context.url.pathname;
    // Start and long-form pages are made from the council file and the catalogue alone
    // (rendered-pages.ts): they never need the session, so the store is not asked for it, and help,
    // safety and start pages come at once even while it is struggling.
    const sameForEveryone = renderedPages.applies(context.request.method, context.routePattern);
    if (!sameForEveryone && context.locals.session === undefined && !context.locals.storeUnavailable) {
      const read = await readSession(runtime, cookie);
      if (read === STORE_UNAVAILABLE) context.locals.storeUnavailable = true;
      else context.locals.session = read;
    }
    context.locals.sessionExpired = !sameForEveryone && cookie !== undefined && context.locals.session === undefined && !context.locals.storeUnavailable;

    const refusable = !SAFE_METHODS.has(context.request.method) && !REFUSAL_PAGES.has(path);
    // Only a journey's own pages need the session; everything else still answers.
    if (context.locals.storeUnavailable && journeys.byPath(path.split('/')[1] ?? '')) {
      response = await context.rewrite('/busy');
    } else if (refusable && isCrossSite(context.request, runtime.config.publicOrigin ?? context.url.origin)) {
      runtime.log.warn('cross-site post refused', { requestId, path });
      response = await context.rewrite('/cross-site');
    } else if (refusable && declaresTooMuch(runtime, context.request, path)) {
      response = await context.rewrite('/too-large');
    } else if (refusable && (await isOverRateLimit(runtime, context.clientAddress))) {
      runtime.log.warn('rate limited', { requestId, path });
      response = await context.rewrite('/too-many-attempts');
    } else if (sameForEveryone) {
      response = await renderedPages.respond(
        context.request.method,
        path,
        () => next(),
        () => context.locals.session !== undefined || !context.cookies.headers().next().done,
      );
    } else if (context.routePattern === STEP_ROUTE) {
      const decided = await decideStep(context);
      response = decided === 'render' ? await next() : decided;
    } else {
      response = await next();
    }
  } catch (error) {
    if (isStoreUnavailable(error) && context.url.pathname !== '/busy') {
      // A lock held elsewhere, a full disk, a dropped connection: the answers already saved are
      // intact, so the person is told the service is busy, not that something broke.
      runtime.log.warn('store unavailable', { requestId, path: context.url.pathname, error });
      response = await context.rewrite(new Request(new URL('/busy', context.url), { method: 'GET', headers: context.request.headers }));
    } else {
      // Logged here, through the logger that keeps personal data out, with the reference the 500
      // page shows; the page itself never shows the error.
      runtime.log.error('request failed', { requestId, path: context.url.pathname, error });
      response =
        context.url.pathname === '/500'
          ? new Response(runtime.copy.t('pages.problem.title'), { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
          : await context.rewrite(new Request(new URL('/500', context.url), { method: 'GET', headers: context.request.headers }));
    }
  }
  if (response.status >= 500) runtime.log.error('request answered with an error', { requestId, path: context.url.pathname, status: response.status });
  if (outermost) {
    runtime.metrics.observeRequest({
      route: context.routePattern,
      method: context.request.method,
      status: response.status,
      seconds: (performance.now() - context.locals.requestStartedAt) / 1000,
    });
  }
  return withSecurityHeaders(response, runtime, requestId);
});

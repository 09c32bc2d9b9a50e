import { randomUUID } from 'node:crypto';
import { defineMiddleware } from 'astro:middleware';
import { MAX_FORM_BYTES } from './server/http.ts';
import { getRuntime, type Runtime } from './server/runtime.ts';
import { parseSessionCookieValue, SESSION_COOKIE } from './server/session.ts';


const EXTRA_CSP = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const RATE_WINDOW_MS = 60_000;
const REFUSAL_PAGES = new Set(['/too-large', '/too-many-attempts']);

async function isOverRateLimit(runtime: Runtime, clientAddress: string): Promise<boolean> {
  const limit = runtime.config.rateLimit.postsPerMinute;
  if (limit === 0) return false;
  try {
    const count = await runtime.store.hitRateLimit(`post:${clientAddress}`, RATE_WINDOW_MS, Date.now());
    return count > limit;
  } catch (error) {
    // Fail open: a store that cannot count must not stop a person from reaching the page that
    // tells them their complaint was not sent and how else to complain.
    runtime.log.warn('rate limit unavailable', { error });
    return false;
  }
}

export const onRequest = defineMiddleware(async (context, next) => {
  const runtime = await getRuntime().catch((error: unknown) => {
    // Start-up failed (bad configuration, database unreachable, wrong Node.js): say why and stop,
    // rather than answer every request with an error.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
  context.locals.requestId = randomUUID();
  context.locals.runtime = runtime;

  const cookie = context.cookies.get(SESSION_COOKIE)?.value;
  const sessionId = parseSessionCookieValue(cookie, runtime.config.session.secret);
  const session = sessionId ? await runtime.store.getSession(sessionId, Date.now()) : undefined;
  context.locals.session = session;
  context.locals.sessionExpired = cookie !== undefined && session === undefined;

  // A rewrite to one of the refusal pages runs this middleware again: do not refuse it a second time.
  const isPost = context.request.method === 'POST' && !REFUSAL_PAGES.has(context.url.pathname);
  const length = Number(context.request.headers.get('content-length') ?? 0);
  let response: Response;
  if (isPost && length > MAX_FORM_BYTES) {
    response = await context.rewrite('/too-large');
  } else if (isPost && (await isOverRateLimit(runtime, context.clientAddress))) {
    runtime.log.warn('rate limited', { requestId: context.locals.requestId, path: context.url.pathname });
    response = await context.rewrite('/too-many-attempts');
  } else {
    response = await next();
  }

  const headers = response.headers;
  // Astro sends script-src and style-src with hashes; these directives it cannot express.
  const csp = headers.get('Content-Security-Policy');
  headers.set('Content-Security-Policy', `${csp ? `${csp.trim().replace(/;?$/, ';')} ` : "default-src 'self'; "}${EXTRA_CSP}`);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  if (runtime.config.isProduction) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  headers.set('X-Request-Id', context.locals.requestId);
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  return response;
});

import { randomUUID } from 'node:crypto';
import { defineMiddleware } from 'astro:middleware';
import { getRuntime } from './server/runtime.ts';
import { parseSessionCookieValue, SESSION_COOKIE } from './server/session.ts';

/** The largest form post accepted; the longest page (what happened) is 5,000 characters. */
const MAX_BODY_BYTES = 64 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

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

  const length = Number(context.request.headers.get('content-length') ?? 0);
  let response: Response;
  if (context.request.method === 'POST' && length > MAX_BODY_BYTES) {
    response = await context.rewrite('/too-large');
  } else {
    response = await next();
  }

  const headers = response.headers;
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  if (runtime.config.isProduction) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  headers.set('X-Request-Id', context.locals.requestId);
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  return response;
});

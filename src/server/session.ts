import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SessionRecord } from './store/types.ts';

/**
 * Server-side sessions. The browser holds only a random id, signed so a guessed or altered cookie
 * is ignored without a database read. Answers never leave the server.
 */

export const SESSION_COOKIE = 'sid';

const sign = (id: string, secret: string) => createHmac('sha256', secret).update(id).digest('base64url');

/** The cookie value for a session id. */
export function toSessionCookieValue(id: string, secret: string): string {
  return `${id}.${sign(id, secret)}`;
}

/** The session id in a cookie value, if its signature is good. */
export function parseSessionCookieValue(value: string | undefined, secret: string): string | undefined {
  if (!value || value.length > 200) return undefined;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

/** Whether a posted CSRF token matches the session's, in constant time. */
export function isValidCsrfToken(session: SessionRecord, posted: unknown): boolean {
  if (typeof posted !== 'string') return false;
  const a = Buffer.from(posted);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookie attributes: HttpOnly and SameSite=Lax always, Secure in production. No Max-Age: it ends with the browser. */
export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
}

import type { APIRoute } from 'astro';
import { SESSION_COOKIE, sessionCookieOptions, toSessionCookieValue } from '../../server/session.ts';

/**
 * Starts a fresh journey: any earlier session is destroyed and a new id issued, so an id seen
 * before the journey began (on a shared computer, say) is never the one holding answers.
 */
export const GET: APIRoute = async ({ locals, cookies, redirect }) => {
  const { store, config } = locals.runtime;
  if (locals.session) await store.deleteSession(locals.session.id);
  const now = Date.now();
  const session = await store.createSession({ now, expiresAt: now + config.session.ttlMinutes * 60_000, data: { journey: 'complaint', answers: {} } });
  cookies.set(SESSION_COOKIE, toSessionCookieValue(session.id, config.session.secret), sessionCookieOptions(config.isProduction));
  return redirect('/complaint/danger', 303);
};

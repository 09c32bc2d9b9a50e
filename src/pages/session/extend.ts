import type { APIRoute } from 'astro';
import { readPostedForm } from '../../server/http.ts';

/**
 * "Stay on this page" in the timeout warning: moves the session's expiry on by the full time,
 * as answering a question would. Needs the session's CSRF token; answers 204, or 403 when there
 * is no session to keep (it has gone, or the token is wrong), and the page then reloads.
 */
export const POST: APIRoute = async ({ locals, request }) => {
  const { session, runtime } = locals;
  if (!session || session.submittedReference) return new Response(null, { status: 403, headers: { 'Cache-Control': 'no-store' } });
  const posted = await readPostedForm(request, session);
  if (!posted.ok) return new Response(null, { status: posted.reason === 'too_large' ? 413 : 403, headers: { 'Cache-Control': 'no-store' } });
  await runtime.store.saveSessionData(session.id, session.data, Date.now() + runtime.config.session.ttlMinutes * 60_000);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
};

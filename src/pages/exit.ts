import type { APIRoute } from 'astro';
import { deleteSessionDraft } from '../server/journeys/saved-drafts.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../server/session.ts';

/**
 * Exit this page: destroys the session on the server, and any answers it saved to come back to
 * (someone leaving in a hurry may be leaving because of the person who could use the code), then
 * goes to the council's neutral site.
 */
const exit: APIRoute = async ({ locals, cookies }) => {
  const { store, council, config } = locals.runtime;
  // The session first: a save still in flight then finds it gone and deletes its own draft.
  if (locals.session) await store.deleteSession(locals.session.id);
  await deleteSessionDraft(store, locals.session);
  cookies.delete(SESSION_COOKIE, sessionCookieOptions(config.isProduction));
  return new Response(null, { status: 303, headers: { Location: council.exitUrl, 'Cache-Control': 'no-store', 'Clear-Site-Data': '"cache", "storage"' } });
};

export const GET = exit;
export const POST = exit;

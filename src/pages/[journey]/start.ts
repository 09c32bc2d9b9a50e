import type { APIRoute } from 'astro';
import { startJourneySession } from '../../server/journeys/session.ts';
import { journeys } from '../../server/journeys/registry.ts';

/** Start now: a fresh session for this journey, then its first question. */
export const GET: APIRoute = async ({ params, locals, cookies, redirect, rewrite }) => {
  const journey = journeys.byPath(params.journey ?? '');
  if (!journey) return rewrite('/404');
  return redirect(await startJourneySession(journey, locals, cookies), 303);
};

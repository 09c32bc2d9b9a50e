import type { APIRoute } from 'astro';
import { reviewFlow } from '../../forms/review.ts';
import { startFlowSession } from '../../server/flow-pages.ts';

/** Start now: a fresh session for this journey, then its first question. */
export const GET: APIRoute = async ({ locals, cookies, redirect }) => redirect(await startFlowSession(reviewFlow, locals, cookies), 303);

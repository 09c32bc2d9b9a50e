import type { APIRoute } from 'astro';
import { advocacyFlow } from '../../forms/advocacy.ts';
import { startFlowSession } from '../../server/flow-pages.ts';

/** Start now: a fresh session for this journey, then its first question. */
export const GET: APIRoute = async ({ locals, cookies, redirect }) => redirect(await startFlowSession(advocacyFlow, locals, cookies), 303);

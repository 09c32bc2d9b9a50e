import type { APIRoute } from 'astro';
import { checkHealth } from '../server/health.ts';

/**
 * Store reachability and outbox depth for monitoring; no personal data. Only an unreachable store
 * answers 503: a mail outage leaves complaints safely queued, and taking every instance out of a
 * load balancer for it would stop people complaining at all.
 */
export const GET: APIRoute = async ({ locals }) => {
  const health = await checkHealth(locals.runtime.store, Date.now());
  return new Response(JSON.stringify(health), {
    status: health.store.reachable ? 200 : 503,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
};

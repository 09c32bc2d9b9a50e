import type { APIRoute } from 'astro';

/**
 * Whether this instance can take a complaint now: the store takes a real write and DATA_DIR has
 * room. 503 takes it out of a load balancer until both are true again; the body says which check
 * failed, with no personal data.
 */
export const GET: APIRoute = async ({ locals }) => {
  const report = await locals.runtime.checkReadiness();
  return new Response(JSON.stringify(report), {
    status: report.status === 'ready' ? 200 : 503,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
};

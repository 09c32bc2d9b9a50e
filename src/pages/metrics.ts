import type { APIRoute } from 'astro';
import { isAuthorisedBearer } from '../server/metrics.ts';

/**
 * Prometheus metrics for operators. Without METRICS_TOKEN the endpoint does not exist (the usual
 * "page not found"); with it, only a request bearing the token is answered.
 */
export const GET: APIRoute = async ({ locals, request, rewrite }) => {
  const { config, metrics } = locals.runtime;
  if (config.metrics.token === undefined) return rewrite('/404');
  if (!isAuthorisedBearer(request.headers.get('authorization'), config.metrics.token)) {
    return new Response('A bearer token is needed to read the metrics.\n', {
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="metrics"', 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const { contentType, body } = await metrics.render();
  return new Response(body, { status: 200, headers: { 'Content-Type': contentType } });
};

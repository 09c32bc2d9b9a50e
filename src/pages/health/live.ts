import type { APIRoute } from 'astro';

/**
 * The process is up and answering: no store, no disk. An orchestrator restarts an instance that
 * fails this; one that is up but cannot take complaints fails /health/ready instead.
 */
export const GET: APIRoute = () =>
  new Response('{"status":"ok"}', { status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });

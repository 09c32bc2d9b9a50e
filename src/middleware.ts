import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { defineMiddleware } from 'astro:middleware';
import { createRenderedPages, type RenderedPages } from './server/rendered-pages.ts';
import { answerJourneyPost, JOURNEY_POSTS_EVENT } from './server/journeys/journey-posts.ts';
import { decideStep, STEP_ROUTE, toStepResponse } from './server/journeys/step-route.ts';
import { checkRequest, withSecurityHeaders } from './server/request-checks.ts';
import { getRuntime, type Runtime } from './server/runtime.ts';
import { SESSION_COOKIE } from './server/session.ts';
import { isStoreUnavailable } from './server/store/error-cause.ts';

// The server (scripts/serve.mjs) takes answers to journey questions itself, with the same checks
// and engine, and hands the rest here (journey-posts.ts). Offered from here, at load, because this
// module is where the app's request handling starts; anything not listening simply ignores it.
(process as EventEmitter).emit(JOURNEY_POSTS_EVENT, answerJourneyPost);

/** Start and long-form pages, the same for everyone: rendered once per address for a runtime's council and words (rendered-pages.ts). */
const renderedPagesByRuntime = new WeakMap<Runtime, RenderedPages>();

function renderedPagesOf(runtime: Runtime): RenderedPages {
  let pages = renderedPagesByRuntime.get(runtime);
  if (pages === undefined) {
    pages = createRenderedPages();
    renderedPagesByRuntime.set(runtime, pages);
  }
  return pages;
}

export const onRequest = defineMiddleware(async (context, next) => {
  const runtime = await getRuntime().catch((error: unknown) => {
    // Start-up failed (bad configuration, database unreachable, wrong Node.js): say why and stop,
    // rather than answer every request with an error.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
  // A rewrite runs this middleware again for the same request: keep the one request id, and time
  // the request once, from the outer run (the server's answer path may have started the clock).
  const outermost = !context.locals.inMiddleware;
  context.locals.inMiddleware = true;
  context.locals.requestStartedAt ??= performance.now();
  context.locals.requestId ??= randomUUID();
  const requestId = context.locals.requestId;
  context.locals.runtime = runtime;
  context.locals.copy = runtime.copy;
  const renderedPages = renderedPagesOf(runtime);
  // What the server's answer path found (journey-posts.ts), used once: a rewrite checks afresh.
  const handedOver = context.locals.handedOver;
  context.locals.handedOver = undefined;

  let response: Response;
  try {
    // The server's answer path failed before its checks were done: answered as any failure is,
    // without checking (and counting, and logging) again.
    if (handedOver !== undefined && 'error' in handedOver && handedOver.checked === undefined) throw handedOver.error;
    const path = context.url.pathname;
    // Start and long-form pages are made from the council file and the catalogue alone
    // (rendered-pages.ts): they never need the session, so the store is not asked for it, and help,
    // safety and start pages come at once even while it is struggling.
    const sameForEveryone = renderedPages.applies(context.request.method, context.routePattern);
    const checked =
      handedOver?.checked ??
      (await checkRequest(
        runtime,
        {
          method: context.request.method,
          path,
          header: (name) => context.request.headers.get(name),
          clientAddress: () => context.clientAddress,
          cookie: context.cookies.get(SESSION_COOKIE)?.value,
          requestId,
        },
        {
          readsSession: !sameForEveryone,
          ownOrigin: runtime.config.publicOrigin ?? context.url.origin,
          known: { session: context.locals.session, storeUnavailable: context.locals.storeUnavailable },
        },
      ));
    context.locals.session = checked.session;
    context.locals.sessionExpired = checked.sessionExpired;
    context.locals.storeUnavailable = checked.storeUnavailable;
    // A failure on the server's answer path is answered here, as any other (the busy or 500 page).
    if (handedOver !== undefined && 'error' in handedOver) throw handedOver.error;

    if (checked.refusal) {
      response = await context.rewrite(checked.refusal);
    } else if (sameForEveryone) {
      response = await renderedPages.respond(
        context.request.method,
        path,
        () => next(),
        () => context.locals.session !== undefined || !context.cookies.headers().next().done,
      );
    } else if (handedOver?.outcome !== undefined && context.routePattern !== STEP_ROUTE) {
      // Astro routed the address elsewhere than the answer path took it for (a journey named like
      // another route): a mistake in the journeys, not the person's.
      throw new Error(`a journey answer was taken for ${context.routePattern}, which is not the step route`);
    } else if (context.routePattern === STEP_ROUTE) {
      const decided = handedOver?.outcome ? await toStepResponse(context, handedOver.outcome) : await decideStep(context);
      response = decided === 'render' ? await next() : decided;
    } else {
      response = await next();
    }
  } catch (error) {
    if (isStoreUnavailable(error) && context.url.pathname !== '/busy') {
      // A lock held elsewhere, a full disk, a dropped connection: the answers already saved are
      // intact, so the person is told the service is busy, not that something broke.
      runtime.log.warn('store unavailable', { requestId, path: context.url.pathname, error });
      response = await context.rewrite(new Request(new URL('/busy', context.url), { method: 'GET', headers: context.request.headers }));
    } else {
      // Logged here, through the logger that keeps personal data out, with the reference the 500
      // page shows; the page itself never shows the error.
      runtime.log.error('request failed', { requestId, path: context.url.pathname, error });
      response =
        context.url.pathname === '/500'
          ? new Response(runtime.copy.t('pages.problem.title'), { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
          : await context.rewrite(new Request(new URL('/500', context.url), { method: 'GET', headers: context.request.headers }));
    }
  }
  if (response.status >= 500) runtime.log.error('request answered with an error', { requestId, path: context.url.pathname, status: response.status });
  if (outermost) {
    runtime.metrics.observeRequest({
      route: context.routePattern,
      method: context.request.method,
      status: response.status,
      seconds: (performance.now() - context.locals.requestStartedAt) / 1000,
    });
  }
  return withSecurityHeaders(response, runtime, requestId);
});

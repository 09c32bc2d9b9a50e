import type { APIContext } from 'astro';
import { handleJourneyPage, type InterruptionPage, type QuestionPage, type StopPage } from './handlers.ts';
import { journeys } from './registry.ts';

/** The route of every journey's questions, the pages between them and the page a journey stops at. */
export const STEP_ROUTE = '/[journey]/[step]';

/** What `/[journey]/[step].astro` renders: decided before the page is rendered (decideStep). */
export type StepPageOutcome = QuestionPage | InterruptionPage | StopPage;

/**
 * Works out a journey page's answer before Astro renders anything. Most posts end in a redirect
 * (an answer saved, the next page named), and a redirect needs no page: answered here, it skips
 * Astro's page render (5–8% of an answer's CPU in paired runs). A page to show is left in
 * `locals.stepPage` for the route to render; a redirect, a refusal or "not found" is the response.
 */
export async function decideStep(context: APIContext): Promise<Response | 'render'> {
  const journey = journeys.byPath(context.params['journey'] ?? '');
  if (!journey) return context.rewrite('/404');
  const outcome = await handleJourneyPage({
    journey,
    page: context.params['step'] ?? '',
    locals: context.locals,
    request: context.request,
    url: context.url,
    now: new Date(),
  });
  switch (outcome.kind) {
    case 'not_found':
      return context.rewrite('/404');
    case 'redirect':
      // Not Response.redirect: its headers cannot be changed, and the middleware adds the security headers.
      return new Response(null, { status: 303, headers: { Location: outcome.location } });
    case 'rewrite':
      // A GET of its own: the posted body has been read, and Astro will not rewrite a request whose body is used.
      return context.rewrite(new Request(new URL(outcome.location, context.url), { headers: context.request.headers }));
    default:
      context.locals.stepPage = outcome;
      return 'render';
  }
}

import type { APIContext } from 'astro';
import type { Journey } from '../../forms/engine/journey.ts';
import { findStep } from '../../forms/engine/walk.ts';
import { handleJourneyPage, type InterruptionPage, type QuestionPage, type StepOutcome, type StopPage } from './handlers.ts';
import { journeys } from './registry.ts';

/** The route of every journey's questions, the pages between them and the page a journey stops at. */
export const STEP_ROUTE = '/[journey]/[step]';

/**
 * The journey pages with routes of their own (src/pages/[journey]/): Astro routes these addresses
 * there, never to STEP_ROUTE, even where a journey has a step of the same name (the files page).
 */
export const OWN_ROUTE_PAGES: ReadonlySet<string> = new Set([
  'check',
  'confirmation',
  'files',
  'save',
  'saved',
  'session-expired',
  'start',
  'your-answers',
  'your-answers.pdf',
]);

/** What `/[journey]/[step].astro` renders: decided before the page is rendered (decideStep). */
export type StepPageOutcome = QuestionPage | InterruptionPage | StopPage;

/** Whether `/<journey>/<page>` is answered by STEP_ROUTE with something other than "not found". */
export function isStepRoutePage(journey: Journey, page: string): boolean {
  if (OWN_ROUTE_PAGES.has(page)) return false;
  return (
    (journey.moved !== undefined && Object.hasOwn(journey.moved, page)) ||
    journey.stop?.page === page ||
    (journey.interruptions?.some((i) => i.page === page) ?? false) ||
    findStep(journey, page) !== undefined
  );
}

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
  return toStepResponse(context, outcome);
}

/** The response to a journey page's outcome, or 'render' with the page left in `locals.stepPage`. */
export async function toStepResponse(context: APIContext, outcome: StepOutcome): Promise<Response | 'render'> {
  switch (outcome.kind) {
    case 'not_found':
      return context.rewrite('/404');
    case 'redirect':
      return stepRedirect(outcome.location);
    case 'rewrite':
      // A GET of its own: the posted body has been read, and Astro will not rewrite a request whose body is used.
      return context.rewrite(new Request(new URL(outcome.location, context.url), { headers: context.request.headers }));
    default:
      context.locals.stepPage = outcome;
      return 'render';
  }
}

/** Not Response.redirect: its headers cannot be changed, and the security headers are added to it. */
export const stepRedirect = (location: string) => new Response(null, { status: 303, headers: { Location: location } });

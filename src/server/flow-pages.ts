import type { AstroCookies } from 'astro';
import type { IsoDate } from '../domain/dates.ts';
import { toRenderedPage, type PageSpec } from '../forms/field-spec.ts';
import {
  findFirstIncompleteStep,
  findFlowStep,
  findNextStep,
  findPreviousStep,
  parseFlowStep,
  pruneFlowAnswers,
  toApplicableSteps,
  toFlowSummaryRows,
  type Flow,
} from '../forms/flow.ts';
import type { JourneyContext, SummaryRow } from '../forms/journey.ts';
import { parsePage, type FormErrors, type PageValues, type RawValues } from '../forms/page-schema.ts';
import { readPostedForm, type RefusedPost } from './http.ts';
import { toJourneyContext } from './journey-session.ts';
import type { Runtime } from './runtime.ts';
import { SESSION_COOKIE, sessionCookieOptions, toSessionCookieValue } from './session.ts';
import type { SessionRecord } from './store/index.ts';
import type { SubmitOutcome } from './submit.ts';

/**
 * The request handling shared by the short journeys' pages (stage 2 or 3, an advocate, feedback):
 * the same rules as the complaint pages (server-side sessions, CSRF, pages in order, validation by
 * the shared page engine, Post/Redirect/Get, one Send per session), so each page file only renders.
 */

/** What a page needs from Astro.locals. */
export interface FlowLocals {
  runtime: Runtime;
  session: SessionRecord | undefined;
  sessionExpired: boolean;
}

type Redirect = { kind: 'redirect'; location: string };

/**
 * Where a refused post goes: the same page again (a stale tab's token, or an unreadable body: the
 * person simply answers again, nothing was saved) unless the form was too big or a bot's.
 */
function toRefusedPostRedirect(reason: RefusedPost, samePage: string): Redirect {
  switch (reason) {
    case 'too_large':
      return { kind: 'redirect', location: '/too-large' };
    case 'honeypot':
      return { kind: 'redirect', location: '/' };
    case 'csrf':
    case 'unreadable':
      return { kind: 'redirect', location: samePage };
  }
}

/**
 * A session belongs to a journey when it was started on that journey's start page. Sending wipes
 * the session's data, so a sent session is known by its case instead (see `readFlowConfirmation`).
 */
function isFlowSession(flow: Flow, session: SessionRecord): boolean {
  return session.data['journey'] === flow.id;
}

/**
 * Where to send someone who cannot answer this journey's questions now; undefined when they can.
 * `answersExpected` is for pages only reached with answers (check answers): without a session
 * those answers have been deleted, by expiry or by Exit this page (which also drops the cookie).
 */
function toUnusableSessionRedirect(flow: Flow, locals: FlowLocals, answersExpected = false): Redirect | undefined {
  const { session } = locals;
  if (!session) return { kind: 'redirect', location: locals.sessionExpired || answersExpected ? `${flow.basePath}/session-expired` : flow.basePath };
  if (session.submittedReference) return { kind: 'redirect', location: `${flow.basePath}/confirmation` };
  // A session from another journey holds other answers: this journey starts from its own start page.
  if (!isFlowSession(flow, session)) return { kind: 'redirect', location: flow.basePath };
  return undefined;
}

/** Each kind of case's confirmation page; a complaint's summary has no `kind`. */
const confirmationPaths: Record<string, string> = {
  escalation: '/review/confirmation',
  advocacy: '/advocate/confirmation',
  feedback: '/feedback/confirmation',
  complaint: '/complaint/confirmation',
};

/**
 * Starts a fresh session for a journey: any earlier session is destroyed and a new id issued, so an
 * id seen before the journey began is never the one holding answers. Returns the first page.
 */
export async function startFlowSession(flow: Flow, locals: FlowLocals, cookies: AstroCookies): Promise<string> {
  const { store, config } = locals.runtime;
  if (locals.session) await store.deleteSession(locals.session.id);
  const now = Date.now();
  const session = await store.createSession({ now, expiresAt: now + config.session.ttlMinutes * 60_000, data: { journey: flow.id, answers: {} } });
  cookies.set(SESSION_COOKIE, toSessionCookieValue(session.id, config.session.secret), sessionCookieOptions(config.isProduction));
  return `${flow.basePath}/${flow.steps[0]?.id ?? 'check'}`;
}

export type StepOutcome =
  | { kind: 'not_found' }
  | Redirect
  | {
      kind: 'page';
      status: number;
      page: PageSpec;
      values: RawValues | PageValues;
      errors: FormErrors | null;
      action: string;
      backHref: string;
      csrfToken: string;
      /** Today in England, for the island's "must be in the past" checks. */
      today: IsoDate;
    };

/**
 * A question page, GET or POST. Pages can only be reached in order; a valid answer is saved and
 * the person is sent on (back to check answers, through any new questions, after a change); an
 * invalid one is shown again with status 422, the GOV.UK error summary and what they typed.
 */
export async function handleFlowStep(options: { flow: Flow; stepId: string; locals: FlowLocals; request: Request; url: URL; now: Date }): Promise<StepOutcome> {
  const { flow, stepId, locals, request, url, now } = options;
  const step = findFlowStep(flow, stepId);
  if (!step) return { kind: 'not_found' };
  const unusable = toUnusableSessionRedirect(flow, locals);
  if (unusable) return unusable;
  const session = locals.session as SessionRecord;

  const { council, store, config } = locals.runtime;
  let ctx = toJourneyContext(session, council, now);
  const changing = url.searchParams.get('change') === '1';
  const suffix = changing ? '?change=1' : '';

  const applicable = toApplicableSteps(flow, ctx);
  const gap = findFirstIncompleteStep(flow, ctx);
  if (!applicable.some((s) => s.id === step.id)) return { kind: 'redirect', location: `${flow.basePath}/${gap ?? 'check'}` };
  if (gap && applicable.findIndex((s) => s.id === gap) < applicable.findIndex((s) => s.id === step.id)) {
    return { kind: 'redirect', location: `${flow.basePath}/${gap}` };
  }

  const page = toRenderedPage(step.page(ctx));
  let values: RawValues | PageValues = ctx.answers[step.id] ?? {};
  let errors: FormErrors | null = null;
  let status = 200;

  if (request.method === 'POST') {
    const posted = await readPostedForm(request, session);
    if (!posted.ok) return toRefusedPostRedirect(posted.reason, `${flow.basePath}/${step.id}${suffix}`);
    const result = parseFlowStep(step, page, posted.raw, ctx);
    if (result.ok) {
      ctx = { ...ctx, answers: { ...ctx.answers, [step.id]: result.value } };
      const answers = pruneFlowAnswers(flow, ctx);
      ctx = { ...ctx, answers };
      await store.saveSessionData(session.id, { ...session.data, answers }, now.getTime() + config.session.ttlMinutes * 60_000);
      const next = findNextStep(flow, ctx, step.id, changing);
      return { kind: 'redirect', location: next === 'check' ? `${flow.basePath}/check` : `${flow.basePath}/${next}${suffix}` };
    }
    errors = result.error;
    values = posted.raw;
    status = 422;
  }

  const back = changing ? 'check' : findPreviousStep(flow, ctx, step.id);
  return {
    kind: 'page',
    status,
    page,
    values,
    errors,
    action: `${flow.basePath}/${step.id}${suffix}`,
    backHref: back ? `${flow.basePath}/${back}` : flow.basePath,
    csrfToken: session.csrfToken,
    today: ctx.today,
  };
}

export type CheckOutcome =
  | Redirect
  | {
      kind: 'page';
      status: number;
      page: PageSpec;
      rows: SummaryRow[];
      values: RawValues | PageValues;
      errors: FormErrors | null;
      /** The store could not take the submission: say so and offer to try again. */
      storeFailed: boolean;
      backHref: string;
      csrfToken: string;
    };

/**
 * Check answers and Send. A half-finished journey is sent back to its first gap; a valid Send
 * writes the case and its emails and redirects to the confirmation (Post/Redirect/Get); a second
 * Send from the same session finds the first reference.
 */
export async function handleFlowCheck(options: {
  flow: Flow;
  locals: FlowLocals;
  request: Request;
  now: Date;
  submit: (input: { sessionId: string; ctx: JourneyContext; check: PageValues }) => Promise<SubmitOutcome>;
}): Promise<CheckOutcome> {
  const { flow, locals, request, now, submit } = options;
  const unusable = toUnusableSessionRedirect(flow, locals, true);
  if (unusable) return unusable;
  const session = locals.session as SessionRecord;

  const ctx = toJourneyContext(session, locals.runtime.council, now);
  const gap = findFirstIncompleteStep(flow, ctx);
  if (gap) return { kind: 'redirect', location: `${flow.basePath}/${gap}` };

  const page = flow.checkPage(ctx);
  let values: RawValues | PageValues = {};
  let errors: FormErrors | null = null;
  let status = 200;
  let storeFailed = false;

  if (request.method === 'POST') {
    const posted = await readPostedForm(request, session);
    if (!posted.ok) return toRefusedPostRedirect(posted.reason, `${flow.basePath}/check`);
    const result = parsePage(page, posted.raw, { today: ctx.today });
    if (result.ok) {
      const outcome = await submit({ sessionId: session.id, ctx, check: result.value });
      if (outcome.ok) return { kind: 'redirect', location: `${flow.basePath}/confirmation` };
      storeFailed = true;
      values = posted.raw;
      status = 503;
    } else {
      errors = result.error;
      values = posted.raw;
      status = 422;
    }
  }

  const rows = toFlowSummaryRows(flow, ctx);
  return {
    kind: 'page',
    status,
    page,
    rows,
    values,
    errors,
    storeFailed,
    backHref: `${flow.basePath}/${rows.at(-1)?.stepId ?? flow.steps.at(-1)?.id ?? ''}`,
    csrfToken: session.csrfToken,
  };
}

/**
 * The stored confirmation summary for this session's submission, or where to go instead: only the
 * session that sent something sees it, and a case of another kind is shown on its own page.
 */
export async function readFlowConfirmation(
  flow: Flow,
  caseKind: string,
  locals: FlowLocals,
): Promise<Redirect | { kind: 'summary'; summary: Record<string, unknown> }> {
  const { session } = locals;
  if (!session) return { kind: 'redirect', location: locals.sessionExpired ? `${flow.basePath}/session-expired` : flow.basePath };
  if (!session.submittedReference) return { kind: 'redirect', location: isFlowSession(flow, session) ? `${flow.basePath}/check` : flow.basePath };
  const summary = await locals.runtime.store.getCaseSummary(session.submittedReference);
  if (!summary) return { kind: 'redirect', location: flow.basePath };
  const kind = typeof summary['kind'] === 'string' ? summary['kind'] : 'complaint';
  if (kind !== caseKind) return { kind: 'redirect', location: confirmationPaths[kind] ?? '/' };
  return { kind: 'summary', summary };
}

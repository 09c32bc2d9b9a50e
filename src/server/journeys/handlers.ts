import type { CaseSummary } from '../../domain/case-summary.ts';
import type { CopyValues } from '../../domain/copy.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { Interruption, Journey, Stop } from '../../forms/engine/journey.ts';
import { parseStep } from '../../forms/engine/parse.ts';
import { journeyValues, resolveCheckPage, resolveStepPage, resolveStopDetails } from '../../forms/engine/resolve.ts';
import { toSummaryRows, type SummaryRow } from '../../forms/engine/summary.ts';
import { applicableSteps, CHECK, findStep, firstIncompleteStep, nextStep, previousStep, redirectForStep, withAnswer } from '../../forms/engine/walk.ts';
import type { PageSpec } from '../../forms/field-spec.ts';
import { parsePage, SAVE_BUTTON, toFormLevelErrors, type FormErrors, type PageValues, type RawValues } from '../../forms/page-schema.ts';
import { readPostedForm, type RefusedPost } from '../http.ts';
import type { SessionRecord } from '../store/index.ts';
import { isJourneySession, partialAnswersOf, saveAnswers, toJourneyContext, type JourneyLocals } from './session.ts';
import { deleteSessionDraft, toDraftOrigin } from './saved-drafts.ts';
import { keepSentAnswers } from './sent-answers.ts';
import { submitJourney } from './submit.ts';

/**
 * The request handling every journey's pages share: server-side sessions, CSRF, pages answered in
 * order, validation by the shared page engine, Post/Redirect/Get, and one Send per session. Each
 * returns plain data (render this, or go there) so the route files only render. The questions'
 * route is decided before Astro renders, since most of its posts end in a redirect that needs no
 * page: a form post by the server itself (journey-posts.ts), anything else by the middleware
 * (step-route.ts). The other pages are few and decide in their route file.
 */

export type Redirect = { kind: 'redirect'; location: string };
export const redirect = (location: string): Redirect => ({ kind: 'redirect', location });
/** Show that page in place of this one, with its own status (a refusal such as 413). */
export type Rewrite = { kind: 'rewrite'; location: string };

export const at = (journey: Journey, page: string, suffix = '') => `/${journey.path}/${page}${suffix}`;

/**
 * Where a refused post goes: the same page again (a stale tab's token, or an unreadable body: the
 * person simply answers again, nothing was saved) unless the form was too big, which is answered
 * 413 at once (the server drains its unread body after the page: scripts/unread-body.mjs).
 */
export function toRefusedPost(reason: Exclude<RefusedPost, 'honeypot'>, samePage: string): Redirect | Rewrite {
  switch (reason) {
    case 'too_large':
      return { kind: 'rewrite', location: '/too-large' };
    case 'csrf':
    case 'unreadable':
      return redirect(samePage);
  }
}

/**
 * A post with the hidden honeypot box filled in: a robot's, or a person's whose browser or password
 * manager filled in every box it found. Nothing in it is saved, but nobody loses what they typed
 * without being told: the page comes back with it and an error asking them to check it and send
 * it again (the box is empty again, unless they fill in the form the same way).
 */
function toNotSavedPage(locals: JourneyLocals, path: string, page: PageSpec, raw: RawValues): { status: number; values: RawValues; errors: FormErrors } {
  const { copy, log } = locals.runtime;
  log.info('form post not saved: the hidden box was filled in', { path });
  return { status: 422, values: raw, errors: toFormLevelErrors(copy.t('form.errors.notSaved', { button: page.submitLabel })) };
}

/** The session when it holds this journey's answers and has not sent them; undefined otherwise. */
function usableSession(journey: Journey, locals: JourneyLocals): SessionRecord | undefined {
  const { session } = locals;
  return session && !session.submittedReference && isJourneySession(journey, session) ? session : undefined;
}

/**
 * Where to send someone who cannot answer this journey's questions now; undefined when they can.
 * `answersExpected` is for pages only reached with answers (check answers): without a session
 * those answers have been deleted, by expiry or by Exit this page (which also drops the cookie).
 */
export function unusableSession(journey: Journey, locals: JourneyLocals, answersExpected = false): Redirect | undefined {
  const { session } = locals;
  if (!session) return redirect(locals.sessionExpired || answersExpected ? at(journey, 'session-expired') : journey.startPage);
  if (session.submittedReference) return redirect(at(journey, 'confirmation'));
  // A session from another journey holds other answers: this journey starts from its own start page.
  if (!isJourneySession(journey, session)) return redirect(journey.startPage);
  return undefined;
}

export interface QuestionPage {
  kind: 'question';
  status: number;
  page: PageSpec;
  values: RawValues | PageValues;
  errors: FormErrors | null;
  action: string;
  backHref: string;
  csrfToken: string;
  /** Today in England, for the island's "must be in the past" checks. */
  today: IsoDate;
  /** The "Save and come back later" button's words. */
  saveLabel: string;
}

export interface InterruptionPage {
  kind: 'interruption';
  interruption: Interruption;
  /** Where "continue" goes; absent when the page only informs (no answers to go back to). */
  continueHref?: string;
  backHref: string;
}

export interface StopPage {
  kind: 'stop';
  stop: string;
  /** The question where they chose not to send, to change their mind; the start page without answers. */
  changeHref: string;
  /** What the page repeats from their answers (where to go instead), as HTML; empty without answers. */
  detailsHtml: string;
  /** The child's wording on the child's path. */
  values: CopyValues;
}

const isSavePress = (raw: RawValues) => raw[SAVE_BUTTON.name] === SAVE_BUTTON.value;

/** What a page's form posted, without the fields every form carries. */
function toPartialValues(raw: RawValues): RawValues {
  const { csrfToken: _token, website: _honeypot, [SAVE_BUTTON.name]: _action, ...values } = raw;
  return values;
}

export type StepOutcome = { kind: 'not_found' } | Redirect | Rewrite | QuestionPage | InterruptionPage | StopPage;

type StepOptions = { journey: Journey; page: string; locals: JourneyLocals; request: Request; url: URL; now: Date };

/** `/<journey>/<page>`: a question, a page shown between questions, or the page the journey stops at. */
export async function handleJourneyPage(options: StepOptions): Promise<StepOutcome> {
  const { journey, page } = options;
  // Own keys only: a page named like an Object method ("constructor") is not a moved page.
  const movedTo = journey.moved && Object.hasOwn(journey.moved, page) ? journey.moved[page] : undefined;
  if (movedTo) return redirect(at(journey, movedTo, options.url.search));
  if (journey.stop?.page === page) return handleStop(options, journey.stop);
  const interruption = journey.interruptions?.find((i) => i.page === page);
  if (interruption) return handleInterruption(options, interruption);
  const step = findStep(journey, page);
  return step ? handleQuestion(options, step.id) : { kind: 'not_found' };
}

/**
 * The page a journey stops at. "Go back to your answers" must never cost someone their answers:
 * it leads to the question where they chose not to send, or (if they have changed that since) to
 * where they are now; only without answers does it offer a fresh start.
 */
function handleStop({ journey, locals, now }: StepOptions, stop: Stop): StopPage {
  const session = usableSession(journey, locals);
  if (!session) return { kind: 'stop', stop: stop.page, changeHref: `/${journey.path}/start`, detailsHtml: '', values: {} };
  const ctx = toJourneyContext(session, locals.runtime.council, now);
  const stopped = stop.when(ctx);
  const changeHref = stopped ? at(journey, stop.changeStep(ctx), '?change=1') : at(journey, firstIncompleteStep(journey, ctx) ?? CHECK);
  return {
    kind: 'stop',
    stop: stop.page,
    changeHref,
    detailsHtml: stopped ? resolveStopDetails(journey, stop, ctx, locals.runtime.copy) : '',
    values: journeyValues(journey, ctx),
  };
}

function handleInterruption({ journey, locals, url, now }: StepOptions, interruption: Interruption): StepOutcome {
  const usable = usableSession(journey, locals);
  if (!usable) {
    if (interruption.withoutSession) return { kind: 'interruption', interruption, backHref: journey.startPage };
    return redirect(locals.sessionExpired ? at(journey, 'session-expired') : journey.startPage);
  }
  const changing = url.searchParams.get('change') === '1';
  const next = nextStep(journey, toJourneyContext(usable, locals.runtime.council, now), interruption.after, changing);
  return {
    kind: 'interruption',
    interruption,
    continueHref: at(journey, next, changing && next !== CHECK ? '?change=1' : ''),
    backHref: at(journey, interruption.after),
  };
}

/**
 * A question page, GET or POST. Pages can only be reached in order; a valid answer is saved and
 * the person is sent on (back to check answers, through any new questions, after a change); an
 * invalid one is shown again with status 422, the GOV.UK error summary and what they typed.
 */
async function handleQuestion({ journey, locals, request, url, now }: StepOptions, stepId: string): Promise<StepOutcome> {
  const unusable = unusableSession(journey, locals);
  if (unusable) return unusable;
  const session = locals.session as SessionRecord;
  const { council, copy } = locals.runtime;
  let ctx = toJourneyContext(session, council, now);
  const changing = url.searchParams.get('change') === '1';
  const suffix = changing ? '?change=1' : '';

  const elsewhere = redirectForStep(journey, ctx, stepId);
  if (elsewhere) return redirect(at(journey, elsewhere));

  const step = findStep(journey, stepId)!;
  const page = resolveStepPage(journey, step, ctx, copy);
  let values: RawValues | PageValues = ctx.answers[step.id] ?? partialAnswersOf(session)[step.id] ?? {};
  let errors: FormErrors | null = null;
  let status = 200;

  if (request.method === 'POST') {
    const posted = await readPostedForm(request, session);
    if (!posted.ok && posted.reason !== 'honeypot') return toRefusedPost(posted.reason, at(journey, step.id, suffix));
    if (!posted.ok) ({ status, values, errors } = toNotSavedPage(locals, at(journey, step.id), page, posted.raw));
    else {
      const result = parseStep(journey, step, page, posted.raw, ctx, copy);
      if (isSavePress(posted.raw)) {
        // Saved as it stands, checked or not: a valid answer counts as answered; anything else
        // is kept exactly as typed and shown again on this page, so nothing typed is lost.
        if (result.ok) await saveAnswers(locals, session, withAnswer(journey, ctx, step.id, result.value).answers, now, { [step.id]: null });
        else await saveAnswers(locals, session, ctx.answers, now, { [step.id]: toPartialValues(posted.raw) });
        return redirect(at(journey, 'save'));
      }
      if (result.ok) {
        ctx = withAnswer(journey, ctx, step.id, result.value);
        await saveAnswers(locals, session, ctx.answers, now, { [step.id]: null });
        const interruption = journey.interruptions?.find((i) => i.after === step.id && i.when(result.value));
        if (interruption) return redirect(at(journey, interruption.page, suffix));
        const next = nextStep(journey, ctx, step.id, changing);
        return redirect(at(journey, next, next === CHECK || next === journey.stop?.page ? '' : suffix));
      }
      errors = result.error;
      values = posted.raw;
      status = 422;
    }
  }

  const back = changing ? CHECK : previousStep(journey, ctx, step.id);
  return {
    kind: 'question',
    status,
    page,
    values,
    errors,
    action: at(journey, step.id, suffix),
    backHref: back ? at(journey, back) : journey.startPage,
    csrfToken: session.csrfToken,
    today: ctx.today,
    saveLabel: copy.t('saved.button', journeyValues(journey, ctx)),
  };
}

export interface CheckPage {
  kind: 'check';
  status: number;
  page: PageSpec;
  rows: SummaryRow[];
  values: RawValues | PageValues;
  errors: FormErrors | null;
  /** The store could not take the submission: say so and offer to try again. */
  storeFailed: boolean;
  backHref: string;
  csrfToken: string;
  today: IsoDate;
  saveLabel: string;
}

/**
 * Check answers and Send. A half-finished journey is sent back to its first gap; a valid Send
 * writes the case and its emails and redirects to the confirmation (Post/Redirect/Get); a second
 * Send from the same session finds the first reference.
 */
export async function handleCheck(options: { journey: Journey; locals: JourneyLocals; request: Request; now: Date }): Promise<Redirect | Rewrite | CheckPage> {
  const { journey, locals, request, now } = options;
  const unusable = unusableSession(journey, locals, true);
  if (unusable) return unusable;
  const session = locals.session as SessionRecord;
  const { council, copy, store, log } = locals.runtime;

  const ctx = toJourneyContext(session, council, now);
  // The person chose not to send: their answers stop short, and nothing may be sent from them.
  if (journey.stop?.when(ctx)) return redirect(at(journey, journey.stop.page));
  const gap = firstIncompleteStep(journey, ctx);
  if (gap) return redirect(at(journey, gap));

  const page = resolveCheckPage(journey, ctx, copy);
  let values: RawValues | PageValues = partialAnswersOf(session)[CHECK] ?? {};
  let errors: FormErrors | null = null;
  let status = 200;
  let storeFailed = false;

  if (request.method === 'POST') {
    const posted = await readPostedForm(request, session);
    if (!posted.ok && posted.reason !== 'honeypot') return toRefusedPost(posted.reason, at(journey, CHECK));
    if (!posted.ok) ({ status, values, errors } = toNotSavedPage(locals, at(journey, CHECK), page, posted.raw));
    else if (isSavePress(posted.raw)) {
      // Check answers' own questions are kept as typed; Send checks them.
      await saveAnswers(locals, session, ctx.answers, now, { [CHECK]: toPartialValues(posted.raw) });
      return redirect(at(journey, 'save'));
    } else {
      const result = parsePage(page, posted.raw, { today: ctx.today });
      if (result.ok) {
        const { caseDelivery } = locals.runtime.config;
        const draft = toDraftOrigin(session);
        const channels = { email: caseDelivery.email, webhook: caseDelivery.webhook !== undefined };
        const outcome = await submitJourney({
          journey,
          store,
          copy,
          log,
          sessionId: session.id,
          ctx,
          check: result.value,
          now,
          channels,
          // A draft brought back keeps the time it was first started; otherwise the session's.
          startedAt: draft ? Date.parse(draft.startedAt) : session.createdAt,
          draft,
          // Set by check answers' script (CheckAnswersPage), so absent whenever JavaScript is off.
          javascript: posted.raw['scripts'] === 'on',
          mailMaxBytes: locals.runtime.config.mailMaxBytes,
        });
        if (outcome.ok) {
          // Only the Send that wrote the case keeps a copy: a second press must not replace it with nothing.
          if (outcome.created) {
            // Sent: the answers saved to come back to have done their job.
            await deleteSessionDraft(store, session).catch((error: unknown) => log.warn('saved answers not deleted after sending', { error }));
            // The case is stored and the confirmation reads its reference from the session row
            // written with it; a store that fails only this copy must not hide that it was sent.
            await keepSentAnswers({ journey, locals, session, ctx, reference: outcome.reference, now }).catch((error: unknown) =>
              log.warn('copy of the sent answers not kept', { error }),
            );
          }
          return redirect(at(journey, 'confirmation'));
        }
        storeFailed = true;
        values = posted.raw;
        status = 503;
      } else {
        errors = result.error;
        values = posted.raw;
        status = 422;
      }
    }
  }

  const rows = toSummaryRows(journey, ctx, copy);
  // Back goes to the last question asked, even one left empty (an optional last page has no row).
  const last = applicableSteps(journey, ctx).at(-1)?.id ?? '';
  return {
    kind: 'check',
    status,
    page,
    rows,
    values,
    errors,
    storeFailed,
    backHref: at(journey, last),
    csrfToken: session.csrfToken,
    today: ctx.today,
    saveLabel: copy.t('saved.button', journeyValues(journey, ctx)),
  };
}

/**
 * The stored confirmation summary for this session's submission, or where to go instead: only the
 * session that sent something sees it, and a case sent on another journey is shown on that
 * journey's confirmation page.
 */
export async function readConfirmation(
  journey: Journey,
  locals: JourneyLocals,
  journeyOfCase: (summary: CaseSummary) => Journey | undefined,
): Promise<Redirect | { kind: 'summary'; summary: CaseSummary }> {
  const { session } = locals;
  if (!session) return redirect(locals.sessionExpired ? at(journey, 'session-expired') : journey.startPage);
  if (!session.submittedReference) return redirect(isJourneySession(journey, session) ? at(journey, CHECK) : journey.startPage);
  const summary = await locals.runtime.store.getCaseSummary(session.submittedReference);
  if (!summary) return redirect(journey.startPage);
  const owner = journeyOfCase(summary);
  if (owner && owner !== journey) return redirect(at(owner, 'confirmation'));
  return { kind: 'summary', summary };
}

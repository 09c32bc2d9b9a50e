import { toCaseDocument } from '../../domain/case-document.ts';
import { toCaseFigures } from '../../domain/case-figures.ts';
import { addCalendarDays, type IsoDate } from '../../domain/dates.ts';
import { toEscalationMessages } from '../../domain/email/outgoing.ts';
import { screenEscalation, toOriginalCase, type EscalationRecord, type EscalationRequest, type EscalationStage } from '../../domain/escalation.ts';
import { message } from '../../domain/copy.ts';
import { parseReferenceNumber } from '../../domain/reference-number.ts';
import { err, ok } from '../../domain/result.ts';
import { computeEscalationWindow } from '../../domain/timeline.ts';
import { readAnswers } from '../engine/answers.ts';
import type { Journey, JourneyContext } from '../engine/journey.ts';
import { checkFields, contactMethodsField, fullNameField, outcomeWantedField, safeToContactField, toContactDetails } from '../fields.ts';
import type { PageValues } from '../page-schema.ts';
import { documentSteps } from '../uploads.ts';

/**
 * Asking for stage 2 (an investigation) or stage 3 (a review panel) of a complaint already made
 * (DOMAIN Part 1 §12). The reference must be well formed for this council, but one the service does
 * not know is accepted: the complaint may have been made by phone or letter. A late request is
 * flagged, never refused.
 */

/** The stage asked for, once answered. */
export function toReviewStage(ctx: JourneyContext): EscalationStage | undefined {
  const stage = readAnswers(ctx.answers).text('stage', 'stage');
  return stage === 'stage2' ? 2 : stage === 'stage3' ? 3 : undefined;
}

/**
 * Whether the request already looks late today (the rules engine decides for real at Send), so
 * the person can say why they are asking now. Noon stands in for "some time today".
 */
function looksLate(ctx: JourneyContext): boolean {
  const stage = toReviewStage(ctx);
  const replyReceived = readAnswers(ctx.answers).text('reply-date', 'replyReceived');
  if (!stage || !replyReceived || replyReceived > ctx.today) return false;
  return computeEscalationWindow({ stage, responseReceived: replyReceived, requestedAt: new Date(`${ctx.today}T12:00:00Z`), council: ctx.council }).late;
}

/** A date as a hint writes it: "27 3 2026". */
function toExampleDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${m} ${y}`;
}

/** The stage 2 or 3 request journey. */
export const reviewJourney: Journey = {
  id: 'review',
  path: 'review',
  startPage: '/review',
  steps: [
    {
      id: 'reference',
      section: 'complaint',
      fields: [
        {
          kind: 'text',
          name: 'reference',
          required: true,
          heading: true,
          maxLength: 40,
          widthClass: 'govuk-input--width-20',
          autocomplete: 'off',
          spellcheck: false,
        },
      ],
      refine: (values, ctx) => {
        const parsed = parseReferenceNumber(String(values['reference'] ?? ''), ctx.council.referencePrefix);
        return parsed.ok ? ok({ ...values, reference: parsed.value }) : err({ reference: message('review.steps.reference.fields.reference.notValid') });
      },
    },
    {
      id: 'stage',
      section: 'complaint',
      fields: [{ kind: 'radios', name: 'stage', required: true, heading: true, options: [{ value: 'stage2' }, { value: 'stage3' }] }],
    },
    {
      id: 'reply-date',
      section: 'complaint',
      applies: (ctx) => toReviewStage(ctx) !== undefined,
      // Asking for stage 3 is asking about the stage 2 reply, not the first one.
      values: (ctx) => ({ context: toReviewStage(ctx) === 3 ? 'stage3' : undefined, example: toExampleDate(addCalendarDays(ctx.today, -14)) }),
      fields: [{ kind: 'date', name: 'replyReceived', required: true, heading: true, precision: 'full', past: true }],
    },
    {
      id: 'why-now',
      section: 'complaint',
      applies: looksLate,
      values: (ctx) => {
        const stage = toReviewStage(ctx) ?? 2;
        const window = stage === 2 ? ctx.council.timescales.statutory.stage2RequestWindow : ctx.council.timescales.statutory.stage3RequestWindow;
        return { stage, window };
      },
      fields: [{ kind: 'textarea', name: 'whyNow', heading: true, maxLength: 2000, rows: 4 }],
    },
    { id: 'your-name', section: 'contact', fields: [fullNameField] },
    { id: 'contact', section: 'contact', fields: [contactMethodsField] },
    { id: 'safe-contact', section: 'contact', fields: [safeToContactField] },
    {
      id: 'why',
      section: 'request',
      fields: [{ kind: 'textarea', name: 'whyUnhappy', required: true, heading: true, maxLength: 5000, rows: 8, characterCount: true }],
    },
    {
      id: 'put-right',
      section: 'request',
      fields: [outcomeWantedField],
    },
    ...documentSteps('request'),
  ],
  checkFields: (ctx) => checkFields(readAnswers(ctx.answers)),
  checkValues: (ctx) => ({ email: readAnswers(ctx.answers).text('contact', 'email') }),
  submission: {
    kind: 'escalation',
    referencePrefix: (council) => council.referencePrefix,
    referenceToCheck: (ctx) => readAnswers(ctx.answers).text('reference', 'reference'),
    build: ({ ctx, check, reference, now, t, rows, referenceKnown, earlierCase, startedAt }) => {
      const { council } = ctx;
      const { request: asked, contact } = toEscalationRequest(ctx, check, referenceKnown);
      const request: EscalationRequest = earlierCase ? { ...asked, originalCase: toOriginalCase(earlierCase) } : asked;
      const screening = screenEscalation({ request, council, requestedAt: now });
      const record: EscalationRecord = { kind: 'escalation', reference, councilSlug: council.slug, request, contact, screening, answerRows: rows };
      const messages = toEscalationMessages(record, council, council.mail, t);
      return {
        record,
        messages,
        document: toCaseDocument({ kind: 'escalation', record }, council, t),
        figures: toCaseFigures({ kind: 'escalation', record }, council, now, startedAt),
        summary: {
          kind: 'escalation',
          reference,
          originalReference: request.originalReference,
          stage: request.stage,
          late: screening.window.late,
          windowWorkingDays: screening.windowWorkingDays,
          safeguarding: screening.flags.includes('safeguarding'),
          acknowledgementEmail: messages.some((m) => m.kind === 'acknowledgement'),
          entries: screening.window.entries.map(({ id, date }) => ({ id, date })),
        },
      };
    },
  },
};

/**
 * The request and contact details from a complete journey. `referenceKnown` is the server's
 * answer to "was this reference issued by this service?".
 */
export function toEscalationRequest(
  ctx: JourneyContext,
  check: PageValues,
  referenceKnown: boolean,
): { request: EscalationRequest; contact: ReturnType<typeof toContactDetails> } {
  const answers = readAnswers(ctx.answers);
  const whyNow = answers.text('why-now', 'whyNow');
  const request: EscalationRequest = {
    stage: toReviewStage(ctx) ?? 2,
    originalReference: answers.text('reference', 'reference') ?? '',
    referenceKnown,
    replyReceived: answers.text('reply-date', 'replyReceived') ?? ctx.today,
    whyUnhappy: answers.text('why', 'whyUnhappy') ?? '',
    outcomeWanted: answers.text('put-right', 'outcomeWanted') ?? '',
    ...(whyNow ? { whyNow } : {}),
    worriedAtCheck: check['worriedAtCheck'] === 'yes',
  };
  const contact = toContactDetails(answers, {
    name: answers.text('your-name', 'fullName') ?? '',
    wantsAcknowledgement: check['wantsAcknowledgement'] === 'yes',
  });
  return { request, contact };
}

import type { ContactDetails } from '../domain/answers.ts';
import { addCalendarDays, type IsoDate } from '../domain/dates.ts';
import type { EscalationRequest, EscalationStage } from '../domain/escalation.ts';
import { parseReferenceNumber } from '../domain/reference-number.ts';
import { err, ok } from '../domain/result.ts';
import { computeEscalationWindow } from '../domain/timeline.ts';
import type { PageSpec } from './field-spec.ts';
import {
  canAcknowledgeByEmail,
  createAcknowledgementField,
  createContactMethodsField,
  createFullNameField,
  createRiskAtCheckField,
  createSafeToContactField,
  toContactDetails,
} from './fields.ts';
import { pruneFlowAnswers, readAnswer, type Flow } from './flow.ts';
import type { JourneyContext } from './journey.ts';
import type { PageValues } from './page-schema.ts';

/**
 * Asking for stage 2 (an investigation) or stage 3 (a review panel) of a complaint already made
 * (DOMAIN Part 1 §12). The reference must be well formed for this council, but one the service does
 * not know is accepted: the complaint may have been made by phone or letter.
 */

/**
 * An example reference for hints and messages, in this council's format. Its check character is
 * deliberately wrong, so typing the example itself is caught as a mistake.
 * @example toExampleReference('CSC') // 'CSC-7K4M-2P9X'
 */
export function toExampleReference(prefix: string): string {
  return `${prefix}-7K4M-2P9X`;
}

/** The stage asked for, once answered. */
export function toReviewStage(ctx: JourneyContext): EscalationStage | undefined {
  const stage = readAnswer(ctx, 'stage', 'stage');
  return stage === 'stage2' ? 2 : stage === 'stage3' ? 3 : undefined;
}

const replyName = (stage: EscalationStage | undefined): string => (stage === 3 ? 'the stage 2 reply' : 'our reply to your complaint');

/**
 * Whether the request already looks late today (the rules engine decides for real at Send), so
 * the person can say why they are asking now. Noon stands in for "some time today".
 */
function looksLate(ctx: JourneyContext): boolean {
  const stage = toReviewStage(ctx);
  const replyReceived = readAnswer(ctx, 'reply-date', 'replyReceived');
  if (!stage || !replyReceived || replyReceived > ctx.today) return false;
  return computeEscalationWindow({ stage, responseReceived: replyReceived, requestedAt: new Date(`${ctx.today}T12:00:00Z`), council: ctx.council }).late;
}

const windowLength = (ctx: JourneyContext, stage: EscalationStage): number =>
  stage === 2 ? ctx.council.timescales.statutory.stage2RequestWindow : ctx.council.timescales.statutory.stage3RequestWindow;

/** The stage 2 or 3 request journey. */
export const reviewFlow: Flow = {
  id: 'review',
  basePath: '/review',
  noun: 'request',
  steps: [
    {
      id: 'reference',
      section: 'Your complaint',
      applies: () => true,
      page: (ctx) => ({
        id: 'reference',
        title: 'What is your complaint reference number?',
        fields: [
          {
            kind: 'text',
            name: 'reference',
            label: 'What is your complaint reference number?',
            errorName: 'Your complaint reference number',
            isPageHeading: true,
            hint: `It is on the letter or email we sent you, like ${toExampleReference(ctx.council.referencePrefix)}`,
            required: 'Enter your complaint reference number',
            maxLength: 40,
            widthClass: 'govuk-input--width-20',
            autocomplete: 'off',
            spellcheck: false,
          },
        ],
      }),
      refine: (values, ctx) => {
        const prefix = ctx.council.referencePrefix;
        const parsed = parseReferenceNumber(String(values['reference'] ?? ''), prefix);
        if (parsed.ok) return ok({ ...values, reference: parsed.value });
        return err({ reference: `Check your reference number. It is on the letter or email we sent you, like ${toExampleReference(prefix)}` });
      },
    },
    {
      id: 'stage',
      section: 'Your complaint',
      applies: () => true,
      page: () => ({
        id: 'stage',
        title: 'What are you asking for?',
        fields: [
          {
            kind: 'radios',
            name: 'stage',
            label: 'What are you asking for?',
            isPageHeading: true,
            hint: 'If you are not sure, choose stage 2. The complaints team will check.',
            required: 'Select which stage you are asking for',
            options: [
              { value: 'stage2', label: 'Stage 2: an investigation', hint: 'You are unhappy with our reply to your complaint' },
              { value: 'stage3', label: 'Stage 3: a review panel', hint: 'You are unhappy with the reply after a stage 2 investigation' },
            ],
          },
        ],
      }),
    },
    {
      id: 'reply-date',
      section: 'Your complaint',
      applies: (ctx) => toReviewStage(ctx) !== undefined,
      page: (ctx) => {
        const title = `When did you get ${replyName(toReviewStage(ctx))}?`;
        return {
          id: 'reply-date',
          title,
          fields: [
            {
              kind: 'date',
              name: 'replyReceived',
              label: title,
              isPageHeading: true,
              hint: `For example, ${formatExampleDate(addCalendarDays(ctx.today, -14))}. If you are not sure, give the date on the letter or email.`,
              precision: 'full',
              past: true,
              required: 'Enter the date you got the reply',
              noun: 'the date you got the reply',
            },
          ],
        };
      },
    },
    {
      id: 'why-now',
      section: 'Your complaint',
      applies: looksLate,
      page: (ctx) => {
        const stage = toReviewStage(ctx) ?? 2;
        return {
          id: 'why-now',
          title: 'Is there a reason you are asking now?',
          intro: [
            `Requests for stage ${stage} are usually made within ${windowLength(ctx, stage)} working days of getting the reply. You can still ask. If there is a reason it is later, tell us, so the complaints team can take it into account.`,
          ],
          fields: [
            {
              kind: 'textarea',
              name: 'whyNow',
              label: 'Is there a reason you are asking now? (optional)',
              errorName: 'Your reason',
              hint: 'For example, you were ill, or you were waiting for something we promised',
              maxLength: 2000,
              rows: 4,
            },
          ],
        };
      },
    },
    {
      id: 'your-name',
      section: 'Your contact details',
      applies: () => true,
      page: () => ({
        id: 'your-name',
        title: 'What is your name?',
        fields: [createFullNameField({ hint: 'The name you gave when you complained, so we can find your complaint.', required: 'Enter your full name' })],
      }),
    },
    {
      id: 'contact',
      section: 'Your contact details',
      applies: () => true,
      page: () => ({ id: 'contact', title: 'How can we contact you?', fields: [createContactMethodsField(false)] }),
    },
    {
      id: 'safe-contact',
      section: 'Your contact details',
      applies: () => true,
      page: () => ({ id: 'safe-contact', title: 'Is it safe for us to contact you these ways?', fields: [createSafeToContactField(false)] }),
    },
    {
      id: 'why',
      section: 'Your request',
      applies: () => true,
      page: () => ({
        id: 'why',
        title: 'Why are you still unhappy?',
        fields: [
          {
            kind: 'textarea',
            name: 'whyUnhappy',
            label: 'Why are you still unhappy?',
            errorName: 'Why you are still unhappy',
            isPageHeading: true,
            hint: 'Tell us which parts of the reply you disagree with, and why. You do not need to repeat your whole complaint.',
            required: 'Enter why you are still unhappy',
            maxLength: 5000,
            tooLong: 'Why you are still unhappy must be 5,000 characters or less',
            rows: 8,
            characterCount: true,
          },
        ],
      }),
    },
    {
      id: 'put-right',
      section: 'Your request',
      applies: () => true,
      page: () => ({
        id: 'put-right',
        title: 'What would put things right?',
        fields: [
          {
            kind: 'textarea',
            name: 'outcomeWanted',
            label: 'What would put things right?',
            errorName: 'What would put things right',
            isPageHeading: true,
            hint: 'For example, an apology, a decision looked at again, or a service put in place.',
            required: 'Enter what would put things right',
            maxLength: 2000,
            rows: 5,
            characterCount: true,
          },
        ],
      }),
    },
  ],
  checkPage: (ctx) => {
    const email = readAnswer(ctx, 'contact', 'email');
    const fields: PageSpec['fields'] = [createRiskAtCheckField(false, 'This includes any child, or anyone else mentioned in your complaint.')];
    if (email && canAcknowledgeByEmail(ctx.answers['contact'], ctx.answers['safe-contact'])) fields.push(createAcknowledgementField('request', email));
    return { id: 'check', title: 'Check your answers before sending your request', fields, submitLabel: 'Send request' };
  },
};

/** A date as a hint writes it: "27 3 2026". */
function formatExampleDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${m} ${y}`;
}

/**
 * The request and contact details from a complete journey. `referenceKnown` is the server's
 * answer to "was this reference issued by this service?".
 */
export function toEscalationRequest(journey: JourneyContext, check: PageValues, referenceKnown: boolean): { request: EscalationRequest; contact: ContactDetails } {
  // Only answers to steps that still apply count, whatever else the session holds.
  const ctx = { ...journey, answers: pruneFlowAnswers(reviewFlow, journey) };
  const whyNow = readAnswer(ctx, 'why-now', 'whyNow');
  const request: EscalationRequest = {
    stage: toReviewStage(ctx) ?? 2,
    originalReference: readAnswer(ctx, 'reference', 'reference') ?? '',
    referenceKnown,
    replyReceived: readAnswer(ctx, 'reply-date', 'replyReceived') ?? ctx.today,
    whyUnhappy: readAnswer(ctx, 'why', 'whyUnhappy') ?? '',
    outcomeWanted: readAnswer(ctx, 'put-right', 'outcomeWanted') ?? '',
    ...(whyNow ? { whyNow } : {}),
    worriedAtCheck: check['worriedAtCheck'] === 'yes',
  };
  const contact = toContactDetails({
    name: readAnswer(ctx, 'your-name', 'fullName') ?? '',
    contact: ctx.answers['contact'],
    safe: ctx.answers['safe-contact'],
    wantsAcknowledgement: check['wantsAcknowledgement'] === 'yes',
  });
  return { request, contact };
}

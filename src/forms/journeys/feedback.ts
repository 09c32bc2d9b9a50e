import { toCaseDocument } from '../../domain/case-document.ts';
import { toCaseFigures } from '../../domain/case-figures.ts';
import { toLondonDateTime } from '../../domain/dates.ts';
import { toFeedbackMessages } from '../../domain/email/outgoing.ts';
import { feedbackKinds, feedbackReferencePrefix, type FeedbackKind, type FeedbackRecord, type FeedbackReply } from '../../domain/feedback.ts';
import { message } from '../../domain/copy.ts';
import { err, ok } from '../../domain/result.ts';
import { readAnswers } from '../engine/answers.ts';
import type { Journey, JourneyContext } from '../engine/journey.ts';

/**
 * A compliment, suggestion or general feedback, on two short pages (DOMAIN Part 1 §12). Anyone can
 * send one; a name and a way to reply are asked for only if they want a reply.
 */

/** The feedback journey. */
export const feedbackJourney: Journey = {
  id: 'feedback',
  path: 'feedback',
  startPage: '/feedback',
  steps: [
    {
      id: 'feedback',
      section: 'feedback',
      fields: [
        { kind: 'radios', name: 'feedbackKind', required: true, options: feedbackKinds.map((value) => ({ value })) },
        { kind: 'textarea', name: 'message', required: true, maxLength: 3000, rows: 6, characterCount: true },
        { kind: 'text', name: 'about', maxLength: 200 },
      ],
    },
    {
      id: 'reply',
      section: 'reply',
      fields: [
        {
          kind: 'radios',
          name: 'wantsReply',
          required: true,
          heading: true,
          options: [
            {
              value: 'yes',
              copy: 'common.answers.yes',
              conditional: [
                { kind: 'text', name: 'replyName', required: true, maxLength: 100, autocomplete: 'name', spellcheck: false },
                {
                  kind: 'text',
                  name: 'replyEmail',
                  inputType: 'email',
                  autocomplete: 'email',
                  spellcheck: false,
                  format: 'email',
                  maxLength: 254,
                  widthClass: 'govuk-!-width-two-thirds',
                },
                {
                  kind: 'text',
                  name: 'replyPhone',
                  inputType: 'tel',
                  autocomplete: 'tel',
                  format: 'phone',
                  maxLength: 20,
                  widthClass: 'govuk-input--width-20',
                },
              ],
            },
            { value: 'no', copy: 'common.answers.no' },
          ],
        },
      ],
      // "Email or phone" can only be checked across the two boxes, and only when a reply is wanted.
      refine: (values) =>
        values['wantsReply'] === 'yes' && values['replyEmail'] === undefined && values['replyPhone'] === undefined
          ? err({ replyEmail: message('feedback.steps.reply.fields.replyEmail.emailOrPhone') })
          : ok(values),
    },
  ],
  checkFields: () => [],
  submission: {
    kind: 'feedback',
    referencePrefix: () => feedbackReferencePrefix,
    build: ({ ctx, reference, now, t, rows, startedAt }) => {
      const record: FeedbackRecord = {
        kind: 'feedback',
        reference,
        councilSlug: ctx.council.slug,
        ...toFeedback(ctx),
        submittedAt: now.toISOString(),
        submittedDate: toLondonDateTime(now).date,
        answerRows: rows,
      };
      return {
        record,
        messages: toFeedbackMessages(record, ctx.council, ctx.council.mail, t),
        document: toCaseDocument({ kind: 'feedback', record }, ctx.council, t),
        figures: toCaseFigures({ kind: 'feedback', record }, ctx.council, now, startedAt),
        summary: { kind: 'feedback', reference, feedbackKind: record.feedbackKind, replyWanted: record.reply !== undefined },
      };
    },
  },
};

/** The feedback from a complete journey; `reply` only when a reply was wanted. */
export function toFeedback(ctx: JourneyContext): { feedbackKind: FeedbackKind; message: string; about?: string; reply?: FeedbackReply } {
  const answers = readAnswers(ctx.answers);
  const about = answers.text('feedback', 'about');
  const email = answers.text('reply', 'replyEmail');
  const phone = answers.text('reply', 'replyPhone');
  const wantsReply = answers.text('reply', 'wantsReply') === 'yes';
  return {
    feedbackKind: answers.choice('feedback', 'feedbackKind', feedbackKinds) ?? 'feedback',
    message: answers.text('feedback', 'message') ?? '',
    ...(about ? { about } : {}),
    ...(wantsReply ? { reply: { name: answers.text('reply', 'replyName') ?? '', ...(email ? { email } : {}), ...(phone ? { phone } : {}) } } : {}),
  };
}

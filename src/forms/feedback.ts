import type { FeedbackKind, FeedbackReply } from '../domain/feedback.ts';
import { err, ok } from '../domain/result.ts';
import { pruneFlowAnswers, readAnswer, type Flow } from './flow.ts';
import type { JourneyContext } from './journey.ts';

/**
 * A compliment, suggestion or general feedback, on two short pages (DOMAIN Part 1 §12). Anyone can
 * send one; a name and a way to reply are asked for only if they want a reply.
 */

/** The kind chosen on the first page, once answered. */
export function toFeedbackKind(ctx: JourneyContext): FeedbackKind | undefined {
  const kind = readAnswer(ctx, 'feedback', 'feedbackKind');
  return kind === 'compliment' || kind === 'suggestion' || kind === 'feedback' ? kind : undefined;
}

/** The feedback journey. */
export const feedbackFlow: Flow = {
  id: 'feedback',
  basePath: '/feedback',
  noun: 'feedback',
  steps: [
    {
      id: 'feedback',
      section: 'Your feedback',
      applies: () => true,
      page: () => ({
        id: 'feedback',
        title: 'Your feedback',
        fields: [
          {
            kind: 'radios',
            name: 'feedbackKind',
            label: 'What would you like to send?',
            required: 'Select what you would like to send',
            options: [
              { value: 'compliment', label: 'A compliment', hint: 'Something or someone that helped' },
              { value: 'suggestion', label: 'A suggestion', hint: 'Something we could do better' },
              { value: 'feedback', label: 'Other feedback' },
            ],
          },
          {
            kind: 'textarea',
            name: 'message',
            label: 'What do you want to tell us?',
            errorName: 'What you want to tell us',
            required: 'Enter what you want to tell us',
            maxLength: 3000,
            tooLong: 'What you want to tell us must be 3,000 characters or less',
            rows: 6,
            characterCount: true,
          },
          {
            kind: 'text',
            name: 'about',
            label: 'Which team or person is it about? (optional)',
            errorName: 'The team or person',
            hint: 'For example, a social worker’s name or a team',
            maxLength: 200,
          },
        ],
      }),
    },
    {
      id: 'reply',
      section: 'Reply',
      applies: () => true,
      page: () => ({
        id: 'reply',
        title: 'Would you like a reply?',
        fields: [
          {
            kind: 'radios',
            name: 'wantsReply',
            label: 'Would you like a reply?',
            isPageHeading: true,
            required: 'Select yes if you would like a reply',
            options: [
              {
                value: 'yes',
                label: 'Yes',
                conditional: [
                  { kind: 'text', name: 'replyName', label: 'Your name', required: 'Enter your name', maxLength: 100, autocomplete: 'name', spellcheck: false },
                  {
                    kind: 'text',
                    name: 'replyEmail',
                    label: 'Email address',
                    hint: 'Give an email address or a phone number, or both. Only give ones that are safe for us to use.',
                    inputType: 'email',
                    autocomplete: 'email',
                    spellcheck: false,
                    format: 'email',
                    maxLength: 254,
                    widthClass: 'govuk-!-width-two-thirds',
                  },
                  { kind: 'text', name: 'replyPhone', label: 'Phone number', inputType: 'tel', autocomplete: 'tel', format: 'phone', maxLength: 20, widthClass: 'govuk-input--width-20' },
                ],
              },
              { value: 'no', label: 'No' },
            ],
          },
        ],
      }),
      // "Email or phone" can only be checked across the two boxes, and only when a reply is wanted.
      refine: (values) =>
        values['wantsReply'] === 'yes' && values['replyEmail'] === undefined && values['replyPhone'] === undefined
          ? err({ replyEmail: 'Enter an email address or a phone number so we can reply' })
          : ok(values),
    },
  ],
  checkPage: () => ({ id: 'check', title: 'Check your answers before sending your feedback', fields: [], submitLabel: 'Send feedback' }),
};

/** The feedback from a complete journey; `reply` only when a reply was wanted. */
export function toFeedback(journey: JourneyContext): { feedbackKind: FeedbackKind; message: string; about?: string; reply?: FeedbackReply } {
  const ctx = { ...journey, answers: pruneFlowAnswers(feedbackFlow, journey) };
  const about = readAnswer(ctx, 'feedback', 'about');
  const wantsReply = readAnswer(ctx, 'reply', 'wantsReply') === 'yes';
  const email = readAnswer(ctx, 'reply', 'replyEmail');
  const phone = readAnswer(ctx, 'reply', 'replyPhone');
  return {
    feedbackKind: toFeedbackKind(ctx) ?? 'feedback',
    message: readAnswer(ctx, 'feedback', 'message') ?? '',
    ...(about ? { about } : {}),
    ...(wantsReply ? { reply: { name: readAnswer(ctx, 'reply', 'replyName') ?? '', ...(email ? { email } : {}), ...(phone ? { phone } : {}) } } : {}),
  };
}

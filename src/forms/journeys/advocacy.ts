import { toCaseDocument } from '../../domain/case-document.ts';
import { toCaseFigures } from '../../domain/case-figures.ts';
import {
  advocacyReferencePrefix,
  advocacyRequesters,
  isSelfRequester,
  screenAdvocacyRequest,
  type AdvocacyRecord,
  type AdvocacyRequest,
  type AdvocacyRequester,
} from '../../domain/advocacy.ts';
import { childAgreements, responsibleCouncils, type ContactDetails } from '../../domain/answers.ts';
import { toAdvocacyMessages } from '../../domain/email/outgoing.ts';
import { readAnswers } from '../engine/answers.ts';
import type { Journey, JourneyContext } from '../engine/journey.ts';
import {
  ageField,
  checkFields,
  childAgreementOptions,
  childCouncilField,
  childNameField,
  contactMethodsField,
  fullNameField,
  safeToContactField,
  selfCouncilField,
  toContactDetails,
} from '../fields.ts';
import type { PageValues } from '../page-schema.ts';

/**
 * Asking for an independent advocate (DOMAIN Part 1 §5). A child, young person or care leaver asks
 * for themself, in "you" wording; an adult may ask for a child, and is asked whether the child knows
 * and agrees, which is recorded and never a gate. No complaint needs to have been written.
 */

/** Who is asking, once answered. */
export function toAdvocacyRequester(ctx: JourneyContext): AdvocacyRequester | undefined {
  return readAnswers(ctx.answers).choice('who', 'requester', advocacyRequesters);
}

/** Whether the young person is asking for themself, so pages say "you". */
export function isAdvocacySelfPath(ctx: JourneyContext): boolean {
  const requester = toAdvocacyRequester(ctx);
  return requester !== undefined && isSelfRequester(requester);
}

const isAdultPath = (ctx: JourneyContext) => toAdvocacyRequester(ctx) === 'adult';
const hasAnswered = (ctx: JourneyContext) => toAdvocacyRequester(ctx) !== undefined;

/** The request for an advocate journey. */
export const advocacyJourney: Journey = {
  id: 'advocacy',
  path: 'advocate',
  startPage: '/advocate',
  isChild: isAdvocacySelfPath,
  steps: [
    {
      id: 'who',
      section: 'who',
      fields: [{ kind: 'radios', name: 'requester', required: true, heading: true, options: advocacyRequesters.map((value) => ({ value })) }],
    },
    {
      id: 'child-agreement',
      section: 'who',
      applies: isAdultPath,
      fields: [{ kind: 'radios', name: 'childAgreement', required: true, heading: true, options: childAgreementOptions }],
    },
    {
      id: 'complaint',
      section: 'request',
      applies: hasAnswered,
      fields: [
        {
          kind: 'radios',
          name: 'complaintMade',
          required: true,
          heading: true,
          options: [
            {
              value: 'yes',
              copy: 'common.answers.yes',
              conditional: [
                { kind: 'text', name: 'complaintReference', maxLength: 40, widthClass: 'govuk-input--width-20', autocomplete: 'off', spellcheck: false },
              ],
            },
            { value: 'not_yet' },
          ],
        },
      ],
    },
    {
      id: 'about-you',
      section: 'aboutYou',
      applies: isAdvocacySelfPath,
      fields: (ctx) => [ageField, selfCouncilField(ctx.council, toAdvocacyRequester(ctx) === 'care_leaver')],
    },
    {
      id: 'about-child',
      section: 'aboutChild',
      applies: isAdultPath,
      fields: (ctx) => [
        childNameField('childName'),
        // Asked like the young person's own age, in words about the child (the step's own).
        { ...ageField, name: 'childAge' },
        childCouncilField(ctx.council, 'childCouncil', 'child'),
      ],
    },
    {
      id: 'your-name',
      section: 'contact',
      applies: hasAnswered,
      // An adult is also asked how they know the child, so the name is not the page's only question.
      fields: (ctx) =>
        isAdultPath(ctx)
          ? [
              { ...fullNameField, heading: false },
              { kind: 'text', name: 'relationship', required: true, maxLength: 100 },
            ]
          : [fullNameField],
      values: (ctx) => ({ context: isAdultPath(ctx) ? 'adult' : 'child' }),
    },
    { id: 'contact', section: 'contact', applies: hasAnswered, fields: [contactMethodsField] },
    { id: 'safe-contact', section: 'contact', applies: hasAnswered, fields: [safeToContactField] },
    {
      id: 'anything-else',
      section: 'forAdvocate',
      applies: hasAnswered,
      fields: [{ kind: 'textarea', name: 'notes', heading: true, maxLength: 2000, rows: 5, characterCount: true }],
    },
  ],
  checkFields: (ctx) => checkFields(readAnswers(ctx.answers)),
  checkValues: (ctx) => ({ email: readAnswers(ctx.answers).text('contact', 'email') }),
  submission: {
    kind: 'advocacy',
    referencePrefix: () => advocacyReferencePrefix,
    build: ({ ctx, check, reference, now, t, rows, startedAt }) => {
      const { council } = ctx;
      const { request, contact } = toAdvocacyRequest(ctx, check);
      const screening = screenAdvocacyRequest({ request, council, submittedAt: now });
      const record: AdvocacyRecord = { kind: 'advocacy', reference, councilSlug: council.slug, request, contact, screening, answerRows: rows };
      const messages = toAdvocacyMessages(record, council, council.mail, t);
      return {
        record,
        messages,
        document: toCaseDocument({ kind: 'advocacy', record }, council, t),
        figures: toCaseFigures({ kind: 'advocacy', record }, council, now, startedAt),
        summary: {
          kind: 'advocacy',
          reference,
          selfPath: isSelfRequester(request.requester),
          youngPersonAge: request.child.age,
          contactBy: screening.contactBy,
          checkWithChild: screening.flags.includes('child_does_not_agree') || screening.flags.includes('child_not_asked'),
          complaintMade: request.complaintMade,
          safeguarding: screening.flags.includes('safeguarding'),
          acknowledgementEmail: messages.some((m) => m.kind === 'acknowledgement'),
        },
      };
    },
  },
};

/** The request and contact details from a complete journey. */
export function toAdvocacyRequest(ctx: JourneyContext, check: PageValues): { request: AdvocacyRequest; contact: ContactDetails } {
  const answers = readAnswers(ctx.answers);
  const requester = toAdvocacyRequester(ctx) ?? 'adult';
  const self = isSelfRequester(requester);
  const name = answers.text('your-name', 'fullName') ?? '';
  const complaintMade = answers.text('complaint', 'complaintMade') === 'yes';
  const complaintReference = complaintMade ? answers.text('complaint', 'complaintReference') : undefined;
  const agreement = answers.choice('child-agreement', 'childAgreement', childAgreements);
  const relationship = answers.text('your-name', 'relationship');
  const notes = answers.text('anything-else', 'notes');
  const council =
    (self ? answers.choice('about-you', 'council', responsibleCouncils) : answers.choice('about-child', 'childCouncil', responsibleCouncils)) ?? 'not_sure';
  const otherCouncil = self ? answers.text('about-you', 'selfOtherCouncil') : answers.text('about-child', 'childOtherCouncil');
  const request: AdvocacyRequest = {
    requester,
    ...(!self && agreement ? { childAgreement: agreement } : {}),
    ...(!self && relationship ? { relationship } : {}),
    complaintMade,
    ...(complaintReference ? { complaintReference } : {}),
    child: {
      name: self ? name : (answers.text('about-child', 'childName') ?? ''),
      age: Number(self ? answers.text('about-you', 'age') : answers.text('about-child', 'childAge')),
      responsibleCouncil: council,
      ...(council === 'another' && otherCouncil ? { otherCouncilName: otherCouncil } : {}),
    },
    ...(notes ? { notes } : {}),
    worriedAtCheck: check['worriedAtCheck'] === 'yes',
  };
  const contact = toContactDetails(answers, { name, wantsAcknowledgement: check['wantsAcknowledgement'] === 'yes' });
  return { request, contact };
}

import { isSelfRequester, type AdvocacyRequest, type AdvocacyRequester } from '../domain/advocacy.ts';
import type { ChildAgreement, ContactDetails, ResponsibleCouncil } from '../domain/answers.ts';
import type { PageSpec } from './field-spec.ts';
import {
  canAcknowledgeByEmail,
  createAcknowledgementField,
  createContactMethodsField,
  createCouncilOptions,
  createFullNameField,
  createRiskAtCheckField,
  createSafeToContactField,
  toContactDetails,
} from './fields.ts';
import { pruneFlowAnswers, readAnswer, type Flow } from './flow.ts';
import type { JourneyContext } from './journey.ts';
import type { PageValues } from './page-schema.ts';

/**
 * Asking for an independent advocate (DOMAIN Part 1 §5). A child, young person or care leaver asks
 * for themself, in "you" wording; an adult may ask for a child, and is asked whether the child knows
 * and agrees, which is recorded and never a gate. No complaint needs to have been written.
 */

/** Who is asking, once answered. */
export function toAdvocacyRequester(ctx: JourneyContext): AdvocacyRequester | undefined {
  const who = readAnswer(ctx, 'who', 'requester');
  return who === 'child' || who === 'care_leaver' || who === 'adult' ? who : undefined;
}

/** Whether the young person is asking for themself, so pages say "you". */
export function isAdvocacySelfPath(ctx: JourneyContext): boolean {
  const requester = toAdvocacyRequester(ctx);
  return requester !== undefined && isSelfRequester(requester);
}

const isAdultPath = (ctx: JourneyContext) => toAdvocacyRequester(ctx) === 'adult';
const isSelfPath = (ctx: JourneyContext) => isAdvocacySelfPath(ctx);
const forChild = (ctx: JourneyContext, self: string, adult: string) => (isSelfPath(ctx) ? self : adult);

/** Whether the adult said anything but "yes, the child knows and agrees". */
export function needsChildCheck(ctx: JourneyContext): boolean {
  const agreement = readAnswer(ctx, 'child-agreement', 'childAgreement');
  return isAdultPath(ctx) && agreement !== undefined && agreement !== 'yes';
}

/** The request for an advocate journey. */
export const advocacyFlow: Flow = {
  id: 'advocacy',
  basePath: '/advocate',
  noun: 'request',
  steps: [
    {
      id: 'who',
      section: 'Who is asking',
      applies: () => true,
      page: (ctx) => ({
        id: 'who',
        title: 'Who is asking for an advocate?',
        fields: [
          {
            kind: 'radios',
            name: 'requester',
            label: 'Who is asking for an advocate?',
            isPageHeading: true,
            required: 'Select who is asking for an advocate',
            options: [
              { value: 'child', label: "I'm a child or young person", hint: 'Under 18 and getting help from children’s services, or in care' },
              { value: 'care_leaver', label: "I've left care", hint: `A care leaver, up to age ${ctx.council.timescales.careLeaverAgeLimit}` },
              { value: 'adult', label: "I'm an adult asking for a child or young person", hint: 'For example, a parent, carer, teacher or social worker' },
            ],
          },
        ],
      }),
    },
    {
      id: 'child-agreement',
      section: 'Who is asking',
      applies: isAdultPath,
      page: (ctx) => ({
        id: 'child-agreement',
        title: 'Does the child know you are asking for an advocate, and agree?',
        intro: [`You can still ask. If the child has not agreed, ${ctx.council.contacts.advocacy.name} will check with them before they start.`],
        fields: [
          {
            kind: 'radios',
            name: 'childAgreement',
            label: 'Does the child know you are asking for an advocate, and agree?',
            required: 'Select whether the child knows you are asking for an advocate and agrees',
            options: [
              { value: 'yes', label: 'Yes, they know and agree' },
              { value: 'no', label: 'No, they do not agree' },
              { value: 'not_asked', label: 'I have not asked them' },
              { value: 'too_young', label: 'They are too young to understand' },
              { value: 'not_safe', label: 'It is not safe to ask them' },
            ],
          },
        ],
      }),
    },
    {
      id: 'complaint',
      section: 'Your request',
      applies: (ctx) => toAdvocacyRequester(ctx) !== undefined,
      page: (ctx) => {
        const title = forChild(ctx, 'Have you made a complaint yet?', 'Has a complaint been made yet?');
        return {
          id: 'complaint',
          title,
          fields: [
            {
              kind: 'radios',
              name: 'complaintMade',
              label: title,
              isPageHeading: true,
              hint: 'You can ask for an advocate either way.',
              required: forChild(ctx, 'Choose yes or not yet', 'Select yes if a complaint has been made'),
              options: [
                {
                  value: 'yes',
                  label: 'Yes',
                  conditional: [
                    {
                      kind: 'text',
                      name: 'complaintReference',
                      label: 'Reference number (optional)',
                      errorName: 'The reference number',
                      hint: forChild(ctx, 'If you have it', 'If you know it'),
                      maxLength: 40,
                      widthClass: 'govuk-input--width-20',
                      autocomplete: 'off',
                      spellcheck: false,
                    },
                  ],
                },
                {
                  value: 'not_yet',
                  label: 'Not yet',
                  hint: forChild(ctx, 'An advocate can help you decide what to do, and help you say it', 'An advocate can help the child decide what to do, and help them say it'),
                },
              ],
            },
          ],
        };
      },
    },
    {
      id: 'about-you',
      section: 'About you',
      applies: isSelfPath,
      page: (ctx) => ({
        id: 'about-you',
        title: 'About you',
        fields: [
          {
            kind: 'text',
            name: 'age',
            label: 'How old are you?',
            errorName: 'Your age',
            required: 'Enter how old you are',
            maxLength: 2,
            format: 'age',
            inputmode: 'numeric',
            widthClass: 'govuk-input--width-2',
            autocomplete: 'off',
          },
          {
            kind: 'radios',
            name: 'council',
            label: toAdvocacyRequester(ctx) === 'care_leaver' ? 'Which council looked after you?' : 'Which council looks after you or helps you?',
            required: 'Select which council looks after you',
            options: createCouncilOptions(ctx.council, true, 'self'),
          },
        ],
      }),
    },
    {
      id: 'about-child',
      section: 'About the child',
      applies: isAdultPath,
      page: (ctx) => ({
        id: 'about-child',
        title: 'About the child',
        fields: [
          {
            kind: 'text',
            name: 'childName',
            label: "Child's full name",
            hint: 'You can give their initials if you prefer',
            required: "Enter the child's name or initials",
            maxLength: 100,
            autocomplete: 'off',
            spellcheck: false,
          },
          {
            kind: 'text',
            name: 'childAge',
            label: 'How old are they?',
            errorName: "The child's age",
            hint: 'If you are not sure, give your best guess',
            required: "Enter the child's age",
            maxLength: 2,
            format: 'age',
            inputmode: 'numeric',
            widthClass: 'govuk-input--width-2',
            autocomplete: 'off',
          },
          {
            kind: 'radios',
            name: 'childCouncil',
            label: 'Which council looks after the child or provides their services?',
            required: 'Select which council looks after the child',
            options: createCouncilOptions(ctx.council, false, 'child'),
          },
        ],
      }),
    },
    {
      id: 'your-name',
      section: 'Your contact details',
      applies: (ctx) => toAdvocacyRequester(ctx) !== undefined,
      page: (ctx): PageSpec =>
        isSelfPath(ctx)
          ? {
              id: 'your-name',
              title: 'What is your name?',
              fields: [createFullNameField({ hint: 'So the advocate knows who to ask for.', required: 'Tell us your name' })],
            }
          : {
              id: 'your-name',
              title: 'About you',
              fields: [
                createFullNameField({ hint: 'So the advocate knows who to ask for.', required: 'Enter your full name', isPageHeading: false }),
                {
                  kind: 'text',
                  name: 'relationship',
                  label: 'How do you know the child?',
                  errorName: 'How you know the child',
                  hint: 'For example, mother, foster carer, teacher or social worker',
                  required: 'Enter how you know the child',
                  maxLength: 100,
                },
              ],
            },
    },
    {
      id: 'contact',
      section: 'Your contact details',
      applies: (ctx) => toAdvocacyRequester(ctx) !== undefined,
      page: (ctx) => ({ id: 'contact', title: 'How can we contact you?', fields: [createContactMethodsField(isSelfPath(ctx))] }),
    },
    {
      id: 'safe-contact',
      section: 'Your contact details',
      applies: (ctx) => toAdvocacyRequester(ctx) !== undefined,
      page: (ctx) => ({ id: 'safe-contact', title: 'Is it safe for us to contact you these ways?', fields: [createSafeToContactField(isSelfPath(ctx))] }),
    },
    {
      id: 'anything-else',
      section: 'For the advocate',
      applies: (ctx) => toAdvocacyRequester(ctx) !== undefined,
      page: (ctx) => {
        const label = 'Is there anything the advocate should know? (optional)';
        return {
          id: 'anything-else',
          title: label,
          fields: [
            {
              kind: 'textarea',
              name: 'notes',
              label,
              errorName: 'What the advocate should know',
              isPageHeading: true,
              hint: forChild(
                ctx,
                'For example, a good time to talk, or if you need an interpreter. You do not have to write anything.',
                "For example, the child's communication needs, or the best way to reach them.",
              ),
              maxLength: 2000,
              rows: 5,
              characterCount: true,
            },
          ],
        };
      },
    },
  ],
  checkPage: (ctx) => {
    const email = readAnswer(ctx, 'contact', 'email');
    const fields: PageSpec['fields'] = [createRiskAtCheckField(isSelfPath(ctx), 'This includes the child, or anyone else you have told us about.')];
    if (email && canAcknowledgeByEmail(ctx.answers['contact'], ctx.answers['safe-contact'])) fields.push(createAcknowledgementField('request', email));
    return { id: 'check', title: 'Check your answers before sending your request', fields, submitLabel: 'Send request' };
  },
};

/** The request and contact details from a complete journey. */
export function toAdvocacyRequest(journey: JourneyContext, check: PageValues): { request: AdvocacyRequest; contact: ContactDetails } {
  // Only answers to steps that still apply count, whatever else the session holds.
  const ctx = { ...journey, answers: pruneFlowAnswers(advocacyFlow, journey) };
  const requester = toAdvocacyRequester(ctx) ?? 'adult';
  const self = isSelfRequester(requester);
  const name = readAnswer(ctx, 'your-name', 'fullName') ?? '';
  const complaintMade = readAnswer(ctx, 'complaint', 'complaintMade') === 'yes';
  const complaintReference = complaintMade ? readAnswer(ctx, 'complaint', 'complaintReference') : undefined;
  const agreement = readAnswer(ctx, 'child-agreement', 'childAgreement');
  const relationship = readAnswer(ctx, 'your-name', 'relationship');
  const notes = readAnswer(ctx, 'anything-else', 'notes');
  const council = (self ? readAnswer(ctx, 'about-you', 'council') : readAnswer(ctx, 'about-child', 'childCouncil')) ?? 'not_sure';
  const otherCouncil = self ? readAnswer(ctx, 'about-you', 'selfOtherCouncil') : readAnswer(ctx, 'about-child', 'childOtherCouncil');
  const request: AdvocacyRequest = {
    requester,
    ...(!self && agreement ? { childAgreement: agreement as ChildAgreement } : {}),
    ...(!self && relationship ? { relationship } : {}),
    complaintMade,
    ...(complaintReference ? { complaintReference } : {}),
    child: {
      name: self ? name : (readAnswer(ctx, 'about-child', 'childName') ?? ''),
      age: Number(self ? readAnswer(ctx, 'about-you', 'age') : readAnswer(ctx, 'about-child', 'childAge')),
      responsibleCouncil: council as ResponsibleCouncil,
      ...(council === 'another' && otherCouncil ? { otherCouncilName: otherCouncil } : {}),
    },
    ...(notes ? { notes } : {}),
    worriedAtCheck: check['worriedAtCheck'] === 'yes',
  };
  const contact = toContactDetails({ name, contact: ctx.answers['contact'], safe: ctx.answers['safe-contact'], wantsAcknowledgement: check['wantsAcknowledgement'] === 'yes' });
  return { request, contact };
}

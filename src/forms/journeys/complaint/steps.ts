import { delayReasons } from '../../../domain/answers.ts';
import { message } from '../../../domain/copy.ts';
import { readAnswers } from '../../engine/answers.ts';
import { optionsAt, yesNoOptions, type FieldDef } from '../../engine/field-def.ts';
import type { JourneyContext, Step } from '../../engine/journey.ts';
import {
  ageField,
  childContactMethodsField,
  childAgreementOptions,
  childCouncilField,
  childNameField,
  contactMethodsField,
  fullNameField,
  outcomeWantedField,
  safeToContactField,
  selfCouncilField,
} from '../../fields.ts';
import { childCount, hasCouncilPart, isAdultPath, isSelfPath, looksOutOfTime, MAX_CHILDREN, roleOf, signpostTargetsOf, stopsHere } from './paths.ts';
import { documentSteps } from '../../uploads.ts';
import { elsewherePage } from './signposts.ts';

/**
 * The complaint's questions, in order. Words are in content/locales/en/complaint.yml under
 * `complaint.steps.<id>`; the child's wording is the `_child` form of a sentence.
 */

const asked = (ctx: JourneyContext) => !stopsHere(ctx);

function childSteps(index: number): Step[] {
  const fields: FieldDef[] = [
    childNameField(`child${index}Name`),
    { kind: 'date', name: `child${index}Dob`, copy: 'complaint.steps.child.fields.dob', precision: 'full', past: true },
    // Optional: a date of birth or an age will do (the step's `oneOf`).
    { ...ageField, name: `child${index}Age`, copy: 'complaint.steps.child.fields.age', required: false },
  ];
  const child: Step = {
    id: `child-${index}`,
    section: `child${index}`,
    applies: (ctx) => isAdultPath(ctx) && index <= childCount(ctx),
    oneOf: { names: [`child${index}Dob`, `child${index}Age`], field: `child${index}Dob` },
    fields: (ctx) => [...fields, childCouncilField(ctx.council, `child${index}Council`, `child${index}`)],
  };
  const more: Step = {
    id: `more-children-${index}`,
    section: `child${index}`,
    copy: 'complaint.steps.more-children',
    applies: (ctx) => isAdultPath(ctx) && index <= childCount(ctx) && index < MAX_CHILDREN,
    fields: [{ kind: 'radios', name: 'moreChildren', required: true, heading: true, options: yesNoOptions, inline: true }],
  };
  return index < MAX_CHILDREN ? [child, more] : [child];
}

/** One page for everything that belongs to another organisation; asks whether to send anyway when nothing is left for the council. */
const elsewhereStep: Step = {
  id: 'elsewhere',
  section: 'elsewhere',
  applies: (ctx) => signpostTargetsOf(ctx).length > 0,
  title: (ctx) => message(hasCouncilPart(ctx) ? 'complaint.steps.elsewhere.titlePart' : 'complaint.steps.elsewhere.title'),
  intro: elsewherePage,
  fields: (ctx) =>
    hasCouncilPart(ctx)
      ? []
      : [{ kind: 'radios', name: 'sendAnyway', required: true, options: optionsAt('complaint.steps.elsewhere.fields.sendAnyway.options', 'yes', 'no') }],
};

/** Every step, in journey order. Which apply depends on the answers. */
export const complaintSteps: readonly Step[] = [
  { id: 'danger', section: 'safety', fields: [{ kind: 'radios', name: 'dangerNow', required: true, heading: true, options: yesNoOptions, inline: true }] },
  {
    id: 'worried',
    section: 'safety',
    fields: [{ kind: 'radios', name: 'worriedAboutHarm', required: true, heading: true, options: yesNoOptions, inline: true }],
  },
  {
    id: 'who',
    section: 'aboutYou',
    fields: [
      {
        kind: 'radios',
        name: 'role',
        required: true,
        heading: true,
        options: [
          { value: 'child' },
          { value: 'care_leaver' },
          { value: 'parent' },
          { value: 'parental_responsibility' },
          { value: 'foster_carer' },
          { value: 'special_guardian' },
          { value: 'adoption' },
          { value: 'advocate' },
          { value: 'relative_or_other' },
        ],
      },
    ],
  },
  {
    id: 'relationship',
    section: 'aboutYou',
    applies: (ctx) => roleOf(ctx) === 'relative_or_other',
    fields: [
      { kind: 'text', name: 'relationship', required: true, maxLength: 100 },
      {
        kind: 'radios',
        name: 'relativeStanding',
        required: true,
        options: [{ value: 'foster_carer' }, { value: 'special_guardian' }, { value: 'lives_with_order' }, { value: 'none' }],
        dividerBefore: 'none',
      },
    ],
  },
  {
    id: 'advocate',
    section: 'aboutYou',
    applies: (ctx) => roleOf(ctx) === 'advocate',
    fields: [
      { kind: 'text', name: 'advocacyOrganisation', maxLength: 100, autocomplete: 'organization' },
      {
        kind: 'radios',
        name: 'childInstructedAdvocate',
        required: true,
        options: [{ value: 'yes', copy: 'common.answers.yes' }, { value: 'no', copy: 'common.answers.no' }, { value: 'not_sure' }],
      },
    ],
  },
  {
    id: 'child-agreement',
    section: 'aboutYou',
    applies: (ctx) => isAdultPath(ctx) && roleOf(ctx) !== 'advocate',
    fields: [{ kind: 'radios', name: 'childAgreement', required: true, heading: true, options: childAgreementOptions }],
  },
  {
    id: 'about-you',
    section: 'aboutYou',
    applies: isSelfPath,
    fields: (ctx) => [ageField, selfCouncilField(ctx.council, roleOf(ctx) === 'care_leaver')],
  },
  ...Array.from({ length: MAX_CHILDREN }, (_, i) => childSteps(i + 1)).flat(),
  {
    id: 'service',
    section: 'complaint',
    fields: (ctx) => {
      const self = isSelfPath(ctx);
      return [
        {
          kind: 'checkboxes',
          name: 'services',
          required: true,
          heading: true,
          options: ctx.council.services.map((s) => ({
            value: s.id,
            label: self ? (s.childLabel ?? s.label) : s.label,
            ...(s.hint && !self ? { hint: s.hint } : {}),
          })),
          dividerBefore: ctx.council.services.find((s) => s.route === 'triage')?.id,
        },
      ];
    },
  },
  elsewhereStep,
  {
    id: 'provider',
    section: 'complaint',
    applies: (ctx) => isAdultPath(ctx) && hasCouncilPart(ctx),
    fields: [
      {
        kind: 'radios',
        name: 'commissionedProvider',
        required: true,
        heading: true,
        options: [
          {
            value: 'yes',
            copy: 'common.answers.yes',
            conditional: [{ kind: 'text', name: 'providerName', maxLength: 100, autocomplete: 'organization', widthClass: 'govuk-!-width-two-thirds' }],
          },
          { value: 'no', copy: 'common.answers.no' },
          { value: 'not_sure' },
        ],
      },
    ],
  },
  // Offered before "What happened?", so a young person can stop and ask for an advocate's help first.
  {
    id: 'advocacy',
    section: 'advocate',
    applies: (ctx) => isSelfPath(ctx) && asked(ctx),
    fields: [{ kind: 'radios', name: 'wantsAdvocate', required: true, heading: true, options: [{ value: 'yes' }, { value: 'no' }, { value: 'not_sure' }] }],
  },
  {
    id: 'what-happened',
    section: 'complaint',
    applies: asked,
    fields: [{ kind: 'textarea', name: 'whatHappened', required: true, heading: true, maxLength: 5000, rows: 8, characterCount: true }],
  },
  {
    id: 'when',
    section: 'complaint',
    applies: asked,
    fields: [
      {
        kind: 'radios',
        name: 'whenKind',
        required: true,
        heading: true,
        options: [
          { value: 'exact', conditional: [{ kind: 'date', name: 'whenDate', precision: 'full', past: true, required: true }] },
          { value: 'month', conditional: [{ kind: 'date', name: 'whenMonth', precision: 'month', past: true, required: true }] },
          { value: 'ongoing' },
          { value: 'not_sure' },
        ],
      },
    ],
  },
  {
    id: 'found-out',
    section: 'complaint',
    applies: (ctx) => asked(ctx) && looksOutOfTime(ctx),
    fields: [
      {
        kind: 'radios',
        name: 'foundOutKind',
        required: true,
        heading: true,
        options: [
          { value: 'at_the_time' },
          { value: 'later', conditional: [{ kind: 'date', name: 'foundOutMonth', precision: 'month', past: true, required: true }] },
        ],
      },
    ],
  },
  {
    id: 'why-not-sooner',
    section: 'complaint',
    applies: (ctx) => asked(ctx) && looksOutOfTime(ctx),
    fields: [
      { kind: 'checkboxes', name: 'delayReasons', required: true, heading: true, options: delayReasons.map((value) => ({ value })) },
      { kind: 'textarea', name: 'delayDetails', maxLength: 2000, rows: 4 },
    ],
  },
  {
    id: 'put-right',
    section: 'complaint',
    applies: asked,
    fields: [outcomeWantedField],
  },
  {
    id: 'court-police',
    section: 'complaint',
    applies: asked,
    fields: [
      {
        kind: 'radios',
        name: 'proceedings',
        required: true,
        heading: true,
        options: [{ value: 'yes', copy: 'common.answers.yes' }, { value: 'no', copy: 'common.answers.no' }, { value: 'not_sure' }],
      },
    ],
  },
  {
    id: 'complained-before',
    section: 'complaint',
    applies: asked,
    fields: [
      {
        kind: 'radios',
        name: 'previousComplaint',
        required: true,
        heading: true,
        options: [{ value: 'no', copy: 'common.answers.no' }, { value: 'yes_ongoing' }, { value: 'yes_completed' }, { value: 'not_sure' }],
      },
      { kind: 'text', name: 'previousReference', maxLength: 40, widthClass: 'govuk-input--width-20', autocomplete: 'off', spellcheck: false },
    ],
  },
  ...documentSteps('complaint', asked),
  { id: 'your-name', section: 'contact', applies: asked, fields: [fullNameField] },
  { id: 'contact', section: 'contact', applies: asked, fields: (ctx) => [isSelfPath(ctx) ? childContactMethodsField : contactMethodsField] },
  { id: 'safe-contact', section: 'contact', applies: asked, fields: [safeToContactField] },
  {
    id: 'reach-young-person',
    section: 'contact',
    applies: (ctx) => roleOf(ctx) === 'advocate' && asked(ctx),
    fields: [
      {
        kind: 'radios',
        name: 'reachYoungPerson',
        required: true,
        heading: true,
        options: [
          { value: 'advocate_only' },
          { value: 'both', conditional: [{ kind: 'textarea', name: 'youngPersonContact', required: true, maxLength: 500, rows: 3 }] },
        ],
      },
    ],
  },
  {
    id: 'needs',
    section: 'contact',
    applies: asked,
    fields: [
      {
        kind: 'checkboxes',
        name: 'communicationNeeds',
        required: true,
        heading: true,
        options: [
          {
            value: 'interpreter',
            conditional: [{ kind: 'text', name: 'interpreterLanguage', required: true, maxLength: 60, widthClass: 'govuk-!-width-one-half' }],
          },
          { value: 'bsl' },
          { value: 'easy_read' },
          { value: 'large_print' },
          { value: 'other', conditional: [{ kind: 'textarea', name: 'otherNeeds', required: true, maxLength: 500, rows: 3 }] },
          { value: 'none', exclusive: true },
        ],
        dividerBefore: 'none',
      },
    ],
  },
];

/** The email address given, for check answers' acknowledgement question. */
export function emailOf(ctx: JourneyContext): string | undefined {
  return readAnswers(ctx.answers).text('contact', 'email');
}

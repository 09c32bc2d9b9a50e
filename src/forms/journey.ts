import {
  isSelfRole,
  type ChildDetails,
  type ComplainantRole,
  type ComplaintAnswers,
  type ContactDetails,
  type EventDate,
  type KnowledgeDate,
} from '../domain/answers.ts';
import type { AnswerRow } from '../domain/case-record.ts';
import { checkTimeLimit } from '../domain/time-limit.ts';
import { createContactMethodsField, createCouncilOptions, createFullNameField, createSafeToContactField, yesNoOptions } from './fields.ts';
import type { Council, SignpostTarget } from '../domain/council.ts';
import { formatDate, lastDayOfMonth, type IsoDate } from '../domain/dates.ts';
import type { FieldSpec, PageSpec } from './field-spec.ts';
import { flattenFields } from './field-spec.ts';
import type { PageValues } from './page-schema.ts';

/**
 * The complaint journey as data: which pages exist, in what order, which apply given the answers so
 * far, and how the answers become the rules engine's input. Check answers, the "what next" after a
 * change and the completeness check before Send all come from this one list, so a changed answer
 * that needs new questions always asks them (the bug GOV.UK Forms and XGov users hit).
 */

export type JourneyAnswers = Record<string, PageValues>;

export interface JourneyContext {
  council: Council;
  answers: JourneyAnswers;
  /** Today in England. */
  today: IsoDate;
}

export interface Step {
  id: string;
  /** Section heading on check answers. */
  section: string;
  applies: (ctx: JourneyContext) => boolean;
  page: (ctx: JourneyContext) => PageSpec;
  /** Steps that only inform (no answer to store) are complete once seen. */
  informational?: boolean;
}

export const MAX_CHILDREN = 5;


const value = (ctx: JourneyContext, step: string, name: string): string | undefined => {
  const v = ctx.answers[step]?.[name];
  return typeof v === 'string' ? v : undefined;
};

const values = (ctx: JourneyContext, step: string, name: string): string[] => {
  const v = ctx.answers[step]?.[name];
  return Array.isArray(v) ? v : [];
};

/** The role chosen on "who is complaining", if answered. */
export function roleOf(ctx: JourneyContext): ComplainantRole | undefined {
  return value(ctx, 'who', 'role') as ComplainantRole | undefined;
}

/** Whether the person is the child or care leaver, so pages say "you". */
export function isSelfPath(ctx: JourneyContext): boolean {
  const role = roleOf(ctx);
  return role !== undefined && isSelfRole(role);
}

const isAdultPath = (ctx: JourneyContext) => roleOf(ctx) !== undefined && !isSelfPath(ctx);

/** How many children the adult has told us about so far (at least one). */
export function childCount(ctx: JourneyContext): number {
  let n = 1;
  while (n < MAX_CHILDREN && value(ctx, `more-children-${n}`, 'moreChildren') === 'yes') n += 1;
  return n;
}


function selectedServices(ctx: JourneyContext) {
  const chosen = new Set(values(ctx, 'service', 'services'));
  return ctx.council.services.filter((s) => chosen.has(s.id));
}

/** The signposted bodies that apply: from the chosen services, and "another council" from the child details. */
export function signpostTargetsOf(ctx: JourneyContext): SignpostTarget[] {
  const targets = new Set<SignpostTarget>();
  for (const s of selectedServices(ctx)) if (s.signpost) targets.add(s.signpost);
  const councils = childCouncils(ctx);
  if (councils.length > 0 && councils.every((c) => c === 'another')) targets.add('other_council');
  return [...targets];
}

function childCouncils(ctx: JourneyContext): string[] {
  if (isSelfPath(ctx)) {
    const c = value(ctx, 'about-you', 'council');
    return c ? [c] : [];
  }
  const out: string[] = [];
  for (let i = 1; i <= childCount(ctx); i++) {
    const c = value(ctx, `child-${i}`, `child${i}Council`);
    if (c) out.push(c);
  }
  return out;
}

/** Whether anything in the complaint is for this council to handle (not only for another body). */
function hasCouncilPart(ctx: JourneyContext): boolean {
  const councils = childCouncils(ctx);
  if (councils.length > 0 && councils.every((c) => c === 'another')) return false;
  return selectedServices(ctx).some((s) => s.route !== 'signpost');
}

/** The latest-event date the 12-month rule runs from, if it is dated. */
function latestEventDate(ctx: JourneyContext): IsoDate | undefined {
  const kind = value(ctx, 'when', 'whenKind');
  if (kind === 'exact') return value(ctx, 'when', 'whenDate');
  if (kind === 'month') {
    const month = value(ctx, 'when', 'whenMonth');
    if (!month) return undefined;
    const [y, m] = month.split('-').map(Number) as [number, number];
    return lastDayOfMonth(y, m);
  }
  return undefined;
}

/** Whether the event is older than the time limit today (the rules engine decides for real at Send). */
function looksOutOfTime(ctx: JourneyContext): boolean {
  const latest = latestEventDate(ctx);
  if (!latest) return false;
  const result = checkTimeLimit({ when: { kind: 'exact', date: latest }, receivedDate: ctx.today, months: ctx.council.timescales.timeLimitMonths });
  return result.status === 'out_of_time';
}

const forChild = (ctx: JourneyContext, self: string, adult: string) => (isSelfPath(ctx) ? self : adult);

const signpostWhy: Record<SignpostTarget, string> = {
  school: 'Schools have their own complaints procedure, so the council cannot look into complaints about what happens in a school.',
  send_tribunal: 'Decisions about special educational needs and education, health and care plans have their own route of appeal.',
  nhs: 'Health services, including CAMHS, are run by the NHS, which has its own complaints procedure.',
  police: 'Complaints about the police go to the police force involved.',
  court: "A complaint cannot change what a court decided. A legal adviser can tell you if you can appeal.",
  other_council: 'The council that looks after the child, or provides their services, deals with complaints about them.',
  irm: 'Decisions about approving foster carers and adopters are reviewed by the Independent Review Mechanism, not the complaints procedure.',
};

/** The order signpost pages appear in. */
const signpostOrder: readonly SignpostTarget[] = ['other_council', 'school', 'send_tribunal', 'nhs', 'police', 'court', 'irm'];

function signpostStep(target: SignpostTarget): Step {
  return {
    id: `elsewhere-${target.replace(/_/g, '-')}`,
    section: 'Where to go',
    applies: (ctx) => signpostTargetsOf(ctx).includes(target),
    page: (ctx) => {
      const place = ctx.council.signposts[target];
      const intro = [signpostWhy[target], place.description ?? ''].filter(Boolean);
      if (target === 'irm') {
        const t = ctx.council.timescales;
        intro.push(
          `You must apply within ${t.irmFosteringCalendarDays} calendar days of the date on the decision letter if it is about fostering, or ${t.irmAdoptionWorkingDays} working days if it is about adoption.`,
        );
      }
      const councilPart = hasCouncilPart(ctx);
      // When every part belongs elsewhere, ask once (on the first such page) whether to send it anyway.
      const askHere = !councilPart && signpostOrder.find((t) => signpostTargetsOf(ctx).includes(t)) === target;
      const fields: FieldSpec[] = !askHere
        ? []
        : [
            {
              kind: 'radios',
              name: 'sendAnyway',
              label: `Do you still want to send your complaint to ${ctx.council.shortName}?`,
              hint: `${ctx.council.shortName} will read it and tell you if it can help.`,
              required: `Select yes if you still want to send your complaint to ${ctx.council.shortName}`,
              options: [
                { value: 'yes', label: `Yes, send it to ${ctx.council.shortName}` },
                { value: 'no', label: 'No, I will contact them instead' },
              ],
            },
          ];
      if (councilPart) intro.push('We will still look at the rest of your complaint.');
      return {
        id: `elsewhere-${target.replace(/_/g, '-')}`,
        title: `${place.name}`,
        caption: 'Part of this may need to go somewhere else',
        intro,
        fields,
        submitLabel: 'Continue',
      };
    },
  };
}

function childStep(index: number): Step {
  return {
    id: `child-${index}`,
    section: childSection(index),
    applies: (ctx) => isAdultPath(ctx) && index <= childCount(ctx),
    page: (ctx) => ({
      id: `child-${index}`,
      title: index === 1 ? 'About the child' : `About the ${ordinal(index)} child`,
      ...(index === 1 ? { intro: ['If your complaint is about more than one child, you can add the others next.'] } : {}),
      oneOf: { names: [`child${index}Dob`, `child${index}Age`], field: `child${index}Dob`, message: "Enter the child's date of birth or their age" },
      fields: [
        {
          kind: 'text',
          name: `child${index}Name`,
          label: "Child's full name",
          hint: 'You can give their initials if you prefer',
          required: "Enter the child's name or initials",
          maxLength: 100,
          autocomplete: 'off',
          spellcheck: false,
        },
        {
          kind: 'date',
          name: `child${index}Dob`,
          label: 'Date of birth',
          hint: 'For example, 27 3 2012. Leave this blank if you do not know it.',
          precision: 'full',
          past: true,
          noun: "the child's date of birth",
        },
        {
          kind: 'text',
          name: `child${index}Age`,
          label: 'If you do not know their date of birth, how old are they?',
          errorName: "The child's age",
          maxLength: 2,
          format: 'age',
          inputmode: 'numeric',
          widthClass: 'govuk-input--width-2',
          autocomplete: 'off',
        },
        {
          kind: 'radios',
          name: `child${index}Council`,
          label: 'Which council looks after the child or provides their services?',
          required: 'Select which council looks after the child',
          options: createCouncilOptions(ctx.council, false, `child${index}`),
        },
      ],
    }),
  };
}

function moreChildrenStep(index: number): Step {
  return {
    id: `more-children-${index}`,
    section: childSection(index),
    applies: (ctx) => isAdultPath(ctx) && index <= childCount(ctx) && index < MAX_CHILDREN,
    page: () => ({
      id: `more-children-${index}`,
      title: 'Is your complaint about another child as well?',
      fields: [
        {
          kind: 'radios',
          name: 'moreChildren',
          label: 'Is your complaint about another child as well?',
          isPageHeading: true,
          hint: 'For example, a brother or sister',
          required: 'Select yes if your complaint is about another child as well',
          options: yesNoOptions,
          inline: true,
        },
      ],
    }),
  };
}

const childSection = (index: number) => (index === 1 ? 'About the child' : `About the ${ordinal(index)} child`);

const ordinal = (n: number) => ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][n - 1] ?? `${n}th`;

/** Every step, in journey order. Which apply depends on the answers. */
export const steps: Step[] = [
  {
    id: 'danger',
    section: 'Safety',
    applies: () => true,
    page: () => ({
      id: 'danger',
      title: 'Is a child in danger right now?',
      fields: [
        {
          kind: 'radios',
          name: 'dangerNow',
          label: 'Is a child in danger right now?',
          isPageHeading: true,
          hint: 'For example, someone is hurting them, or they are not safe where they are now.',
          required: 'Select yes if a child is in danger right now',
          options: yesNoOptions,
          inline: true,
        },
      ],
    }),
  },
  {
    id: 'worried',
    section: 'Safety',
    applies: () => true,
    page: () => ({
      id: 'worried',
      title: 'Are you worried that a child is being harmed?',
      fields: [
        {
          kind: 'radios',
          name: 'worriedAboutHarm',
          label: 'Are you worried that a child is being harmed?',
          isPageHeading: true,
          hint: 'This includes being hurt, neglected or not kept safe, now or recently.',
          required: 'Select yes if you are worried that a child is being harmed',
          options: yesNoOptions,
          inline: true,
        },
      ],
    }),
  },
  {
    id: 'who',
    section: 'About you',
    applies: () => true,
    page: (ctx) => ({
      id: 'who',
      title: 'Who is making this complaint?',
      fields: [
        {
          kind: 'radios',
          name: 'role',
          label: 'Who is making this complaint?',
          isPageHeading: true,
          required: 'Select who is making this complaint',
          options: [
            { value: 'child', label: "I'm a child or young person", hint: 'Under 18 and getting help from children’s services, or in care' },
            { value: 'care_leaver', label: "I've left care", hint: `A care leaver, up to age ${ctx.council.timescales.careLeaverAgeLimit}, or an adult complaining about care you had as a child` },
            { value: 'parent', label: "I'm the child's parent", hint: 'With or without parental responsibility' },
            { value: 'parental_responsibility', label: 'I have parental responsibility but I am not the parent', hint: 'For example, a guardian, or a step-parent with parental responsibility' },
            { value: 'foster_carer', label: "I'm the child's foster carer" },
            { value: 'special_guardian', label: "I'm the child's special guardian" },
            { value: 'adoption', label: "I'm complaining about adoption", hint: 'For example, an adopter, an adopted person, a birth parent, or someone who wants to adopt' },
            { value: 'advocate', label: "I'm an advocate acting for a child or young person" },
            { value: 'relative_or_other', label: "I'm a relative or someone else who cares about the child", hint: 'For example, a grandparent, aunt or uncle, older brother or sister, family friend or teacher' },
          ],
        },
      ],
    }),
  },
  {
    id: 'relationship',
    section: 'About you',
    applies: (ctx) => roleOf(ctx) === 'relative_or_other',
    page: () => ({
      id: 'relationship',
      title: 'How you know the child',
      fields: [
        {
          kind: 'text',
          name: 'relationship',
          label: 'How do you know the child?',
          errorName: 'How you know the child',
          hint: 'For example, grandmother, aunt, teacher or family friend',
          required: 'Enter how you know the child',
          maxLength: 100,
        },
        {
          kind: 'radios',
          name: 'relativeStanding',
          label: 'Do any of these apply to you?',
          required: 'Select if any of these apply to you',
          options: [
            { value: 'foster_carer', label: "I'm an approved foster carer for the child", hint: 'Including as a family and friends (connected person) carer' },
            { value: 'special_guardian', label: "I'm the child's special guardian" },
            { value: 'lives_with_order', label: 'A court order says the child lives with me' },
            { value: 'none', label: 'None of these' },
          ],
          dividerBefore: 'none',
        },
      ],
    }),
  },
  {
    id: 'advocate',
    section: 'About you',
    applies: (ctx) => roleOf(ctx) === 'advocate',
    page: () => ({
      id: 'advocate',
      title: 'About your advocacy',
      fields: [
        {
          kind: 'text',
          name: 'advocacyOrganisation',
          label: 'Which organisation do you work for?',
          errorName: 'The name of your organisation',
          hint: 'For example, NYAS or Coram Voice',
          maxLength: 100,
          autocomplete: 'organization',
        },
        {
          kind: 'radios',
          name: 'childInstructedAdvocate',
          label: 'Did the child or young person ask you to make this complaint for them?',
          required: 'Select whether the child asked you to make this complaint',
          options: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
            { value: 'not_sure', label: 'I’m not sure' },
          ],
        },
      ],
    }),
  },
  {
    id: 'child-agreement',
    section: 'About you',
    applies: (ctx) => isAdultPath(ctx) && roleOf(ctx) !== 'advocate',
    page: () => ({
      id: 'child-agreement',
      title: 'Does the child know about this complaint and agree with it?',
      intro: ['This does not stop you making a complaint. It helps us know how to talk to the child about it.'],
      fields: [
        {
          kind: 'radios',
          name: 'childAgreement',
          label: 'Does the child know about this complaint and agree with it?',
          isPageHeading: true,
          required: 'Select whether the child knows about this complaint and agrees with it',
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
          label: roleOf(ctx) === 'care_leaver' ? 'Which council looked after you?' : 'Which council looks after you or helps you?',
          required: 'Select which council looks after you',
          options: createCouncilOptions(ctx.council, true, 'self'),
        },
      ],
    }),
  },
  ...Array.from({ length: MAX_CHILDREN }, (_, i) => [childStep(i + 1), moreChildrenStep(i + 1)]).flat(),
  {
    id: 'service',
    section: 'Your complaint',
    applies: () => true,
    page: (ctx) => {
      const self = isSelfPath(ctx);
      return {
        id: 'service',
        title: self ? 'What is your complaint about?' : 'What is the complaint about?',
        fields: [
          {
            kind: 'checkboxes',
            name: 'services',
            label: self ? 'What is your complaint about?' : 'What is the complaint about?',
            isPageHeading: true,
            hint: self ? 'Choose all that fit' : 'Select all that apply',
            required: self ? 'Choose what your complaint is about' : 'Select what the complaint is about',
            options: ctx.council.services.map((s) => ({
              value: s.id,
              label: self ? (s.childLabel ?? s.label) : s.label,
              ...(s.hint && !self ? { hint: s.hint } : {}),
            })),
            dividerBefore: ctx.council.services.find((s) => s.route === 'triage')?.id,
          },
        ],
      };
    },
  },
  ...signpostOrder.map(signpostStep),
  {
    id: 'provider',
    section: 'Your complaint',
    applies: (ctx) => isAdultPath(ctx) && hasCouncilPart(ctx),
    page: (ctx) => ({
      id: 'provider',
      title: 'Was the service provided by another organisation?',
      fields: [
        {
          kind: 'radios',
          name: 'commissionedProvider',
          label: `Was the service provided by another organisation for ${ctx.council.shortName}?`,
          isPageHeading: true,
          hint: 'For example, an independent fostering agency or a children’s home',
          required: 'Select whether another organisation provided the service',
          options: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
            { value: 'not_sure', label: 'I do not know' },
          ],
        },
      ],
    }),
  },
  {
    id: 'what-happened',
    section: 'Your complaint',
    applies: (ctx) => !stopsHere(ctx),
    page: (ctx) => ({
      id: 'what-happened',
      title: forChild(ctx, 'Tell us what happened', 'What happened?'),
      fields: [
        {
          kind: 'textarea',
          name: 'whatHappened',
          label: forChild(ctx, 'Tell us what happened', 'What happened?'),
          isPageHeading: true,
          hint: forChild(
            ctx,
            'Say what went wrong and who was involved, if you know. You do not need to write a lot.',
            'Include what went wrong, who was involved and how it has affected the child. Do not include details of abuse: we will ask if we need them.',
          ),
          required: forChild(ctx, 'Tell us what happened', 'Enter what happened'),
          maxLength: 5000,
          tooLong: 'What happened must be 5,000 characters or less',
          rows: 8,
          characterCount: true,
        },
      ],
    }),
  },
  {
    id: 'when',
    section: 'Your complaint',
    applies: (ctx) => !stopsHere(ctx),
    page: (ctx) => ({
      id: 'when',
      title: 'When did it happen?',
      fields: [
        {
          kind: 'radios',
          name: 'whenKind',
          label: 'When did it happen?',
          isPageHeading: true,
          hint: forChild(ctx, 'If it happened more than once, tell us about the last time.', 'If it happened more than once, give the most recent date.'),
          required: 'Select when it happened',
          options: [
            {
              value: 'exact',
              label: 'I know the date',
              conditional: [{ kind: 'date', name: 'whenDate', label: 'Date it happened', hint: 'For example, 27 3 2026', precision: 'full', past: true, required: 'Enter the date it happened', noun: 'the date it happened' }],
            },
            {
              value: 'month',
              label: 'I know the month and year',
              conditional: [{ kind: 'date', name: 'whenMonth', label: 'Month and year it happened', hint: 'For example, 3 2026', precision: 'month', past: true, required: 'Enter the month and year it happened', noun: 'the month it happened' }],
            },
            { value: 'ongoing', label: 'It is still happening' },
            { value: 'not_sure', label: forChild(ctx, "I'm not sure", 'I’m not sure') },
          ],
        },
      ],
    }),
  },
  {
    id: 'found-out',
    section: 'Your complaint',
    applies: (ctx) => !stopsHere(ctx) && looksOutOfTime(ctx),
    page: (ctx) => ({
      id: 'found-out',
      title: forChild(ctx, 'When did you find out about it?', 'When did you find out about it?'),
      fields: [
        {
          kind: 'radios',
          name: 'foundOutKind',
          label: 'When did you find out about it?',
          isPageHeading: true,
          required: 'Select when you found out about it',
          options: [
            { value: 'at_the_time', label: 'When it happened' },
            {
              value: 'later',
              label: 'Later',
              conditional: [{ kind: 'date', name: 'foundOutMonth', label: 'Month and year you found out', hint: 'For example, 9 2026', precision: 'month', past: true, required: 'Enter the month and year you found out', noun: 'the month you found out' }],
            },
          ],
        },
      ],
    }),
  },
  {
    id: 'why-not-sooner',
    section: 'Your complaint',
    applies: (ctx) => !stopsHere(ctx) && looksOutOfTime(ctx),
    page: (ctx) => ({
      id: 'why-not-sooner',
      title: forChild(ctx, 'Why could you not complain sooner?', 'Why could you not complain sooner?'),
      intro: [
        `Complaints are usually made within ${ctx.council.timescales.timeLimitMonths} months. We can still look at yours if there is a good reason it is later. Tell us why, so the complaints team can take it into account.`,
      ],
      fields: [
        {
          kind: 'checkboxes',
          name: 'delayReasons',
          label: 'Why could you not complain sooner?',
          hint: 'Select all that apply',
          required: 'Select why you could not complain sooner',
          options: [
            { value: 'only_just_found_out', label: 'I only just found out about it' },
            { value: 'was_a_child', label: 'I was a child at the time' },
            { value: 'illness_or_mental_health', label: 'Illness, or my mental health' },
            { value: 'waiting_for_council', label: 'I was waiting for the council to sort it out' },
            { value: 'court_case', label: 'There was a court case' },
            { value: 'other', label: 'Another reason' },
          ],
        },
        { kind: 'textarea', name: 'delayDetails', label: 'Tell us more (optional)', errorName: 'What you tell us', maxLength: 2000, rows: 4 },
      ],
    }),
  },
  {
    id: 'put-right',
    section: 'Your complaint',
    applies: (ctx) => !stopsHere(ctx),
    page: (ctx) => ({
      id: 'put-right',
      title: forChild(ctx, 'What would make it better?', 'What would put things right?'),
      fields: [
        {
          kind: 'textarea',
          name: 'outcomeWanted',
          label: forChild(ctx, 'What would make it better?', 'What would put things right?'),
          errorName: 'What would put things right',
          isPageHeading: true,
          hint: forChild(ctx, 'Tell us what you would like to happen.', 'For example, an apology, a decision looked at again, or a service put in place.'),
          required: forChild(ctx, 'Tell us what you would like to happen', 'Enter what would put things right'),
          maxLength: 2000,
          rows: 5,
          characterCount: true,
        },
      ],
    }),
  },
  {
    id: 'court-police',
    section: 'Your complaint',
    applies: (ctx) => !stopsHere(ctx),
    page: (ctx) => ({
      id: 'court-police',
      title: forChild(ctx, 'Is a court or the police involved in this?', 'Are there court proceedings or a police investigation about this?'),
      fields: [
        {
          kind: 'radios',
          name: 'proceedings',
          label: forChild(ctx, 'Is a court or the police involved in this?', 'Are there court proceedings or a police investigation about this?'),
          isPageHeading: true,
          hint: 'We can still take your complaint. Some parts may have to wait until the court or police have finished.',
          required: forChild(ctx, 'Choose yes, no or I don’t know', 'Select whether there are court proceedings or a police investigation'),
          options: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
            { value: 'not_sure', label: forChild(ctx, "I don't know", 'I do not know') },
          ],
        },
      ],
    }),
  },
  {
    id: 'complained-before',
    section: 'Your complaint',
    applies: (ctx) => !stopsHere(ctx),
    page: (ctx) => ({
      id: 'complained-before',
      title: forChild(ctx, 'Have you complained about this before?', 'Has anyone complained about this before?'),
      fields: [
        {
          kind: 'radios',
          name: 'previousComplaint',
          label: forChild(ctx, 'Have you complained about this before?', 'Has anyone complained about this before?'),
          isPageHeading: true,
          required: 'Select whether there was a complaint about this before',
          options: [
            { value: 'no', label: 'No' },
            { value: 'yes_ongoing', label: 'Yes, and it is still being looked at' },
            { value: 'yes_completed', label: 'Yes, and it went through all 3 stages, including a review panel' },
          ],
        },
        {
          kind: 'text',
          name: 'previousReference',
          label: 'Reference number from before (optional)',
          errorName: 'The reference number',
          hint: 'For example, CSC-7K4M-2P9X',
          maxLength: 40,
          widthClass: 'govuk-input--width-20',
          autocomplete: 'off',
          spellcheck: false,
        },
      ],
    }),
  },
  {
    id: 'advocacy',
    section: 'Help from an advocate',
    applies: (ctx) => isSelfPath(ctx) && !stopsHere(ctx),
    page: (ctx) => {
      const a = ctx.council.contacts.advocacy;
      return {
        id: 'advocacy',
        title: 'Would you like an advocate to help you?',
        intro: [
          'An advocate is someone who is on your side. They do not work for the council. They can help you say what you want and come to meetings with you. It is free.',
          `${ctx.council.shortName} works with ${a.name}.`,
        ],
        fields: [
          {
            kind: 'radios',
            name: 'wantsAdvocate',
            label: 'Would you like an advocate to help you?',
            required: 'Choose yes, no or not sure',
            options: [
              { value: 'yes', label: 'Yes please' },
              { value: 'no', label: 'No thanks' },
              { value: 'not_sure', label: "I'm not sure yet" },
            ],
          },
        ],
      };
    },
  },
  {
    id: 'your-name',
    section: 'Your contact details',
    applies: (ctx) => !stopsHere(ctx),
    page: (ctx) => ({
      id: 'your-name',
      title: 'What is your name?',
      fields: [
        createFullNameField({
          hint: forChild(ctx, 'We need your name so we can reply to you.', 'We need a name to reply to. We cannot take complaints without a name.'),
          required: forChild(ctx, 'Tell us your name', 'Enter your full name'),
        }),
      ],
    }),
  },
  {
    id: 'contact',
    section: 'Your contact details',
    applies: (ctx) => !stopsHere(ctx),
    page: (ctx) => ({
      id: 'contact',
      title: forChild(ctx, 'How can we contact you?', 'How can we contact you?'),
      fields: [createContactMethodsField(isSelfPath(ctx))],
    }),
  },
  {
    id: 'safe-contact',
    section: 'Your contact details',
    applies: (ctx) => !stopsHere(ctx),
    page: (ctx) => ({
      id: 'safe-contact',
      title: 'Is it safe for us to contact you these ways?',
      fields: [createSafeToContactField(isSelfPath(ctx))],
    }),
  },
  {
    id: 'needs',
    section: 'Your contact details',
    applies: (ctx) => !stopsHere(ctx),
    page: (ctx) => ({
      id: 'needs',
      title: forChild(ctx, 'Do you need help to talk to us?', 'Do you need any help to communicate with us?'),
      fields: [
        {
          kind: 'checkboxes',
          name: 'communicationNeeds',
          label: forChild(ctx, 'Do you need help to talk to us?', 'Do you need any help to communicate with us?'),
          isPageHeading: true,
          hint: 'Select all that apply',
          required: 'Select the help you need, or select that you do not need any',
          options: [
            {
              value: 'interpreter',
              label: 'An interpreter',
              conditional: [{ kind: 'text', name: 'interpreterLanguage', label: 'Which language?', errorName: 'The language', required: 'Enter the language you need an interpreter for', maxLength: 60, widthClass: 'govuk-!-width-one-half' }],
            },
            { value: 'bsl', label: 'British Sign Language (BSL)' },
            { value: 'easy_read', label: 'Easy read' },
            { value: 'large_print', label: 'Large print' },
            {
              value: 'other',
              label: 'Something else',
              conditional: [{ kind: 'textarea', name: 'otherNeeds', label: 'What do you need?', errorName: 'What you need', required: 'Enter what help you need', maxLength: 500, rows: 3 }],
            },
            { value: 'none', label: forChild(ctx, "No, I don't need help", 'No, I do not need any help'), exclusive: true },
          ],
          dividerBefore: 'none',
        },
      ],
    }),
  },
];

/**
 * The person told us every part of the complaint belongs elsewhere and chose not to send it: the
 * journey stops at the "you do not need to do anything else" page.
 */
export function stopsHere(ctx: JourneyContext): boolean {
  if (hasCouncilPart(ctx)) return false;
  return signpostTargetsOf(ctx).some((t) => value(ctx, signpostStep(t).id, 'sendAnyway') === 'no');
}

/**
 * Drops answers to steps that no longer apply (after a changed answer), repeating until nothing
 * changes because one step's answers can decide whether a later step applies.
 */
export function pruneAnswers(ctx: JourneyContext): JourneyAnswers {
  let answers = ctx.answers;
  for (let i = 0; i < 10; i++) {
    const applicable = new Set(applicableSteps({ ...ctx, answers }).map((s) => s.id));
    const kept = Object.fromEntries(Object.entries(answers).filter(([id]) => applicable.has(id)));
    if (Object.keys(kept).length === Object.keys(answers).length) return kept;
    answers = kept;
  }
  return answers;
}

/** The steps that apply to these answers, in order. */
export function applicableSteps(ctx: JourneyContext): Step[] {
  return steps.filter((s) => s.applies(ctx));
}

/** Finds a step by id. */
export function findStep(id: string): Step | undefined {
  return steps.find((s) => s.id === id);
}

/** Whether a step has a stored answer (pages with no fields count once seen). */
export function isAnswered(ctx: JourneyContext, step: Step): boolean {
  return ctx.answers[step.id] !== undefined;
}

/**
 * Where to go after a step: the next applicable step without an answer when returning to check
 * answers (so new questions a change needs are asked), otherwise simply the next applicable step.
 */
export function nextStepAfter(ctx: JourneyContext, stepId: string, returningToCheck: boolean): string {
  if (stopsHere(ctx)) return 'not-sending';
  const list = applicableSteps(ctx);
  const index = list.findIndex((s) => s.id === stepId);
  const rest = list.slice(index + 1);
  if (returningToCheck) return rest.find((s) => !isAnswered(ctx, s))?.id ?? 'check';
  return rest[0]?.id ?? 'check';
}

/** The first applicable step without an answer, if any: a half-finished journey cannot be sent. */
export function firstIncompleteStep(ctx: JourneyContext): string | undefined {
  return applicableSteps(ctx).find((s) => !isAnswered(ctx, s))?.id;
}

/** The step before this one, for the back link. */
export function previousStepBefore(ctx: JourneyContext, stepId: string): string | undefined {
  const list = applicableSteps(ctx);
  const index = list.findIndex((s) => s.id === stepId);
  return index > 0 ? list[index - 1]?.id : undefined;
}

function describeValue(field: FieldSpec, raw: string | string[] | undefined): string | undefined {
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0) || raw === '') return undefined;
  switch (field.kind) {
    case 'radios':
    case 'checkboxes': {
      const chosen = Array.isArray(raw) ? raw : [raw];
      return chosen.map((v) => field.options.find((o) => o.value === v)?.label ?? v).join('\n');
    }
    case 'date':
      return field.precision === 'full'
        ? formatDate(raw as string)
        : new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${raw as string}-01T00:00:00Z`));
    default:
      return Array.isArray(raw) ? raw.join('\n') : raw;
  }
}

export interface SummaryRow extends AnswerRow {
  stepId: string;
  /** Field name, for the change link's hidden text and fragment. */
  field: string;
}

/** Check answers rows for every answered applicable step, in journey order; also the team email's answers. */
export function toSummaryRows(ctx: JourneyContext): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const step of applicableSteps(ctx)) {
    const answers = ctx.answers[step.id];
    if (!answers) continue;
    const page = step.page(ctx);
    for (const field of flattenFields(page.fields)) {
      const text = describeValue(field, answers[field.name]);
      if (text === undefined) continue;
      rows.push({ section: step.section, question: field.label, answer: text, stepId: step.id, field: field.name });
    }
  }
  return rows;
}

function toEventDate(kind: string | undefined, date: string | undefined, month: string | undefined): EventDate {
  if (kind === 'exact' && date) return { kind: 'exact', date };
  if (kind === 'month' && month) {
    const [year, m] = month.split('-').map(Number) as [number, number];
    return { kind: 'month', year, month: m };
  }
  if (kind === 'ongoing') return { kind: 'ongoing' };
  return { kind: 'not_sure' };
}

function toChildren(ctx: JourneyContext, contactName: string): ChildDetails[] {
  if (isSelfPath(ctx)) {
    const age = value(ctx, 'about-you', 'age');
    const other = value(ctx, 'about-you', 'selfOtherCouncil');
    return [
      {
        name: contactName,
        ...(age ? { age: Number(age) } : {}),
        responsibleCouncil: (value(ctx, 'about-you', 'council') ?? 'not_sure') as ChildDetails['responsibleCouncil'],
        ...(other ? { otherCouncilName: other } : {}),
      },
    ];
  }
  const children: ChildDetails[] = [];
  for (let i = 1; i <= childCount(ctx); i++) {
    const step = `child-${i}`;
    const name = value(ctx, step, `child${i}Name`);
    if (!name) continue;
    const dob = value(ctx, step, `child${i}Dob`);
    const age = value(ctx, step, `child${i}Age`);
    const other = value(ctx, step, `child${i}OtherCouncil`);
    children.push({
      name,
      ...(dob ? { dateOfBirth: dob } : {}),
      ...(age ? { age: Number(age) } : {}),
      responsibleCouncil: (value(ctx, step, `child${i}Council`) ?? 'not_sure') as ChildDetails['responsibleCouncil'],
      ...(other ? { otherCouncilName: other } : {}),
    });
  }
  return children;
}

/** The rules engine's input and the contact details, from a complete journey. */
export function toComplaint(journey: JourneyContext, check: PageValues): { answers: ComplaintAnswers; contact: ContactDetails } {
  // Only answers to steps that still apply count, whatever else the session holds.
  const ctx = { ...journey, answers: pruneAnswers(journey) };
  const role = (roleOf(ctx) ?? 'relative_or_other') as ComplainantRole;
  const methods = values(ctx, 'contact', 'contactMethods');
  const name = value(ctx, 'your-name', 'fullName') ?? '';
  const foundOutKind = value(ctx, 'found-out', 'foundOutKind');
  const foundOutMonth = value(ctx, 'found-out', 'foundOutMonth');
  let foundOut: KnowledgeDate | undefined;
  if (foundOutKind === 'later' && foundOutMonth) {
    const [year, month] = foundOutMonth.split('-').map(Number) as [number, number];
    foundOut = { kind: 'month', year, month };
  }
  const safe = (value(ctx, 'safe-contact', 'safeToContact') ?? 'no') as ContactDetails['safeToContact'];
  const address = methods.includes('post')
    ? [value(ctx, 'contact', 'addressLine1'), value(ctx, 'contact', 'addressLine2'), value(ctx, 'contact', 'addressTown'), value(ctx, 'contact', 'addressPostcode')?.toUpperCase()].filter(
        (l): l is string => Boolean(l),
      )
    : undefined;
  const needs = values(ctx, 'needs', 'communicationNeeds').filter((n) => n !== 'none') as ContactDetails['communicationNeeds'];
  const safeDetails = safe === 'with_care' ? value(ctx, 'safe-contact', 'safeWhen') : safe === 'no' ? value(ctx, 'safe-contact', 'safeHow') : undefined;
  const email = methods.includes('email') ? value(ctx, 'contact', 'email') : undefined;
  const phone = methods.includes('phone') ? value(ctx, 'contact', 'phone') : undefined;
  const interpreterLanguage = needs.includes('interpreter') ? value(ctx, 'needs', 'interpreterLanguage') : undefined;
  const otherNeeds = needs.includes('other') ? value(ctx, 'needs', 'otherNeeds') : undefined;
  const contact: ContactDetails = {
    name,
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(address ? { address } : {}),
    safeToContact: safe,
    ...(safeDetails ? { safeContactDetails: safeDetails } : {}),
    communicationNeeds: needs,
    ...(interpreterLanguage ? { interpreterLanguage } : {}),
    ...(otherNeeds ? { otherNeeds } : {}),
    wantsAcknowledgement: check.wantsAcknowledgement === 'yes',
  };

  const relationship = value(ctx, 'relationship', 'relationship');
  const relativeStanding = value(ctx, 'relationship', 'relativeStanding');
  const instructed = value(ctx, 'advocate', 'childInstructedAdvocate');
  const agreement = value(ctx, 'child-agreement', 'childAgreement');
  const reasons = values(ctx, 'why-not-sooner', 'delayReasons');
  const delayDetails = value(ctx, 'why-not-sooner', 'delayDetails');
  const previousReference = value(ctx, 'complained-before', 'previousReference');
  const wantsAdvocate = value(ctx, 'advocacy', 'wantsAdvocate');
  const answers: ComplaintAnswers = {
    dangerNow: value(ctx, 'danger', 'dangerNow') === 'yes',
    worriedAboutHarm: value(ctx, 'worried', 'worriedAboutHarm') === 'yes',
    worriedAtCheck: check.worriedAtCheck === 'yes',
    role,
    ...(relativeStanding ? { relativeStanding: relativeStanding as NonNullable<ComplaintAnswers['relativeStanding']> } : {}),
    ...(relationship ? { relationship } : {}),
    ...(instructed ? { childInstructedAdvocate: instructed as NonNullable<ComplaintAnswers['childInstructedAdvocate']> } : {}),
    ...(agreement ? { childAgreement: agreement as NonNullable<ComplaintAnswers['childAgreement']> } : {}),
    children: toChildren(ctx, name),
    services: values(ctx, 'service', 'services'),
    commissionedProvider: (value(ctx, 'provider', 'commissionedProvider') ?? 'not_sure') as ComplaintAnswers['commissionedProvider'],
    whatHappened: value(ctx, 'what-happened', 'whatHappened') ?? '',
    when: toEventDate(value(ctx, 'when', 'whenKind'), value(ctx, 'when', 'whenDate'), value(ctx, 'when', 'whenMonth')),
    ...(foundOut ? { foundOut } : {}),
    ...(reasons.length ? { delayReasons: reasons as NonNullable<ComplaintAnswers['delayReasons']> } : {}),
    ...(delayDetails ? { delayDetails } : {}),
    outcomeWanted: value(ctx, 'put-right', 'outcomeWanted') ?? '',
    proceedings: (value(ctx, 'court-police', 'proceedings') ?? 'not_sure') as ComplaintAnswers['proceedings'],
    previousComplaint: (value(ctx, 'complained-before', 'previousComplaint') ?? 'no') as ComplaintAnswers['previousComplaint'],
    ...(previousReference ? { previousReference } : {}),
    ...(wantsAdvocate ? { wantsAdvocate: wantsAdvocate as NonNullable<ComplaintAnswers['wantsAdvocate']> } : {}),
  };
  return { answers, contact };
}

/** The questions asked on check answers itself, before Send. */
export function checkPage(ctx: JourneyContext): PageSpec {
  const methods = values(ctx, 'contact', 'contactMethods');
  const canAcknowledge = methods.includes('email') && value(ctx, 'safe-contact', 'safeToContact') === 'yes';
  const fields: FieldSpec[] = [
    {
      kind: 'radios',
      name: 'worriedAtCheck',
      label: 'Before you send this: is anyone at risk of harm?',
      hint: forChild(ctx, 'This means someone might get hurt, or is not safe.', 'This includes the child, or anyone else mentioned in the complaint.'),
      required: 'Select yes if anyone is at risk of harm',
      options: yesNoOptions,
      inline: true,
    },
  ];
  if (canAcknowledge) {
    fields.push({
      kind: 'radios',
      name: 'wantsAcknowledgement',
      label: 'Do you want us to email you to say we have got your complaint?',
      hint: `We will send the reference number and dates to ${value(ctx, 'contact', 'email')}. We will not include what you told us.`,
      required: 'Select yes if you want a confirmation email',
      options: yesNoOptions,
      inline: true,
    });
  }
  return { id: 'check', title: 'Check your answers before sending your complaint', fields, submitLabel: 'Send complaint' };
}

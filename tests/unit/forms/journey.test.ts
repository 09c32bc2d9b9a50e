import { describe, expect, it } from 'vitest';
import { complainantRoles, type ComplainantRole } from '../../../src/domain/answers.ts';
import { flattenFields, type FieldSpec, type PageSpec } from '../../../src/forms/field-spec.ts';
import {
  MAX_CHILDREN,
  applicableSteps,
  checkPage,
  childCount,
  findStep,
  firstIncompleteStep,
  isSelfPath,
  nextStepAfter,
  previousStepBefore,
  signpostTargetsOf,
  steps,
  stopsHere,
  toComplaint,
  toSummaryRows,
  type JourneyAnswers,
  type JourneyContext,
} from '../../../src/forms/journey.ts';
import { parsePage, type PageValues, type RawValues } from '../../../src/forms/page-schema.ts';
import { childAnswers, childCheck, createJourneyContext, journeyToday, parentAnswers, parentCheck } from '../../fixtures/journeys.ts';

const ids = (ctx: JourneyContext) => applicableSteps(ctx).map((s) => s.id);

/** Answers with some steps replaced or added. */
const withAnswers = (base: JourneyAnswers, changes: JourneyAnswers): JourneyAnswers => ({ ...base, ...changes });

/** Answers with some steps removed. */
const without = (base: JourneyAnswers, ...stepIds: string[]): JourneyAnswers =>
  Object.fromEntries(Object.entries(base).filter(([id]) => !stepIds.includes(id)));

const pageFor = (ctx: JourneyContext, stepId: string): PageSpec => {
  const step = findStep(stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  return step.page(ctx);
};

/** What a browser would post for stored values: dates split back into their boxes. */
function toRawValues(page: PageSpec, values: PageValues): RawValues {
  const raw: RawValues = {};
  for (const field of flattenFields(page.fields)) {
    const value = values[field.name];
    if (value === undefined) continue;
    if (field.kind === 'date' && typeof value === 'string') {
      const [year, month, day] = value.split('-');
      raw[`${field.name}-year`] = year;
      raw[`${field.name}-month`] = month;
      if (field.precision === 'full') raw[`${field.name}-day`] = day;
    } else raw[field.name] = value;
  }
  return raw;
}

const selfRoles: ComplainantRole[] = ['child', 'care_leaver'];
const parentLikeRoles: ComplainantRole[] = ['parent', 'parental_responsibility', 'foster_carer', 'special_guardian', 'adoption'];

describe('journeys fixture', () => {
  it.each([
    ['parent', parentAnswers],
    ['child', childAnswers],
  ])('holds exactly what the pages store for the %s journey', (_, answers) => {
    const ctx = createJourneyContext(answers);
    for (const [stepId, values] of Object.entries(answers)) {
      const page = pageFor(ctx, stepId);
      const result = parsePage(page, toRawValues(page, values), { today: journeyToday });
      expect(result, stepId).toEqual({ ok: true, value: values });
    }
  });

  it.each([
    ['parent', parentAnswers],
    ['child', childAnswers],
  ])('answers every step of the %s journey and nothing else', (_, answers) => {
    const ctx = createJourneyContext(answers);
    expect(firstIncompleteStep(ctx)).toBeUndefined();
    expect(ids(ctx).sort()).toEqual(Object.keys(answers).sort());
  });
});

describe('steps', () => {
  // Fields from every page as a parent and as a child see them (conditional reveals included).
  const fields = new Map<string, FieldSpec>();
  for (const answers of [parentAnswers, childAnswers]) {
    const ctx = createJourneyContext(answers);
    for (const step of steps) for (const field of flattenFields(step.page(ctx).fields)) fields.set(`${step.id} ${field.name}`, field);
  }
  const textFields = [...fields].filter((entry): entry is [string, Extract<FieldSpec, { kind: 'text' | 'textarea' }>] => entry[1].kind === 'text' || entry[1].kind === 'textarea');

  it('has a unique id for every step', () => {
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
  });

  const messageFor = (field: FieldSpec, input: string): string => {
    const result = parsePage({ id: 'p', title: 'p', fields: [field] }, { [field.name]: input }, { today: journeyToday });
    return result.ok ? '' : (result.error.byField[field.name] ?? '');
  };
  // A message built from a label must read as a statement: "Full name must be…", not "What is your name? must be…".
  const badlyWorded = (message: string) => /\?|\(optional\)/.test(message);

  it('words every too-long message as a statement', () => {
    // Age boxes are short because ages are; their own messages are checked below.
    const messages = textFields.filter(([, f]) => !(f.kind === 'text' && f.format === 'age')).map(([key, field]) => [key, messageFor(field, 'x'.repeat(field.maxLength + 1))] as const);
    for (const [key, message] of messages) expect(message, key).toMatch(/ must be [\d,]+ characters or less$/);
    expect(messages.filter(([, message]) => badlyWorded(message))).toEqual([]);
  });

  it('words every age message as a statement', () => {
    const ages = textFields.filter(([, f]) => f.kind === 'text' && f.format === 'age');
    expect(ages.length).toBeGreaterThan(0);
    const messages = ages.flatMap(([key, field]) => ['x', '31'].map((input) => [key, messageFor(field, input)] as const));
    for (const [key, message] of messages) expect(message, key).toMatch(/ must be (a number, like 12|30 or less)$/);
    expect(messages.filter(([, message]) => badlyWorded(message))).toEqual([]);
  });
});

describe('isSelfPath', () => {
  it.each([
    ...complainantRoles.map((role) => [role, selfRoles.includes(role)] as const),
  ])('for %s is %s', (role, expected) => {
    expect(isSelfPath(createJourneyContext({ who: { role } }))).toBe(expected);
  });

  it('is false before the role is known', () => {
    expect(isSelfPath(createJourneyContext({}))).toBe(false);
  });
});

describe('applicableSteps', () => {
  it('lists a parent’s steps in journey order', () => {
    expect(ids(createJourneyContext(parentAnswers))).toEqual([
      'danger',
      'worried',
      'who',
      'child-agreement',
      'child-1',
      'more-children-1',
      'child-2',
      'more-children-2',
      'service',
      'provider',
      'what-happened',
      'when',
      'put-right',
      'court-police',
      'complained-before',
      'your-name',
      'contact',
      'safe-contact',
      'needs',
    ]);
  });

  it('lists a child’s steps in journey order', () => {
    expect(ids(createJourneyContext(childAnswers))).toEqual([
      'danger',
      'worried',
      'who',
      'about-you',
      'service',
      'what-happened',
      'when',
      'put-right',
      'court-police',
      'complained-before',
      'advocacy',
      'your-name',
      'contact',
      'safe-contact',
      'needs',
    ]);
  });

  const roleSpecific = ['about-you', 'advocacy', 'child-1', 'more-children-1', 'child-agreement', 'provider', 'advocate', 'relationship'];
  it.each([
    // A child or care leaver says "you", is offered an advocate and is not asked about a child.
    ...selfRoles.map((role) => ({ role, asked: ['about-you', 'advocacy'] })),
    // Adults acting for a child describe the child and say whether the child agrees.
    ...parentLikeRoles.map((role) => ({ role, asked: ['child-1', 'more-children-1', 'child-agreement', 'provider'] })),
    // An advocate says whether the child asked them, instead of whether the child agrees.
    { role: 'advocate', asked: ['advocate', 'child-1', 'more-children-1', 'provider'] },
    // A relative says how they know the child, and may turn out to have standing of their own.
    { role: 'relative_or_other', asked: ['relationship', 'child-agreement', 'child-1', 'more-children-1', 'provider'] },
  ])('asks $role about $asked only', ({ role, asked }) => {
    const ctx = createJourneyContext({ who: { role }, service: { services: ['looked_after'] } });
    const applicable = ids(ctx);
    expect(roleSpecific.filter((id) => applicable.includes(id)).sort()).toEqual([...asked].sort());
  });

  it('asks nothing role-specific before the role is known', () => {
    const applicable = ids(createJourneyContext({ service: { services: ['looked_after'] } }));
    expect(roleSpecific.filter((id) => applicable.includes(id))).toEqual([]);
  });

  describe('with more than one child', () => {
    it('asks about a second child after a yes to "another child"', () => {
      const before = ids(createJourneyContext({ who: { role: 'parent' } }));
      const after = ids(createJourneyContext({ who: { role: 'parent' }, 'more-children-1': { moreChildren: 'yes' } }));
      expect(before).not.toContain('child-2');
      expect(after).toEqual(expect.arrayContaining(['child-2', 'more-children-2']));
      expect(after).not.toContain('child-3');
    });

    it('asks about no more children after a no', () => {
      const applicable = ids(createJourneyContext({ who: { role: 'parent' }, 'more-children-1': { moreChildren: 'no' } }));
      expect(applicable.filter((id) => /^child-\d+$/.test(id))).toEqual(['child-1']);
    });

    it('stops offering another child at the most allowed', () => {
      const answers: JourneyAnswers = { who: { role: 'parent' } };
      for (let i = 1; i <= MAX_CHILDREN + 2; i++) answers[`more-children-${i}`] = { moreChildren: 'yes' };
      const applicable = ids(createJourneyContext(answers));
      expect(applicable.filter((id) => /^child-\d+$/.test(id))).toEqual(Array.from({ length: MAX_CHILDREN }, (_, i) => `child-${i + 1}`));
      expect(applicable).not.toContain(`more-children-${MAX_CHILDREN}`);
    });
  });

  describe('when the event may be out of time', () => {
    const timed = (when: PageValues) => ids(createJourneyContext(withAnswers(childAnswers, { when })));

    it.each([
      // A day past the 12 months (the anniversary was yesterday).
      [{ whenKind: 'exact', whenDate: '2025-11-21' }, true],
      // The anniversary is today: still in time.
      [{ whenKind: 'exact', whenDate: '2025-11-22' }, false],
      [{ whenKind: 'exact', whenDate: '2026-03-27' }, false],
      // A month counts from its last day: 31 October 2025 is past.
      [{ whenKind: 'month', whenMonth: '2025-10' }, true],
      // 30 November 2025 is not yet.
      [{ whenKind: 'month', whenMonth: '2025-11' }, false],
      // Still happening is in time.
      [{ whenKind: 'ongoing' }, false],
      // Not sure is for the complaints team to look into.
      [{ whenKind: 'not_sure' }, false],
    ])('for %j asks when they found out and why not sooner: %s', (when, late) => {
      const applicable = timed(when);
      expect(applicable.includes('found-out')).toBe(late);
      expect(applicable.includes('why-not-sooner')).toBe(late);
      if (late) expect(applicable.indexOf('found-out')).toBe(applicable.indexOf('when') + 1);
    });
  });
});

describe('childCount', () => {
  it.each([
    [{}, 1],
    [{ 'more-children-1': { moreChildren: 'no' } }, 1],
    [{ 'more-children-1': { moreChildren: 'yes' } }, 2],
    [{ 'more-children-1': { moreChildren: 'yes' }, 'more-children-2': { moreChildren: 'yes' } }, 3],
    // A yes further on does not count past a no.
    [{ 'more-children-1': { moreChildren: 'no' }, 'more-children-2': { moreChildren: 'yes' } }, 1],
  ])('counts %j as %i', (answers, expected) => {
    expect(childCount(createJourneyContext({ who: { role: 'parent' }, ...answers }))).toBe(expected);
  });

  it('never counts more than the most allowed', () => {
    const answers: JourneyAnswers = { who: { role: 'parent' } };
    for (let i = 1; i <= 20; i++) answers[`more-children-${i}`] = { moreChildren: 'yes' };
    expect(childCount(createJourneyContext(answers))).toBe(MAX_CHILDREN);
  });
});

describe('signpostTargetsOf', () => {
  it('names the body for each signposted service chosen', () => {
    const ctx = createJourneyContext(withAnswers(parentAnswers, { service: { services: ['school', 'looked_after', 'nhs'] } }));
    expect(signpostTargetsOf(ctx).sort()).toEqual(['nhs', 'school']);
  });

  it.each([
    // The only child is looked after by another council.
    [{ 'child-1': { ...parentAnswers['child-1'], child1Council: 'another' }, 'more-children-1': { moreChildren: 'no' } }, ['other_council']],
    // One of two children is: this council still has a part.
    [{}, []],
  ])('adds another council only when every child is elsewhere (%#)', (changes, expected) => {
    expect(signpostTargetsOf(createJourneyContext(withAnswers(parentAnswers, changes)))).toEqual(expected);
  });

  it('uses a child’s own answer about their council', () => {
    const ctx = createJourneyContext(withAnswers(childAnswers, { 'about-you': { age: '14', council: 'another', selfOtherCouncil: 'Northshire' } }));
    expect(signpostTargetsOf(ctx)).toEqual(['other_council']);
  });
});

describe('signposting pages', () => {
  const schoolOnly = withAnswers(without(parentAnswers, 'provider'), { service: { services: ['school'] } });

  it('asks whether to send anyway when only a school is complained about', () => {
    const ctx = createJourneyContext(schoolOnly);
    expect(ids(ctx)).toContain('elsewhere-school');
    const page = pageFor(ctx, 'elsewhere-school');
    expect(page.title).toBe("The school's own complaints procedure");
    expect(page.fields.map((f) => f.name)).toEqual(['sendAnyway']);
    expect(page.fields[0]?.label).toBe('Do you still want to send your complaint to Example Council?');
  });

  it('asks nothing when part of the complaint is for this council', () => {
    const ctx = createJourneyContext(withAnswers(parentAnswers, { service: { services: ['school', 'looked_after'] } }));
    const page = pageFor(ctx, 'elsewhere-school');
    expect(ids(ctx)).toContain('elsewhere-school');
    expect(page.fields).toEqual([]);
    expect(page.intro).toContain('We will still look at the rest of your complaint.');
  });

  it('gives the IRM deadlines from the council', () => {
    const ctx = createJourneyContext(withAnswers(parentAnswers, { who: { role: 'foster_carer' }, service: { services: ['approval_decision'] } }));
    const t = ctx.council.timescales;
    expect(pageFor(ctx, 'elsewhere-irm').intro).toContain(
      `You must apply within ${t.irmFosteringCalendarDays} calendar days of the date on the decision letter if it is about fostering, or ${t.irmAdoptionWorkingDays} working days if it is about adoption.`,
    );
  });
});

describe('stopsHere', () => {
  const schoolOnly = withAnswers(without(parentAnswers, 'provider'), { service: { services: ['school'] } });

  it.each([
    { when: 'the person chose not to send, and nothing is for this council', answers: withAnswers(schoolOnly, { 'elsewhere-school': { sendAnyway: 'no' } }), expected: true },
    { when: 'the person chose to send anyway', answers: withAnswers(schoolOnly, { 'elsewhere-school': { sendAnyway: 'yes' } }), expected: false },
    { when: 'the question is not answered yet', answers: schoolOnly, expected: false },
    // The "no" was given before looked_after was added to the services.
    {
      when: 'a left-over "no" meets a complaint with a part for this council',
      answers: withAnswers(parentAnswers, { service: { services: ['school', 'looked_after'] }, 'elsewhere-school': { sendAnyway: 'no' } }),
      expected: false,
    },
    { when: 'nothing is signposted', answers: parentAnswers, expected: false },
  ])('is $expected when $when', ({ answers, expected }) => {
    expect(stopsHere(createJourneyContext(answers))).toBe(expected);
  });

  it('asks nothing about the complaint itself once the person has chosen not to send it', () => {
    const ctx = createJourneyContext(withAnswers(schoolOnly, { 'elsewhere-school': { sendAnyway: 'no' } }));
    expect(ids(ctx)).toEqual(['danger', 'worried', 'who', 'child-agreement', 'child-1', 'more-children-1', 'child-2', 'more-children-2', 'service', 'elsewhere-school']);
  });
});

describe('nextStepAfter', () => {
  const parent = createJourneyContext(parentAnswers);

  it.each([
    ['danger', 'worried'],
    ['who', 'child-agreement'],
    ['more-children-1', 'child-2'],
    ['more-children-2', 'service'],
    // The last question leads to check answers.
    ['needs', 'check'],
  ])('goes from %s to %s on the way through', (from, to) => {
    expect(nextStepAfter(parent, from, false)).toBe(to);
  });

  it('goes to the not-sending page once the person chooses not to send', () => {
    const answers = withAnswers(without(parentAnswers, 'provider'), { service: { services: ['school'] }, 'elsewhere-school': { sendAnyway: 'no' } });
    expect(nextStepAfter(createJourneyContext(answers), 'elsewhere-school', false)).toBe('not-sending');
    expect(nextStepAfter(createJourneyContext(answers), 'elsewhere-school', true)).toBe('not-sending');
  });

  it('goes back to check answers after a change that needs nothing new', () => {
    const ctx = createJourneyContext(withAnswers(parentAnswers, { 'put-right': { outcomeWanted: 'An apology.' } }));
    expect(nextStepAfter(ctx, 'put-right', true)).toBe('check');
  });

  it('asks the new questions a changed answer needs, one by one, then returns to check answers', () => {
    // A parent's complete journey, changed on check answers to a child's.
    let answers = withAnswers(parentAnswers, { who: { role: 'child' } });
    expect(nextStepAfter(createJourneyContext(answers), 'who', true)).toBe('about-you');

    answers = withAnswers(answers, { 'about-you': { age: '15', council: 'this' } });
    expect(nextStepAfter(createJourneyContext(answers), 'about-you', true)).toBe('advocacy');

    answers = withAnswers(answers, { advocacy: { wantsAdvocate: 'no' } });
    expect(nextStepAfter(createJourneyContext(answers), 'advocacy', true)).toBe('check');
  });

  it('asks why not sooner after a date is changed to more than 12 months ago', () => {
    const ctx = createJourneyContext(withAnswers(parentAnswers, { when: { whenKind: 'exact', whenDate: '2024-01-10' } }));
    expect(nextStepAfter(ctx, 'when', true)).toBe('found-out');
    const foundOut = createJourneyContext(withAnswers(ctx.answers, { 'found-out': { foundOutKind: 'at_the_time' } }));
    expect(nextStepAfter(foundOut, 'found-out', true)).toBe('why-not-sooner');
  });
});

describe('firstIncompleteStep', () => {
  it.each([
    { gap: 'an unanswered date', answers: without(parentAnswers, 'when'), expected: 'when' },
    { gap: 'the first question', answers: without(parentAnswers, 'danger'), expected: 'danger' },
    // Saying there is another child needs that child's details.
    { gap: 'the second child, after a yes to another child', answers: without(parentAnswers, 'child-2', 'more-children-2'), expected: 'child-2' },
    { gap: 'the earliest of two', answers: without(childAnswers, 'advocacy', 'needs'), expected: 'advocacy' },
    { gap: 'everything', answers: {}, expected: 'danger' },
  ])('finds $expected when $gap is missing', ({ answers, expected }) => {
    expect(firstIncompleteStep(createJourneyContext(answers))).toBe(expected);
  });

  it('finds nothing missing in a complete journey', () => {
    expect(firstIncompleteStep(createJourneyContext(parentAnswers))).toBeUndefined();
  });

  it('ignores answers to steps that no longer apply', () => {
    // A child's journey with left-over parent answers is still missing the child's own steps.
    expect(firstIncompleteStep(createJourneyContext(withAnswers(parentAnswers, { who: { role: 'care_leaver' } })))).toBe('about-you');
  });
});

describe('previousStepBefore', () => {
  it.each([
    ['worried', 'danger'],
    ['child-1', 'child-agreement'],
    ['service', 'more-children-2'],
    ['danger', undefined],
  ])('goes back from %s to %s', (from, to) => {
    expect(previousStepBefore(createJourneyContext(parentAnswers), from)).toBe(to);
  });
});

describe('toSummaryRows', () => {
  const parentRows = toSummaryRows(createJourneyContext(parentAnswers));
  const childRows = toSummaryRows(createJourneyContext(childAnswers));
  const answerFor = (rows: typeof parentRows, field: string) => rows.filter((r) => r.field === field).map((r) => r.answer);

  it('lists the answers in journey order, each with its section and question', () => {
    const order = ids(createJourneyContext(parentAnswers));
    const stepIndexes = parentRows.map((r) => order.indexOf(r.stepId));
    expect(stepIndexes).toEqual([...stepIndexes].sort((a, b) => a - b));
    expect(parentRows.slice(0, 4)).toEqual([
      { section: 'Safety', question: 'Is a child in danger right now?', answer: 'No', stepId: 'danger', field: 'dangerNow' },
      { section: 'Safety', question: 'Are you worried that a child is being harmed?', answer: 'No', stepId: 'worried', field: 'worriedAboutHarm' },
      { section: 'About you', question: 'Who is making this complaint?', answer: "I'm the child's parent", stepId: 'who', field: 'role' },
      { section: 'About you', question: 'Does the child know about this complaint and agree with it?', answer: 'I have not asked them', stepId: 'child-agreement', field: 'childAgreement' },
    ]);
  });

  it.each([
    // Radios show the option's label, not its value.
    ['child1Council', ['Example Borough Council']],
    ['child2Council', ['Another council']],
    ['commissionedProvider', ['No']],
    // A full date is written out.
    ['child1Dob', ['2 June 2015']],
    ['whenDate', ['27 March 2026']],
    // Several ticked boxes are one answer, a line each, in the order ticked.
    [
      'services',
      ['A child in care, including placements, care plans and contact with family\nHelp for a child in need, including an assessment that was refused or delayed'],
    ],
    ['contactMethods', ['Email\nPhone']],
    ['communicationNeeds', ['No, I do not need any help']],
    ['child2OtherCouncil', ['Northshire County Council']],
  ])('shows the parent’s %s as %j', (field, expected) => {
    expect(answerFor(parentRows, field)).toEqual(expected);
  });

  it.each([
    // A month and year is written as a month.
    ['whenMonth', ['September 2026']],
    // Labels are the ones the child saw.
    ['services', ['Being in care, where I live, or seeing my family']],
    ['proceedings', ["I don't know"]],
    ['safeWhen', ['Only after 4pm, and do not leave a voicemail']],
  ])('shows the child’s %s as %j', (field, expected) => {
    expect(answerFor(childRows, field)).toEqual(expected);
  });

  it.each([['child1Age'], ['child2Dob'], ['previousReference'], ['addressLine2'], ['safeWhen'], ['interpreterLanguage']])(
    'has no row for %s, which was not answered',
    (field) => {
      expect(answerFor(parentRows, field)).toEqual([]);
    },
  );

  it('has no rows for a step that no longer applies', () => {
    const rows = toSummaryRows(createJourneyContext(withAnswers(parentAnswers, { who: { role: 'child' }, 'about-you': { age: '15', council: 'this' } })));
    expect(rows.map((r) => r.stepId)).not.toContain('child-1');
    expect(rows.map((r) => r.stepId)).not.toContain('child-agreement');
    expect(rows.map((r) => r.stepId)).not.toContain('provider');
    expect(rows.map((r) => r.stepId)).toContain('about-you');
  });

  it('writes an optional answer given', () => {
    const rows = toSummaryRows(createJourneyContext(withAnswers(parentAnswers, { 'complained-before': { previousComplaint: 'yes_ongoing', previousReference: 'CSC-7K4M-2P9X' } })));
    expect(answerFor(rows, 'previousReference')).toEqual(['CSC-7K4M-2P9X']);
    expect(answerFor(rows, 'previousComplaint')).toEqual(['Yes, and it is still being looked at']);
  });
});

describe('toComplaint', () => {
  it('maps a parent’s journey about two children', () => {
    const { answers, contact } = toComplaint(createJourneyContext(parentAnswers), parentCheck);
    expect(answers).toEqual({
      dangerNow: false,
      worriedAboutHarm: false,
      worriedAtCheck: false,
      role: 'parent',
      childAgreement: 'not_asked',
      children: [
        { name: 'Alex Taylor', dateOfBirth: '2015-06-02', responsibleCouncil: 'this' },
        { name: 'J T', age: 4, responsibleCouncil: 'another', otherCouncilName: 'Northshire County Council' },
      ],
      services: ['looked_after', 'children_in_need'],
      commissionedProvider: 'no',
      whatHappened: "Alex's contact with me was cut from weekly to monthly without anyone asking me.\nThe social worker did not return my calls.",
      when: { kind: 'exact', date: '2026-03-27' },
      outcomeWanted: 'Weekly contact put back, and a review meeting with me there.',
      proceedings: 'no',
      previousComplaint: 'no',
    });
    expect(contact).toEqual({
      name: 'Sam Taylor',
      email: 'sam.taylor@example.com',
      phone: '07700 900123',
      safeToContact: 'yes',
      communicationNeeds: [],
      wantsAcknowledgement: true,
    });
  });

  it('maps a child’s journey, with the child as the only child', () => {
    const { answers, contact } = toComplaint(createJourneyContext(childAnswers), childCheck);
    expect(answers).toEqual({
      dangerNow: false,
      worriedAboutHarm: false,
      worriedAtCheck: false,
      role: 'child',
      children: [{ name: 'Jordan Smith', age: 14, responsibleCouncil: 'this' }],
      services: ['looked_after'],
      // Not asked of a child.
      commissionedProvider: 'not_sure',
      whatHappened: 'My social worker keeps changing and nobody tells me why.',
      when: { kind: 'month', year: 2026, month: 9 },
      outcomeWanted: 'To keep the same social worker.',
      proceedings: 'not_sure',
      previousComplaint: 'no',
      wantsAdvocate: 'yes',
    });
    expect(contact).toEqual({
      name: 'Jordan Smith',
      phone: '07700 900982',
      safeToContact: 'with_care',
      safeContactDetails: 'Only after 4pm, and do not leave a voicemail',
      communicationNeeds: ['easy_read'],
      wantsAcknowledgement: false,
    });
  });

  it('names the other council a child says looks after them', () => {
    const ctx = createJourneyContext(withAnswers(childAnswers, { 'about-you': { age: '19', council: 'another', selfOtherCouncil: 'Northshire' } }));
    expect(toComplaint(ctx, childCheck).answers.children).toEqual([
      { name: 'Jordan Smith', age: 19, responsibleCouncil: 'another', otherCouncilName: 'Northshire' },
    ]);
  });

  it('records when a late complaint was found out, and why it is late', () => {
    const ctx = createJourneyContext(
      withAnswers(childAnswers, {
        when: { whenKind: 'exact', whenDate: '2024-05-10' },
        'found-out': { foundOutKind: 'later', foundOutMonth: '2026-09' },
        'why-not-sooner': { delayReasons: ['only_just_found_out', 'was_a_child'], delayDetails: 'My file was only shared in September.' },
      }),
    );
    expect(toComplaint(ctx, childCheck).answers).toMatchObject({
      when: { kind: 'exact', date: '2024-05-10' },
      foundOut: { kind: 'month', year: 2026, month: 9 },
      delayReasons: ['only_just_found_out', 'was_a_child'],
      delayDetails: 'My file was only shared in September.',
    });
  });

  it('records no separate date when it was found out at the time', () => {
    const ctx = createJourneyContext(
      withAnswers(childAnswers, {
        when: { whenKind: 'month', whenMonth: '2024-05' },
        'found-out': { foundOutKind: 'at_the_time' },
        'why-not-sooner': { delayReasons: ['illness_or_mental_health'] },
      }),
    );
    const { answers } = toComplaint(ctx, childCheck);
    expect(answers.when).toEqual({ kind: 'month', year: 2024, month: 5 });
    expect(answers).not.toHaveProperty('foundOut');
    expect(answers).not.toHaveProperty('delayDetails');
    expect(answers.delayReasons).toEqual(['illness_or_mental_health']);
  });

  it.each([
    [{ whenKind: 'ongoing' }, { kind: 'ongoing' }],
    [{ whenKind: 'not_sure' }, { kind: 'not_sure' }],
  ])('maps %j to %j', (when, expected) => {
    expect(toComplaint(createJourneyContext(withAnswers(parentAnswers, { when })), parentCheck).answers.when).toEqual(expected);
  });

  it.each([
    // An email typed and then unticked is not used.
    [{ contactMethods: ['phone'], email: 'old@example.com', phone: '07700 900123' }, { phone: '07700 900123' }],
    [{ contactMethods: ['email'], email: 'sam@example.com', phone: '07700 900123' }, { email: 'sam@example.com' }],
    // A postal address, postcode in capitals, without an empty second line.
    [
      { contactMethods: ['post'], addressLine1: '1 High Street', addressTown: 'Exampleton', addressPostcode: 'ex1 1aa' },
      { address: ['1 High Street', 'Exampleton', 'EX1 1AA'] },
    ],
    [
      { contactMethods: ['post', 'email'], email: 'sam@example.com', addressLine1: 'Flat 2', addressLine2: '1 High Street', addressTown: 'Exampleton', addressPostcode: 'EX1 1AA' },
      { email: 'sam@example.com', address: ['Flat 2', '1 High Street', 'Exampleton', 'EX1 1AA'] },
    ],
    // An address typed and then unticked is not used.
    [{ contactMethods: ['phone'], phone: '01632 960001', addressLine1: '1 High Street', addressTown: 'Exampleton', addressPostcode: 'EX1 1AA' }, { phone: '01632 960001' }],
  ])('uses only the contact methods ticked (%#)', (contactValues, expected) => {
    const { contact } = toComplaint(createJourneyContext(withAnswers(parentAnswers, { contact: contactValues })), parentCheck);
    expect({ email: contact.email, phone: contact.phone, address: contact.address }).toEqual({ email: undefined, phone: undefined, address: undefined, ...expected });
  });

  it.each([
    // Safe: any details left from an earlier answer are not used.
    [{ safeToContact: 'yes', safeHow: 'Through my advocate' }, 'yes', undefined],
    [{ safeToContact: 'with_care', safeWhen: 'After 4pm' }, 'with_care', 'After 4pm'],
    [{ safeToContact: 'no', safeHow: 'Through my advocate' }, 'no', 'Through my advocate'],
    // The answer to the option chosen, not the other one.
    [{ safeToContact: 'no', safeWhen: 'After 4pm', safeHow: 'Through my advocate' }, 'no', 'Through my advocate'],
  ])('takes the safe-contact details from the option chosen (%#)', (safe, expectedSafe, expectedDetails) => {
    const { contact } = toComplaint(createJourneyContext(withAnswers(parentAnswers, { 'safe-contact': safe })), parentCheck);
    expect(contact.safeToContact).toBe(expectedSafe);
    expect(contact.safeContactDetails).toBe(expectedDetails);
  });

  it.each([
    [{ communicationNeeds: ['none'] }, { communicationNeeds: [] }],
    [{ communicationNeeds: ['bsl', 'large_print'] }, { communicationNeeds: ['bsl', 'large_print'] }],
    [
      { communicationNeeds: ['interpreter', 'other'], interpreterLanguage: 'Polish', otherNeeds: 'Short sentences, please' },
      { communicationNeeds: ['interpreter', 'other'], interpreterLanguage: 'Polish', otherNeeds: 'Short sentences, please' },
    ],
    // A language left from an earlier answer is not used once the interpreter is unticked.
    [{ communicationNeeds: ['bsl'], interpreterLanguage: 'Polish', otherNeeds: 'Short sentences' }, { communicationNeeds: ['bsl'] }],
  ])('records communication needs without "none" (%#)', (needs, expected) => {
    const { contact } = toComplaint(createJourneyContext(withAnswers(parentAnswers, { needs })), parentCheck);
    expect({ communicationNeeds: contact.communicationNeeds, interpreterLanguage: contact.interpreterLanguage, otherNeeds: contact.otherNeeds }).toEqual({
      interpreterLanguage: undefined,
      otherNeeds: undefined,
      ...expected,
    });
  });

  it.each([
    [{ worriedAtCheck: 'no', wantsAcknowledgement: 'yes' }, true],
    [{ worriedAtCheck: 'no', wantsAcknowledgement: 'no' }, false],
    // Not asked.
    [{ worriedAtCheck: 'no' }, false],
  ])('takes the acknowledgement choice from check answers (%j)', (check, expected) => {
    expect(toComplaint(createJourneyContext(parentAnswers), check).contact.wantsAcknowledgement).toBe(expected);
  });

  it('takes the last safeguarding answer from check answers', () => {
    expect(toComplaint(createJourneyContext(parentAnswers), { worriedAtCheck: 'yes' }).answers.worriedAtCheck).toBe(true);
  });

  it.each([
    [{ dangerNow: 'yes' }, { worriedAboutHarm: 'no' }, true, false],
    [{ dangerNow: 'no' }, { worriedAboutHarm: 'yes' }, false, true],
  ])('records the safety answers (%#)', (danger, worried, dangerNow, worriedAboutHarm) => {
    const { answers } = toComplaint(createJourneyContext(withAnswers(parentAnswers, { danger, worried })), parentCheck);
    expect(answers).toMatchObject({ dangerNow, worriedAboutHarm });
  });

  it('records a relative’s relationship and standing', () => {
    const ctx = createJourneyContext(
      withAnswers(parentAnswers, { who: { role: 'relative_or_other' }, relationship: { relationship: 'Grandmother', relativeStanding: 'lives_with_order' } }),
    );
    expect(toComplaint(ctx, parentCheck).answers).toMatchObject({ role: 'relative_or_other', relationship: 'Grandmother', relativeStanding: 'lives_with_order' });
  });

  it('records whether the child asked an advocate to complain', () => {
    const ctx = createJourneyContext(
      withAnswers(without(parentAnswers, 'child-agreement'), { who: { role: 'advocate' }, advocate: { advocacyOrganisation: 'NYAS', childInstructedAdvocate: 'yes' } }),
    );
    const { answers } = toComplaint(ctx, parentCheck);
    expect(answers).toMatchObject({ role: 'advocate', childInstructedAdvocate: 'yes' });
    expect(answers).not.toHaveProperty('childAgreement');
  });

  it('records an earlier complaint and its reference', () => {
    const ctx = createJourneyContext(withAnswers(parentAnswers, { 'complained-before': { previousComplaint: 'yes_completed', previousReference: 'CSC-7K4M-2P9X' } }));
    expect(toComplaint(ctx, parentCheck).answers).toMatchObject({ previousComplaint: 'yes_completed', previousReference: 'CSC-7K4M-2P9X' });
  });
});

describe('checkPage', () => {
  it.each([
    // Email given and safe: the only case where an email is sent to them.
    [{ contactMethods: ['email'], email: 'sam@example.com' }, { safeToContact: 'yes' }, true],
    [{ contactMethods: ['email', 'phone'], email: 'sam@example.com', phone: '07700 900123' }, { safeToContact: 'yes' }, true],
    // Someone else may read their email.
    [{ contactMethods: ['email'], email: 'sam@example.com' }, { safeToContact: 'with_care', safeWhen: 'Weekdays only' }, false],
    [{ contactMethods: ['email'], email: 'sam@example.com' }, { safeToContact: 'no', safeHow: 'Through my advocate' }, false],
    // No email to send to, even if one was typed and unticked.
    [{ contactMethods: ['phone'], phone: '07700 900123', email: 'old@example.com' }, { safeToContact: 'yes' }, false],
  ])('asks about an acknowledgement email only when an email was given and it is safe (%#)', (contact, safe, asked) => {
    const page = checkPage(createJourneyContext(withAnswers(parentAnswers, { contact, 'safe-contact': safe })));
    expect(page.fields.map((f) => f.name)).toEqual(asked ? ['worriedAtCheck', 'wantsAcknowledgement'] : ['worriedAtCheck']);
  });

  it('says which address the acknowledgement goes to', () => {
    const page = checkPage(createJourneyContext(parentAnswers));
    expect(page.fields[1]?.hint).toBe('We will send the reference number and dates to sam.taylor@example.com. We will not include what you told us.');
  });

  it('drops an acknowledgement choice forged onto a page that did not ask it', () => {
    const ctx = createJourneyContext(childAnswers);
    const result = parsePage(checkPage(ctx), { worriedAtCheck: 'no', wantsAcknowledgement: 'yes' }, { today: journeyToday });
    expect(result).toEqual({ ok: true, value: { worriedAtCheck: 'no' } });
    if (result.ok) expect(toComplaint(ctx, result.value).contact.wantsAcknowledgement).toBe(false);
  });

  it('always asks once more whether anyone is at risk', () => {
    const page = checkPage(createJourneyContext(childAnswers));
    expect(page.fields[0]).toMatchObject({ name: 'worriedAtCheck', label: 'Before you send this: is anyone at risk of harm?', required: 'Select yes if anyone is at risk of harm' });
  });
});

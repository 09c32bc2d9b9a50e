import { describe, expect, it } from 'vitest';
import type { JourneyAnswers } from '../../../../../src/forms/engine/journey.ts';
import { resolveCheckPage } from '../../../../../src/forms/engine/resolve.ts';
import { toSummaryRows } from '../../../../../src/forms/engine/summary.ts';
import { applicableSteps } from '../../../../../src/forms/engine/walk.ts';
import { complaintJourney } from '../../../../../src/forms/journeys/complaint/journey.ts';
import { toComplaint } from '../../../../../src/forms/journeys/complaint/to-case.ts';
import { parsePage } from '../../../../../src/forms/page-schema.ts';
import { childAnswers, createJourneyContext, journeyToday, parentAnswers, withAnswers } from '../../../../fixtures/journeys.ts';
import { exampleCouncil } from '../../../../helpers/councils.ts';
import { createTestCopy } from '../../../../helpers/copy.ts';

const copy = createTestCopy(exampleCouncil());
const rowsFor = (answers: JourneyAnswers) => toSummaryRows(complaintJourney, createJourneyContext(answers), copy);
const checkPageFor = (answers: JourneyAnswers) => resolveCheckPage(complaintJourney, createJourneyContext(answers), copy);

describe('check answers rows', () => {
  const parentRows = rowsFor(parentAnswers);
  const childRows = rowsFor(childAnswers);
  const answerFor = (rows: typeof parentRows, field: string) => rows.filter((r) => r.field === field).map((r) => r.answer);

  it('lists the answers in journey order, each with its section and question', () => {
    const order = applicableSteps(complaintJourney, createJourneyContext(parentAnswers)).map((s) => s.id);
    const stepIndexes = parentRows.map((r) => order.indexOf(r.stepId));
    expect(stepIndexes).toEqual([...stepIndexes].sort((a, b) => a - b));
    expect(parentRows.slice(0, 4)).toEqual([
      { section: 'Safety', question: 'Are you, or any child, in danger right now?', answer: 'No', stepId: 'danger', field: 'dangerNow' },
      { section: 'Safety', question: 'Are you worried that you or any child is being harmed?', answer: 'No', stepId: 'worried', field: 'worriedAboutHarm' },
      { section: 'About you', question: 'Who is making this complaint?', answer: "I'm the child's parent", stepId: 'who', field: 'role' },
      {
        section: 'About you',
        question: 'Does the child know about this complaint and agree with it?',
        answer: 'I have not asked them',
        stepId: 'child-agreement',
        field: 'childAgreement',
      },
    ]);
  });

  it.each([
    // Radios show the option's label, not its value.
    ['child1Council', ['Example Council']],
    ['child2Council', ['Another council']],
    ['commissionedProvider', ['No']],
    // A full date is written out.
    ['child1Dob', ['2 June 2015']],
    ['whenDate', ['27 March 2026']],
    // Several ticked boxes are one answer, a line each, in the order ticked.
    [
      'services',
      [
        'A child in care, including placements, care plans and contact with family\nHelp for a child in need, including an assessment that was refused or delayed',
      ],
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
    const rows = rowsFor(withAnswers(parentAnswers, { who: { role: 'child' }, 'about-you': { age: '15', council: 'this' } }));
    expect(rows.map((r) => r.stepId)).not.toContain('child-1');
    expect(rows.map((r) => r.stepId)).not.toContain('child-agreement');
    expect(rows.map((r) => r.stepId)).not.toContain('provider');
    expect(rows.map((r) => r.stepId)).toContain('about-you');
  });

  it('writes an optional answer given', () => {
    const rows = rowsFor(withAnswers(parentAnswers, { 'complained-before': { previousComplaint: 'yes_ongoing', previousReference: 'CSC-7K4M-2P9X' } }));
    expect(answerFor(rows, 'previousReference')).toEqual(['CSC-7K4M-2P9X']);
    expect(answerFor(rows, 'previousComplaint')).toEqual(['Yes, and it is still being looked at']);
  });
});

describe('check answers’ own questions', () => {
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
    const page = checkPageFor(withAnswers(parentAnswers, { contact, 'safe-contact': safe }));
    expect(page.fields.map((f) => f.name)).toEqual(asked ? ['worriedAtCheck', 'wantsAcknowledgement'] : ['worriedAtCheck']);
  });

  it('says which address the acknowledgement goes to', () => {
    const page = checkPageFor(parentAnswers);
    expect(page.fields[1]?.hint).toBe('We will send the reference number and dates to sam.taylor@example.com. We will not include what you told us.');
  });

  it('drops an acknowledgement choice forged onto a page that did not ask it', () => {
    const ctx = createJourneyContext(childAnswers);
    const result = parsePage(resolveCheckPage(complaintJourney, ctx, copy), { worriedAtCheck: 'no', wantsAcknowledgement: 'yes' }, { today: journeyToday });
    expect(result).toEqual({ ok: true, value: { worriedAtCheck: 'no' } });
    if (result.ok) expect(toComplaint(ctx, result.value).contact.wantsAcknowledgement).toBe(false);
  });

  it('always asks once more whether anyone is at risk', () => {
    const page = checkPageFor(childAnswers);
    expect(page.fields[0]).toMatchObject({
      name: 'worriedAtCheck',
      label: 'Before you send this: is anyone at risk of harm?',
      required: 'Select yes if anyone is at risk of harm',
    });
  });
});

describe('the pages between questions', () => {
  const pageAfter = (stepId: string, values: Record<string, string>) => complaintJourney.interruptions?.find((i) => i.after === stepId && i.when(values))?.page;

  it.each([
    // A child in danger now: call 999 before anything else.
    ['danger', { dangerNow: 'yes' }, 'emergency'],
    ['danger', { dangerNow: 'no' }, undefined],
    // Worried a child is being harmed: tell children's services.
    ['worried', { worriedAboutHarm: 'yes' }, 'get-help'],
    ['worried', { worriedAboutHarm: 'no' }, undefined],
  ])('after %s answered %j shows %s', (stepId, values, page) => {
    expect(pageAfter(stepId, values)).toBe(page);
  });
});

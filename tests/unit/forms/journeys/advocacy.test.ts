import { describe, expect, it } from 'vitest';
import type { JourneyAnswers } from '../../../../src/forms/engine/journey.ts';
import { parseStep } from '../../../../src/forms/engine/parse.ts';
import { resolveCheckPage, resolveStepPage } from '../../../../src/forms/engine/resolve.ts';
import { toSummaryRows } from '../../../../src/forms/engine/summary.ts';
import { applicableSteps, findStep } from '../../../../src/forms/engine/walk.ts';
import { advocacyJourney, isAdvocacySelfPath, toAdvocacyRequest, toAdvocacyRequester } from '../../../../src/forms/journeys/advocacy.ts';
import type { RawValues } from '../../../../src/forms/page-schema.ts';
import { advocacyAdultAnswers as adultAnswers, advocacyChildAnswers as childAnswers, createJourneyContext, journeyToday } from '../../../fixtures/journeys.ts';
import { exampleCouncil } from '../../../helpers/councils.ts';
import { createTestCopy } from '../../../helpers/copy.ts';

const copy = createTestCopy(exampleCouncil());
const ids = (answers: JourneyAnswers) => applicableSteps(advocacyJourney, createJourneyContext(answers)).map((s) => s.id);
const pageFor = (stepId: string, answers: JourneyAnswers) =>
  resolveStepPage(advocacyJourney, findStep(advocacyJourney, stepId)!, createJourneyContext(answers), copy);

function post(stepId: string, raw: RawValues, answers: JourneyAnswers) {
  const ctx = createJourneyContext(answers);
  const step = findStep(advocacyJourney, stepId)!;
  return parseStep(advocacyJourney, step, resolveStepPage(advocacyJourney, step, ctx, copy), raw, ctx, copy);
}

/** The confirmation summary Send would store for these answers. */
const summaryOf = (answers: JourneyAnswers) =>
  advocacyJourney.submission.build({
    ctx: createJourneyContext(answers),
    check: { worriedAtCheck: 'no' },
    reference: 'ADV-7AFQ-VEYZ',
    now: new Date(`${journeyToday}T12:00:00Z`),
    t: copy.t,
    rows: [],
    referenceKnown: false,
  }).summary;

const errorsOf = (result: ReturnType<typeof post>) => (result.ok ? undefined : result.error.byField);

describe('advocacyJourney', () => {
  it.each([
    ['a child', childAnswers, ['who', 'complaint', 'about-you', 'your-name', 'contact', 'safe-contact', 'anything-else']],
    [
      'a care leaver',
      { ...childAnswers, who: { requester: 'care_leaver' } },
      ['who', 'complaint', 'about-you', 'your-name', 'contact', 'safe-contact', 'anything-else'],
    ],
    ['an adult', adultAnswers, ['who', 'child-agreement', 'complaint', 'about-child', 'your-name', 'contact', 'safe-contact', 'anything-else']],
    // Nothing else is asked until it is known who is asking.
    ['someone who has not said who they are', {}, ['who']],
  ])('asks %s these questions, in order', (_, answers, expected) => {
    expect(ids(answers)).toEqual(expected);
  });

  it.each([
    ['who', {}, { requester: 'Select who is asking for an advocate' }],
    ['complaint', {}, { complaintMade: 'Choose yes or not yet' }],
    ['about-you', { age: 'fifteen' }, { age: 'Your age must be a number, like 12', council: 'Select which council looks after you' }],
    ['your-name', {}, { fullName: 'Tell us your name' }],
    ['contact', {}, { contactMethods: 'Choose at least one way we can contact you' }],
  ])('speaks to a child on "%s": %j gives %j', (stepId, raw, errors) => {
    expect(errorsOf(post(stepId, raw, childAnswers))).toEqual(errors);
  });

  it.each([
    ['complaint', {}, { complaintMade: 'Select yes if a complaint has been made' }],
    [
      'about-child',
      {},
      { childName: "Enter the child's name or initials", childAge: "Enter the child's age", childCouncil: 'Select which council looks after the child' },
    ],
    ['your-name', {}, { fullName: 'Enter your full name', relationship: 'Enter how you know the child' }],
    ['contact', {}, { contactMethods: 'Select at least one way we can contact you' }],
  ])('speaks to an adult on "%s": %j gives %j', (stepId, raw, errors) => {
    expect(errorsOf(post(stepId, raw, adultAnswers))).toEqual(errors);
  });

  it.each([
    // The adult's page asks two questions, so it has a title of its own.
    ['an adult', adultAnswers, 'About you'],
    ['a child', childAnswers, 'What is your name?'],
  ])('titles the name page for %s', (_, answers, title) => {
    expect(pageFor('your-name', answers).title).toBe(title);
  });

  it('accepts "not yet": a request with no complaint is complete', () => {
    expect(post('complaint', { complaintMade: 'not_yet', complaintReference: 'ignored' }, childAnswers)).toEqual({
      ok: true,
      value: { complaintMade: 'not_yet' },
    });
  });

  it('never requires anything the advocate should know', () => {
    expect(post('anything-else', {}, childAnswers)).toEqual({ ok: true, value: {} });
  });

  it('tells an adult the child can still be asked, naming the provider', () => {
    expect(pageFor('child-agreement', adultAnswers).introHtml).toBe(
      '<p class="govuk-body">You can still ask. If the child has not agreed, National Youth Advocacy Service (NYAS) will check with them before they start.</p>\n',
    );
  });

  it.each([
    ['a care leaver', 'care_leaver', 'Which council looked after you?'],
    ['a child', 'child', 'Which council looks after you or helps you?'],
  ])('asks %s about the right council', (_, requester, label) => {
    expect(pageFor('about-you', { who: { requester } }).fields.find((f) => f.name === 'council')?.label).toBe(label);
  });

  it.each([
    ['an email was given and contact is safe', adultAnswers, ['worriedAtCheck', 'wantsAcknowledgement']],
    ['only a phone was given', childAnswers, ['worriedAtCheck']],
  ])('offers an acknowledgement only when an email was given and contact is safe: %s', (_, answers, names) => {
    expect(resolveCheckPage(advocacyJourney, createJourneyContext(answers), copy).fields.map((f) => f.name)).toEqual(names);
  });

  it('puts the answers under their sections for check answers', () => {
    const sections = [...new Set(toSummaryRows(advocacyJourney, createJourneyContext(adultAnswers), copy).map((r) => r.section))];
    expect(sections).toEqual(['Who is asking', 'Your request', 'About the child', 'Your contact details', 'For the advocate']);
  });

  it.each([
    ['yes', false],
    ['no', true],
    ['not_asked', true],
    ['too_young', true],
    ['not_safe', true],
  ])('tells the provider to check with the child when an adult says "%s": %s', (childAgreement, expected) => {
    expect(summaryOf({ ...adultAnswers, 'child-agreement': { childAgreement } })).toMatchObject({ kind: 'advocacy', checkWithChild: expected });
  });

  it('never tells the provider to check with a young person asking for themself', () => {
    expect(summaryOf(childAnswers)).toMatchObject({ kind: 'advocacy', checkWithChild: false });
  });
});

describe('toAdvocacyRequester', () => {
  it.each([
    [{ who: { requester: 'child' } }, 'child', true],
    [{ who: { requester: 'care_leaver' } }, 'care_leaver', true],
    [{ who: { requester: 'adult' } }, 'adult', false],
    // A forged value is nobody.
    [{ who: { requester: 'council' } }, undefined, false],
    [{}, undefined, false],
  ])('reads %j as %s (self path %s)', (answers, requester, self) => {
    const ctx = createJourneyContext(answers);
    expect({ requester: toAdvocacyRequester(ctx), self: isAdvocacySelfPath(ctx) }).toEqual({ requester, self });
  });
});

describe('toAdvocacyRequest', () => {
  it('maps a child’s own request: their name is the child’s', () => {
    const { request, contact } = toAdvocacyRequest(createJourneyContext(childAnswers), { worriedAtCheck: 'no' });
    expect({ request, contact }).toEqual({
      request: {
        requester: 'child',
        complaintMade: false,
        child: { name: 'Jordan Smith', age: 15, responsibleCouncil: 'this' },
        worriedAtCheck: false,
      },
      contact: {
        name: 'Jordan Smith',
        phone: '07700 900982',
        safeToContact: 'with_care',
        safeContactDetails: 'After 4pm',
        communicationNeeds: [],
        wantsAcknowledgement: false,
      },
    });
  });

  it('maps an adult’s request for a child', () => {
    const { request, contact } = toAdvocacyRequest(createJourneyContext(adultAnswers), { worriedAtCheck: 'yes', wantsAcknowledgement: 'yes' });
    expect(request).toEqual({
      requester: 'adult',
      childAgreement: 'not_asked',
      relationship: 'Aunt',
      complaintMade: true,
      complaintReference: 'CSC-7AFQ-VEYZ',
      child: { name: 'Jo Bloggs', age: 11, responsibleCouncil: 'another', otherCouncilName: 'Northshire County Council' },
      notes: 'Jo likes to talk after school.',
      worriedAtCheck: true,
    });
    expect(contact).toMatchObject({ name: 'Pat Bloggs', email: 'pat@example.com', wantsAcknowledgement: true });
  });

  it('drops an adult’s answers when the person changes to asking for themself', () => {
    const ctx = createJourneyContext({ ...adultAnswers, who: { requester: 'care_leaver' }, 'about-you': { age: '19', council: 'not_sure' } });
    const { request } = toAdvocacyRequest(ctx, { worriedAtCheck: 'no' });
    expect(request).toEqual({
      requester: 'care_leaver',
      complaintMade: true,
      complaintReference: 'CSC-7AFQ-VEYZ',
      child: { name: 'Pat Bloggs', age: 19, responsibleCouncil: 'not_sure' },
      notes: 'Jo likes to talk after school.',
      worriedAtCheck: false,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { advocacyFlow, isAdvocacySelfPath, needsChildCheck, toAdvocacyRequest, toAdvocacyRequester } from '../../../src/forms/advocacy.ts';
import { findFirstIncompleteStep, findFlowStep, parseFlowStep, toApplicableSteps, toFlowSummaryRows } from '../../../src/forms/flow.ts';
import type { JourneyAnswers } from '../../../src/forms/journey.ts';
import type { RawValues } from '../../../src/forms/page-schema.ts';
import { createJourneyContext } from '../../fixtures/journeys.ts';

/** A 15-year-old asking for themself, with no complaint yet. */
const childAnswers: JourneyAnswers = {
  who: { requester: 'child' },
  complaint: { complaintMade: 'not_yet' },
  'about-you': { age: '15', council: 'this' },
  'your-name': { fullName: 'Jordan Smith' },
  contact: { contactMethods: ['phone'], phone: '07700 900982' },
  'safe-contact': { safeToContact: 'with_care', safeWhen: 'After 4pm' },
  'anything-else': {},
};

/** An aunt asking for a child who has not been asked, after a complaint was made. */
const adultAnswers: JourneyAnswers = {
  who: { requester: 'adult' },
  'child-agreement': { childAgreement: 'not_asked' },
  complaint: { complaintMade: 'yes', complaintReference: 'CSC-7AFQ-VEYZ' },
  'about-child': { childName: 'Jo Bloggs', childAge: '11', childCouncil: 'another', childOtherCouncil: 'Northshire County Council' },
  'your-name': { fullName: 'Pat Bloggs', relationship: 'Aunt' },
  contact: { contactMethods: ['email'], email: 'pat@example.com' },
  'safe-contact': { safeToContact: 'yes' },
  'anything-else': { notes: 'Jo likes to talk after school.' },
};

const ids = (answers: JourneyAnswers) => toApplicableSteps(advocacyFlow, createJourneyContext(answers)).map((s) => s.id);

function post(stepId: string, raw: RawValues, answers: JourneyAnswers) {
  const ctx = createJourneyContext(answers);
  const step = findFlowStep(advocacyFlow, stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  return parseFlowStep(step, step.page(ctx), raw, ctx);
}

describe('advocacyFlow', () => {
  it.each([
    ['a child', childAnswers, ['who', 'complaint', 'about-you', 'your-name', 'contact', 'safe-contact', 'anything-else']],
    ['a care leaver', { ...childAnswers, who: { requester: 'care_leaver' } }, ['who', 'complaint', 'about-you', 'your-name', 'contact', 'safe-contact', 'anything-else']],
    ['an adult', adultAnswers, ['who', 'child-agreement', 'complaint', 'about-child', 'your-name', 'contact', 'safe-contact', 'anything-else']],
  ])('asks %s these questions, in order', (_, answers, expected) => {
    expect(ids(answers)).toEqual(expected);
    expect(findFirstIncompleteStep(advocacyFlow, createJourneyContext(answers))).toBeUndefined();
  });

  it('asks only who is asking before that is answered', () => {
    expect(ids({})).toEqual(['who']);
  });

  it.each([
    ['who', {}, { requester: 'Select who is asking for an advocate' }],
    ['complaint', {}, { complaintMade: 'Choose yes or not yet' }],
    ['about-you', { age: 'fifteen' }, { age: 'Your age must be a number, like 12', council: 'Select which council looks after you' }],
    ['your-name', {}, { fullName: 'Tell us your name' }],
    ['contact', {}, { contactMethods: 'Choose at least one way we can contact you' }],
  ])('speaks to a child on "%s": %j gives %j', (stepId, raw, errors) => {
    const result = post(stepId, raw, childAnswers);
    expect(result.ok ? undefined : result.error.byField).toEqual(errors);
  });

  it.each([
    ['complaint', {}, { complaintMade: 'Select yes if a complaint has been made' }],
    ['about-child', {}, { childName: "Enter the child's name or initials", childAge: "Enter the child's age", childCouncil: 'Select which council looks after the child' }],
    ['your-name', {}, { fullName: 'Enter your full name', relationship: 'Enter how you know the child' }],
    ['contact', {}, { contactMethods: 'Select at least one way we can contact you' }],
  ])('speaks to an adult on "%s": %j gives %j', (stepId, raw, errors) => {
    const result = post(stepId, raw, adultAnswers);
    expect(result.ok ? undefined : result.error.byField).toEqual(errors);
  });

  it('accepts "not yet": a request with no complaint is complete', () => {
    expect(post('complaint', { complaintMade: 'not_yet', complaintReference: 'ignored' }, childAnswers)).toEqual({ ok: true, value: { complaintMade: 'not_yet' } });
  });

  it('never requires anything the advocate should know', () => {
    expect(post('anything-else', {}, childAnswers)).toEqual({ ok: true, value: {} });
  });

  it('tells an adult the child can still be asked, naming the provider', () => {
    const page = findFlowStep(advocacyFlow, 'child-agreement')!.page(createJourneyContext(adultAnswers));
    expect(page.intro?.[0]).toBe('You can still ask. If the child has not agreed, National Youth Advocacy Service (NYAS) will check with them before they start.');
  });

  it('asks a care leaver which council looked after them', () => {
    const page = findFlowStep(advocacyFlow, 'about-you')!.page(createJourneyContext({ who: { requester: 'care_leaver' } }));
    expect(page.fields.find((f) => f.name === 'council')?.label).toBe('Which council looked after you?');
  });

  it('offers an acknowledgement only when an email was given and contact is safe', () => {
    expect(advocacyFlow.checkPage(createJourneyContext(adultAnswers)).fields.map((f) => f.name)).toEqual(['worriedAtCheck', 'wantsAcknowledgement']);
    expect(advocacyFlow.checkPage(createJourneyContext(childAnswers)).fields.map((f) => f.name)).toEqual(['worriedAtCheck']);
  });

  it('puts the answers under their sections for check answers', () => {
    const sections = [...new Set(toFlowSummaryRows(advocacyFlow, createJourneyContext(adultAnswers)).map((r) => r.section))];
    expect(sections).toEqual(['Who is asking', 'Your request', 'About the child', 'Your contact details', 'For the advocate']);
  });
});

describe('toAdvocacyRequester', () => {
  it.each([
    [{ who: { requester: 'child' } }, 'child', true],
    [{ who: { requester: 'care_leaver' } }, 'care_leaver', true],
    [{ who: { requester: 'adult' } }, 'adult', false],
    [{}, undefined, false],
  ])('reads %j as %s (self path %s)', (answers, requester, self) => {
    const ctx = createJourneyContext(answers);
    expect(toAdvocacyRequester(ctx)).toBe(requester);
    expect(isAdvocacySelfPath(ctx)).toBe(self);
  });
});

describe('needsChildCheck', () => {
  it.each([
    ['yes', false],
    ['no', true],
    ['not_asked', true],
    ['too_young', true],
    ['not_safe', true],
  ])('is %s → %s for an adult', (childAgreement, expected) => {
    expect(needsChildCheck(createJourneyContext({ ...adultAnswers, 'child-agreement': { childAgreement } }))).toBe(expected);
  });

  it('is never needed when the young person asks', () => {
    expect(needsChildCheck(createJourneyContext(childAnswers))).toBe(false);
  });
});

describe('toAdvocacyRequest', () => {
  it('maps a child’s own request: their name is the child’s', () => {
    const { request, contact } = toAdvocacyRequest(createJourneyContext(childAnswers), { worriedAtCheck: 'no' });
    expect(request).toEqual({
      requester: 'child',
      complaintMade: false,
      child: { name: 'Jordan Smith', age: 15, responsibleCouncil: 'this' },
      worriedAtCheck: false,
    });
    expect(contact).toEqual({
      name: 'Jordan Smith',
      phone: '07700 900982',
      safeToContact: 'with_care',
      safeContactDetails: 'After 4pm',
      communicationNeeds: [],
      wantsAcknowledgement: false,
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
    const answers = { ...adultAnswers, who: { requester: 'care_leaver' }, 'about-you': { age: '19', council: 'not_sure' } };
    const { request } = toAdvocacyRequest(createJourneyContext(answers), { worriedAtCheck: 'no' });
    expect(request.childAgreement).toBeUndefined();
    expect(request.relationship).toBeUndefined();
    expect(request.child).toEqual({ name: 'Pat Bloggs', age: 19, responsibleCouncil: 'not_sure' });
  });
});

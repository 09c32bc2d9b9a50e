import { describe, expect, it } from 'vitest';
import {
  canAcknowledgeByEmail,
  createAcknowledgementField,
  createContactMethodsField,
  createCouncilOptions,
  createFullNameField,
  createRiskAtCheckField,
  createSafeToContactField,
  toContactDetails,
} from '../../../src/forms/fields.ts';
import { checkPage, findStep, type JourneyContext } from '../../../src/forms/journey.ts';
import { childAnswers, createJourneyContext, parentAnswers } from '../../fixtures/journeys.ts';

const adult = createJourneyContext(parentAnswers);
const child = createJourneyContext(childAnswers);

/** The fields of one of the complaint journey's pages. */
function complaintFields(ctx: JourneyContext, stepId: string) {
  const step = findStep(stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  return step.page(ctx).fields;
}

// The shared builders must ask exactly what the complaint journey asks, word for word, so a person
// meets the same question the same way in every journey.
describe('createContactMethodsField', () => {
  it.each([
    ['an adult', adult, false],
    ['a child', child, true],
  ])('asks %s how to contact them exactly as the complaint does', (_, ctx, forChild) => {
    expect(createContactMethodsField(forChild)).toEqual(complaintFields(ctx, 'contact')[0]);
  });
});

describe('createSafeToContactField', () => {
  it.each([
    ['an adult', adult, false],
    ['a child', child, true],
  ])('asks %s whether contact is safe exactly as the complaint does', (_, ctx, forChild) => {
    expect(createSafeToContactField(forChild)).toEqual(complaintFields(ctx, 'safe-contact')[0]);
  });
});

describe('createFullNameField', () => {
  it('builds the complaint’s name question with the hint and message given', () => {
    const complaint = complaintFields(adult, 'your-name')[0];
    expect(createFullNameField({ hint: 'We need a name to reply to. We cannot take complaints without a name.', required: 'Enter your full name' })).toEqual(complaint);
  });

  it('can be one of several questions on a page', () => {
    expect(createFullNameField({ hint: 'h', required: 'r', isPageHeading: false }).isPageHeading).toBe(false);
  });
});

describe('createCouncilOptions', () => {
  it.each([
    ['an adult', adult, false, 'child1', 'child-1', 'child1Council'],
    ['a child', child, true, 'self', 'about-you', 'council'],
  ])('offers %s the same councils as the complaint', (_, ctx, forChild, prefix, stepId, name) => {
    const field = complaintFields(ctx, stepId).find((f) => f.name === name);
    expect(field?.kind === 'radios' && field.options).toEqual(createCouncilOptions(ctx.council, forChild, prefix));
  });
});

describe('createRiskAtCheckField', () => {
  it('asks the complaint’s "anyone at risk" question', () => {
    const complaint = checkPage(adult).fields[0];
    expect(createRiskAtCheckField(false, 'This includes the child, or anyone else mentioned in the complaint.')).toEqual(complaint);
    expect(createRiskAtCheckField(true, 'ignored').hint).toBe('This means someone might get hurt, or is not safe.');
  });
});

describe('createAcknowledgementField', () => {
  it('names what was sent and the address, and promises not to repeat the answers', () => {
    const field = createAcknowledgementField('request', 'sam@example.com');
    expect(field.label).toBe('Do you want us to email you to say we have got your request?');
    expect(field.hint).toBe('We will send the reference number and dates to sam@example.com. We will not include what you told us.');
    expect(field.required).toBe('Select yes if you want a confirmation email');
  });
});

describe('canAcknowledgeByEmail', () => {
  it.each([
    // Email ticked and given, safe: yes.
    [{ contactMethods: ['email'], email: 'a@example.com' }, { safeToContact: 'yes' }, true],
    // Safe only with care: no.
    [{ contactMethods: ['email'], email: 'a@example.com' }, { safeToContact: 'with_care', safeWhen: 'x' }, false],
    // An address left over from an unticked box does not count.
    [{ contactMethods: ['phone'], phone: '01632 960000', email: 'a@example.com' }, { safeToContact: 'yes' }, false],
    // Nothing answered yet.
    [undefined, undefined, false],
  ])('is %j with %j: %s', (contact, safe, expected) => {
    expect(canAcknowledgeByEmail(contact, safe)).toBe(expected);
  });
});

describe('toContactDetails', () => {
  it('keeps only the ticked methods and capitalises the postcode', () => {
    const details = toContactDetails({
      name: 'Sam',
      contact: { contactMethods: ['post', 'phone'], phone: '07700 900123', email: 'left@example.com', addressLine1: '1 Test Street', addressTown: 'Exampleton', addressPostcode: 'ex1 1aa' },
      safe: { safeToContact: 'no', safeHow: 'Through my advocate' },
      wantsAcknowledgement: false,
    });
    expect(details).toEqual({
      name: 'Sam',
      phone: '07700 900123',
      address: ['1 Test Street', 'Exampleton', 'EX1 1AA'],
      safeToContact: 'no',
      safeContactDetails: 'Through my advocate',
      communicationNeeds: [],
      wantsAcknowledgement: false,
    });
  });

  it.each([
    ['yes', {}, undefined],
    ['with_care', { safeWhen: 'After 4pm', safeHow: 'ignored' }, 'After 4pm'],
    ['no', { safeWhen: 'ignored', safeHow: 'Via school' }, 'Via school'],
  ])('takes the safe-contact words that go with "%s"', (safeToContact, extra, words) => {
    const details = toContactDetails({ name: 'Sam', contact: { contactMethods: ['email'], email: 'a@example.com' }, safe: { safeToContact, ...extra }, wantsAcknowledgement: true });
    expect(details.safeContactDetails).toBe(words);
  });
});

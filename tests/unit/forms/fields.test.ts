import { describe, expect, it } from 'vitest';
import { readAnswers } from '../../../src/forms/engine/answers.ts';
import { canAcknowledgeByEmail, checkFields, councilOptions, toContactDetails } from '../../../src/forms/fields.ts';
import type { PageValues } from '../../../src/forms/page-schema.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

/** What the contact and safe-contact pages stored. */
const contactAnswers = (contact: PageValues | undefined, safe: PageValues | undefined) =>
  readAnswers({ ...(contact ? { contact } : {}), ...(safe ? { 'safe-contact': safe } : {}) });

describe('canAcknowledgeByEmail', () => {
  it.each([
    // Email ticked and given, safe: yes.
    [{ contactMethods: ['email'], email: 'a@example.com' }, { safeToContact: 'yes' }, true],
    // Safe only with care: no.
    [{ contactMethods: ['email'], email: 'a@example.com' }, { safeToContact: 'with_care', safeWhen: 'x' }, false],
    // Not safe at all: no.
    [{ contactMethods: ['email'], email: 'a@example.com' }, { safeToContact: 'no', safeHow: 'x' }, false],
    // An address left over from an unticked box does not count.
    [{ contactMethods: ['phone'], phone: '01632 960000', email: 'a@example.com' }, { safeToContact: 'yes' }, false],
    // Nothing answered yet.
    [undefined, undefined, false],
  ])('is %j with %j: %s', (contact, safe, expected) => {
    expect(canAcknowledgeByEmail(contactAnswers(contact, safe))).toBe(expected);
  });
});

describe('checkFields', () => {
  it.each([
    ['an email can be sent', { contactMethods: ['email'], email: 'a@example.com' }, ['worriedAtCheck', 'wantsAcknowledgement']],
    ['no email can be sent', { contactMethods: ['phone'], phone: '01632 960000' }, ['worriedAtCheck']],
  ])('asks about risk, and about an acknowledgement only when %s', (_, contact, names) => {
    expect(checkFields(contactAnswers(contact, { safeToContact: 'yes' })).map((f) => f.name)).toEqual(names);
  });
});

describe('councilOptions', () => {
  const options = councilOptions(exampleCouncil(), 'child2');

  it('names this council as the council file does', () => {
    expect(options[0]).toEqual({ value: 'this', label: 'Example Council' });
  });

  it('asks which other council, under the prefix given', () => {
    expect(options.find((o) => o.value === 'another')?.conditional?.map((f) => f.name)).toEqual(['child2OtherCouncil']);
  });
});

describe('toContactDetails', () => {
  it('keeps only the ticked methods and capitalises the postcode', () => {
    const answers = contactAnswers(
      {
        contactMethods: ['post', 'phone'],
        phone: '07700 900123',
        email: 'left@example.com',
        addressLine1: '1 Test Street',
        addressTown: 'Exampleton',
        addressPostcode: 'ex1 1aa',
      },
      { safeToContact: 'no', safeHow: 'Through my advocate' },
    );
    expect(toContactDetails(answers, { name: 'Sam', wantsAcknowledgement: false })).toEqual({
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
    const answers = contactAnswers({ contactMethods: ['email'], email: 'a@example.com' }, { safeToContact, ...extra });
    expect(toContactDetails(answers, { name: 'Sam', wantsAcknowledgement: true }).safeContactDetails).toBe(words);
  });

  it.each([
    // A forged answer is read as the safest one.
    ['a forged answer', { safeToContact: 'sometimes' }],
    ['no answer', undefined],
  ])('takes %s about safe contact as "not safe"', (_, safe) => {
    expect(
      toContactDetails(contactAnswers({ contactMethods: ['email'], email: 'a@example.com' }, safe), { name: 'Sam', wantsAcknowledgement: false }).safeToContact,
    ).toBe('no');
  });

  it('records the communication needs given', () => {
    const communication = { communicationNeeds: ['interpreter' as const], interpreterLanguage: 'Polish' };
    expect(toContactDetails(contactAnswers(undefined, undefined), { name: 'Sam', wantsAcknowledgement: false, communication })).toMatchObject(communication);
  });
});

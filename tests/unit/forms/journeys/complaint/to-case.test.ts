import { describe, expect, it } from 'vitest';
import { toComplaint } from '../../../../../src/forms/journeys/complaint/to-case.ts';
import { childAnswers, childCheck, createJourneyContext, parentAnswers, parentCheck, withAnswers, without } from '../../../../fixtures/journeys.ts';

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
      // Not asked of a child, so there is no answer (and no note about one).
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
      {
        contactMethods: ['post', 'email'],
        email: 'sam@example.com',
        addressLine1: 'Flat 2',
        addressLine2: '1 High Street',
        addressTown: 'Exampleton',
        addressPostcode: 'EX1 1AA',
      },
      { email: 'sam@example.com', address: ['Flat 2', '1 High Street', 'Exampleton', 'EX1 1AA'] },
    ],
    // An address typed and then unticked is not used.
    [
      { contactMethods: ['phone'], phone: '01632 960001', addressLine1: '1 High Street', addressTown: 'Exampleton', addressPostcode: 'EX1 1AA' },
      { phone: '01632 960001' },
    ],
  ])('uses only the contact methods ticked (%#)', (contactValues, expected) => {
    const { contact } = toComplaint(createJourneyContext(withAnswers(parentAnswers, { contact: contactValues })), parentCheck);
    expect({ email: contact.email, phone: contact.phone, address: contact.address }).toEqual({
      email: undefined,
      phone: undefined,
      address: undefined,
      ...expected,
    });
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
    expect(toComplaint(ctx, parentCheck).answers).toMatchObject({
      role: 'relative_or_other',
      relationship: 'Grandmother',
      relativeStanding: 'lives_with_order',
    });
  });

  it('records whether the child asked an advocate to complain', () => {
    const ctx = createJourneyContext(
      withAnswers(without(parentAnswers, 'child-agreement'), {
        who: { role: 'advocate' },
        advocate: { advocacyOrganisation: 'NYAS', childInstructedAdvocate: 'yes' },
      }),
    );
    const { answers } = toComplaint(ctx, parentCheck);
    expect(answers).toMatchObject({ role: 'advocate', childInstructedAdvocate: 'yes', advocacyOrganisation: 'NYAS' });
    expect(answers).not.toHaveProperty('childAgreement');
  });

  it.each([
    [{ reachYoungPerson: 'advocate_only', youngPersonContact: 'left over from before' }, { reachYoungPerson: 'advocate_only' }],
    [
      { reachYoungPerson: 'both', youngPersonContact: 'Through her foster carer' },
      { reachYoungPerson: 'both', youngPersonContact: 'Through her foster carer' },
    ],
  ])('records who an advocate wants contacted (%#)', (values, expected) => {
    const ctx = createJourneyContext(
      withAnswers(without(parentAnswers, 'child-agreement'), {
        who: { role: 'advocate' },
        advocate: { childInstructedAdvocate: 'yes' },
        'reach-young-person': values,
      }),
    );
    const { answers } = toComplaint(ctx, parentCheck);
    expect({ reachYoungPerson: answers.reachYoungPerson, youngPersonContact: answers.youngPersonContact }).toEqual({
      youngPersonContact: undefined,
      ...expected,
    });
  });

  it.each([
    [
      { commissionedProvider: 'yes', providerName: 'Brightwater Fostering' },
      { commissionedProvider: 'yes', providerName: 'Brightwater Fostering' },
    ],
    [
      { commissionedProvider: 'not_sure', providerName: 'typed, then changed answer' },
      { commissionedProvider: 'not_sure', providerName: undefined },
    ],
  ])('records which organisation provided the service only when one did (%#)', (provider, expected) => {
    const { answers } = toComplaint(createJourneyContext(withAnswers(parentAnswers, { provider })), parentCheck);
    expect({ commissionedProvider: answers.commissionedProvider, providerName: answers.providerName }).toEqual(expected);
  });

  it('records a child’s trusted adult, and only when that way was chosen', () => {
    const chosen = { contactMethods: ['trusted'], trustedWho: 'Sam, my social worker', trustedHow: '07700 900456' };
    const ctx = createJourneyContext(withAnswers(childAnswers, { contact: chosen }));
    expect(toComplaint(ctx, childCheck).contact.trustedAdult).toEqual({ who: 'Sam, my social worker', how: '07700 900456' });
    const unticked = createJourneyContext(withAnswers(childAnswers, { contact: { ...chosen, contactMethods: ['phone'], phone: '07700 900982' } }));
    expect(toComplaint(unticked, childCheck).contact).not.toHaveProperty('trustedAdult');
  });

  it('records an earlier complaint and its reference', () => {
    const ctx = createJourneyContext(
      withAnswers(parentAnswers, { 'complained-before': { previousComplaint: 'yes_completed', previousReference: 'CSC-7K4M-2P9X' } }),
    );
    expect(toComplaint(ctx, parentCheck).answers).toMatchObject({ previousComplaint: 'yes_completed', previousReference: 'CSC-7K4M-2P9X' });
  });
});

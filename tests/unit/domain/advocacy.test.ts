import { describe, expect, it } from 'vitest';
import {
  advocacyReferencePrefix,
  isSelfRequester,
  screenAdvocacyRequest,
  toComplaintAdvocacyReferral,
  type AdvocacyRequest,
} from '../../../src/domain/advocacy.ts';
import type { ChildAgreement } from '../../../src/domain/answers.ts';
import { renderMessage } from '../../../src/domain/copy.ts';
import { isValidReferenceNumber } from '../../../src/domain/reference-number.ts';
import { caseRecords, withChanges } from '../../fixtures/case-records.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil, testCouncil } from '../../helpers/councils.ts';

const example = exampleCouncil();
const test = testCouncil();

/** A young person asking for themself, looked after by this council. */
function createRequest(changes: Partial<AdvocacyRequest> = {}): AdvocacyRequest {
  return {
    requester: 'child',
    complaintMade: false,
    child: { name: 'Jordan Smith', age: 14, responsibleCouncil: 'this' },
    worriedAtCheck: false,
    ...changes,
  };
}

const screen = (request: AdvocacyRequest, instant: string, council = example) => screenAdvocacyRequest({ request, council, submittedAt: new Date(instant) });

describe('screenAdvocacyRequest', () => {
  it.each([
    // Friday 20 November 2026, received that day; 2 working days: Monday 23, Tuesday 24.
    ['example', example, '2026-11-20T10:00:00Z', '2026-11-20', '2026-11-24'],
    // Sunday 22 November: received Monday 23rd; Tuesday 24, Wednesday 25.
    ['example', example, '2026-11-22T10:00:00Z', '2026-11-23', '2026-11-25'],
    // Christmas Eve: 29 and 30 December (25, 28 December are not working days).
    ['example', example, '2026-12-24T10:00:00Z', '2026-12-24', '2026-12-30'],
    // The test council's provider has 3 working days, and 3 July 2026 is one of its non-working days:
    // sent Wednesday 1 July, then 2, 6 and 7 July.
    ['test', test, '2026-07-01T10:00:00Z', '2026-07-01', '2026-07-07'],
  ])('dates the %s council’s provider from receipt (sent %s)', (_, council, instant, receiptDate, contactBy) => {
    const screening = screen(createRequest(), instant, council);
    expect(screening.receiptDate).toBe(receiptDate);
    expect(screening.contactBy).toBe(contactBy);
  });

  it('says why the receipt date moved on from a weekend', () => {
    const screening = screen(createRequest(), '2026-11-22T10:00:00Z');
    expect(screening.receiptMoved).toBe(true);
    expect(renderMessage(createTestCopy(exampleCouncil()).t, screening.receivedBasis)).toContain('Sunday 22 November 2026, which is not a working day');
  });

  it('keeps the day it was sent when that is a working day', () => {
    const screening = screen(createRequest(), '2026-11-20T10:00:00Z');
    expect(screening.receiptMoved).toBe(false);
    expect(screening.submittedDate).toBe('2026-11-20');
  });

  it.each<[ChildAgreement, string[]]>([
    // Agreement recorded, nothing to check.
    ['yes', []],
    // The provider must check with the child first.
    ['no', ['child_does_not_agree']],
    ['not_asked', ['child_not_asked']],
    ['too_young', ['child_not_asked']],
    ['not_safe', ['child_not_asked']],
  ])('records an adult’s answer "%s" about the child’s agreement as flags %j', (childAgreement, flags) => {
    expect(screen(createRequest({ requester: 'adult', childAgreement, relationship: 'Aunt' }), '2026-11-20T10:00:00Z').flags).toEqual(flags);
  });

  it('never asks about agreement when the young person asks for themself', () => {
    expect(screen(createRequest({ requester: 'care_leaver' }), '2026-11-20T10:00:00Z').flags).toEqual([]);
  });

  it.each([
    ['another' as const, ['another_council']],
    ['not_sure' as const, ['responsible_council_unclear']],
    ['this' as const, []],
  ])('flags a child looked after by "%s" council as %j', (responsibleCouncil, flags) => {
    const request = createRequest({ child: { name: 'J', age: 9, responsibleCouncil } });
    expect(screen(request, '2026-11-20T10:00:00Z').flags).toEqual(flags);
  });

  it('puts safeguarding first when someone is at risk', () => {
    const request = createRequest({
      requester: 'adult',
      childAgreement: 'no',
      worriedAtCheck: true,
      child: { name: 'J', age: 9, responsibleCouncil: 'not_sure' },
    });
    expect(screen(request, '2026-11-20T10:00:00Z').flags).toEqual(['safeguarding', 'child_does_not_agree', 'responsible_council_unclear']);
  });

  it('accepts a request with no complaint written', () => {
    const screening = screen(createRequest({ complaintMade: false }), '2026-11-20T10:00:00Z');
    expect(screening.contactBy).toBe('2026-11-24');
  });
});

describe('isSelfRequester', () => {
  it.each([
    ['child' as const, true],
    ['care_leaver' as const, true],
    ['adult' as const, false],
  ])('says whether %s asks for themself', (requester, self) => {
    expect(isSelfRequester(requester)).toBe(self);
  });
});

describe('advocacyReferencePrefix', () => {
  it('is a prefix references can be made with, and differs from the councils’ own', () => {
    expect(isValidReferenceNumber(`${advocacyReferencePrefix}-7AFQ-VEYZ`, advocacyReferencePrefix)).toBe(true);
    expect(advocacyReferencePrefix).not.toBe(example.referencePrefix);
    expect(advocacyReferencePrefix).not.toBe(test.referencePrefix);
  });
});

describe('toComplaintAdvocacyReferral', () => {
  const child = caseRecords['child with safeguarding and advocacy'];

  it('refers a child who asked for an advocate in their complaint, under the complaint’s reference', () => {
    const referral = toComplaintAdvocacyReferral(child, example);
    expect(referral).toMatchObject({
      kind: 'advocacy',
      reference: 'CSC-3HJT-8W4Q',
      request: {
        requester: 'child',
        complaintMade: true,
        complaintReference: 'CSC-3HJT-8W4Q',
        askedInComplaint: true,
        // 15 on the day they sent it (born 14 March 2011, sent 21 November 2026).
        child: { name: 'Jordan Smith', age: 15, responsibleCouncil: 'this' },
        worriedAtCheck: true,
      },
    });
    // How to reach them safely goes with it: their details and their safe-contact words.
    expect(referral?.contact).toEqual(child.contact);
  });

  it.each([
    // Sent on Saturday 21 November, received Monday 23rd; NYAS answers in 2 working days.
    ['example', example, '2026-11-25'],
    // The test council's provider answers in 3.
    ['test', test, '2026-11-26'],
  ])('dates the provider’s contact as a request for an advocate sent at the same moment would be (%s council)', (_name, council, contactBy) => {
    const referral = toComplaintAdvocacyReferral(child, council);
    expect(referral?.screening.contactBy).toBe(contactBy);
    expect(referral?.screening).toEqual(screenAdvocacyRequest({ request: referral!.request, council, submittedAt: new Date(child.timeline.submittedAt) }));
  });

  it('refers a care leaver as a care leaver', () => {
    expect(toComplaintAdvocacyReferral(withChanges(child, { answers: { role: 'care_leaver' } }), example)?.request.requester).toBe('care_leaver');
  });

  it.each([
    // Not sure: offered one, not referred.
    ['a young person not sure they want one', withChanges(child, { answers: { wantsAdvocate: 'not_sure' } })],
    ['a young person who does not want one', withChanges(child, { answers: { wantsAdvocate: 'no' } })],
    ['a young person who was not asked', withChanges(child, { answers: { wantsAdvocate: undefined } })],
    // Adults are not covered by the advocacy duty (s26A).
    ['an adult', withChanges(child, { answers: { role: 'parent' } })],
  ])('makes no referral for %s', (_what, record) => {
    expect(toComplaintAdvocacyReferral(record, example)).toBeUndefined();
  });
});

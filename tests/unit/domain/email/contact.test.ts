import { describe, expect, it } from 'vitest';
import { shouldSendAcknowledgement } from '../../../../src/domain/email/contact.ts';
import { caseRecords } from '../../../fixtures/case-records.ts';

const parent = caseRecords['parent, statutory, in time'];

describe('shouldSendAcknowledgement', () => {
  const base = parent.contact;
  it.each([
    // Asked for one, gave an email, safe to contact: send.
    [{}, true],
    // Not asked for.
    [{ wantsAcknowledgement: false }, false],
    // No email, or only spaces.
    [{ email: undefined }, false],
    [{ email: '   ' }, false],
    // Only safe with care, or not safe: never email, even if asked.
    [{ safeToContact: 'with_care' }, false],
    [{ safeToContact: 'no' }, false],
  ] as const)('with %j returns %s', (change, expected) => {
    expect(shouldSendAcknowledgement({ ...base, ...change })).toBe(expected);
  });
});

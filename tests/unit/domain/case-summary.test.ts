import { describe, expect, it } from 'vitest';
import { childlineAgeLimit, offersChildline, parseCaseSummary } from '../../../src/domain/case-summary.ts';
import { complaintSummary } from '../../fixtures/case-summaries.ts';

describe('offersChildline', () => {
  it.each([
    // A child of 12 speaking for themself.
    [{ selfPath: true, youngPersonAge: 12 }, true],
    // 17: still a child.
    [{ selfPath: true, youngPersonAge: 17 }, true],
    // 18: Childline is for children, so not offered.
    [{ selfPath: true, youngPersonAge: 18 }, false],
    // A care leaver of 24 takes the child's path, but is an adult.
    [{ selfPath: true, youngPersonAge: 24 }, false],
    // A summary stored before ages were kept: offered, as it was then.
    [{ selfPath: true }, true],
    // An adult complaining for a child.
    [{ selfPath: false, youngPersonAge: 12 }, false],
    [{ selfPath: false }, false],
  ])('offers Childline to %j: %s', (summary, offered) => {
    expect(offersChildline(summary)).toBe(offered);
  });

  it('stops at 18', () => {
    expect(childlineAgeLimit).toBe(18);
  });
});

describe('parseCaseSummary', () => {
  it('reads a complaint stored before the advocate’s date and the young person’s age were kept', () => {
    const parsed = parseCaseSummary(complaintSummary('CSC-7AFQ-VEYZ'));
    expect(parsed).toMatchObject({ kind: 'complaint', advocacyRequested: false });
    expect(parsed).not.toHaveProperty('advocateContactBy');
    expect(parsed).not.toHaveProperty('youngPersonAge');
  });

  it('keeps the advocate’s contact-by date and the young person’s age', () => {
    const stored = { ...complaintSummary('CSC-7AFQ-VEYZ'), selfPath: true, advocacyRequested: true, advocateContactBy: '2026-05-14', youngPersonAge: 14 };
    expect(parseCaseSummary(stored)).toMatchObject({ advocateContactBy: '2026-05-14', youngPersonAge: 14 });
  });

  it.each([
    // Not a date.
    [{ advocateContactBy: 'soon' }],
    // Not a whole number of years.
    [{ youngPersonAge: 14.5 }],
    [{ youngPersonAge: -1 }],
  ])('refuses a summary with %j', (changes) => {
    expect(parseCaseSummary({ ...complaintSummary('CSC-7AFQ-VEYZ'), ...changes })).toBeUndefined();
  });
});

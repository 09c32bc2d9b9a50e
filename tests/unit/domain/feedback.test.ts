import { describe, expect, it } from 'vitest';
import { feedbackKinds, feedbackReferencePrefix, formatFeedbackKind } from '../../../src/domain/feedback.ts';
import { advocacyReferencePrefix } from '../../../src/domain/advocacy.ts';
import { parseReferenceNumber } from '../../../src/domain/reference-number.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

describe('formatFeedbackKind', () => {
  it.each([
    ['compliment' as const, 'Compliment'],
    ['suggestion' as const, 'Suggestion'],
    ['feedback' as const, 'Feedback'],
  ])('names %s as "%s"', (kind, noun) => {
    expect(formatFeedbackKind(kind)).toBe(noun);
  });

  it('has a name for every kind', () => {
    expect(feedbackKinds.map(formatFeedbackKind).every((noun) => /^[A-Z][a-z]+$/.test(noun))).toBe(true);
  });
});

describe('feedbackReferencePrefix', () => {
  it('is refused where a complaint reference is asked for', () => {
    const council = exampleCouncil();
    expect(parseReferenceNumber(`${feedbackReferencePrefix}-7AFQ-VEYZ`, council.referencePrefix)).toEqual({ ok: false, error: { code: 'reference_format' } });
  });

  it('differs from the advocacy prefix', () => {
    expect(feedbackReferencePrefix).not.toBe(advocacyReferencePrefix);
  });
});

import { describe, expect, it } from 'vitest';
import { feedbackKinds, feedbackReferencePrefix } from '../../../src/domain/feedback.ts';
import { advocacyReferencePrefix } from '../../../src/domain/advocacy.ts';
import { parseReferenceNumber } from '../../../src/domain/reference-number.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

describe('feedbackKinds', () => {
  const { t } = createTestCopy(exampleCouncil());
  const nounOf = (kind: string) => t(`emails.feedback.kind.${kind}`);

  it.each([
    ['compliment' as const, 'Compliment'],
    ['suggestion' as const, 'Suggestion'],
    ['feedback' as const, 'Feedback'],
  ])('names %s as "%s" in the catalogue', (kind, noun) => {
    expect(nounOf(kind)).toBe(noun);
  });

  it('has a name for every kind', () => {
    expect(feedbackKinds.map(nounOf).every((noun) => /^[A-Z][a-z]+$/.test(noun))).toBe(true);
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

import { describe, expect, it } from 'vitest';
import { formatExcerpt } from '../../../../src/domain/email/answers.ts';

describe('formatExcerpt', () => {
  it.each([
    // Short enough: kept, on one line.
    ['She hits him.\n\nEvery day.', 40, 'She hits him. Every day.'],
    // Exactly the length.
    ['abcde', 5, 'abcde'],
    // Too long: cut at the last word that fits.
    ['The social worker never came back', 20, 'The social worker…'],
    // One long word (a pasted link): cut where it is rather than leave almost nothing.
    ['https://example.com/a-very-long-address-indeed', 20, 'https://example.com/…'],
    // White space at the ends goes.
    ['  \r\n  Hello  \n', 10, 'Hello'],
    ['', 10, ''],
  ])('gives %j at most %i characters: %j', (text, max, excerpt) => {
    expect(formatExcerpt(text, max)).toBe(excerpt);
  });
});

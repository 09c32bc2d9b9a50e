import { describe, expect, it } from 'vitest';
import { messageIdFor, toHeaderValue } from '../../../../src/domain/email/envelope.ts';

describe('messageIdFor', () => {
  it('joins the reference, the kind and the domain', () => {
    expect(messageIdFor('CSC-7K4M-2P9X', 'team', 'complaints.example.gov.uk')).toBe('<CSC-7K4M-2P9X.team@complaints.example.gov.uk>');
  });

  it('gives the same id every time for the same case and kind', () => {
    expect(messageIdFor('CSC-7K4M-2P9X', 'safeguarding', 'x.example')).toBe(messageIdFor('CSC-7K4M-2P9X', 'safeguarding', 'x.example'));
  });

  it('gives different ids to different kinds of email about one case', () => {
    expect(messageIdFor('CSC-7K4M-2P9X', 'team', 'x.example')).not.toBe(messageIdFor('CSC-7K4M-2P9X', 'acknowledgement', 'x.example'));
  });

  it('removes characters that would break the header', () => {
    expect(messageIdFor('CSC-1\r\n<b> x@y', 'team', 'a.example>\r\nBcc: z')).toBe('<CSC-1bxy.team@a.exampleBccz>');
  });
});

describe('toHeaderValue', () => {
  it.each([
    // A line break that would start a new header becomes a space.
    ['CSC-1\r\nBcc: x@example.com', 'CSC-1 Bcc: x@example.com'],
    ['a\nb', 'a b'],
    ['a\rb', 'a b'],
    // Unicode line and paragraph separators too.
    ['a\u2028b\u2029c\u0085d', 'a b c d'],
    // Other control characters, tab included.
    ['a\tb\u0000c', 'a b c'],
    // Ordinary text, including the en dash the subjects use, is unchanged.
    ['SAFEGUARDING – complaint', 'SAFEGUARDING – complaint'],
  ])('makes %j safe as %j', (input, expected) => {
    expect(toHeaderValue(input)).toBe(expected);
  });
});

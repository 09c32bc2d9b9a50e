import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../helpers/random.ts';
import {
  createReferenceNumber,
  isValidReferenceNumber,
  parseReferenceNumber,
  referenceAlphabet,
  type RandomBytes,
} from '../../../src/domain/reference-number.ts';

/** A source that hands out the given bytes in order, however many are asked for at a time. */
function scriptedRandom(bytes: number[]): RandomBytes {
  let position = 0;
  return (byteCount) => {
    const slice = bytes.slice(position, position + byteCount);
    position += byteCount;
    return Uint8Array.from(slice);
  };
}

const bodyOf = (reference: string): string => reference.replace(/^[A-Z]+-/, '').replace('-', '');
const withBody = (prefix: string, body: string): string => `${prefix}-${body.slice(0, 4)}-${body.slice(4)}`;

const sample = (() => {
  const random = seededRandom(20261125);
  return Array.from({ length: 60 }, () => createReferenceNumber({ prefix: 'CSC', random }));
})();

describe('referenceAlphabet', () => {
  it('has 31 different characters and none that look like 0, O, 1, I or L', () => {
    expect(referenceAlphabet).toHaveLength(31);
    expect(new Set(referenceAlphabet).size).toBe(31);
    for (const c of '01OIL') expect(referenceAlphabet).not.toContain(c);
  });
});

describe('createReferenceNumber', () => {
  it('makes references like CSC-7K4M-2P9X from the alphabet', () => {
    const pattern = new RegExp(`^CSC-[${referenceAlphabet}]{4}-[${referenceAlphabet}]{4}$`);
    for (const reference of sample) expect(reference).toMatch(pattern);
  });

  it('uses the council prefix', () => {
    expect(createReferenceNumber({ prefix: 'TST', random: seededRandom(1) })).toMatch(/^TST-/);
  });

  it('makes references that pass their own check', () => {
    for (const reference of sample) expect(parseReferenceNumber(reference, 'CSC')).toEqual({ ok: true, value: reference });
  });

  it('does not repeat across a large sample', () => {
    const random = seededRandom(7);
    const references = Array.from({ length: 5000 }, () => createReferenceNumber({ prefix: 'CSC', random }));
    expect(new Set(references).size).toBe(references.length);
  });

  it('uses every character about equally often', () => {
    const random = seededRandom(42);
    const counts = new Map<string, number>([...referenceAlphabet].map((c) => [c, 0]));
    const references = 3100;
    for (let i = 0; i < references; i += 1) {
      const body = bodyOf(createReferenceNumber({ prefix: 'CSC', random }));
      // Only the 7 random characters; the check character is derived from them.
      for (const c of body.slice(0, 7)) counts.set(c, counts.get(c)! + 1);
    }
    const expected = (references * 7) / 31;
    let chiSquare = 0;
    for (const count of counts.values()) {
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.2);
      chiSquare += (count - expected) ** 2 / expected;
    }
    // 30 degrees of freedom: a chi-square above 59.7 would happen by chance once in a thousand.
    expect(chiSquare).toBeLessThan(59.7);
  });

  it('throws away bytes from 248 up instead of folding them onto the first characters', () => {
    // 248 % 31 would be 0 ("2"); instead those bytes are skipped and 0..6 give "2345678".
    const random = scriptedRandom([248, 249, 255, 0, 250, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(bodyOf(createReferenceNumber({ prefix: 'CSC', random })).slice(0, 7)).toBe('2345678');
  });

  it('maps the highest usable byte, 247, to the last character', () => {
    const random = scriptedRandom([247, 247, 247, 247, 247, 247, 247, 0, 0]);
    expect(bodyOf(createReferenceNumber({ prefix: 'CSC', random })).slice(0, 7)).toBe('ZZZZZZZ');
  });

  it('asks the random source for whole, positive numbers of bytes', () => {
    const asked: number[] = [];
    const inner = seededRandom(3);
    createReferenceNumber({ prefix: 'CSC', random: (n) => (asked.push(n), inner(n)) });
    expect(asked.length).toBeGreaterThan(0);
    for (const n of asked) expect(Number.isInteger(n) && n > 0).toBe(true);
  });

  it('throws when the random source never gives usable bytes', () => {
    expect(() => createReferenceNumber({ prefix: 'CSC', random: (n) => new Uint8Array(n).fill(255) })).toThrow(/random source/);
  });

  it.each(['', 'C', 'csc', 'TOOLONG', 'C5C'])('throws for the prefix "%s"', (prefix) => {
    expect(() => createReferenceNumber({ prefix, random: seededRandom(1) })).toThrow(RangeError);
  });
});

describe('parseReferenceNumber', () => {
  const reference = sample[0]!;
  const body = bodyOf(reference);

  it.each([
    ['as written', reference],
    ['in lower case', reference.toLowerCase()],
    ['with spaces for hyphens', reference.replaceAll('-', ' ')],
    ['with no hyphens', reference.replaceAll('-', '')],
    ['with extra hyphens', `${body.slice(0, 2)}-${body.slice(2, 6)}--${body.slice(6)}`],
    ['without the prefix', `${body.slice(0, 4)}-${body.slice(4)}`],
    ['without the prefix or hyphens, in lower case', body.toLowerCase()],
    ['with spaces around and inside', `  csc ${body.slice(0, 4)}  ${body.slice(4)}  `],
    ['with an en dash from a word processor', reference.replaceAll('-', '\u2013')],
    ['split over a line break', `${reference.slice(0, 8)}\n${reference.slice(8)}`],
  ])('reads a reference typed %s', (_, input) => {
    expect(parseReferenceNumber(input, 'CSC')).toEqual({ ok: true, value: reference });
  });

  it.each([
    ['nothing', '', 'reference_empty'],
    ['only spaces and hyphens', '  - -  ', 'reference_empty'],
    ['too few characters', reference.slice(0, -1), 'reference_format'],
    ['too many characters', `${reference}2`, 'reference_format'],
    ['another council prefix', `TST-${body.slice(0, 4)}-${body.slice(4)}`, 'reference_format'],
    ['a letter O', withBody('CSC', `O${body.slice(1)}`), 'reference_format'],
    ['a digit 0', withBody('CSC', `0${body.slice(1)}`), 'reference_format'],
    ['a digit 1', withBody('CSC', `1${body.slice(1)}`), 'reference_format'],
    ['a letter I', withBody('CSC', `I${body.slice(1)}`), 'reference_format'],
    ['a letter L', withBody('CSC', `L${body.slice(1)}`), 'reference_format'],
    ['punctuation', withBody('CSC', `${body.slice(0, 7)}!`), 'reference_format'],
  ])('rejects %s', (_, input, code) => {
    expect(parseReferenceNumber(input, 'CSC')).toEqual({ ok: false, error: { code } });
  });

  it('rejects every single wrong character', () => {
    for (const ref of sample) {
      const original = bodyOf(ref);
      for (let i = 0; i < original.length; i += 1) {
        for (const c of referenceAlphabet) {
          if (c === original[i]) continue;
          const changed = original.slice(0, i) + c + original.slice(i + 1);
          expect(parseReferenceNumber(withBody('CSC', changed), 'CSC')).toEqual({ ok: false, error: { code: 'reference_check' } });
        }
      }
    }
  });

  it('rejects every swap of two different neighbouring characters', () => {
    for (const ref of sample) {
      const original = bodyOf(ref);
      for (let i = 0; i < original.length - 1; i += 1) {
        if (original[i] === original[i + 1]) continue;
        const swapped = original.slice(0, i) + original[i + 1] + original[i] + original.slice(i + 2);
        expect(parseReferenceNumber(withBody('CSC', swapped), 'CSC')).toEqual({ ok: false, error: { code: 'reference_check' } });
      }
    }
  });

  it('rejects swapping the first and last characters of the alphabet, which textbook Luhn mod N misses', () => {
    // Bytes 0 and 30 give "2" and "Z" as the first two characters.
    const ref = createReferenceNumber({ prefix: 'CSC', random: scriptedRandom([0, 30, 5, 9, 14, 20, 27, 0, 0]) });
    const original = bodyOf(ref);
    expect(original.slice(0, 2)).toBe('2Z');
    expect(parseReferenceNumber(withBody('CSC', `Z2${original.slice(2)}`), 'CSC')).toEqual({ ok: false, error: { code: 'reference_check' } });
  });

  it('rejects "3" and "J" typed for each other, which textbook Luhn mod 31 misses', () => {
    // Textbook Luhn mod N doubles 1 ("3") and 16 ("J") to the same value when N is odd.
    let checked = 0;
    for (const ref of sample) {
      const original = bodyOf(ref);
      for (let i = 0; i < original.length; i += 1) {
        const other = original[i] === '3' ? 'J' : original[i] === 'J' ? '3' : undefined;
        if (other === undefined) continue;
        const changed = original.slice(0, i) + other + original.slice(i + 1);
        expect(isValidReferenceNumber(withBody('CSC', changed), 'CSC')).toBe(false);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('isValidReferenceNumber', () => {
  it.each([
    [sample[1]!, true],
    [sample[1]!.toLowerCase().replaceAll('-', ''), true],
    ['', false],
    ['CSC-2222-2223', false],
    ['not a reference', false],
  ])('says %s is valid: %s', (input, expected) => {
    expect(isValidReferenceNumber(input, 'CSC')).toBe(expected);
  });
});

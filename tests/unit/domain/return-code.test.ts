import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../helpers/random.ts';
import { referenceAlphabet } from '../../../src/domain/reference-number.ts';
import { createReturnCode, normaliseSecret, parseReturnCode } from '../../../src/domain/return-code.ts';

const compact = (code: string) => code.replace(/-/g, '');
const grouped = (body: string) => `${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;

const sample = (() => {
  const random = seededRandom(20261130);
  return Array.from({ length: 40 }, () => createReturnCode(random));
})();

describe('createReturnCode', () => {
  it('makes three groups of four characters from the reference alphabet', () => {
    for (const code of sample) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  });

  it('never uses the characters people confuse read aloud or handwritten: 0, O, 1, I, L', () => {
    expect(sample.join('')).not.toMatch(/[01OIL]/);
  });

  it('makes a different code each time', () => {
    expect(new Set(sample).size).toBe(sample.length);
  });

  it('makes codes its own parser accepts', () => {
    for (const code of sample) expect(parseReturnCode(code)).toEqual({ ok: true, value: code });
  });
});

describe('parseReturnCode', () => {
  const code = sample[0]!;

  it.each([
    // Read from paper in lower case with spaces where the hyphens were.
    ['lower case with spaces', code.toLowerCase().replace(/-/g, ' ')],
    // Typed without any separator.
    ['no separators', compact(code)],
    // A word processor's en dash, and spaces round it.
    ['en dashes and extra spaces', ` ${code.replace(/-/g, ' – ')} `],
  ])('reads a code typed with %s', (_, typed) => {
    expect(parseReturnCode(typed)).toEqual({ ok: true, value: code });
  });

  it.each([
    ['nothing', '', 'return_code_empty'],
    ['only spaces', '   ', 'return_code_empty'],
    ['a character too few', compact(code).slice(1), 'return_code_format'],
    ['a character too many', `${compact(code)}2`, 'return_code_format'],
    // 0 and O are not in the alphabet: a code with one was misread.
    ['a zero', `0${compact(code).slice(1)}`, 'return_code_format'],
    ['a reference number instead', 'CSC-7K4M-2P9C', 'return_code_format'],
  ])('refuses %s', (_, typed, error) => {
    expect(parseReturnCode(typed)).toEqual({ ok: false, error: { code: error } });
  });

  it('catches every single wrong character in every position of every sample code', () => {
    let tried = 0;
    for (const sampled of sample.slice(0, 10)) {
      const body = compact(sampled);
      for (let position = 0; position < body.length; position++) {
        for (const replacement of referenceAlphabet) {
          if (replacement === body[position]) continue;
          const typo = body.slice(0, position) + replacement + body.slice(position + 1);
          expect(parseReturnCode(grouped(typo))).toEqual({ ok: false, error: { code: 'return_code_check' } });
          tried++;
        }
      }
    }
    expect(tried).toBe(10 * 12 * 30);
  });

  it('catches every swap of two different neighbouring characters', () => {
    let tried = 0;
    for (const sampled of sample) {
      const body = compact(sampled);
      for (let position = 0; position < body.length - 1; position++) {
        if (body[position] === body[position + 1]) continue;
        const swapped = body.slice(0, position) + body[position + 1] + body[position] + body.slice(position + 2);
        expect(parseReturnCode(grouped(swapped))).toEqual({ ok: false, error: { code: 'return_code_check' } });
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(sample.length * 10);
  });
});

describe('normaliseSecret', () => {
  it.each([
    // Capitals and the spaces round a word do not matter.
    [' Blue  Whale ', 'blue whale'],
    // Nor punctuation between words.
    ['blue-whale!', 'blue whale'],
    // A date of birth however it is written in numbers.
    ['05/03/2014', '5 3 2014'],
    ['5.3.2014', '5 3 2014'],
    ['5 3 2014', '5 3 2014'],
    // A number that is only zeros stays a zero.
    ['000', '0'],
    // Letters beyond English are kept.
    ['Zoë', 'zoë'],
  ])('reads %j as %j', (typed, normalised) => {
    expect(normaliseSecret(typed)).toBe(normalised);
  });

  it('tells different words apart', () => {
    expect(normaliseSecret('rainbow')).not.toBe(normaliseSecret('rainbows'));
  });
});

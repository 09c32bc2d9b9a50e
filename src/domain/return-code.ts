import { checkCodePoint, randomCodePoints, referenceAlphabet, weightedSum, type RandomBytes } from './reference-number.ts';
import { err, ok, type Result } from './result.ts';

/**
 * Return codes for saved answers look like `7K4M-2P9X-QR5C`: 11 random characters and 1 check
 * character, from the reference alphabet (no 0/O, no 1/I/L), in three groups of four that are easy
 * to read aloud and copy onto paper. 31^11 (about 2.5 × 10^16) codes cannot be guessed at the rate
 * the service lets anyone try, and a code alone never opens anything: the person's own word is
 * asked for too. The check character is the reference number's (every single wrong character and
 * every swap of neighbours is caught), so a mistyped code is told apart from a wrong one at once.
 */

const randomLength = 11;
const codeLength = randomLength + 1;

export type ReturnCodeErrorCode = 'return_code_empty' | 'return_code_format' | 'return_code_check';

function toCanonical(body: string): string {
  return `${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;
}

/**
 * A new random return code with a check character.
 * @example createReturnCode(random) // '7K4M-2P9X-QR5C'
 */
export function createReturnCode(random: RandomBytes): string {
  const codePoints = randomCodePoints(randomLength, random);
  codePoints.push(checkCodePoint(codePoints));
  return toCanonical(codePoints.map((i) => referenceAlphabet[i]).join(''));
}

/**
 * Reads a return code as a person may type it: any case, with or without spaces and hyphens.
 * Returns the canonical `XXXX-XXXX-XXXX` form.
 * @example parseReturnCode('7k4m 2p9x qr5c') // { ok: true, value: '7K4M-2P9X-QR5C' } when the check character fits
 */
export function parseReturnCode(input: string): Result<string, { code: ReturnCodeErrorCode }> {
  const compact = input.toUpperCase().replace(/[\s\-_\u2010-\u2015\u2212]/g, '');
  if (compact === '') return err({ code: 'return_code_empty' });
  if (compact.length !== codeLength) return err({ code: 'return_code_format' });
  const codePoints = [...compact].map((c) => referenceAlphabet.indexOf(c));
  if (codePoints.some((i) => i < 0)) return err({ code: 'return_code_format' });
  if (weightedSum(codePoints, false) !== 0) return err({ code: 'return_code_check' });
  return ok(toCanonical(compact));
}

/**
 * The form of a person's secret word that is hashed and compared: lower case, and only its letters
 * and digits, in groups, with no leading zeros in a number. So "Rainbow!" matches "rainbow", and a
 * date of birth matches however it is written with numbers ("05/03/2014", "5 3 2014").
 * @example normaliseSecret(' Blue  Whale ') // 'blue whale'
 */
export function normaliseSecret(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((group) => group !== '')
    .map((group) => (/^\d+$/.test(group) ? group.replace(/^0+(?=\d)/, '') : group))
    .join(' ');
}

import { err, ok, type Result } from './result.ts';

/**
 * Reference numbers look like `CSC-7K4M-2P9C`: the council's prefix, 7 random characters and
 * 1 check character. The alphabet leaves out 0/O and 1/I/L, which people read and type for each
 * other, leaving 31 characters. 31^7 (about 27.5 billion) random bodies make a reference
 * impossible to guess from another one, and they carry no count of how many complaints came in.
 */
export const referenceAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

const base = referenceAlphabet.length;
const randomLength = 7;
const bodyLength = randomLength + 1;
/** The largest multiple of 31 that fits in a byte: bytes from here up are thrown away, not folded. */
const unbiasedByteLimit = Math.floor(256 / base) * base;
const prefixPattern = /^[A-Z]{2,5}$/;

/** The source of randomness, e.g. `(n) => crypto.getRandomValues(new Uint8Array(n))`. */
export type RandomBytes = (byteCount: number) => Uint8Array;

export interface CreateReferenceNumberOptions {
  /** The council's `referencePrefix`, 2 to 5 capital letters. */
  prefix: string;
  random: RandomBytes;
}

export type ReferenceNumberErrorCode = 'reference_empty' | 'reference_format' | 'reference_check';

export interface ReferenceNumberError {
  code: ReferenceNumberErrorCode;
}

/**
 * Luhn's scheme over the body, right to left, doubling every second character (starting with the
 * one next to the check character), so that the whole sum is a multiple of 31.
 *
 * Textbook Luhn mod N then adds the base-N digits of each doubled value. That step only works for
 * an even N: with N = 31 it doubles "3" (value 1) and "J" (value 16) to the same 2, so one
 * mistyped character could pass. Because 31 is prime, plain doubling modulo 31 is enough and
 * stronger: weights 1 and 2 are both invertible, so every single wrong character changes the sum,
 * and swapping neighbours a and b changes it by a - b, so every adjacent transposition is caught
 * too (unlike Luhn mod 10, which misses 09/90).
 * Scheme: https://en.wikipedia.org/wiki/Luhn_mod_N_algorithm
 */
export function weightedSum(codePoints: readonly number[], doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = codePoints.length - 1; i >= 0; i -= 1) {
    sum += (codePoints[i] as number) * (double ? 2 : 1);
    double = !double;
  }
  return sum % base;
}

/** The check character's index in the alphabet for these indexes, so the whole weighted sum is a multiple of 31. */
export function checkCodePoint(codePoints: readonly number[]): number {
  return (base - weightedSum(codePoints, true)) % base;
}

/** `count` uniformly random indexes into the alphabet. */
export function randomCodePoints(count: number, random: RandomBytes): number[] {
  const codePoints: number[] = [];
  // Each byte is kept with probability 248/256, so a working source needs about 1.03 bytes a
  // character; 100 rounds without enough can only be a broken source.
  for (let round = 0; codePoints.length < count; round += 1) {
    if (round === 100) throw new Error('The random source keeps returning unusable bytes');
    const bytes = random(count - codePoints.length + 2);
    for (const byte of bytes) {
      if (byte < unbiasedByteLimit && codePoints.length < count) codePoints.push(byte % base);
    }
  }
  return codePoints;
}

function toCanonical(prefix: string, body: string): string {
  return `${prefix}-${body.slice(0, 4)}-${body.slice(4)}`;
}

function assertPrefix(prefix: string): void {
  if (!prefixPattern.test(prefix)) throw new RangeError(`A reference prefix is 2 to 5 capital letters, got "${prefix}"`);
}

/**
 * A new random reference number with a check character.
 * @example createReferenceNumber({ prefix: 'CSC', random }) // 'CSC-7K4M-2P9C'
 */
export function createReferenceNumber({ prefix, random }: CreateReferenceNumberOptions): string {
  assertPrefix(prefix);
  const codePoints = randomCodePoints(randomLength, random);
  codePoints.push(checkCodePoint(codePoints));
  return toCanonical(prefix, codePoints.map((i) => referenceAlphabet[i]).join(''));
}

/**
 * Reads a reference as a person may type it: any case, spaces, missing or extra hyphens, with or
 * without the prefix. Returns the canonical `PREFIX-XXXX-XXXX` form.
 * @example parseReferenceNumber(' csc 7k4m2p9x ', 'CSC') // { ok: true, value: 'CSC-7K4M-2P9C' } when the check character fits
 */
export function parseReferenceNumber(input: string, prefix: string): Result<string, ReferenceNumberError> {
  assertPrefix(prefix);
  // Hyphens in every form a keyboard or a word processor may produce, and underscores.
  const compact = input.toUpperCase().replace(/[\s\-_\u2010-\u2015\u2212]/g, '');
  if (compact === '') return err({ code: 'reference_empty' });

  let body: string;
  if (compact.length === bodyLength) body = compact;
  else if (compact.length === prefix.length + bodyLength && compact.startsWith(prefix)) body = compact.slice(prefix.length);
  else return err({ code: 'reference_format' });

  const codePoints = [...body].map((c) => referenceAlphabet.indexOf(c));
  if (codePoints.some((i) => i < 0)) return err({ code: 'reference_format' });
  if (weightedSum(codePoints, false) !== 0) return err({ code: 'reference_check' });
  return ok(toCanonical(prefix, body));
}

/** Whether a typed reference is a well-formed reference for this prefix with a correct check character. */
export function isValidReferenceNumber(input: string, prefix: string): boolean {
  return parseReferenceNumber(input, prefix).ok;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formDataToObject, normaliseText } from '../../../src/forms/form-data.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

/** Characters that must never survive: controls other than newline, and invisible direction overrides. */
const FORBIDDEN = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const formData = (entries: [string, string | Blob][]): FormData => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe('normaliseText', () => {
  it.each([
    // "e" followed by a combining acute accent becomes the single letter "é".
    ['Cafe\u0301', 'Caf\u00e9'],
    // Windows line endings.
    ['one\r\ntwo\r\n', 'one\ntwo\n'],
    // Old Mac line endings.
    ['one\rtwo', 'one\ntwo'],
    // Blank lines between paragraphs stay.
    ['one\r\n\r\ntwo', 'one\n\ntwo'],
    ['a\tb', 'a b'],
    ['nul\u0000 bell\u0007 escape\u001B', 'nul bell escape'],
    // C1 controls, including the "next line" character.
    ['a\u0085b\u009Fc', 'abc'],
    // Right-to-left override used to disguise text.
    ['invoice\u202Egpj.exe', 'invoicegpj.exe'],
    // Directional isolates.
    ['\u2066a\u2067b\u2068c\u2069', 'abc'],
    // Ordinary text, including Welsh, other scripts and emoji, is left alone.
    ['Siân Ŵyn, 東京, اَلْعَرَبِيَّةُ 👍', 'Siân Ŵyn, 東京, اَلْعَرَبِيَّةُ 👍'.normalize('NFC')],
  ])('cleans %j to %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('gives NFC even when a control character sat between a letter and its accent', () => {
    expect(normaliseText('e\u0000\u0301')).toBe('\u00e9');
  });

  it('never leaves a control character, a carriage return or a non-NFC string, whatever is sent', () => {
    // Mostly any character, with the awkward ones (accents, controls, overrides, line ends) made common.
    const awkward = fc.constantFrom('e', 'A', '\u0301', '\u0308', '\u0000', '\u001B', '\u0085', '\u202E', '\u2066', '\r', '\n', '\t');
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(awkward, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }), (input) => {
        const output = normaliseText(input);
        expect(output).not.toMatch(FORBIDDEN);
        expect(output).toBe(output.normalize('NFC'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('formDataToObject', () => {
  it('gives one string for a name sent once and a list for a name sent more than once', () => {
    const raw = formDataToObject(
      formData([
        ['role', 'parent'],
        ['services', 'looked_after'],
        ['services', 'school'],
        ['services', 'nhs'],
      ]),
    );
    expect(raw).toEqual({ role: 'parent', services: ['looked_after', 'school', 'nhs'] });
  });

  it('cleans every value, in lists too', () => {
    const raw = formDataToObject(
      formData([
        ['whatHappened', 'Jose\u0301 said\r\nno\u0000'],
        ['needs', 'other\u202E'],
        ['needs', 'bsl\t'],
      ]),
    );
    expect(raw).toEqual({ whatHappened: 'Jos\u00e9 said\nno', needs: ['other', 'bsl '] });
  });

  it.each([
    // The form's anti-forgery token.
    ['csrfToken'],
    // The honeypot field only robots fill in.
    ['website'],
  ])('does not treat %s as an answer', (name) => {
    expect(
      formDataToObject(
        formData([
          [name, 'abc123'],
          ['fullName', 'Sam'],
        ]),
      ),
    ).toEqual({ fullName: 'Sam' });
  });

  it('ignores uploaded files', () => {
    const raw = formDataToObject(
      formData([
        ['attachment', new Blob(['hello'])],
        ['fullName', 'Sam'],
      ]),
    );
    expect(raw).toEqual({ fullName: 'Sam' });
  });

  it('keeps only the first values of a name repeated thousands of times', () => {
    const entries: [string, string][] = Array.from({ length: 5000 }, (_, i) => ['services', `s${i}`]);
    const services = formDataToObject(formData(entries)).services as string[];
    // Enough for the longest real list (every service ticked), far fewer than were sent.
    expect(services.length).toBeGreaterThanOrEqual(exampleCouncil().services.length);
    expect(services.length).toBeLessThanOrEqual(100);
    expect(services).toEqual(entries.slice(0, services.length).map(([, v]) => v));
  });

  it('keeps names that match built-in object properties as ordinary answers', () => {
    const raw = formDataToObject(
      formData([
        ['constructor', 'a'],
        ['toString', 'b'],
        ['role', 'parent'],
      ]),
    );
    expect(Object.entries(raw)).toEqual([
      ['constructor', 'a'],
      ['toString', 'b'],
      ['role', 'parent'],
    ]);
  });

  it('cannot be given a different prototype by a name of __proto__', () => {
    const raw = formDataToObject(
      formData([
        ['__proto__', 'x'],
        ['__proto__', 'y'],
        ['role', 'parent'],
      ]),
    );
    expect([Object.prototype, null]).toContain(Object.getPrototypeOf(raw));
    expect(raw.role).toBe('parent');
  });
});

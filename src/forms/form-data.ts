import type { RawValues } from './page-schema.ts';

/** Names the server never treats as answers. */
const RESERVED = new Set(['csrfToken', 'website']);

// C0 and C1 controls (except tab and newline), plus invisible direction overrides that can disguise text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Cleans one posted value: Unicode NFC (so the same letters always compare equal), Windows and old
 * Mac line endings to "\n", tabs to spaces and control characters removed.
 * @example normaliseText('Cafe\u0301\r\nok\u0000') // 'Café\nok'
 */
export function normaliseText(value: string): string {
  // Normalise last: a removed control character can sit between a letter and its combining accent.
  return value.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL, '').normalize('NFC');
}

/** Most values any one name may carry (checkbox lists are short); more is a forged post. */
const MAX_VALUES_PER_NAME = 50;

/**
 * Turns posted form data into raw values: repeated names become lists, files are ignored,
 * every string is normalised. Extra repeats beyond a sane number are dropped.
 */
export function formDataToObject(formData: FormData): RawValues {
  // No prototype, so posted names such as "constructor" or "__proto__" are only ever plain keys.
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of formData.entries()) {
    if (typeof value !== 'string' || RESERVED.has(name) || name === '__proto__') continue;
    const clean = normaliseText(value);
    const existing = out[name];
    if (existing === undefined) out[name] = clean;
    else if (Array.isArray(existing)) {
      if (existing.length < MAX_VALUES_PER_NAME) existing.push(clean);
    } else out[name] = [existing, clean];
  }
  return out;
}

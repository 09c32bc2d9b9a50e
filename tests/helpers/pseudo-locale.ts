/**
 * Finds words that did not come from the catalogue. Under the pseudo-locale (`LOCALE=en-XA`) every
 * catalogue sentence is written in accented letters ("Ŵĥàţ ĥàƥƥéñéð?"), so a run of plain ASCII
 * letters on a page or in an email is either data (a council fact, something the person typed, a
 * date formatted by Intl) or a word written in code, which is what this catches.
 */

/** Month and day names: dates are formatted by the browser-independent Intl API, not the catalogue. */
const DATE_WORDS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

/** Every word in every string inside a value (a parsed council file, typed answers). */
export function wordsIn(value: unknown, into = new Set<string>(DATE_WORDS.map((w) => w.toLowerCase()))): Set<string> {
  if (typeof value === 'string') for (const word of value.match(/[A-Za-z]+/g) ?? []) into.add(word.toLowerCase());
  else if (Array.isArray(value)) for (const item of value) wordsIn(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) wordsIn(item, into);
  return into;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// Attributes a person reads or hears: labels for assistive technology, and govuk-frontend's
// announcements (data-i18n.*) that its script speaks.
const SPOKEN_ATTRIBUTES = /\s(?:aria-label|alt|title|placeholder|data-i18n\.[a-z.-]+)="([^"]*)"/gi;

/** What a person reads or hears on a page: its title, its text and its spoken attributes. */
export function readableText(html: string): string {
  const withoutCode = html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<!--[\s\S]*?-->/g, ' ');
  const attributes = [...withoutCode.matchAll(SPOKEN_ATTRIBUTES)].map((m) => m[1] ?? '');
  const text = withoutCode.replace(/<[^>]*>/g, ' ');
  return decodeEntities([text, ...attributes].join('\n'));
}

// References, postcodes, email and web addresses, the attachments' file names, the case schema's
// URN and request ids are data; their letters are not words.
const DATA_PATTERNS = [
  /\b[A-Z]{2,5}-[0-9A-Z]{4}-[0-9A-Z]{4}(\.(json|csv))?\b/g,
  /\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b/g,
  /[\w.+-]+@[\w.-]+/g,
  /\bhttps?:\/\/\S+/g,
  /\bwww\.\S+/g,
  /\burn:\S+/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
];

/** The plain ASCII words in `text` that are not data: each one was written in code, not the catalogue. */
export function findUntranslatedWords(text: string, allowed: ReadonlySet<string>): string[] {
  let cleaned = text;
  for (const pattern of DATA_PATTERNS) cleaned = cleaned.replace(pattern, ' ');
  // Two letters or more: a lone letter is as likely to be part of a reference or a postcode.
  const words = cleaned.match(/(?<![\p{L}\p{M}])[A-Za-z]{2,}(?![\p{L}\p{M}])/gu) ?? [];
  return [...new Set(words.filter((word) => !allowed.has(word.toLowerCase())))];
}

/**
 * The service's words live in the catalogue (`content/locales/<locale>/*.yml`), not in code. Domain
 * code asks for them by key through a `Translate` function it is given, so the rules and the emails
 * stay pure and a council can reword any sentence without touching them.
 */

/** A value a sentence can be filled with. Lists are joined in the catalogue's own words ("a, b and c"). */
export type CopyValue = string | number | readonly (string | Message)[] | Message | undefined;

/**
 * Values for one sentence. `context: 'child'` picks the child's wording (`<key>_child`) when the
 * catalogue has it; `count` picks the plural form (`<key>_one`, `<key>_other`).
 */
export interface CopyValues {
  context?: string | undefined;
  count?: number | undefined;
  [name: string]: CopyValue;
}

/** A sentence not yet in words: its catalogue key and what to fill it with. Stored in case records, rendered late. */
export interface Message {
  key: string;
  values?: CopyValues;
}

/**
 * Looks a key up in the catalogue and fills in its values; council facts ({{council.shortName}},
 * {{frontDoor.phone}} and so on) are always available.
 * @example t('common.workingDays', { count: 3 }) // '3 working days'
 */
export type Translate = (key: string, values?: CopyValues) => string;

/** A message for later rendering. */
export function message(key: string, values?: CopyValues): Message {
  return values === undefined ? { key } : { key, values };
}

/** Whether a value is a message rather than plain text. */
export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Message).key === 'string';
}

/** Renders a message, rendering any messages among its values first. */
export function renderMessage(t: Translate, m: Message): string {
  return m.values ? t(m.key, renderValues(t, m.values)) : t(m.key);
}

/** A message as GOV.UK-styled HTML blocks (paragraphs, headings, lists, links), its values escaped. */
export function renderBlocks(words: Words, m: Message): string {
  return words.blocks(m.key, m.values && renderValues(words.t, m.values));
}

/** Values with any messages among them put into words, so a sentence can be filled with them. */
function renderValues(t: Translate, values: CopyValues): CopyValues {
  const rendered: CopyValues = {};
  for (const [name, value] of Object.entries(values)) {
    rendered[name] = isMessage(value)
      ? renderMessage(t, value)
      : Array.isArray(value)
        ? value.map((v: string | Message) => (isMessage(v) ? renderMessage(t, v) : v))
        : value;
  }
  return rendered;
}

/** The child's wording when the person is the child or young person, the default wording otherwise. */
export function childContext(isChild: boolean): { context?: string } {
  return isChild ? { context: 'child' } : {};
}

/** The catalogue as journeys and pages use it: sentences, and whether an optional one exists. */
export interface Words {
  readonly t: Translate;
  /** Whether the catalogue has this exact key (no fallbacks), for optional hints and paragraphs. */
  readonly has: (key: string) => boolean;
  /** Paragraphs, headings, lists and links (Markdown in the catalogue) as GOV.UK-styled HTML, values escaped. */
  readonly blocks: (key: string, values?: CopyValues) => string;
}

/**
 * Which form of a sentence about an organisation fits the contact details the council gave:
 * `phoneUrl`, `phone`, `url`, or none (the plain sentence). Councils leave some out.
 * @example contactContext({ phone: '0808 808 1001' }) // { context: 'phone' }
 */
export function contactContext(contact: { phone?: string | undefined; url?: string | undefined }): { context?: string } {
  if (contact.phone && contact.url) return { context: 'phoneUrl' };
  if (contact.phone) return { context: 'phone' };
  if (contact.url) return { context: 'url' };
  return {};
}

/** The `phone` form of a sentence when the council gave the organisation's phone number. */
export function phoneContext(contact: { phone?: string | undefined }): { context?: string } {
  return contact.phone ? { context: 'phone' } : {};
}

/** The `noHours` form of a sentence when the council gave no opening hours for the number in it. */
export function hoursContext(contact: { hours?: string | undefined }): { context?: string } {
  return contact.hours ? {} : { context: 'noHours' };
}

/**
 * A phone number as a link that dials it: digits and a leading + only.
 * @example toTelHref('0808 800 5000') // 'tel:08088005000'
 */
export function toTelHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

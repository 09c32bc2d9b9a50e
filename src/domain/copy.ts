/**
 * The service's words live in the catalogue (`content/locales/<locale>/*.yml`), not in code. Domain
 * code asks for them by key through a `Translate` function it is given, so the rules and the emails
 * stay pure and a council can reword any sentence without touching them.
 */

/** A value a sentence can be filled with. Lists are joined in the catalogue's own words ("a, b and c"). */
export type CopyValue = string | number | readonly string[] | Message | undefined;

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
  if (!m.values) return t(m.key);
  const values: CopyValues = {};
  for (const [name, value] of Object.entries(m.values)) values[name] = isMessage(value) ? renderMessage(t, value) : value;
  return t(m.key, values);
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

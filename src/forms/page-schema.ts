import * as z from 'zod/mini';
import { isIsoDate, toIsoDate, type IsoDate } from '../domain/dates.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { JourneyDefinitionError } from './journey-definition-error.ts';
import { flattenFields, toFieldAnchor, type DateField, type FieldSpec, type PageSpec } from './field-spec.ts';

/** What the browser sends for a page: one string per name, or several for checkboxes. */
export type RawValues = Record<string, string | string[] | undefined>;

/** Validated values: strings, lists of strings, ISO dates ('YYYY-MM-DD') or months ('YYYY-MM'). */
export type PageValues = Record<string, string | string[] | undefined>;

export interface FormErrors {
  /** In field order, each linking to the input to focus. */
  summary: { text: string; href: string }[];
  byField: Record<string, string>;
  /** A problem with the post as a whole rather than one answer, shown by the button that sends the page again. */
  form?: string;
}

/**
 * The name and value the "Save and come back later" button posts with the page's own fields: the
 * server then keeps what is on the page without checking it, and the island lets it through.
 */
export const SAVE_BUTTON = { name: 'action', value: 'save' } as const;

/** The id of a page's submit button, where an error about the whole post links to. */
export const SUBMIT_BUTTON_ID = 'form-submit';

/**
 * Errors for a post that was refused as a whole (nothing in it was saved): the error summary links to
 * the button, which the message sits by, so the person checks their answers and sends them again.
 */
export function toFormLevelErrors(message: string): FormErrors {
  return { summary: [{ text: message, href: `#${SUBMIT_BUTTON_ID}` }], byField: {}, form: message };
}

export interface ValidationContext {
  /** Today in England, for "must be in the past" checks. */
  today: IsoDate;
}

type FieldResult = { value: string | string[] | undefined } | { error: string };

// GOV.UK Notify's rule (notifications-utils, validate_email_address): a plain local part and a
// real host name, so nothing a mail library could read as a display name, comment, group or
// second address (such as "sam<victim@example.com") gets through.
const EMAIL_LOCAL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const HOST_LABEL = /^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$/i;
const TLD = /^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$/i;

/** Whether text is one email address in the form GOV.UK services accept. */
export function isEmailAddress(value: string): boolean {
  if (value.length > 320 || /\.\./.test(value)) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.indexOf('@') !== at) return false;
  const local = value.slice(0, at);
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return false;
  const domain = value.slice(at + 1);
  // Letters, digits, dots and hyphens only, so the URL parser below cannot drop a port or path.
  if (!/^[\p{L}\p{N}.-]+$/u.test(domain)) return false;
  let host: string;
  try {
    // The URL parser turns an international domain into its ASCII (punycode) form, as mail does.
    host = new URL(`http://${domain}`).hostname;
  } catch {
    return false;
  }
  if (host.length > 253) return false;
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((l) => l.length === 0 || l.length > 63 || !HOST_LABEL.test(l))) return false;
  return TLD.test(labels.at(-1) ?? '');
}
// GOV.UK accepts phone numbers in any format; this only rules out text that cannot be a number.
const PHONE = /^\+?[0-9 ()-]{7,20}$/;
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;
/** The oldest age the service asks about: care leavers are supported up to 25. */
export const MAX_AGE = 30;

function single(raw: RawValues, name: string): string {
  const value = raw[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

function list(raw: RawValues, name: string): string[] {
  const value = raw[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

/** A check's message; a field built without it is a mistake in the journey, not the person's. */
function say(message: string | undefined, field: FieldSpec, check: string): { error: string } {
  if (message === undefined) throw new JourneyDefinitionError(`The field "${field.name}" has no message for "${check}"`);
  return { error: message };
}

/** Line breaks in a one-line answer (pasted, or forged) become one space, so a name is never two lines in an email. */
const LINE_BREAKS = /[^\S\n\u2028\u2029]*[\n\u2028\u2029][\s\u2028\u2029]*/g;

function parseText(field: Extract<FieldSpec, { kind: 'text' | 'textarea' }>, raw: RawValues): FieldResult {
  const typed = single(raw, field.name);
  const value = field.kind === 'text' ? typed.replace(LINE_BREAKS, ' ') : typed;
  if (value === '') return field.required ? { error: field.required } : { value: undefined };
  if (field.kind === 'text' && field.format === 'age') {
    if (!/^\d+$/.test(value)) return say(field.messages.format, field, 'format');
    if (Number(value) > MAX_AGE) return say(field.messages.tooHigh, field, 'tooHigh');
    return { value };
  }
  if (value.length > field.maxLength) return say(field.messages.tooLong, field, 'tooLong');
  if (field.kind === 'text') {
    if (field.format === 'email' && !isEmailAddress(value)) return say(field.messages.format, field, 'format');
    if (field.format === 'phone' && !PHONE.test(value)) return say(field.messages.format, field, 'format');
    if (field.format === 'postcode' && !POSTCODE.test(value)) return say(field.messages.format, field, 'format');
  }
  return { value };
}

function parseChoice(field: Extract<FieldSpec, { kind: 'radios' | 'checkboxes' }>, raw: RawValues): FieldResult {
  const allowed = new Set(field.options.map((o) => o.value));
  // A value that is not an option only arrives from a forged or stale form: treat it as no answer.
  const invalid = () => say(field.required ?? field.messages.invalid, field, 'invalid');
  if (field.kind === 'radios') {
    const value = single(raw, field.name);
    if (value === '') return field.required ? { error: field.required } : { value: undefined };
    if (!allowed.has(value)) return invalid();
    return { value };
  }
  const values = [...new Set(list(raw, field.name))];
  if (values.length === 0) return field.required ? { error: field.required } : { value: [] };
  if (values.some((v) => !allowed.has(v))) return invalid();
  const exclusive = field.options.find((o) => o.exclusive && values.includes(o.value));
  if (exclusive && values.length > 1) return say(field.messages.exclusive, field, 'exclusive');
  return { value: values };
}

/** The parts a date field asks for, in order. */
export function datePartsOf(field: DateField): readonly ('day' | 'month' | 'year')[] {
  return field.precision === 'full' ? ['day', 'month', 'year'] : ['month', 'year'];
}

/**
 * A month box's number: digits, or a month's name or short form in any capitals ("June", "jun"),
 * as GOV.UK date inputs accept; NaN for anything else.
 * @example toMonthNumber('Feb', [['january', 'jan'], ['february', 'feb']]) // 2
 */
export function toMonthNumber(text: string, monthNames: readonly (readonly string[])[] = []): number {
  if (/^\d+$/.test(text)) return Number(text);
  // A full stop after a short form ("Sept.") is how many people write it.
  const word = text.toLowerCase().replace(/\.$/, '');
  const index = monthNames.findIndex((names) => names.includes(word));
  return index === -1 ? Number.NaN : index + 1;
}

function parseDate(field: DateField, raw: RawValues, ctx: ValidationContext): FieldResult {
  const parts = datePartsOf(field);
  const given = Object.fromEntries(parts.map((p) => [p, single(raw, `${field.name}-${p}`)])) as Record<string, string>;
  const missing = parts.filter((p) => given[p] === '');
  if (missing.length === parts.length) return field.required ? { error: field.required } : { value: undefined };
  if (missing.length > 0) return say(field.messages.incomplete?.[missing.join(' ')], field, `incomplete ${missing.join(' ')}`);
  const month = toMonthNumber(given.month ?? '', field.monthNames);
  if (Number.isNaN(month) || parts.some((p) => p !== 'month' && !/^\d+$/.test(given[p] ?? ''))) return say(field.messages.notReal, field, 'notReal');
  const year = Number(given.year);
  const day = field.precision === 'full' ? Number(given.day) : 1;
  if (year < 1900 || year > 2100) return say(field.messages.notReal, field, 'notReal');
  const iso = toIsoDate(year, month, day);
  if (!isIsoDate(iso)) return say(field.messages.notReal, field, 'notReal');
  if (field.past && iso > ctx.today) return say(field.messages.notPast, field, 'notPast');
  return { value: field.precision === 'full' ? iso : iso.slice(0, 7) };
}

function parseField(field: FieldSpec, raw: RawValues, ctx: ValidationContext): FieldResult {
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return parseText(field, raw);
    case 'radios':
    case 'checkboxes':
      return parseChoice(field, raw);
    case 'date':
      return parseDate(field, raw, ctx);
  }
}

function walk(fields: readonly FieldSpec[], raw: RawValues, ctx: ValidationContext, values: PageValues, issues: { name: string; message: string }[]): void {
  for (const field of fields) {
    const result = parseField(field, raw, ctx);
    if ('error' in result) {
      issues.push({ name: field.name, message: result.error });
      continue;
    }
    values[field.name] = result.value;
    if (field.kind === 'radios' || field.kind === 'checkboxes') {
      const chosen = Array.isArray(result.value) ? result.value : [result.value];
      for (const option of field.options) {
        // Revealed questions count only under the option that was chosen, whatever else was posted.
        if (option.conditional && chosen.includes(option.value)) walk(option.conditional, raw, ctx, values, issues);
      }
    }
  }
}

/** A problem with one answer, by the field's name: the shape zod gives the client-side resolver. */
interface PageIssue {
  path: [string];
  message: string;
}

/** Runs every check on a page: its clean values when there are no issues. */
function checkPage(page: PageSpec, raw: RawValues, ctx: ValidationContext): { values: PageValues; issues: PageIssue[] } {
  const values: PageValues = {};
  const found: { name: string; message: string }[] = [];
  walk(page.fields, raw, ctx, values, found);
  const oneOf = page.oneOf;
  if (oneOf && !found.some((i) => oneOf.names.includes(i.name)) && oneOf.names.every((n) => values[n] === undefined)) {
    found.push({ name: oneOf.field, message: oneOf.message });
  }
  return { values, issues: found.map((i) => ({ path: [i.name], message: i.message })) };
}

/**
 * The zod schema for a page, for the island's react-hook-form resolver: the same checks as
 * parsePage, with issues carrying the field name as their path so the resolver maps them to fields.
 */
export function toPageSchema(page: PageSpec, ctx: ValidationContext) {
  const posted = z.record(z.string(), z.optional(z.union([z.string(), z.array(z.string())])));
  return z.pipe(
    posted,
    z.transform((raw, zctx) => {
      const { values, issues } = checkPage(page, raw, ctx);
      for (const issue of issues) zctx.issues.push({ code: 'custom', ...issue, input: raw });
      return issues.length ? z.NEVER : values;
    }),
  );
}

/** Orders problems as the fields appear on the page and links each to the input to focus. */
export function toFormErrors(page: PageSpec, issues: readonly { path: readonly PropertyKey[]; message: string }[]): FormErrors {
  const byField: Record<string, string> = {};
  for (const issue of issues) {
    const name = String(issue.path[0] ?? '');
    if (name && !(name in byField)) byField[name] = issue.message;
  }
  const summary = flattenFields(page.fields)
    .filter((field) => field.name in byField)
    .map((field) => ({ text: byField[field.name] as string, href: `#${toFieldAnchor(field)}` }));
  return { summary, byField };
}

/**
 * Validates a page's posted values. The server calls the checks directly rather than through zod:
 * the posted form is already a record of strings, and building a schema for every post cost a
 * tenth of an answer's CPU.
 */
export function parsePage(page: PageSpec, raw: RawValues, ctx: ValidationContext): Result<PageValues, FormErrors> {
  const { values, issues } = checkPage(page, raw, ctx);
  return issues.length ? err(toFormErrors(page, issues)) : ok(values);
}

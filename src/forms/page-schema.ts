import { z } from 'zod';
import { isIsoDate, toIsoDate, type IsoDate } from '../domain/dates.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { flattenFields, toFieldAnchor, type FieldSpec, type PageSpec } from './field-spec.ts';

/** What the browser sends for a page: one string per name, or several for checkboxes. */
export type RawValues = Record<string, string | string[] | undefined>;

/** Validated values: strings, lists of strings, ISO dates ('YYYY-MM-DD') or months ('YYYY-MM'). */
export type PageValues = Record<string, string | string[] | undefined>;

export interface FormErrors {
  /** In field order, each linking to the input to focus. */
  summary: { text: string; href: string }[];
  byField: Record<string, string>;
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

const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function single(raw: RawValues, name: string): string {
  const value = raw[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

function list(raw: RawValues, name: string): string[] {
  const value = raw[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

function parseText(field: Extract<FieldSpec, { kind: 'text' | 'textarea' }>, raw: RawValues): FieldResult {
  const value = single(raw, field.name);
  if (value === '') return field.required ? { error: field.required } : { value: undefined };
  const name = sentenceCase(field.errorName ?? field.label);
  if (field.kind === 'text' && field.format === 'age') {
    if (!/^\d+$/.test(value)) return { error: `${name} must be a number, like 12` };
    if (Number(value) > 30) return { error: `${name} must be 30 or less` };
    return { value };
  }
  if (value.length > field.maxLength) {
    return { error: field.tooLong ?? `${name} must be ${field.maxLength.toLocaleString('en-GB')} characters or less` };
  }
  if (field.kind === 'text') {
    if (field.format === 'email' && !isEmailAddress(value)) {
      return { error: 'Enter an email address in the correct format, like name@example.com' };
    }
    if (field.format === 'phone' && !PHONE.test(value)) {
      return { error: 'Enter a phone number, like 01632 960 001 or 07700 900 982' };
    }
    if (field.format === 'postcode' && !POSTCODE.test(value)) return { error: 'Enter a real postcode, like EX1 1AA' };
  }
  return { value };
}

function parseChoice(field: Extract<FieldSpec, { kind: 'radios' | 'checkboxes' }>, raw: RawValues): FieldResult {
  const allowed = new Set(field.options.map((o) => o.value));
  if (field.kind === 'radios') {
    const value = single(raw, field.name);
    if (value === '') return field.required ? { error: field.required } : { value: undefined };
    // A value that is not an option only arrives from a forged or stale form: treat it as no answer.
    if (!allowed.has(value)) return { error: field.required ?? 'Select one of the options' };
    return { value };
  }
  const values = [...new Set(list(raw, field.name))];
  if (values.length === 0) return field.required ? { error: field.required } : { value: [] };
  if (values.some((v) => !allowed.has(v))) return { error: field.required ?? 'Select from the options' };
  const exclusive = field.options.find((o) => o.exclusive && values.includes(o.value));
  if (exclusive && values.length > 1) return { error: `Select "${exclusive.label}" on its own, or other options without it` };
  return { value: values };
}

function parseDate(field: Extract<FieldSpec, { kind: 'date' }>, raw: RawValues, ctx: ValidationContext): FieldResult {
  const noun = field.noun;
  const parts =
    field.precision === 'full'
      ? (['day', 'month', 'year'] as const)
      : (['month', 'year'] as const);
  const given = Object.fromEntries(parts.map((p) => [p, single(raw, `${field.name}-${p}`)])) as Record<string, string>;
  const missing = parts.filter((p) => given[p] === '');
  if (missing.length === parts.length) return field.required ? { error: field.required } : { value: undefined };
  if (missing.length > 0) return { error: `${sentenceCase(noun)} must include a ${missing.join(' and ')}` };
  if (parts.some((p) => !/^\d+$/.test(given[p] ?? ''))) return { error: `${sentenceCase(noun)} must be a real date` };
  const year = Number(given.year);
  const month = Number(given.month);
  const day = field.precision === 'full' ? Number(given.day) : 1;
  if (year < 1900 || year > 2100) return { error: `${sentenceCase(noun)} must be a real date` };
  const iso = toIsoDate(year, month, day);
  if (!isIsoDate(iso)) return { error: `${sentenceCase(noun)} must be a real date` };
  if (field.past && iso > ctx.today) return { error: `${sentenceCase(noun)} must be today or in the past` };
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

function walk(
  fields: readonly FieldSpec[],
  raw: RawValues,
  ctx: ValidationContext,
  values: PageValues,
  issues: { name: string; message: string }[],
): void {
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

/**
 * The zod schema for a page: validates raw posted values and outputs clean values. Issues carry the
 * field name as their path, so react-hook-form's zod resolver maps them to the same fields.
 */
export function toPageSchema(page: PageSpec, ctx: ValidationContext) {
  return z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional()).transform((raw, zctx) => {
    const values: PageValues = {};
    const issues: { name: string; message: string }[] = [];
    walk(page.fields, raw, ctx, values, issues);
    const oneOf = page.oneOf;
    if (oneOf && !issues.some((i) => oneOf.names.includes(i.name)) && oneOf.names.every((n) => values[n] === undefined)) {
      issues.push({ name: oneOf.field, message: oneOf.message });
    }
    for (const issue of issues) zctx.issues.push({ code: 'custom', message: issue.message, path: [issue.name], input: raw });
    return issues.length ? z.NEVER : values;
  });
}

/** Orders zod issues as the fields appear on the page and links each to the input to focus. */
export function toFormErrors(page: PageSpec, issues: readonly z.core.$ZodIssue[]): FormErrors {
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

/** Validates a page's posted values. */
export function parsePage(page: PageSpec, raw: RawValues, ctx: ValidationContext): Result<PageValues, FormErrors> {
  const result = toPageSchema(page, ctx).safeParse(raw);
  return result.success ? ok(result.data) : err(toFormErrors(page, result.error.issues));
}

import { childContext, renderBlocks, renderMessage, type CopyValues, type Message, type Words } from '../../domain/copy.ts';
import type { FieldMessages, FieldSpec, FormCopy, Option, PageSpec } from '../field-spec.ts';
import { MAX_AGE } from '../page-schema.ts';
import type { DateDef, FieldDef, OptionDef, TextareaDef, TextDef } from './field-def.ts';
import type { Journey, JourneyContext, Step, Stop } from './journey.ts';

/**
 * Puts a step into words. Every sentence comes from the catalogue, found by convention under the
 * step's key: `title`, optional `caption`, `intro` (Markdown: paragraphs, headings, lists, links) and `submit`;
 * for each field `fields.<name>.label`, `hint`, `required`, `errorName` (what generated messages
 * call it) and `options.<value>.label`/`hint`. On the child's path a `_child` form of any of these
 * is used when it exists. Messages for the checks a field runs (too long, not an email address…)
 * come from the shared `form.errors` sentences. A page's `errorHelp` (Markdown), if any, is shown
 * with its errors: what someone can do instead when they cannot or will not answer.
 */

/** The sentences of one page, filled with the page's values. */
class PageWords {
  private readonly words: Words;
  private readonly values: CopyValues;

  constructor(words: Words, values: CopyValues) {
    this.words = words;
    this.values = values;
  }

  text(key: string, extra?: CopyValues): string {
    return this.words.t(key, extra ? { ...this.values, ...extra } : this.values);
  }

  /** Whether the catalogue has the child's form of this sentence, and this is the child's path. */
  existsForChild(key: string): boolean {
    return this.values.context === 'child' && this.words.has(`${key}_child`);
  }

  /** Whether the catalogue has this sentence, or its child's form on the child's path. */
  exists(key: string): boolean {
    return this.existsForChild(key) || this.words.has(key);
  }

  /** A sentence the catalogue may leave out (a hint, a caption). */
  optional(key: string, extra?: CopyValues): string | undefined {
    return this.exists(key) ? this.text(key, extra) : undefined;
  }

  message(m: Message): string {
    return renderMessage(this.words.t, { key: m.key, values: { ...this.values, ...m.values } });
  }

  /** A message as HTML blocks: paragraphs, headings and links from the catalogue's Markdown. */
  blocks(m: Message): string {
    return renderBlocks(this.words, { key: m.key, values: { ...this.values, ...m.values } });
  }

  monthNames(): string[][] {
    return resolveMonthNames(this.words);
  }
}

const monthNameLists = new WeakMap<Words, string[][]>();

/**
 * The names a date's month box accepts besides its number, January first, in lower case: the
 * catalogue's `form.months`, so each locale brings its own. The same for every page, so made once.
 */
function resolveMonthNames(words: Words): string[][] {
  let names = monthNameLists.get(words);
  if (!names) {
    names = Array.from({ length: 12 }, (_, i) =>
      words
        .t(`form.months.${i + 1}`)
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter((name) => name !== ''),
    );
    monthNameLists.set(words, names);
  }
  return names;
}

/** Words for a page's generated checks, so a field only carries the messages it can show. */
function toMessages(def: FieldDef, name: string, options: Option[], w: PageWords, fw: FieldWords): FieldMessages {
  switch (def.kind) {
    case 'text':
      if (def.format === 'age')
        return { format: w.text('form.errors.ageNotNumber', { name }), tooHigh: w.text('form.errors.ageTooHigh', { name, max: MAX_AGE }) };
      return {
        tooLong: fw.optional('tooLong') ?? w.text('form.errors.tooLong', { name, max: def.maxLength }),
        ...(def.format ? { format: w.text(`form.errors.${def.format}`) } : {}),
      };
    case 'textarea':
      return { tooLong: fw.optional('tooLong') ?? w.text('form.errors.tooLong', { name, max: def.maxLength }) };
    case 'radios':
    case 'checkboxes': {
      const exclusive = options.find((o) => o.exclusive);
      return {
        ...(def.required ? {} : { invalid: w.text(def.kind === 'radios' ? 'form.errors.choice' : 'form.errors.choices') }),
        ...(exclusive ? { exclusive: w.text('form.errors.exclusive', { option: exclusive.label }) } : {}),
      };
    }
    case 'date':
      return toDateMessages(def, name, w);
  }
}

/** Every way a date can be part-filled, each with its own message: "must include a day and year". */
function toDateMessages(def: DateDef, name: string, w: PageWords): FieldMessages {
  const parts = def.precision === 'full' ? ['day', 'month', 'year'] : ['month', 'year'];
  const incomplete: Record<string, string> = {};
  // Every non-empty, proper subset of the parts, in the parts' order.
  for (let mask = 1; mask < (1 << parts.length) - 1; mask++) {
    const missing = parts.filter((_, i) => mask & (1 << i));
    incomplete[missing.join(' ')] = w.text('form.errors.dateIncomplete', { name, parts: missing.map((p) => w.text(`form.errors.dateParts.${p}`)) });
  }
  return {
    incomplete,
    notReal: w.text('form.errors.dateNotReal', { name }),
    ...(def.past ? { notPast: w.text('form.errors.datePast', { name }) } : {}),
  };
}

/**
 * Where a field's words may be, first match wins: under the step's key, then the shared key the
 * field names (`copy`), so a journey rewords only what differs from the shared words.
 */
class FieldWords {
  private readonly w: PageWords;
  private readonly bases: readonly string[];

  constructor(w: PageWords, bases: readonly string[]) {
    this.w = w;
    this.bases = bases;
  }

  // The child's wording anywhere beats the adult's: a journey's own adult hint must not hide the
  // shared child's hint.
  private find(suffix: string): string | undefined {
    const keys = this.bases.map((b) => `${b}.${suffix}`);
    return keys.find((key) => this.w.existsForChild(key)) ?? keys.find((key) => this.w.exists(key));
  }

  optional(suffix: string, extra?: CopyValues): string | undefined {
    const key = this.find(suffix);
    return key === undefined ? undefined : this.w.text(key, extra);
  }

  /** A sentence the step itself words for this field, ignoring the shared words. */
  own(suffix: string): string | undefined {
    return this.w.optional(`${this.bases[0]}.${suffix}`);
  }

  text(suffix: string): string {
    return this.optional(suffix) ?? this.w.text(`${this.bases.at(-1)}.${suffix}`);
  }
}

function resolveOption(option: OptionDef, fw: FieldWords, w: PageWords, stepKey: string, title: string, hasIntro: boolean): Option {
  const ow = option.copy ? new FieldWords(w, [option.copy]) : fw;
  const prefix = option.copy ? '' : `options.${option.value}.`;
  const hint = option.hint ?? ow.optional(`${prefix}hint`);
  return {
    value: option.value,
    label: option.label ?? ow.text(`${prefix}label`),
    ...(hint ? { hint } : {}),
    ...(option.conditional ? { conditional: option.conditional.map((d) => resolveField(d, stepKey, w, title, hasIntro)) } : {}),
    ...(option.exclusive ? { exclusive: true } : {}),
  };
}

function resolveField(def: FieldDef, stepKey: string, w: PageWords, title: string, hasIntro: boolean): FieldSpec {
  const fw = new FieldWords(w, [`${stepKey}.fields.${def.name}`, ...[def.copy ?? []].flat()]);
  // A question that is the page's heading is worded as the page title (which may itself come from
  // the question's shared words), unless the step words the question differently.
  const label = def.heading ? (fw.own('label') ?? title) : fw.text('label');
  const hint = fw.optional('hint');
  const name = fw.optional('errorName') ?? label;
  const options = def.kind === 'radios' || def.kind === 'checkboxes' ? def.options.map((o) => resolveOption(o, fw, w, stepKey, title, hasIntro)) : [];
  const base = {
    name: def.name,
    label,
    ...(hint ? { hint } : {}),
    ...(def.required ? { required: fw.text('required') } : {}),
    messages: toMessages(def, name, options, w, fw),
    // A page with paragraphs before its question needs its own <h1> above them.
    ...(def.heading && !hasIntro ? { isPageHeading: true } : {}),
    ...(hasIntro && label === title ? { hiddenLabel: true } : {}),
  };
  switch (def.kind) {
    case 'radios':
      return { ...base, kind: 'radios', options, ...(def.dividerBefore ? { dividerBefore: def.dividerBefore } : {}), ...(def.inline ? { inline: true } : {}) };
    case 'checkboxes':
      return { ...base, kind: 'checkboxes', options, ...(def.dividerBefore ? { dividerBefore: def.dividerBefore } : {}) };
    case 'text':
      return { ...base, ...textProps(def), kind: 'text' };
    case 'textarea':
      return { ...base, ...textareaProps(def, w), kind: 'textarea' };
    case 'date':
      return { ...base, kind: 'date', precision: def.precision, ...(def.past ? { past: true } : {}), monthNames: w.monthNames() };
  }
}

function textProps(def: TextDef) {
  const { maxLength, format, inputType, inputmode, autocomplete, spellcheck, widthClass } = def;
  return { maxLength, ...{ format, inputType, inputmode, autocomplete, spellcheck, widthClass } };
}

function textareaProps(def: TextareaDef, w: PageWords) {
  return {
    maxLength: def.maxLength,
    ...(def.rows ? { rows: def.rows } : {}),
    ...(def.characterCount ? { characterCount: w.text('form.characterCount.limit', { max: def.maxLength }) } : {}),
  };
}

/** Drops properties that are undefined, so a spec serialises the same however it was built. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function resolvePage(options: {
  key: string;
  id: string;
  defs: readonly FieldDef[];
  words: Words;
  values: CopyValues;
  title?: Message;
  intro?: readonly Message[];
  oneOf?: Step['oneOf'];
}): PageSpec {
  const w = new PageWords(options.words, options.values);
  const title = options.title ? w.message(options.title) : (w.optional(`${options.key}.title`) ?? headingLabel(options, w) ?? w.text(`${options.key}.title`));
  const caption = w.optional(`${options.key}.caption`);
  const introHtml = (options.intro ?? (w.exists(`${options.key}.intro`) ? [{ key: `${options.key}.intro` }] : [])).map((m) => w.blocks(m)).join('');
  const hasIntro = introHtml.length > 0;
  const errorHelpHtml = w.exists(`${options.key}.errorHelp`) ? w.blocks({ key: `${options.key}.errorHelp` }) : '';
  const fields = options.defs.map((d) => compactField(resolveField(d, options.key, w, title, hasIntro)));
  return {
    id: options.id,
    title,
    ...(caption ? { caption } : {}),
    ...(hasIntro ? { introHtml } : {}),
    ...(errorHelpHtml ? { errorHelpHtml } : {}),
    fields,
    ...(options.oneOf ? { oneOf: { names: [...options.oneOf.names], field: options.oneOf.field, message: w.text(`${options.key}.oneOf`) } } : {}),
    submitLabel: w.optional(`${options.key}.submit`) ?? w.text('form.continue'),
  };
}

/**
 * A page whose one question is its heading may take its title from that question's shared words
 * ("What is your name?"), so journeys asking the same question do not each repeat it.
 */
function headingLabel(options: { key: string; defs: readonly FieldDef[] }, w: PageWords): string | undefined {
  const heading = options.defs.find((d) => d.heading);
  return heading && new FieldWords(w, [`${options.key}.fields.${heading.name}`, ...[heading.copy ?? []].flat()]).optional('label');
}

function compactField(field: FieldSpec): FieldSpec {
  const out = compact(field);
  if ((out.kind === 'radios' || out.kind === 'checkboxes') && out.options.some((o) => o.conditional)) {
    return { ...out, options: out.options.map((o) => (o.conditional ? { ...o, conditional: o.conditional.map(compactField) } : o)) };
  }
  return out;
}

/** The values every sentence of a journey's page gets: the child's wording on the child's path. */
export function journeyValues(journey: Journey, ctx: JourneyContext): CopyValues {
  return childContext(journey.isChild?.(ctx) ?? false);
}

/**
 * Pages already in words, by catalogue. Putting a page into words takes 0.1–0.5 ms (every sentence
 * looked up, filled in and its Markdown rendered), on every question page, every answer and, for
 * each step, on check answers and in the team's email; yet a page is the same for everyone given
 * the same definition and path. Bounded, as a page's fields may vary with answers (the services
 * offered, the ways to contact): the oldest page in words is dropped first.
 */
const resolvedPages = new WeakMap<Words, Map<string, PageSpec>>();
const MAX_RESOLVED_PAGES = 500;

/** A question page in words. */
export function resolveStepPage(journey: Journey, step: Step, ctx: JourneyContext, words: Words): PageSpec {
  const defs = typeof step.fields === 'function' ? step.fields(ctx) : step.fields;
  const options = {
    key: step.copy ?? `${journey.id}.steps.${step.id}`,
    id: step.id,
    defs,
    words,
    values: { ...journeyValues(journey, ctx), ...step.values?.(ctx) },
    ...(step.title ? { title: step.title(ctx) } : {}),
    ...(step.intro ? { intro: step.intro(ctx) } : {}),
    ...(step.oneOf ? { oneOf: step.oneOf } : {}),
  };
  // Words filled with answers (a child's name in the title) are made each time, so no answer is
  // kept in memory; definitions hold only catalogue keys and council facts.
  if (step.values || step.title || step.intro) return resolvePage(options);
  let pages = resolvedPages.get(words);
  if (!pages) resolvedPages.set(words, (pages = new Map()));
  const cacheKey = JSON.stringify([options.key, options.id, options.values, defs, step.oneOf ?? null]);
  const known = pages.get(cacheKey);
  if (known) return known;
  const page = deepFreeze(resolvePage(options));
  if (pages.size >= MAX_RESOLVED_PAGES) pages.delete(pages.keys().next().value!);
  pages.set(cacheKey, page);
  return page;
}

/** Frozen all the way down, as one page in words is shared by every request that shows it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** What the page a journey stops at repeats from the answers, as HTML; empty when it repeats nothing. */
export function resolveStopDetails(journey: Journey, stop: Stop, ctx: JourneyContext, words: Words): string {
  const w = new PageWords(words, journeyValues(journey, ctx));
  return (stop.details?.(ctx) ?? []).map((m) => w.blocks(m)).join('');
}

/** Check answers' own questions in words (its title and Send button too). */
export function resolveCheckPage(journey: Journey, ctx: JourneyContext, words: Words): PageSpec {
  return resolvePage({
    key: `${journey.id}.check`,
    id: 'check',
    defs: journey.checkFields(ctx),
    words,
    // `what` names what is being sent ("your complaint", "your request") in the shared questions.
    values: {
      ...journeyValues(journey, ctx),
      ...(words.has(`${journey.id}.noun`) ? { what: words.t(`${journey.id}.noun`) } : {}),
      ...journey.checkValues?.(ctx),
    },
    intro: [],
  });
}

const formCopies = new WeakMap<Words, FormCopy>();

/** The words every form shows, whatever its questions; the same for every page, so made once. */
export function resolveFormCopy(words: Words): FormCopy {
  let copy = formCopies.get(words);
  if (!copy) {
    copy = toFormCopy(words);
    formCopies.set(words, copy);
  }
  return copy;
}

function toFormCopy(words: Words): FormCopy {
  const t = (key: string) => words.t(`form.${key}`);
  return {
    errorSummaryTitle: t('errorSummaryTitle'),
    errorTitle: words.t('layout.errorTitle', { title: '%{title}' }),
    errorPrefix: t('errorPrefix'),
    honeypotLabel: t('honeypotLabel'),
    or: t('or'),
    dateParts: { day: t('dateParts.day'), month: t('dateParts.month'), year: t('dateParts.year') },
    characterCount: {
      underOne: t('characterCount.underOne'),
      underOther: t('characterCount.underOther'),
      overOne: t('characterCount.overOne'),
      overOther: t('characterCount.overOther'),
    },
  };
}

import { FILES_STEP } from '../../src/forms/uploads.ts';
import type { Council } from '../../src/domain/council.ts';
import type { Words } from '../../src/domain/copy.ts';
import { addCalendarDays, toLondonDateTime, type IsoDate } from '../../src/domain/dates.ts';
import { createReferenceNumber } from '../../src/domain/reference-number.ts';
import type { Result } from '../../src/domain/result.ts';
import type { Journey, JourneyAnswers, JourneyContext } from '../../src/forms/engine/journey.ts';
import { parseStep } from '../../src/forms/engine/parse.ts';
import { resolveCheckPage, resolveStepPage } from '../../src/forms/engine/resolve.ts';
import { applicableSteps, CHECK, findStep, nextStep, pruneAnswers } from '../../src/forms/engine/walk.ts';
import { flattenFields, type FieldSpec, type PageSpec } from '../../src/forms/field-spec.ts';
import { datePartsOf, parsePage, type FormErrors, type PageValues } from '../../src/forms/page-schema.ts';
import { createHttpClient, JourneyStoppedError, readCsrfToken, type FormFields, type HttpClient } from './http-journey.ts';

/**
 * Random but valid walks through a journey, planned with the same definitions, words and rules the
 * server uses (src/forms), then replayed over HTTP. Planning first means a test knows, before any
 * request, which pages a walk visits, what each answer is and where each post must redirect, so
 * a server that goes anywhere else fails the walk at once. Free-text answers come from the
 * caller, so a property test can fill them with hostile text.
 */

/** The parts of a journey a walk needs. */
export interface JourneyModel {
  /** The journey's id: `complaint`, `review`… */
  name: string;
  /** Where its pages live, e.g. `/complaint`. */
  basePath: string;
  /** Every step id, in order, whether or not it applies. */
  stepIds: readonly string[];
  /** The page the journey stops at when the person chooses not to send, if it has one. */
  stopPage: string | undefined;
  applicableStepIds(ctx: JourneyContext): string[];
  page(stepId: string, ctx: JourneyContext): PageSpec;
  parse(stepId: string, page: PageSpec, raw: FormFields, ctx: JourneyContext): Result<PageValues, FormErrors>;
  prune(ctx: JourneyContext): JourneyAnswers;
  /** The next step id, `check` or the stop page. */
  next(ctx: JourneyContext, stepId: string): string;
  /** Where a valid post to this step redirects (a page between steps, or the next step). */
  landing(stepId: string, values: PageValues, next: string): string;
  checkPage(ctx: JourneyContext): PageSpec;
}

/** Any journey, in the words the service shows (the same catalogue and council as the server under test). */
export function createJourneyModel(journey: Journey, words: Words): JourneyModel {
  const stepOf = (stepId: string) => {
    const step = findStep(journey, stepId);
    if (!step) throw new Error(`The ${journey.id} journey has no step "${stepId}"`);
    return step;
  };
  return {
    name: journey.id,
    basePath: `/${journey.path}`,
    stepIds: journey.steps.map((s) => s.id),
    stopPage: journey.stop?.page,
    applicableStepIds: (ctx) => applicableSteps(journey, ctx).map((s) => s.id),
    page: (stepId, ctx) => resolveStepPage(journey, stepOf(stepId), ctx, words),
    parse: (stepId, page, raw, ctx) => parseStep(journey, stepOf(stepId), page, raw, ctx, words),
    prune: (ctx) => pruneAnswers(journey, ctx),
    next: (ctx, stepId) => nextStep(journey, ctx, stepId, false),
    // A page between steps (the 999 page after "a child is in danger") comes before the next step.
    landing: (stepId, values, next) => `/${journey.path}/${journey.interruptions?.find((i) => i.after === stepId && i.when(values))?.page ?? next}`,
    checkPage: (ctx) => resolveCheckPage(journey, ctx, words),
  };
}

/** The choices a walk makes; `seed` makes them repeatable. */
export interface Chooser {
  /** A number in [0, 1). */
  random(): number;
  /** Free text for a text box or text area with no format; '' leaves an optional one empty. */
  freeText(field: Extract<FieldSpec, { kind: 'text' | 'textarea' }>): string;
  /** An address for an email field. */
  email(): string;
}

/** A small, fast, repeatable random number generator (mulberry32). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Plain choices from a seed: short ordinary text and a fixed address. */
export function createChooser(seed: number, overrides: Partial<Omit<Chooser, 'random'>> = {}): Chooser {
  const random = createRandom(seed);
  return {
    random,
    freeText: overrides.freeText ?? ((field) => (field.required || random() < 0.5 ? `Answer ${Math.floor(random() * 1e6)}` : '')),
    email: overrides.email ?? (() => 'walker@example.com'),
  };
}

/** How a walk prefers to answer some questions, so that a test can steer it (e.g. always send). */
export interface WalkPreferences {
  /** Option values to choose whenever the field offers them, by field name. */
  options?: Record<string, string>;
  /** Chance of saying yes to "another child?" (default 0.35). */
  moreChildren?: number;
}

/** One planned post: the page, the fields sent, where it must redirect and the values the server will keep. */
export interface PlannedPost {
  stepId: string;
  path: string;
  fields: FormFields;
  landing: string;
  values: PageValues;
}

export interface WalkPlan {
  model: string;
  basePath: string;
  posts: PlannedPost[];
  /** `check`: ready to send; `not-sending`: the person chose not to (the journey's stop page); `stopped`: reached `stopBefore`; `stuck`: no valid answer found. */
  end: 'check' | 'not-sending' | 'stopped' | 'stuck';
  /** The step the walk stopped at (stopped or stuck). */
  stoppedAt: string | undefined;
  answers: JourneyAnswers;
  /** The answers for check answers itself, when the walk reached it. */
  check: FormFields | undefined;
  checkValues: PageValues | undefined;
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const toTypedDate = (iso: IsoDate) => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { day: String(day), month: String(month), year: String(year) };
};

/** Fields for one form field (and the questions its chosen options reveal), valid by construction. */
function fillField(
  field: FieldSpec,
  chooser: Chooser,
  today: IsoDate,
  council: Council,
  preferences: WalkPreferences,
  out: Record<string, string | string[]>,
): void {
  const { random } = chooser;
  switch (field.kind) {
    case 'radios': {
      const preferred = preferences.options?.[field.name];
      let option = field.options.find((o) => o.value === preferred);
      if (option === undefined && field.name === 'moreChildren') {
        option = field.options.find((o) => o.value === (random() < (preferences.moreChildren ?? 0.35) ? 'yes' : 'no'));
      }
      option ??= pick(random, field.options);
      out[field.name] = option.value;
      for (const inner of option.conditional ?? []) fillField(inner, chooser, today, council, preferences, out);
      return;
    }
    case 'checkboxes': {
      const preferred = preferences.options?.[field.name]?.split(',');
      const plain = field.options.filter((o) => !o.exclusive);
      const exclusive = field.options.filter((o) => o.exclusive);
      let chosen = preferred ? field.options.filter((o) => preferred.includes(o.value)) : [];
      if (chosen.length === 0) {
        chosen = exclusive.length > 0 && random() < 0.3 ? [pick(random, exclusive)] : plain.filter(() => random() < 0.3);
        if (chosen.length === 0) chosen = [pick(random, plain.length > 0 ? plain : field.options)];
      }
      out[field.name] = chosen.map((o) => o.value);
      for (const option of chosen) for (const inner of option.conditional ?? []) fillField(inner, chooser, today, council, preferences, out);
      return;
    }
    case 'date': {
      if (!field.required && random() < 0.3) return;
      // Up to three years back, so some walks fall outside the 12-month limit.
      const date = toTypedDate(addCalendarDays(today, -Math.floor(random() * 1_100)));
      if (field.precision === 'full') out[`${field.name}-day`] = date.day;
      out[`${field.name}-month`] = date.month;
      out[`${field.name}-year`] = date.year;
      return;
    }
    case 'text':
    case 'textarea': {
      const format = field.kind === 'text' ? field.format : undefined;
      if (format === 'age') out[field.name] = String(Math.floor(random() * 18));
      else if (format === 'email') out[field.name] = chooser.email();
      else if (format === 'phone') out[field.name] = `07700 900${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
      else if (format === 'postcode') out[field.name] = pick(random, ['EX1 1AA', 'SW1A 1AA', 'M1 1AE', 'B33 8TH']);
      else if (field.name === 'reference')
        out[field.name] = createReferenceNumber({
          prefix: council.referencePrefix,
          random: (n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256)),
        });
      else {
        const text = chooser.freeText(field);
        if (text !== '') out[field.name] = text;
      }
      return;
    }
  }
}

function fillPage(page: PageSpec, chooser: Chooser, today: IsoDate, council: Council, preferences: WalkPreferences): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const field of page.fields) fillField(field, chooser, today, council, preferences, out);
  return out;
}

/** Today in England, as the server works it out. */
export const todayInEngland = (): IsoDate => toLondonDateTime(new Date()).date;

/**
 * Plans a valid walk from the first page: each page answered with values the server's own rules
 * accept, until check answers, the "not sending" page, or `stopBefore`.
 */
export function planWalk(
  model: JourneyModel,
  council: Council,
  chooser: Chooser,
  options: { today?: IsoDate; stopBefore?: string; preferences?: WalkPreferences } = {},
): WalkPlan {
  const today = options.today ?? todayInEngland();
  const preferences = options.preferences ?? {};
  let ctx: JourneyContext = { council, answers: {}, today };
  const posts: PlannedPost[] = [];
  let current = model.applicableStepIds(ctx)[0] ?? CHECK;
  const finish = (end: WalkPlan['end'], stoppedAt?: string, check?: FormFields, checkValues?: PageValues): WalkPlan => ({
    model: model.name,
    basePath: model.basePath,
    posts,
    end,
    stoppedAt,
    answers: ctx.answers,
    check,
    checkValues,
  });
  for (let guard = 0; guard < 80; guard++) {
    if (current === model.stopPage) return finish('not-sending');
    if (current === options.stopBefore) return finish('stopped', current);
    const page = current === CHECK ? model.checkPage(ctx) : model.page(current, ctx);
    // The files page is a form of its own: Continue moves on, with no files (no walk sends any).
    let accepted: { fields: FormFields; values: PageValues } | undefined =
      current === FILES_STEP ? { fields: { action: 'continue' }, values: { fileNames: '' } } : undefined;
    for (let attempt = 0; attempt < 25 && accepted === undefined; attempt++) {
      const fields = fillPage(page, chooser, today, council, preferences);
      const parsed = current === CHECK ? parsePage(page, fields, { today }) : model.parse(current, page, fields, ctx);
      if (parsed.ok) accepted = { fields, values: parsed.value };
    }
    if (accepted === undefined) return finish('stuck', current);
    if (current === CHECK) return finish('check', undefined, accepted.fields, accepted.values);
    ctx = { ...ctx, answers: model.prune({ ...ctx, answers: { ...ctx.answers, [current]: accepted.values } }) };
    const next = model.next(ctx, current);
    posts.push({
      stepId: current,
      path: `${model.basePath}/${current}`,
      fields: accepted.fields,
      landing: model.landing(current, accepted.values, next),
      values: accepted.values,
    });
    current = next;
  }
  return finish('stuck', current);
}

/** Every field name a page can post (date parts and revealed questions included) and every option value. */
export function describePageFields(page: PageSpec): { names: string[]; optionValues: string[] } {
  const names: string[] = [];
  const optionValues: string[] = [];
  for (const field of flattenFields(page.fields)) {
    if (field.kind === 'date') {
      for (const part of datePartsOf(field)) names.push(`${field.name}-${part}`);
    } else names.push(field.name);
    if (field.kind === 'radios' || field.kind === 'checkboxes') optionValues.push(...field.options.map((o) => o.value));
  }
  return { names, optionValues };
}

/**
 * For each step, a seed whose walk reaches it; steps no walk reaches (a step that never applies)
 * are left out. Pure planning, no requests.
 */
export function findCoveringSeeds(
  model: JourneyModel,
  council: Council,
  options: { tries?: number; preferences?: WalkPreferences; today?: IsoDate } = {},
): Map<string, number> {
  const found = new Map<string, number>();
  // Check answers counts as a page to reach, so the search does not stop one step short.
  const wanted = new Set([...model.stepIds, CHECK]);
  for (let seed = 1; seed <= (options.tries ?? 400) && found.size < wanted.size; seed++) {
    const plan = planWalk(model, council, createChooser(seed), {
      ...(options.today ? { today: options.today } : {}),
      preferences: options.preferences ?? { moreChildren: 0.6 },
    });
    for (const post of plan.posts) if (!found.has(post.stepId)) found.set(post.stepId, seed);
    if (plan.end === 'check' && !found.has(CHECK)) found.set(CHECK, seed);
  }
  return found;
}

/** Any journey's reference: the council's prefix (complaints, requests and feedback may differ), then two groups of four. */
export const ANY_REFERENCE_PATTERN = /\b[A-Z]{2,5}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b/;

/** Opens `path`, expecting a form, and returns its CSRF token. */
async function readToken(client: HttpClient, baseUrl: string, path: string): Promise<string> {
  const page = await client.get(baseUrl, path);
  const token = page.status === 200 ? readCsrfToken(page.html) : undefined;
  if (token === undefined) throw new JourneyStoppedError(`${path} with a form`, page);
  return token;
}

/** A walk replayed over HTTP. */
export interface WalkResult {
  client: HttpClient;
  /** The reference on the confirmation page, when the walk was sent. */
  reference: string | undefined;
  /** Requests made. */
  requests: number;
}

/**
 * Starts a fresh session (`<basePath>/start`) and replays the plan's posts, checking each
 * redirects where the plan says; with `send`, presses Send on check answers and reads the
 * reference on the confirmation page.
 */
export async function replayWalk(baseUrl: string, plan: WalkPlan, options: { send?: boolean; client?: HttpClient } = {}): Promise<WalkResult> {
  const client = options.client ?? createHttpClient();
  let requests = 0;
  const start = await client.get(baseUrl, `${plan.basePath}/start`);
  requests++;
  const first = plan.posts[0]?.path ?? `${plan.basePath}/${plan.stoppedAt ?? 'check'}`;
  if (start.status !== 303 || start.location !== first) throw new JourneyStoppedError(`a 303 to ${first}`, start);
  for (const post of plan.posts) {
    const csrfToken = await readToken(client, baseUrl, post.path);
    const response = await client.post(baseUrl, post.path, { csrfToken, ...post.fields });
    requests += 2;
    if (response.status !== 303 || response.location !== post.landing)
      throw new JourneyStoppedError(`a 303 to ${post.landing} after answering ${JSON.stringify(post.fields).slice(0, 300)}`, response);
  }
  if (!options.send) return { client, reference: undefined, requests };
  if (plan.end !== 'check' || plan.check === undefined) throw new Error(`The walk ended at ${plan.end} (${plan.stoppedAt ?? ''}), not at check answers`);
  const checkPath = `${plan.basePath}/check`;
  const csrfToken = await readToken(client, baseUrl, checkPath);
  const sent = await client.post(baseUrl, checkPath, { csrfToken, ...plan.check });
  requests += 2;
  if (sent.status !== 303 || sent.location !== `${plan.basePath}/confirmation`) throw new JourneyStoppedError(`a 303 to ${plan.basePath}/confirmation`, sent);
  const confirmation = await client.get(baseUrl, `${plan.basePath}/confirmation`);
  requests++;
  const reference = ANY_REFERENCE_PATTERN.exec(confirmation.html)?.[0];
  if (confirmation.status !== 200 || reference === undefined) throw new JourneyStoppedError('the confirmation page with a reference', confirmation);
  return { client, reference, requests };
}

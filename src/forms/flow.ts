import { formatDate } from '../domain/dates.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { flattenFields, toFieldAnchor, type FieldSpec, type PageSpec } from './field-spec.ts';
import type { JourneyAnswers, JourneyContext, SummaryRow } from './journey.ts';
import { parsePage, type FormErrors, type PageValues, type RawValues } from './page-schema.ts';

/**
 * A short journey described as data, run by the same rules as the complaint journey: pages apply
 * depending on earlier answers, are answered in order, a change returns to check answers through
 * any new questions it needs, and answers to pages that no longer apply are dropped. Used by the
 * stage 2 or 3 request, the request for an advocate and the feedback form.
 */

/** The journeys built on this engine; also the session's `journey` marker. */
export const flowIds = ['review', 'advocacy', 'feedback'] as const;
export type FlowId = (typeof flowIds)[number];

/** Extra checks after the page's own validation; keyed by field name. */
export type FlowRefinement = Result<PageValues, Record<string, string>>;

export interface FlowStep {
  id: string;
  /** Section heading on check answers and in the team's email. */
  section: string;
  applies: (ctx: JourneyContext) => boolean;
  page: (ctx: JourneyContext) => PageSpec;
  /**
   * Checks that need the council or more than one field (a reference number, "an email or a
   * phone number"). May also tidy values, e.g. a reference into its canonical form.
   */
  refine?: (values: PageValues, ctx: JourneyContext) => FlowRefinement;
}

export interface Flow {
  id: FlowId;
  /** Where the pages live, e.g. `/review`. */
  basePath: string;
  /** What the person is sending, in running text: "request", "feedback". */
  noun: string;
  steps: readonly FlowStep[];
  /** The questions asked on check answers itself, and the Send button's words. */
  checkPage: (ctx: JourneyContext) => PageSpec;
}

/** The steps that apply to these answers, in order. */
export function toApplicableSteps(flow: Flow, ctx: JourneyContext): FlowStep[] {
  return flow.steps.filter((s) => s.applies(ctx));
}

/** Finds a step by id. */
export function findFlowStep(flow: Flow, id: string): FlowStep | undefined {
  return flow.steps.find((s) => s.id === id);
}

/** The first applicable step without an answer, if any: a half-finished journey cannot be sent. */
export function findFirstIncompleteStep(flow: Flow, ctx: JourneyContext): string | undefined {
  return toApplicableSteps(flow, ctx).find((s) => ctx.answers[s.id] === undefined)?.id;
}

/**
 * Where to go after a step: the next applicable unanswered step when returning to check answers
 * (so new questions a change needs are asked), otherwise the next applicable step; `check` at the end.
 */
export function findNextStep(flow: Flow, ctx: JourneyContext, stepId: string, returningToCheck: boolean): string {
  const list = toApplicableSteps(flow, ctx);
  const rest = list.slice(list.findIndex((s) => s.id === stepId) + 1);
  if (returningToCheck) return rest.find((s) => ctx.answers[s.id] === undefined)?.id ?? 'check';
  return rest[0]?.id ?? 'check';
}

/** The step before this one, for the back link. */
export function findPreviousStep(flow: Flow, ctx: JourneyContext, stepId: string): string | undefined {
  const list = toApplicableSteps(flow, ctx);
  const index = list.findIndex((s) => s.id === stepId);
  return index > 0 ? list[index - 1]?.id : undefined;
}

/**
 * Drops answers to steps that no longer apply, repeating until nothing changes, because one step's
 * answers can decide whether a later step applies.
 */
export function pruneFlowAnswers(flow: Flow, ctx: JourneyContext): JourneyAnswers {
  let answers = ctx.answers;
  for (let i = 0; i < 10; i++) {
    const applicable = new Set(toApplicableSteps(flow, { ...ctx, answers }).map((s) => s.id));
    const kept = Object.fromEntries(Object.entries(answers).filter(([id]) => applicable.has(id)));
    if (Object.keys(kept).length === Object.keys(answers).length) return kept;
    answers = kept;
  }
  return answers;
}

/** Orders messages keyed by field name as the fields appear on the page, each linking to its input. */
function toOrderedErrors(page: PageSpec, byField: Record<string, string>): FormErrors {
  const summary = flattenFields(page.fields)
    .filter((field) => field.name in byField)
    .map((field) => ({ text: byField[field.name] as string, href: `#${toFieldAnchor(field)}` }));
  return { summary, byField };
}

/** Validates a step's posted values with the shared page engine, then the step's own checks. */
export function parseFlowStep(step: FlowStep, page: PageSpec, raw: RawValues, ctx: JourneyContext): Result<PageValues, FormErrors> {
  const parsed = parsePage(page, raw, { today: ctx.today });
  if (!parsed.ok || !step.refine) return parsed;
  const refined = step.refine(parsed.value, ctx);
  return refined.ok ? ok(refined.value) : err(toOrderedErrors(page, refined.error));
}

function describeValue(field: FieldSpec, raw: string | string[] | undefined): string | undefined {
  if (raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return undefined;
  switch (field.kind) {
    case 'radios':
    case 'checkboxes': {
      const chosen = Array.isArray(raw) ? raw : [raw];
      return chosen.map((v) => field.options.find((o) => o.value === v)?.label ?? v).join('\n');
    }
    case 'date':
      return field.precision === 'full'
        ? formatDate(raw as string)
        : new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${raw as string}-01T00:00:00Z`));
    default:
      return Array.isArray(raw) ? raw.join('\n') : raw;
  }
}

/** Check answers rows for every answered applicable step, in journey order; also the team's email answers. */
export function toFlowSummaryRows(flow: Flow, ctx: JourneyContext): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const step of toApplicableSteps(flow, ctx)) {
    const answers = ctx.answers[step.id];
    if (!answers) continue;
    for (const field of flattenFields(step.page(ctx).fields)) {
      const text = describeValue(field, answers[field.name]);
      if (text !== undefined) rows.push({ section: step.section, question: field.label, answer: text, stepId: step.id, field: field.name });
    }
  }
  return rows;
}

/** One stored answer as a string, if it is one. */
export function readAnswer(ctx: JourneyContext, stepId: string, name: string): string | undefined {
  const v = ctx.answers[stepId]?.[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

import type { Journey, JourneyAnswers, JourneyContext, Step } from './journey.ts';

/**
 * Moving through a journey: which steps apply to the answers so far, where to go next, and which
 * answers to drop when a change makes a step no longer apply. A change returns to check answers
 * through any questions it newly needs (the bug GOV.UK Forms and XGov users hit), and a
 * half-finished journey cannot be sent, because every route asks these same functions.
 */

/** Where a step leads when nothing is left to ask. */
export const CHECK = 'check';

/**
 * The last list worked out for an answers object. Answers are never changed in place (a change
 * makes a new object), and one request asks for the same answers' steps several times (the gap,
 * the next page, the back link), each time running every step's rules.
 */
const applicableByAnswers = new WeakMap<JourneyAnswers, { journey: Journey; council: JourneyContext['council']; today: string; steps: readonly Step[] }>();

/** The steps that apply to these answers, in order. */
export function applicableSteps(journey: Journey, ctx: JourneyContext): readonly Step[] {
  const known = applicableByAnswers.get(ctx.answers);
  if (known && known.journey === journey && known.council === ctx.council && known.today === ctx.today) return known.steps;
  const steps = Object.freeze(journey.steps.filter((s) => s.applies?.(ctx) ?? true));
  applicableByAnswers.set(ctx.answers, { journey, council: ctx.council, today: ctx.today, steps });
  return steps;
}

/** A step by id, whether or not it applies. */
export function findStep(journey: Journey, id: string): Step | undefined {
  return journey.steps.find((s) => s.id === id);
}

const isAnswered = (ctx: JourneyContext, step: Step) => ctx.answers[step.id] !== undefined;

/** The first applicable step without an answer, if any. */
export function firstIncompleteStep(journey: Journey, ctx: JourneyContext): string | undefined {
  return applicableSteps(journey, ctx).find((s) => !isAnswered(ctx, s))?.id;
}

/**
 * Where to go after a step: the journey's stop page when the person chose not to send; when
 * returning to check answers, the next applicable step still unanswered; otherwise the next
 * applicable step; `check` at the end.
 */
export function nextStep(journey: Journey, ctx: JourneyContext, stepId: string, returningToCheck: boolean): string {
  if (journey.stop?.when(ctx)) return journey.stop.page;
  const list = applicableSteps(journey, ctx);
  const rest = list.slice(list.findIndex((s) => s.id === stepId) + 1);
  if (returningToCheck) return rest.find((s) => !isAnswered(ctx, s))?.id ?? CHECK;
  return rest[0]?.id ?? CHECK;
}

/** The step before this one, for the back link; undefined on the first. */
export function previousStep(journey: Journey, ctx: JourneyContext, stepId: string): string | undefined {
  const list = applicableSteps(journey, ctx);
  const index = list.findIndex((s) => s.id === stepId);
  return index > 0 ? list[index - 1]?.id : undefined;
}

/**
 * Where someone opening this step must go instead: a step that does not apply, or one after a
 * question still unanswered, sends them to the first gap (pages are answered in order).
 */
export function redirectForStep(journey: Journey, ctx: JourneyContext, stepId: string): string | undefined {
  const list = applicableSteps(journey, ctx);
  const index = list.findIndex((s) => s.id === stepId);
  const gap = list.findIndex((s) => !isAnswered(ctx, s));
  if (index === -1) return list[gap]?.id ?? CHECK;
  if (gap !== -1 && gap < index) return list[gap]?.id;
  return undefined;
}

/**
 * Drops answers to steps that no longer apply, repeating until nothing changes, because one
 * step's answers can decide whether a later step applies.
 */
export function pruneAnswers(journey: Journey, ctx: JourneyContext): JourneyAnswers {
  let answers = ctx.answers;
  for (let i = 0; i < journey.steps.length; i++) {
    const applicable = new Set(applicableSteps(journey, { ...ctx, answers }).map((s) => s.id));
    const kept = Object.fromEntries(Object.entries(answers).filter(([id]) => applicable.has(id)));
    // The same object when nothing was dropped, so what was worked out for it is used again.
    if (Object.keys(kept).length === Object.keys(answers).length) return answers;
    answers = kept;
  }
  return answers;
}

/** The answers with this step's values saved and anything that no longer applies dropped. */
export function withAnswer(journey: Journey, ctx: JourneyContext, stepId: string, values: JourneyAnswers[string]): JourneyContext {
  const next = { ...ctx, answers: { ...ctx.answers, [stepId]: values } };
  return { ...next, answers: pruneAnswers(journey, next) };
}

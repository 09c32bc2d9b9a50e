import { renderMessage, type Words } from '../../domain/copy.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import { flattenFields, toFieldAnchor, type PageSpec } from '../field-spec.ts';
import { parsePage, type FormErrors, type PageValues, type RawValues } from '../page-schema.ts';
import type { Journey, JourneyContext, Step } from './journey.ts';
import { journeyValues } from './resolve.ts';

/** Orders messages keyed by field name as the fields appear on the page, each linking to its input. */
function toOrderedErrors(page: PageSpec, byField: Record<string, string>): FormErrors {
  const summary = flattenFields(page.fields)
    .filter((field) => field.name in byField)
    .map((field) => ({ text: byField[field.name] as string, href: `#${toFieldAnchor(field)}` }));
  return { summary, byField };
}

/** Validates a step's posted values against its page, then the step's own cross-field checks. */
export function parseStep(journey: Journey, step: Step, page: PageSpec, raw: RawValues, ctx: JourneyContext, words: Words): Result<PageValues, FormErrors> {
  const parsed = parsePage(page, raw, { today: ctx.today });
  if (!parsed.ok || !step.refine) return parsed;
  const refined = step.refine(parsed.value, ctx);
  if (refined.ok) return ok(refined.value);
  const values = { ...journeyValues(journey, ctx), ...step.values?.(ctx) };
  const byField = Object.fromEntries(
    Object.entries(refined.error).map(([name, m]) => [name, renderMessage(words.t, { key: m.key, values: { ...values, ...m.values } })]),
  );
  return err(toOrderedErrors(page, byField));
}

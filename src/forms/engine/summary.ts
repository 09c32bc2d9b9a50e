import type { AnswerRow } from '../../domain/case-record.ts';
import type { Words } from '../../domain/copy.ts';
import { formatDate, formatMonth } from '../../domain/dates.ts';
import { flattenFields, type FieldSpec } from '../field-spec.ts';
import type { PageValues } from '../page-schema.ts';
import type { Journey, JourneyContext } from './journey.ts';
import { resolveStepPage } from './resolve.ts';
import { applicableSteps } from './walk.ts';

/** A check answers row: the question and answer as the person saw them, and which answer it is. */
export interface SummaryRow extends AnswerRow {
  /** The step that asked it, where its change link goes. */
  stepId: string;
  /** The field it answers. */
  field: string;
}

/** An answer as words: option labels for choices, dates as GOV.UK writes them, one line per item. */
function describeValue(field: FieldSpec, raw: PageValues[string]): string | undefined {
  if (raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return undefined;
  switch (field.kind) {
    case 'radios':
    case 'checkboxes': {
      const chosen = Array.isArray(raw) ? raw : [raw];
      return chosen.map((v) => field.options.find((o) => o.value === v)?.label ?? v).join('\n');
    }
    case 'date':
      return field.precision === 'full' ? formatDate(String(raw)) : formatMonth(String(raw));
    default:
      return Array.isArray(raw) ? raw.join('\n') : raw;
  }
}

/**
 * A question as a row names it: without the "(optional)" its page shows, because an answer that is
 * there needs no such warning (GOV.UK's check answers pattern). The suffix is the catalogue's, so
 * each locale's own is taken off.
 * @example toRowQuestion('Address line 2 (optional)', '(optional)') // 'Address line 2'
 */
export function toRowQuestion(label: string, optionalSuffix: string): string {
  const trimmed = label.trimEnd();
  return optionalSuffix !== '' && trimmed.endsWith(optionalSuffix) ? trimmed.slice(0, -optionalSuffix.length).trimEnd() : label;
}

/** Check answers rows for every answered applicable step, in journey order; also the team email's answers. */
export function toSummaryRows(journey: Journey, ctx: JourneyContext, words: Words): SummaryRow[] {
  const optionalSuffix = words.t('form.optionalSuffix');
  const rows: SummaryRow[] = [];
  for (const step of applicableSteps(journey, ctx)) {
    const answers = ctx.answers[step.id];
    if (!answers) continue;
    const section = words.t(`${journey.id}.sections.${step.section}`);
    for (const field of flattenFields(resolveStepPage(journey, step, ctx, words).fields)) {
      const answer = describeValue(field, answers[field.name]);
      if (answer !== undefined) rows.push({ section, question: toRowQuestion(field.label, optionalSuffix), answer, stepId: step.id, field: field.name });
    }
  }
  return rows;
}

import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../../src/domain/case-summary.ts';
import type { Journey } from '../../../../src/forms/engine/journey.ts';
import { resolveCheckPage, resolveStepPage } from '../../../../src/forms/engine/resolve.ts';
import { applicableSteps, firstIncompleteStep } from '../../../../src/forms/engine/walk.ts';
import { flattenFields, type FieldSpec, type PageSpec } from '../../../../src/forms/field-spec.ts';
import { advocacyJourney } from '../../../../src/forms/journeys/advocacy.ts';
import { complaintJourney } from '../../../../src/forms/journeys/complaint/journey.ts';
import { feedbackJourney } from '../../../../src/forms/journeys/feedback.ts';
import { createJourneyRegistry, serviceJourneys } from '../../../../src/forms/journeys/index.ts';
import { reviewJourney } from '../../../../src/forms/journeys/review.ts';
import { parsePage, type PageValues, type RawValues } from '../../../../src/forms/page-schema.ts';
import { completeJourneys, createJourneyContext, journeyToday } from '../../../fixtures/journeys.ts';
import { sampleJourney } from '../../../fixtures/sample-journey.ts';
import { exampleCouncil } from '../../../helpers/councils.ts';
import { createTestCopy } from '../../../helpers/copy.ts';

const copy = createTestCopy(exampleCouncil());

/** What a browser would post for stored values: dates split back into their boxes. */
function toRawValues(page: PageSpec, values: PageValues): RawValues {
  const raw: RawValues = {};
  for (const field of flattenFields(page.fields)) {
    const value = values[field.name];
    if (value === undefined) continue;
    if (field.kind === 'date' && typeof value === 'string') {
      const [year, month, day] = value.split('-');
      raw[`${field.name}-year`] = year;
      raw[`${field.name}-month`] = month;
      if (field.precision === 'full') raw[`${field.name}-day`] = day;
    } else raw[field.name] = value;
  }
  return raw;
}

describe('createJourneyRegistry', () => {
  const registry = createJourneyRegistry([...serviceJourneys, sampleJourney]);
  const summaryOf = (kind: string): CaseSummary => ({ kind, reference: 'X', journey: 'sample' }) as unknown as CaseSummary;

  it.each([
    ['complaint', complaintJourney],
    ['review', reviewJourney],
    // The advocacy request lives at /advocate.
    ['advocate', advocacyJourney],
    ['feedback', feedbackJourney],
    ['sample', sampleJourney],
    ['advocacy', undefined],
  ])('finds the journey at /%s', (path, journey) => {
    expect(registry.byPath(path)).toBe(journey);
  });

  it.each([
    ['complaint', complaintJourney],
    ['escalation', reviewJourney],
    ['advocacy', advocacyJourney],
    ['feedback', feedbackJourney],
    // Any other journey's request names its journey.
    ['request', sampleJourney],
  ])('shows a case of kind %s on its journey’s confirmation page', (kind, journey) => {
    expect(registry.ofCase(summaryOf(kind))).toBe(journey);
  });

  it('refuses two journeys at one address', () => {
    expect(() => createJourneyRegistry([complaintJourney, { ...sampleJourney, path: 'complaint' }])).toThrow('Two journeys share an address');
  });
});

describe.each(serviceJourneys.map((journey) => [journey.id, journey] as const))('the %s journey', (_, journey: Journey) => {
  it('has a unique id for every step', () => {
    const ids = journey.steps.map((s) => s.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('names no step after a page of its own (check answers, a page between steps, the stop page)', () => {
    const pages = [
      'check',
      'confirmation',
      'session-expired',
      'start',
      ...(journey.interruptions ?? []).map((i) => i.page),
      ...(journey.stop ? [journey.stop.page] : []),
    ];
    expect(journey.steps.map((s) => s.id).filter((id) => pages.includes(id))).toEqual([]);
  });
});

describe.each(completeJourneys)('$name', ({ journey, answers, check }) => {
  const ctx = createJourneyContext(answers);

  it.each(Object.entries(answers))('holds exactly what the %s page stores', (stepId, values) => {
    const step = journey.steps.find((s) => s.id === stepId)!;
    const page = resolveStepPage(journey, step, ctx, copy);
    expect(parsePage(page, toRawValues(page, values), { today: journeyToday })).toEqual({ ok: true, value: values });
  });

  it('answers every step that applies and nothing else', () => {
    expect(firstIncompleteStep(journey, ctx)).toBeUndefined();
    expect(
      applicableSteps(journey, ctx)
        .map((s) => s.id)
        .sort(),
    ).toEqual(Object.keys(answers).sort());
  });

  it('gives check answers what its page accepts', () => {
    expect(parsePage(resolveCheckPage(journey, ctx, copy), check, { today: journeyToday })).toEqual({ ok: true, value: check });
  });
});

describe('messages built from a field’s name', () => {
  // Every field of every page of every complete journey (conditional reveals included).
  const fields = completeJourneys.flatMap(({ name, journey, answers }) => {
    const ctx = createJourneyContext(answers);
    return journey.steps.flatMap((step) =>
      flattenFields(resolveStepPage(journey, step, ctx, copy).fields).map((field) => [`${name}: ${step.id} ${field.name}`, field] as const),
    );
  });
  const textFields = fields.flatMap(([key, field]) => (field.kind === 'text' || field.kind === 'textarea' ? [[key, field] as const] : []));
  const isAge = (field: FieldSpec) => field.kind === 'text' && field.format === 'age';

  const messageFor = (field: FieldSpec, input: string): string => {
    const result = parsePage({ id: 'p', title: 'p', fields: [field], submitLabel: 'Continue' }, { [field.name]: input }, { today: journeyToday });
    return result.ok ? '' : (result.error.byField[field.name] ?? '');
  };
  // A message built from a label must read as a statement: "Full name must be…", not "What is your name? must be…".
  const badlyWorded = (message: string) => /\?|\(optional\)/.test(message);

  it('say a text is too long as a statement', () => {
    // Age boxes are short because ages are; their own messages are checked below.
    const messages = textFields.filter(([, f]) => !isAge(f)).map(([key, field]) => [key, messageFor(field, 'x'.repeat(field.maxLength + 1))] as const);
    expect(messages.filter(([, message]) => !/ must be [\d,]+ characters or less$/.test(message) || badlyWorded(message))).toEqual([]);
  });

  it('say an age is wrong as a statement', () => {
    const ages = textFields.filter(([, f]) => isAge(f));
    const messages = ages.flatMap(([key, field]) => ['x', '31'].map((input) => [key, messageFor(field, input)] as const));
    expect(ages.length).toBeGreaterThan(0);
    expect(messages.filter(([, message]) => !/ must be (a number, like 12|30 or less)$/.test(message) || badlyWorded(message))).toEqual([]);
  });
});

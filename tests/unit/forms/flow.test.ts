import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../src/domain/result.ts';
import {
  findFirstIncompleteStep,
  findFlowStep,
  findNextStep,
  findPreviousStep,
  parseFlowStep,
  pruneFlowAnswers,
  readAnswer,
  toApplicableSteps,
  toFlowSummaryRows,
  type Flow,
} from '../../../src/forms/flow.ts';
import type { JourneyAnswers } from '../../../src/forms/journey.ts';
import { createJourneyContext } from '../../fixtures/journeys.ts';

/** A small journey: a yes/no, a page only for "yes", then a date and a text page. */
const flow: Flow = {
  id: 'feedback',
  basePath: '/example',
  noun: 'thing',
  steps: [
    {
      id: 'first',
      section: 'One',
      applies: () => true,
      page: () => ({ id: 'first', title: 'First?', fields: [{ kind: 'radios', name: 'first', label: 'First?', required: 'Select yes or no', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] }] }),
    },
    {
      id: 'only-yes',
      section: 'One',
      applies: (ctx) => readAnswer(ctx, 'first', 'first') === 'yes',
      page: () => ({ id: 'only-yes', title: 'Why?', fields: [{ kind: 'text', name: 'why', label: 'Why?', required: 'Enter why', maxLength: 10 }] }),
      refine: (values) => (values['why'] === 'bad' ? err({ why: 'Not that' }) : ok({ ...values, why: String(values['why']).toUpperCase() })),
    },
    {
      id: 'when',
      section: 'Two',
      applies: () => true,
      page: () => ({ id: 'when', title: 'When?', fields: [{ kind: 'date', name: 'when', label: 'When?', precision: 'full', past: true, required: 'Enter the date', noun: 'the date' }] }),
    },
    {
      id: 'last',
      section: 'Two',
      applies: () => true,
      page: () => ({ id: 'last', title: 'Last', fields: [{ kind: 'textarea', name: 'note', label: 'Note (optional)', maxLength: 100 }] }),
    },
  ],
  checkPage: () => ({ id: 'check', title: 'Check', fields: [] }),
};

const ctxWith = (answers: JourneyAnswers) => createJourneyContext(answers);
const ids = (answers: JourneyAnswers) => toApplicableSteps(flow, ctxWith(answers)).map((s) => s.id);

describe('toApplicableSteps', () => {
  it.each([
    [{}, ['first', 'when', 'last']],
    [{ first: { first: 'yes' } }, ['first', 'only-yes', 'when', 'last']],
    [{ first: { first: 'no' } }, ['first', 'when', 'last']],
  ])('with %j applies %j', (answers, expected) => {
    expect(ids(answers)).toEqual(expected);
  });
});

describe('findFlowStep', () => {
  it('finds a step by id, and nothing for an unknown one', () => {
    expect(findFlowStep(flow, 'when')?.section).toBe('Two');
    expect(findFlowStep(flow, 'check')).toBeUndefined();
  });
});

describe('findFirstIncompleteStep', () => {
  it.each([
    [{}, 'first'],
    [{ first: { first: 'yes' } }, 'only-yes'],
    [{ first: { first: 'no' }, when: { when: '2026-01-01' } }, 'last'],
    [{ first: { first: 'no' }, when: { when: '2026-01-01' }, last: {} }, undefined],
  ])('with %j is %s', (answers, expected) => {
    expect(findFirstIncompleteStep(flow, ctxWith(answers))).toBe(expected);
  });
});

describe('findNextStep', () => {
  it('goes to the next applicable step, and to check answers at the end', () => {
    const ctx = ctxWith({ first: { first: 'no' } });
    expect(findNextStep(flow, ctx, 'first', false)).toBe('when');
    expect(findNextStep(flow, ctx, 'last', false)).toBe('check');
  });

  it('returns to check answers through any new question a change needs', () => {
    const complete = { first: { first: 'no' }, when: { when: '2026-01-01' }, last: {} };
    expect(findNextStep(flow, ctxWith({ ...complete, first: { first: 'yes' } }), 'first', true)).toBe('only-yes');
    expect(findNextStep(flow, ctxWith(complete), 'first', true)).toBe('check');
  });
});

describe('findPreviousStep', () => {
  it('skips steps that do not apply, and has none before the first', () => {
    expect(findPreviousStep(flow, ctxWith({ first: { first: 'no' } }), 'when')).toBe('first');
    expect(findPreviousStep(flow, ctxWith({ first: { first: 'yes' } }), 'when')).toBe('only-yes');
    expect(findPreviousStep(flow, ctxWith({}), 'first')).toBeUndefined();
  });
});

describe('pruneFlowAnswers', () => {
  it('drops answers to steps that no longer apply', () => {
    const answers = { first: { first: 'no' }, 'only-yes': { why: 'BECAUSE' }, when: { when: '2026-01-01' } };
    expect(pruneFlowAnswers(flow, ctxWith(answers))).toEqual({ first: { first: 'no' }, when: { when: '2026-01-01' } });
  });
});

describe('parseFlowStep', () => {
  const ctx = ctxWith({ first: { first: 'yes' } });
  const step = findFlowStep(flow, 'only-yes')!;
  const page = step.page(ctx);

  it('runs the page engine first, with its own message', () => {
    expect(parseFlowStep(step, page, {}, ctx)).toEqual({ ok: false, error: { summary: [{ text: 'Enter why', href: '#why' }], byField: { why: 'Enter why' } } });
  });

  it('then the step’s own check, linked to its field', () => {
    expect(parseFlowStep(step, page, { why: 'bad' }, ctx)).toEqual({ ok: false, error: { summary: [{ text: 'Not that', href: '#why' }], byField: { why: 'Not that' } } });
  });

  it('keeps the values the step’s check tidied', () => {
    expect(parseFlowStep(step, page, { why: 'fine' }, ctx)).toEqual({ ok: true, value: { why: 'FINE' } });
  });

  it('validates dates against today in England', () => {
    const dateStep = findFlowStep(flow, 'when')!;
    const result = parseFlowStep(dateStep, dateStep.page(ctx), { 'when-day': '1', 'when-month': '1', 'when-year': '2099' }, ctx);
    expect(result.ok ? undefined : result.error.byField).toEqual({ when: 'The date must be today or in the past' });
  });
});

describe('toFlowSummaryRows', () => {
  it('lists answered questions in journey order, with dates and choices in words', () => {
    const rows = toFlowSummaryRows(flow, ctxWith({ first: { first: 'yes' }, 'only-yes': { why: 'BECAUSE' }, when: { when: '2026-03-27' }, last: {} }));
    expect(rows.map(({ section, question, answer, stepId }) => [section, question, answer, stepId])).toEqual([
      ['One', 'First?', 'Yes', 'first'],
      ['One', 'Why?', 'BECAUSE', 'only-yes'],
      ['Two', 'When?', '27 March 2026', 'when'],
    ]);
  });
});

describe('readAnswer', () => {
  it('reads a stored string, and nothing for a list, an empty string or a gap', () => {
    const ctx = ctxWith({ a: { s: 'x', l: ['y'], e: '' } });
    expect([readAnswer(ctx, 'a', 's'), readAnswer(ctx, 'a', 'l'), readAnswer(ctx, 'a', 'e'), readAnswer(ctx, 'b', 's')]).toEqual(['x', undefined, undefined, undefined]);
  });
});

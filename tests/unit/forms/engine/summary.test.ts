import { describe, expect, it } from 'vitest';
import { toSummaryRows } from '../../../../src/forms/engine/summary.ts';
import { createJourneyContext } from '../../../fixtures/journeys.ts';
import { createSampleCopy, sampleJourney } from '../../../fixtures/sample-journey.ts';

const words = createSampleCopy();
const rowsFor = (answers: Parameters<typeof createJourneyContext>[0]) => toSummaryRows(sampleJourney, createJourneyContext(answers), words);

describe('toSummaryRows', () => {
  it('lists answered questions in journey order under their sections, with dates and choices in words', () => {
    const rows = rowsFor({
      who: { who: 'adult' },
      reason: { why: 'MORE' },
      more: { more: 'Details' },
      when: { when: '2026-03-27' },
      contact: { nickname: 'Sam' },
      last: {},
    });
    expect(rows).toEqual([
      { section: 'Part one', question: 'Who are you?', answer: 'An adult', stepId: 'who', field: 'who' },
      { section: 'Part one', question: 'Why?', answer: 'MORE', stepId: 'reason', field: 'why' },
      { section: 'Part one', question: 'Tell us more', answer: 'Details', stepId: 'more', field: 'more' },
      { section: 'Part two', question: 'When was it?', answer: '27 March 2026', stepId: 'when', field: 'when' },
      { section: 'Part two', question: 'Nickname (optional)', answer: 'Sam', stepId: 'contact', field: 'nickname' },
    ]);
  });

  it('has no rows for answers to a step that no longer applies', () => {
    const rows = rowsFor({ who: { who: 'child' }, age: { age: '12' }, reason: { why: 'LEFT OVER' } });
    expect(rows.map((r) => r.stepId)).toEqual(['who', 'age']);
  });

  it.each([
    ['an optional page left empty', { last: {} }, ['who']],
    ['an empty answer', { contact: { phone: '', nickname: 'Sam' } }, ['who', 'nickname']],
  ])('has no row for %s', (_, answers, fields) => {
    expect(rowsFor({ who: { who: 'adult' }, ...answers }).map((r) => r.field)).toEqual(fields);
  });
});

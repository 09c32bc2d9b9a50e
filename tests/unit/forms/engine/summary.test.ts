import { describe, expect, it } from 'vitest';
import { toRowQuestion, toSummaryRows } from '../../../../src/forms/engine/summary.ts';
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
      // Its page says "Nickname (optional)": an answer that is there needs no such warning.
      { section: 'Part two', question: 'Nickname', answer: 'Sam', stepId: 'contact', field: 'nickname' },
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

describe('toRowQuestion', () => {
  it.each([
    ['Address line 2 (optional)', '(optional)', 'Address line 2'],
    // A question that is its page's heading.
    ['Is there anything the advocate should know? (optional)', '(optional)', 'Is there anything the advocate should know?'],
    // Another locale's suffix.
    ['Cyfeiriad llinell 2 (dewisol)', '(dewisol)', 'Cyfeiriad llinell 2'],
    // Only at the end: the word elsewhere is part of the question.
    ['Which (optional) extras?', '(optional)', 'Which (optional) extras?'],
    ['Full name', '(optional)', 'Full name'],
  ])('names %j without the suffix %j', (label, suffix, question) => {
    expect(toRowQuestion(label, suffix)).toBe(question);
  });

  it('leaves a label alone when the catalogue has no suffix', () => {
    expect(toRowQuestion('Nickname (optional)', '')).toBe('Nickname (optional)');
  });
});

describe('toSummaryRows without "(optional)"', () => {
  it('takes the catalogue’s suffix off a question that is its page’s heading', () => {
    const rows = rowsFor({ who: { who: 'adult' }, reason: { why: 'X' }, when: { when: '2026-03-27' }, last: { note: 'A note' } });
    expect(rows.find((r) => r.field === 'note')?.question).toBe('Is there anything else?');
  });
});

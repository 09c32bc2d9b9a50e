import { describe, expect, it } from 'vitest';
import { parseStep } from '../../../../src/forms/engine/parse.ts';
import { resolveStepPage } from '../../../../src/forms/engine/resolve.ts';
import { findStep } from '../../../../src/forms/engine/walk.ts';
import type { RawValues } from '../../../../src/forms/page-schema.ts';
import { createJourneyContext } from '../../../fixtures/journeys.ts';
import { createSampleCopy, sampleJourney } from '../../../fixtures/sample-journey.ts';

const words = createSampleCopy();
const ctx = createJourneyContext({ who: { who: 'adult' } });

/** Posts raw values to one of the sample journey's steps, as its page would. */
function post(stepId: string, raw: RawValues) {
  const step = findStep(sampleJourney, stepId)!;
  return parseStep(sampleJourney, step, resolveStepPage(sampleJourney, step, ctx, words), raw, ctx, words);
}

describe('parseStep', () => {
  it.each([
    // The page's own checks come first, with the page's message…
    ['nothing', {}, 'Enter why'],
    ['too much', { why: 'x'.repeat(11) }, 'The reason must be 10 characters or less'],
    // …then the step's own check, in the catalogue's words.
    ['what the step refuses', { why: 'bad' }, 'Not that'],
  ])('refuses %s with the message linked to its field', (_, raw, text) => {
    expect(post('reason', raw)).toEqual({ ok: false, error: { summary: [{ text, href: '#why' }], byField: { why: text } } });
  });

  it('keeps the values the step’s check tidied', () => {
    expect(post('reason', { why: 'fine' })).toEqual({ ok: true, value: { why: 'FINE' } });
  });

  it('takes the values of a step without a check of its own as the page gives them', () => {
    expect(post('when', { 'when-day': '1', 'when-month': '2', 'when-year': '2026' })).toEqual({ ok: true, value: { when: '2026-02-01' } });
  });

  it.each([
    // The day after `journeyToday`.
    [{ 'when-day': '23', 'when-month': '11', 'when-year': '2026' }, { ok: false }],
    // `journeyToday` itself.
    [{ 'when-day': '22', 'when-month': '11', 'when-year': '2026' }, { ok: true }],
  ])('judges "in the past" against the journey’s today (%j)', (raw, expected) => {
    expect(post('when', raw)).toMatchObject(expected);
  });
});

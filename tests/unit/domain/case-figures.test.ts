import { describe, expect, it } from 'vitest';
import { caseFiguresSchema, parseCaseFigures, toCompletionBand } from '../../../src/domain/case-figures.ts';
import { completeJourneys, createJourneyContext } from '../../fixtures/journeys.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

const copy = createTestCopy(exampleCouncil());
/** Sunday 22 November 2026 at noon: received on Monday 23 November. */
const SENT = new Date('2026-11-22T12:00:00.000Z');
const MINUTE = 60_000;

const figuresOf = (index: number, startedAt?: number) => {
  const { journey, answers, check } = completeJourneys[index]!;
  return journey.submission.build({
    ctx: createJourneyContext(answers),
    check,
    reference: 'CSC-7K4M-2P9X',
    now: SENT,
    t: copy.t,
    rows: [{ section: 'About you', question: 'Your name', answer: 'Chris' }],
    referenceKnown: true,
    startedAt,
  }).figures;
};

describe('toCaseFigures, through each journey’s Send', () => {
  it.each(completeJourneys.map((journey, index) => [journey.name, index] as const))('gives %s facts the schema accepts', (_name, index) => {
    expect(caseFiguresSchema.safeParse(figuresOf(index)).success).toBe(true);
  });

  it('keeps the month and working weekday of receipt, not the day', () => {
    expect(figuresOf(0)).toMatchObject({ month: '2026-11', weekday: 'monday' });
    expect(JSON.stringify(figuresOf(0))).not.toMatch(/2026-11-2\d/);
  });

  it('records a parent’s complaint with its route, rules, category and services', () => {
    expect(figuresOf(0)).toMatchObject({ kind: 'complaint', category: 'parent', path: 'adult', safeguarding: false, outOfTime: false });
  });

  it('records a child’s complaint on the child’s path, with the advocate they asked for', () => {
    expect(figuresOf(1)).toMatchObject({ kind: 'complaint', category: 'child', path: 'child', advocacyRequested: true });
  });

  it('records a stage 2 request with its stage and whether it was late', () => {
    expect(figuresOf(2)).toMatchObject({ kind: 'escalation', stage: 2, late: expect.any(Boolean) });
  });

  it('records a compliment as feedback of that kind', () => {
    expect(figuresOf(5)).toMatchObject({ kind: 'feedback', feedbackKind: 'compliment' });
  });

  it('bands the time taken, and leaves it out when the start is not known', () => {
    expect(figuresOf(0, SENT.getTime() - 25 * MINUTE)).toMatchObject({ timeToComplete: '10_to_30_minutes' });
    expect(figuresOf(0)).not.toHaveProperty('timeToComplete');
  });
});

describe('toCompletionBand', () => {
  it.each([
    [0, 'under_10_minutes'],
    [10 * MINUTE - 1, 'under_10_minutes'],
    [10 * MINUTE, '10_to_30_minutes'],
    [30 * MINUTE, '30_to_60_minutes'],
    [60 * MINUTE, '1_to_24_hours'],
    [24 * 60 * MINUTE, 'over_a_day'],
  ])('puts %i ms in %s', (ms, band) => {
    expect(toCompletionBand(ms)).toBe(band);
  });
});

describe('the figures schema', () => {
  it('refuses anything it does not list, such as a name', () => {
    expect(parseCaseFigures({ ...figuresOf(0), name: 'Jane Example' })).toBeUndefined();
  });

  it('refuses a full date where the month goes', () => {
    expect(parseCaseFigures({ ...figuresOf(0), month: '2026-11-23' })).toBeUndefined();
  });

  it('refuses free text where a service id goes', () => {
    expect(parseCaseFigures({ ...figuresOf(0), services: ['My social worker, Ann Example'] })).toBeUndefined();
  });
});

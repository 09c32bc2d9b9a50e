import { describe, expect, it } from 'vitest';
import type { KnowledgeDate } from '../../../src/domain/answers.ts';
import { renderMessage } from '../../../src/domain/copy.ts';
import { toLondonDateTime } from '../../../src/domain/dates.ts';
import { addCalendarMonths, checkTimeLimit, type TimeLimitInput } from '../../../src/domain/time-limit.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

const exact = (date: string): KnowledgeDate => ({ kind: 'exact', date });

const { t } = createTestCopy(exampleCouncil());

/** The check with its reason for staff in the catalogue's words. */
function check(input: TimeLimitInput) {
  const result = checkTimeLimit(input);
  return { ...result, reason: renderMessage(t, result.reason) };
}

describe('addCalendarMonths', () => {
  it.each([
    // An ordinary day keeps its number.
    ['2025-11-15', 3, '2026-02-15', false],
    // 31 March has no 30 April twin, so the month's last day is used.
    ['2025-03-31', 1, '2025-04-30', true],
    // Into a leap February.
    ['2024-01-31', 1, '2024-02-29', true],
    // Into an ordinary February.
    ['2025-01-31', 1, '2025-02-28', true],
    // Across a year end.
    ['2025-12-31', 2, '2026-02-28', true],
    // 29 February a year on.
    ['2024-02-29', 12, '2025-02-28', true],
    // 29 February four years on still exists.
    ['2024-02-29', 48, '2028-02-29', false],
    // Going back.
    ['2025-03-31', -1, '2025-02-28', true],
  ])('adds to %s %i months giving %s', (date, months, expected, clamped) => {
    expect(addCalendarMonths(date, months)).toEqual({ date: expected, clamped });
  });
});

describe('checkTimeLimit', () => {
  describe('with an exact date', () => {
    it.each([
      // The day before the anniversary.
      ['2026-03-14', 'in_time'],
      // The anniversary itself is the last day in time.
      ['2026-03-15', 'in_time'],
      // The day after.
      ['2026-03-16', 'out_of_time'],
    ] as const)('received %s is %s', (receivedDate, status) => {
      const result = check({ when: exact('2025-03-15'), receivedDate, months: 12 });
      expect(result.status).toBe(status);
      expect(result.outOfTimeFromEvent).toBe(status === 'out_of_time');
      expect(result.latestEventDate).toBe('2025-03-15');
      expect(result.limitFromEvent).toBe('2026-03-15');
    });

    it('explains the dates to staff in words', () => {
      const result = check({ when: exact('2025-03-31'), receivedDate: '2026-04-01', months: 12 });
      expect(result.reason).toBe('Out of time: latest event 31 March 2025; last day in time 31 March 2026 (12 months on); received 1 April 2026.');
    });

    it('takes the number of months from the caller', () => {
      const result = check({ when: exact('2025-03-15'), receivedDate: '2025-09-16', months: 6 });
      expect(result).toMatchObject({ status: 'out_of_time', limitFromEvent: '2025-09-15' });
      expect(result.reason).toContain('last day in time 15 September 2025 (6 months on)');
    });

    it('clamps a 31st to the end of a shorter month', () => {
      const result = check({ when: exact('2025-03-31'), receivedDate: '2025-04-30', months: 1 });
      expect(result).toMatchObject({ status: 'in_time', limitFromEvent: '2025-04-30', leapDayAdjusted: false });
    });
  });

  describe('with a month and year', () => {
    it.each([
      ['2026-03-31', 'in_time'],
      ['2026-04-01', 'out_of_time'],
    ] as const)('counts from the last day of the month, so received %s is %s', (receivedDate, status) => {
      const result = check({ when: { kind: 'month', year: 2025, month: 3 }, receivedDate, months: 12 });
      expect(result).toMatchObject({ status, latestEventDate: '2025-03-31', limitFromEvent: '2026-03-31' });
    });

    it('says which day the month was taken as', () => {
      const result = check({ when: { kind: 'month', year: 2025, month: 3 }, receivedDate: '2026-01-10', months: 12 });
      expect(result.reason).toContain('latest event March 2025, taken as 31 March 2025, the last day of the month;');
    });
  });

  it('treats something still happening as in time', () => {
    const result = check({ when: { kind: 'ongoing' }, receivedDate: '2026-04-01', months: 12 });
    expect(result).toMatchObject({ status: 'ongoing', outOfTimeFromEvent: false, leapDayAdjusted: false });
    expect(result.latestEventDate).toBeUndefined();
    expect(result.reason).toBe('In time: still happening (received 1 April 2026).');
  });

  it('cannot check a date the person is not sure of', () => {
    const result = check({ when: { kind: 'not_sure' }, receivedDate: '2026-04-01', months: 12 });
    expect(result).toMatchObject({ status: 'unknown', outOfTimeFromEvent: false });
    expect(result.limitFromEvent).toBeUndefined();
    expect(result.reason).toContain('not sure when it happened');
  });

  it('reports a date that does not exist instead of failing', () => {
    const result = check({ when: exact('2025-02-30'), receivedDate: '2026-04-01', months: 12 });
    expect(result.status).toBe('unknown');
    expect(result.reason).toContain('the date given, "2025-02-30", is not a real date');
  });

  describe('when they found out later', () => {
    it('is out of time from the event but in time from when they found out', () => {
      const result = check({
        when: exact('2024-01-10'),
        foundOut: exact('2025-12-01'),
        receivedDate: '2026-03-01',
        months: 12,
      });
      expect(result).toMatchObject({
        status: 'out_of_time',
        outOfTimeFromEvent: true,
        limitFromKnowledge: '2026-12-01',
        outOfTimeFromKnowledge: false,
      });
      expect(result.reason).toContain(
        'Counting from when they found out, 1 December 2025: last day in time 1 December 2026 (12 months on), so in time on that basis.',
      );
    });

    it('is out of time on both bases when they found out long ago', () => {
      const result = check({
        when: exact('2024-01-10'),
        foundOut: { kind: 'month', year: 2024, month: 6 },
        receivedDate: '2026-03-01',
        months: 12,
      });
      expect(result).toMatchObject({ limitFromKnowledge: '2025-06-30', outOfTimeFromKnowledge: true, outOfTimeFromEvent: true });
    });

    it('leaves the knowledge basis out when they did not say', () => {
      const result = check({ when: exact('2024-01-10'), receivedDate: '2026-03-01', months: 12 });
      expect(result.outOfTimeFromKnowledge).toBeUndefined();
      expect(result.limitFromKnowledge).toBeUndefined();
    });
  });

  describe('on 29 February', () => {
    it.each([
      ['2025-02-28', 'in_time'],
      ['2025-03-01', 'out_of_time'],
    ] as const)('uses 28 February the next year, so received %s is %s', (receivedDate, status) => {
      const result = check({ when: exact('2024-02-29'), receivedDate, months: 12 });
      expect(result).toMatchObject({ status, limitFromEvent: '2025-02-28', leapDayAdjusted: true });
    });

    it('adjusts a February 2024 month answer the same way', () => {
      const result = check({ when: { kind: 'month', year: 2024, month: 2 }, receivedDate: '2025-01-01', months: 12 });
      expect(result).toMatchObject({ latestEventDate: '2024-02-29', limitFromEvent: '2025-02-28', leapDayAdjusted: true });
      expect(result.reason).toContain('last day in time 28 February 2025 (12 months on; there is no 29 February 2025)');
    });

    it('does not adjust when the anniversary is also a leap year', () => {
      const result = check({ when: exact('2024-02-29'), receivedDate: '2027-01-01', months: 48 });
      expect(result).toMatchObject({ limitFromEvent: '2028-02-29', leapDayAdjusted: false });
    });

    it('adjusts a 29 February found-out date too', () => {
      const result = check({ when: { kind: 'ongoing' }, foundOut: exact('2024-02-29'), receivedDate: '2025-01-01', months: 12 });
      expect(result).toMatchObject({ limitFromKnowledge: '2025-02-28', leapDayAdjusted: true });
    });
  });

  it('counts a submission at 23:30 UTC on 31 March in summer time as made on 1 April', () => {
    // 23:30 UTC is 00:30 British Summer Time the next day.
    const receivedDate = toLondonDateTime(new Date('2026-03-31T23:30:00Z')).date;
    expect(receivedDate).toBe('2026-04-01');
    const result = check({ when: exact('2025-03-31'), receivedDate, months: 12 });
    expect(result.status).toBe('out_of_time');
  });
});

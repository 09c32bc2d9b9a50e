import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toLondonDateTime } from '../../../src/domain/dates.ts';

/** 01:00 UTC on the last Sunday of a month (0-based), when the UK's clocks change. */
const clockChange = (year: number, month: number) => {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
};

/** England's date and time by the rule itself (summer time from the last Sunday of March to that of October, since 1996). */
const byTheRule = (instant: Date) => {
  const at = instant.getTime();
  const year = instant.getUTCFullYear();
  const summer = at >= clockChange(year, 2) && at < clockChange(year, 9);
  const local = new Date(at + (summer ? 3_600_000 : 0)).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
};

describe('toLondonDateTime', () => {
  it('gives the right date on each side of the clocks going forward and back, asked in turn', () => {
    // 01:00 UTC on 29 March 2026 is 02:00 BST; 01:00 UTC on 25 October 2026 is 01:00 GMT.
    expect(toLondonDateTime(new Date('2026-03-29T00:59:59.999Z'))).toEqual({ date: '2026-03-29', time: '00:59' });
    expect(toLondonDateTime(new Date('2026-03-29T01:00:00Z'))).toEqual({ date: '2026-03-29', time: '02:00' });
    expect(toLondonDateTime(new Date('2026-10-24T23:00:00Z'))).toEqual({ date: '2026-10-25', time: '00:00' });
    expect(toLondonDateTime(new Date('2026-10-24T22:59:59Z'))).toEqual({ date: '2026-10-24', time: '23:59' });
  });

  it('answers instants in the same minute alike and the next minute anew', () => {
    expect(toLondonDateTime(new Date('2026-11-30T23:59:00.001Z')).date).toBe('2026-11-30');
    expect(toLondonDateTime(new Date('2026-11-30T23:59:59.999Z')).date).toBe('2026-11-30');
    expect(toLondonDateTime(new Date('2026-12-01T00:00:00Z')).date).toBe('2026-12-01');
  });

  it('agrees with the rule for any run of instants, however close together', () => {
    const instant = fc.date({ min: new Date('1997-01-01T00:00:00Z'), max: new Date('2060-12-31T23:59:59Z'), noInvalidDate: true });
    const nearby = instant.chain((start) =>
      fc.array(fc.integer({ min: -90_000, max: 90_000 }), { minLength: 1, maxLength: 8 }).map((steps) => steps.map((ms) => new Date(start.getTime() + ms))),
    );
    fc.assert(
      fc.property(nearby, (instants) => {
        for (const at of instants) expect(toLondonDateTime(at)).toEqual(byTheRule(at));
      }),
    );
  });

  it('hands back a copy, so a caller changing it cannot change what the next caller sees', () => {
    const first = toLondonDateTime(new Date('2026-06-01T10:00:00Z'));
    first.date = '1999-01-01';
    expect(toLondonDateTime(new Date('2026-06-01T10:00:30Z')).date).toBe('2026-06-01');
  });
});

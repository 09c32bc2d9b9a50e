import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addCalendarDays, dayOfWeek, toIsoDate, toLondonDateTime } from '../../../src/domain/dates.ts';
import { createWorkingDayCalendar } from '../../../src/domain/working-days.ts';

/**
 * Bank holidays in England and Wales as published on GOV.UK (www.gov.uk/bank-holidays), weekdays
 * only, substitute days included: the list the library's dates are checked against.
 */
const publishedBankHolidays: Record<number, string[]> = {
  // New Year's Day fell on a Saturday (3 January substitute); the Spring bank holiday moved to
  // 2 June for the Platinum Jubilee on 3 June; the Queen's funeral on 19 September; Christmas
  // Day on a Sunday (27 December substitute).
  2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
  // New Year's Day on a Sunday (2 January substitute); the Coronation on 8 May.
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  // Boxing Day on a Saturday: Monday 28 December is the substitute.
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  // Christmas Day and Boxing Day on the weekend: 27 and 28 December are substitutes.
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
};

/** Easter Sunday by the anonymous Gregorian algorithm, worked out here without the library. */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toIsoDate(year, month, day);
}

const calendar = createWorkingDayCalendar();

describe('createWorkingDayCalendar', () => {
  describe('nonWorkingDaysIn', () => {
    it.each(Object.entries(publishedBankHolidays))('matches the published England and Wales bank holidays for %s', (year, dates) => {
      expect(calendar.nonWorkingDaysIn(Number(year))).toEqual(dates);
    });

    it('knows the 2035 bank holidays, so deadlines can be worked out years ahead', () => {
      // Easter Sunday 2035 is 25 March; 1 May 2035 is a Tuesday; 31 August 2035 is a Friday.
      expect(calendar.nonWorkingDaysIn(2035)).toEqual([
        '2035-01-01',
        '2035-03-23',
        '2035-03-26',
        '2035-05-07',
        '2035-05-28',
        '2035-08-27',
        '2035-12-25',
        '2035-12-26',
      ]);
    });

    it.each(Array.from({ length: 2060 - 2028 + 1 }, (_, i) => 2028 + i))('has Good Friday, Easter Monday and 8 bank holiday weekdays in %i', (year) => {
      const days = calendar.nonWorkingDaysIn(year);
      const easter = easterSunday(year);
      expect(days).toHaveLength(8);
      expect(days).toContain(addCalendarDays(easter, -2));
      expect(days).toContain(addCalendarDays(easter, 1));
      expect(days.every((d) => d.startsWith(`${year}-`) && dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6)).toBe(true);
    });

    it('adds the council extra non-working days to their year only', () => {
      const withExtra = createWorkingDayCalendar({ extraNonWorkingDays: ['2026-07-03', '2027-09-13'] });
      expect(withExtra.nonWorkingDaysIn(2026)).toEqual([...publishedBankHolidays[2026]!, '2026-07-03'].sort());
      expect(withExtra.nonWorkingDaysIn(2027)).toContain('2027-09-13');
      expect(withExtra.nonWorkingDaysIn(2027)).not.toContain('2026-07-03');
    });
  });

  describe('isWorkingDay', () => {
    it.each([
      ['2026-11-25', true], // an ordinary Wednesday
      ['2026-11-28', false], // Saturday
      ['2026-11-29', false], // Sunday
      ['2026-12-24', true], // Christmas Eve is a working day
      ['2026-12-25', false], // Christmas Day
      ['2026-12-28', false], // Boxing Day substitute (26 December 2026 is a Saturday)
      ['2026-12-29', true], // between Christmas and New Year: offices may close, but it is a working day
      ['2027-01-01', false], // New Year's Day
      ['2026-04-03', false], // Good Friday
      ['2026-04-06', false], // Easter Monday (a bank holiday in England and Wales)
      ['2026-04-07', true], // the Tuesday after Easter
      ['2023-05-08', false], // the Coronation, a one-off proclaimed bank holiday
      ['2022-09-19', false], // the Queen's funeral, a one-off proclaimed bank holiday
      ['2024-01-02', true], // 2 January: a bank holiday in Scotland only
      ['2026-01-02', true], // 2 January: a bank holiday in Scotland only
      ['2026-11-30', true], // St Andrew's Day: Scotland only
      ['2025-12-01', true], // St Andrew's Day substitute: Scotland only
      ['2026-08-03', true], // Scottish summer bank holiday (first Monday of August)
      ['2026-08-31', false], // England and Wales summer bank holiday (last Monday of August)
      ['2028-02-29', true], // leap day, a Tuesday
      ['2027-03-14', false], // Mother's Day is an observance, and a Sunday
    ])('says %s is a working day: %s', (date, expected) => {
      expect(calendar.isWorkingDay(date)).toBe(expected);
    });

    it('treats a council extra non-working day as not a working day', () => {
      const withExtra = createWorkingDayCalendar({ extraNonWorkingDays: ['2026-07-03'] });
      expect(calendar.isWorkingDay('2026-07-03')).toBe(true);
      expect(withExtra.isWorkingDay('2026-07-03')).toBe(false);
    });

    it.each(['2026-02-29', '26-11-2026', '2026-13-01', ''])('throws for "%s", which is not a date', (bad) => {
      expect(() => calendar.isWorkingDay(bad)).toThrow(RangeError);
    });

    it('throws when a council extra non-working day is not a date', () => {
      expect(() => createWorkingDayCalendar({ extraNonWorkingDays: ['2026-02-30'] })).toThrow(RangeError);
    });
  });

  describe('nextWorkingDay', () => {
    it.each([
      ['2026-11-25', '2026-11-25'], // already a working day
      ['2026-11-28', '2026-11-30'], // Saturday to Monday
      ['2026-04-03', '2026-04-07'], // Good Friday, over Easter to Tuesday
      ['2026-12-25', '2026-12-29'], // Christmas Day, Boxing Day on Saturday, substitute on Monday 28th
      ['2027-12-25', '2027-12-29'], // both substitutes on 27 and 28 December 2027
      ['2022-12-31', '2023-01-03'], // New Year's Eve on Saturday, 2 January 2023 substitute
      ['2023-05-06', '2023-05-09'], // Coronation weekend
    ])('moves %s to %s', (date, expected) => {
      expect(calendar.nextWorkingDay(date)).toBe(expected);
    });
  });

  describe('addWorkingDays', () => {
    it.each([
      ['2026-11-25', 1, '2026-11-26'], // the next day
      ['2026-11-27', 1, '2026-11-30'], // Friday to Monday
      ['2026-11-28', 1, '2026-11-30'], // from a Saturday, day 1 is Monday
      ['2026-11-20', 3, '2026-11-25'], // Friday + 3: Monday, Tuesday, Wednesday
      ['2026-12-24', 1, '2026-12-29'], // over Christmas 2026
      ['2026-12-24', 3, '2026-12-31'],
      ['2026-12-31', 1, '2027-01-04'], // over New Year's Day and a weekend
      ['2026-04-02', 1, '2026-04-07'], // over Good Friday and Easter Monday
      ['2028-02-28', 1, '2028-02-29'], // into a leap day
      ['2028-02-25', 2, '2028-02-29'], // Friday + 2: Monday 28, Tuesday 29
      ['2026-11-25', 0, '2026-11-25'], // zero days gives the date back
    ])('counts from %s plus %i working days to %s', (date, n, expected) => {
      expect(calendar.addWorkingDays(date, n)).toBe(expected);
    });

    it('counts 65 working days from December into the next year', () => {
      // Hand check from Tuesday 1 December 2026: 2–4 Dec (3), 7–11 (8), 14–18 (13), 21–24 (17);
      // 25 Dec and Monday 28 Dec (Boxing Day substitute) are skipped; 29–31 Dec (20);
      // 1 Jan 2027 skipped; 4–8 Jan (25), 11–15 (30), 18–22 (35), 25–29 (40), 1–5 Feb (45),
      // 8–12 (50), 15–19 (55), 22–26 (60), 1–5 Mar (65): Friday 5 March 2027.
      expect(calendar.addWorkingDays('2026-12-01', 65)).toBe('2027-03-05');
    });

    it('skips a council extra non-working day', () => {
      const withExtra = createWorkingDayCalendar({ extraNonWorkingDays: ['2026-07-03'] });
      expect(calendar.addWorkingDays('2026-07-02', 1)).toBe('2026-07-03');
      expect(withExtra.addWorkingDays('2026-07-02', 1)).toBe('2026-07-06');
    });

    it.each([-1, 1.5, Number.NaN])('throws for %s working days', (n) => {
      expect(() => calendar.addWorkingDays('2026-11-25', n)).toThrow(RangeError);
    });

    const londonDateIn2020To2040 = fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-12-31T23:59:59Z'), noInvalidDate: true })
      .map((instant) => toLondonDateTime(instant).date);

    it('always lands on a working day strictly after the start, with exactly N working days counted', () => {
      fc.assert(
        fc.property(londonDateIn2020To2040, fc.integer({ min: 1, max: 100 }), (start, n) => {
          const end = calendar.addWorkingDays(start, n);
          expect(calendar.isWorkingDay(end)).toBe(true);
          expect(end > start).toBe(true);
          let counted = 0;
          for (let day = addCalendarDays(start, 1); day <= end; day = addCalendarDays(day, 1)) {
            if (calendar.isWorkingDay(day)) counted += 1;
          }
          expect(counted).toBe(n);
        }),
      );
    });

    it('gives a later date for one more working day', () => {
      fc.assert(
        fc.property(londonDateIn2020To2040, fc.integer({ min: 1, max: 100 }), (start, n) => {
          expect(calendar.addWorkingDays(start, n + 1) > calendar.addWorkingDays(start, n)).toBe(true);
        }),
      );
    });
  });

  describe('in a process whose time zone is Pacific/Kiritimati (UTC+14)', () => {
    const originalTz = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = 'Pacific/Kiritimati';
      vi.resetModules();
    });
    afterAll(() => {
      if (originalTz === undefined) delete process.env.TZ;
      else process.env.TZ = originalTz;
      vi.resetModules();
    });

    it('runs in that time zone', () => {
      expect(new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset()).toBe(-14 * 60);
    });

    it('still matches the published bank holidays', async () => {
      // A fresh copy of the module, so its holiday cache is filled under this time zone.
      const fresh = await import('../../../src/domain/working-days.ts');
      const kiritimatiCalendar = fresh.createWorkingDayCalendar();
      for (const [year, dates] of Object.entries(publishedBankHolidays)) {
        expect(kiritimatiCalendar.nonWorkingDaysIn(Number(year))).toEqual(dates);
      }
      expect(kiritimatiCalendar.addWorkingDays('2026-12-01', 65)).toBe('2027-03-05');
    });
  });
});

import Holidays from 'date-holidays';
import { addCalendarDays, dayOfWeek, isIsoDate, type IsoDate } from './dates.ts';

/**
 * Working days as reg 2 of SI 2006/1738 defines them: every day except Saturday, Sunday,
 * Christmas Day, Boxing Day, Good Friday and the bank holidays of England and Wales under the
 * Banking and Financial Dealings Act 1971, substitute days and one-off proclaimed days included.
 *
 * The holidays come from `date-holidays` (GB, state ENG), which is rule-based and so covers any
 * year without a yearly data update. Its GB data tags every statutory day `public` and the days
 * nobody gets off (Mother's Day, Easter Sunday, Father's Day) `observance`; `bank` is accepted too
 * in case the data starts to tell bank holidays apart. England and Wales share one list (the
 * library's ENG and WLS states agree), and Scotland-only days (2 January, St Andrew's Day) are not
 * in it. A newly proclaimed day may reach the library late, which is what a council's
 * `extraNonWorkingDays` are for.
 */
export interface WorkingDayCalendar {
  /** Whether a date is a working day. */
  isWorkingDay(date: IsoDate): boolean;
  /** The first working day on or after a date. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /**
   * The Nth working day after a date; the date itself is never counted, so this is always later
   * than `date` when `n` is at least 1. `n = 0` gives `date` back unchanged.
   * @example addWorkingDays('2026-12-24', 1) // '2026-12-29' (25, 26, 27 and 28 December are not working days)
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /**
   * The weekdays (Monday to Friday) of a year that are not working days, in date order: the same
   * list GOV.UK publishes as bank holidays for England and Wales, plus the council's extra days.
   */
  nonWorkingDaysIn(year: number): IsoDate[];
}

export interface WorkingDayCalendarOptions {
  /** One-off statutory non-working days the holiday library does not know yet (from council config). */
  extraNonWorkingDays?: readonly IsoDate[];
}

const statutoryHolidayTypes: ReadonlySet<string> = new Set(['public', 'bank']);

// Nothing outside this file needs the library object, and building it parses the GB rules, so
// it is made once, on first use.
let englandAndWales: Holidays | undefined;

/**
 * Holiday dates per year, shared by every calendar. The service computes many timelines a
 * second and each one asks about dozens of dates; working out a year's holidays from the rules
 * takes about a millisecond, a Set lookup almost nothing. The rules never change while the
 * process runs, so a year is worked out once.
 */
const libraryHolidaysByYear = new Map<number, ReadonlySet<IsoDate>>();

function libraryHolidaysIn(year: number): ReadonlySet<IsoDate> {
  const cached = libraryHolidaysByYear.get(year);
  if (cached) return cached;
  englandAndWales ??= new Holidays('GB', 'ENG');
  // `date` is the holiday's own calendar date ("2026-12-28 00:00:00"); `start` is an instant and
  // would drift to the day before in British Summer Time, so only `date` is read.
  const dates = new Set(
    englandAndWales
      .getHolidays(year)
      .filter((holiday) => statutoryHolidayTypes.has(holiday.type))
      .map((holiday) => holiday.date.slice(0, 10)),
  );
  libraryHolidaysByYear.set(year, dates);
  return dates;
}

function assertIsoDate(date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`Expected a date written as YYYY-MM-DD, got "${date}"`);
}

function isWeekend(date: IsoDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

/**
 * Creates the working-day calendar for England and Wales, with a council's extra non-working days.
 * @example createWorkingDayCalendar().isWorkingDay('2026-12-28') // false (Boxing Day substitute)
 */
export function createWorkingDayCalendar(options: WorkingDayCalendarOptions = {}): WorkingDayCalendar {
  const extraDays = options.extraNonWorkingDays ?? [];
  extraDays.forEach(assertIsoDate);

  // Per-calendar cache, for the same reason as the shared one: it saves merging the council's
  // extra days into the library's list on every lookup.
  const nonWorkingByYear = new Map<number, ReadonlySet<IsoDate>>();

  function nonWorkingSetFor(year: number): ReadonlySet<IsoDate> {
    const cached = nonWorkingByYear.get(year);
    if (cached) return cached;
    const yearPrefix = `${String(year).padStart(4, '0')}-`;
    const dates = new Set(libraryHolidaysIn(year));
    for (const extra of extraDays) if (extra.startsWith(yearPrefix)) dates.add(extra);
    nonWorkingByYear.set(year, dates);
    return dates;
  }

  // Dates made by addCalendarDays are always valid, so loops skip the check on every step.
  function isCheckedDateWorkingDay(date: IsoDate): boolean {
    if (isWeekend(date)) return false;
    return !nonWorkingSetFor(Number(date.slice(0, 4))).has(date);
  }

  function isWorkingDay(date: IsoDate): boolean {
    assertIsoDate(date);
    return isCheckedDateWorkingDay(date);
  }

  function nextWorkingDay(date: IsoDate): IsoDate {
    assertIsoDate(date);
    let day = date;
    while (!isCheckedDateWorkingDay(day)) day = addCalendarDays(day, 1);
    return day;
  }

  function addWorkingDays(date: IsoDate, n: number): IsoDate {
    assertIsoDate(date);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Expected a whole number of working days, 0 or more, got ${n}`);
    let day = date;
    for (let counted = 0; counted < n;) {
      day = addCalendarDays(day, 1);
      if (isCheckedDateWorkingDay(day)) counted += 1;
    }
    return day;
  }

  function nonWorkingDaysIn(year: number): IsoDate[] {
    return [...nonWorkingSetFor(year)].filter((date) => !isWeekend(date)).sort();
  }

  return { isWorkingDay, nextWorkingDay, addWorkingDays, nonWorkingDaysIn };
}

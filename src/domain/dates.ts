/**
 * Calendar dates as `YYYY-MM-DD` strings. A calendar date has no time zone: it is the date a
 * person in England reads on a calendar. Arithmetic is done on UTC midnights so that British
 * Summer Time can never shift a date.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date in `YYYY-MM-DD` form (so `2025-02-29` is not). */
export function isIsoDate(value: string): value is IsoDate {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Builds an ISO date from its parts, without checking that it exists. */
export function toIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The UTC midnight that stands for a calendar date. */
export function toUtcMidnight(date: IsoDate): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** The calendar date a UTC midnight stands for. */
export function fromUtcMidnight(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** Adds calendar days (negative to go back). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const d = toUtcMidnight(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtcMidnight(d);
}

/** Day of the week, 0 for Sunday to 6 for Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return toUtcMidnight(date).getUTCDay();
}

/** The last day of a month (month 1–12). */
export function lastDayOfMonth(year: number, month: number): IsoDate {
  return fromUtcMidnight(new Date(Date.UTC(year, month, 0)));
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The last minute toLondonDateTime was asked about, and its answer. */
let lastLondonMinute: { minute: number; value: { date: IsoDate; time: string } } | undefined;

/**
 * The date and time in England for an instant, whatever the server's own time zone.
 * @example toLondonDateTime(new Date('2026-03-29T00:30:00Z')) // { date: '2026-03-29', time: '00:30' }
 */
export function toLondonDateTime(instant: Date): { date: IsoDate; time: string } {
  // England's offset from UTC is whole hours, so the answer is the same for a whole UTC minute;
  // every request asks for today, and formatting is most of an answer's date work.
  const minute = Math.floor(instant.getTime() / 60_000);
  if (lastLondonMinute?.minute === minute) return { ...lastLondonMinute.value };
  const parts = Object.fromEntries(londonParts.formatToParts(instant).map((p) => [p.type, p.value]));
  const value = { date: `${parts.year}-${parts.month}-${parts.day}` as IsoDate, time: `${parts.hour}:${parts.minute}` };
  lastLondonMinute = { minute, value };
  return { ...value };
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/**
 * A date as GOV.UK writes it, with the day of the week.
 * @example formatLongDate('2026-11-25') // 'Wednesday 25 November 2026'
 */
export function formatLongDate(date: IsoDate): string {
  return longDate.format(toUtcMidnight(date)).replace(',', '');
}

const dayMonthYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/**
 * A date as GOV.UK writes it, without the day of the week.
 * @example formatDate('2026-11-25') // '25 November 2026'
 */
export function formatDate(date: IsoDate): string {
  return dayMonthYear.format(toUtcMidnight(date));
}

const monthYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/**
 * A month as GOV.UK writes it.
 * @example formatMonth('2026-03') // 'March 2026'
 */
export function formatMonth(month: string): string {
  return monthYear.format(toUtcMidnight(`${month}-01`));
}

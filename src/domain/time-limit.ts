import type { EventDate, KnowledgeDate } from './answers.ts';
import { message, type CopyValues, type Message } from './copy.ts';
import { formatDate, formatMonth, isIsoDate, lastDayOfMonth, toIsoDate, type IsoDate } from './dates.ts';
import { joinMessages } from './join-messages.ts';
import type { TimeLimitResult } from './screening-types.ts';

/** What the time-limit check needs: the date answers, the day it was sent in England and the council's limit. */
export interface TimeLimitInput {
  /** The latest event, or "still happening", or "not sure". */
  when: EventDate;
  /** When they found out, if later than the event. */
  foundOut?: KnowledgeDate | undefined;
  /**
   * The London calendar date the complaint was sent. Not the working-day receipt date: the limit
   * is calendar time (DOMAIN §6), so a complaint sent on a Sunday was made on that Sunday.
   */
  receivedDate: IsoDate;
  /** The limit in calendar months (reg 9 says one year). */
  months: number;
}

/**
 * Adds calendar months. A day that the target month does not have becomes that month's last day,
 * so the result is never pushed into the month after.
 * @example addCalendarMonths('2025-03-31', 1) // { date: '2025-04-30', clamped: true }
 * @example addCalendarMonths('2024-02-29', 12) // { date: '2025-02-28', clamped: true }
 */
export function addCalendarMonths(date: IsoDate, months: number): { date: IsoDate; clamped: boolean } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = month - 1 + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = (((monthIndex % 12) + 12) % 12) + 1;
  const lastDay = Number(lastDayOfMonth(targetYear, targetMonth).slice(8));
  const targetDay = Math.min(day, lastDay);
  return { date: toIsoDate(targetYear, targetMonth, targetDay), clamped: targetDay !== day };
}

/**
 * Checks the complaint time limit (reg 9; DOMAIN Part 1 §6 and §3). Counted in calendar months
 * from the latest event; in time means sent on or before the anniversary. A month-and-year answer
 * counts from the last day of that month, the reading kindest to the complainant. "Still
 * happening" is in time; "not sure" cannot be checked. The date they found out is measured too,
 * because discovering a problem late is the classic reason for accepting a late complaint
 * (edge case 1); the status itself follows the event, as reg 9 does.
 * Never refuses anything: the result is a flag and a sentence for staff (`rules.timeLimit.*`).
 * @example checkTimeLimit({ when: { kind: 'exact', date: '2025-03-31' }, receivedDate: '2026-04-01', months: 12 }).status // 'out_of_time'
 */
export function checkTimeLimit(input: TimeLimitInput): TimeLimitResult {
  const { when, foundOut, receivedDate, months } = input;
  const knowledge = foundOut === undefined ? undefined : measureFrom(foundOut, receivedDate, months);
  const knowledgeFields = {
    ...(knowledge?.limit === undefined ? {} : { limitFromKnowledge: knowledge.limit.date, outOfTimeFromKnowledge: knowledge.outOfTime }),
  };
  const withKnowledge = (reason: Message): Message =>
    knowledge === undefined ? reason : joinMessages('rules.join.sentences', [reason, describeKnowledge(knowledge, months)]);
  const knowledgeLeapDay = knowledge?.leapDayAdjusted ?? false;
  const received = formatDate(receivedDate);

  if (when.kind === 'ongoing') {
    return {
      status: 'ongoing',
      outOfTimeFromEvent: false,
      ...knowledgeFields,
      leapDayAdjusted: knowledgeLeapDay,
      reason: withKnowledge(reasonFor('ongoing', { received })),
    };
  }
  if (when.kind === 'not_sure') {
    return {
      status: 'unknown',
      outOfTimeFromEvent: false,
      ...knowledgeFields,
      leapDayAdjusted: knowledgeLeapDay,
      reason: withKnowledge(reasonFor('notSure', { limit: toMonths(months), received })),
    };
  }

  const event = measureFrom(when, receivedDate, months);
  if (event.limit === undefined) {
    return {
      status: 'unknown',
      outOfTimeFromEvent: false,
      ...knowledgeFields,
      leapDayAdjusted: knowledgeLeapDay,
      reason: withKnowledge(reasonFor('notARealDate', { answer: event.answer, limit: toMonths(months), received })),
    };
  }
  return {
    status: event.outOfTime ? 'out_of_time' : 'in_time',
    latestEventDate: event.from,
    limitFromEvent: event.limit.date,
    outOfTimeFromEvent: event.outOfTime,
    ...knowledgeFields,
    leapDayAdjusted: event.leapDayAdjusted || knowledgeLeapDay,
    reason: withKnowledge(reasonFor(event.outOfTime ? 'outOfTime' : 'inTime', { answer: event.answer, lastDay: describeLimit(event, months), received })),
  };
}

interface Measurement {
  /** The answer as staff should read it. */
  answer: Message | string;
  /** The date the months run from; undefined when the answer is not a real date. */
  from?: IsoDate;
  limit?: { date: IsoDate; clamped: boolean };
  outOfTime: boolean;
  leapDayAdjusted: boolean;
}

/** Works out the last day in time from one date answer. Bad dates are reported, never thrown. */
function measureFrom(answer: KnowledgeDate, receivedDate: IsoDate, months: number): Measurement {
  const from = toStartDate(answer);
  if (from === undefined) {
    const written =
      answer.kind === 'exact' ? message('rules.quoted', { text: answer.date }) : reasonFor('monthNotReal', { month: answer.month, year: answer.year });
    return { answer: written, outOfTime: false, leapDayAdjusted: false };
  }
  const limit = addCalendarMonths(from, months);
  const written =
    answer.kind === 'exact' ? formatDate(from) : reasonFor('monthTakenAsLastDay', { month: formatMonth(from.slice(0, 7)), date: formatDate(from) });
  return {
    answer: written,
    from,
    limit,
    // ISO dates compare correctly as strings.
    outOfTime: receivedDate > limit.date,
    leapDayAdjusted: limit.clamped && from.endsWith('-02-29'),
  };
}

/** The calendar date an answer stands for, or undefined when it is not a real date. */
function toStartDate(answer: KnowledgeDate): IsoDate | undefined {
  if (answer.kind === 'exact') return isIsoDate(answer.date) ? answer.date : undefined;
  const { year, month } = answer;
  const valid = Number.isInteger(year) && year >= 1 && year <= 9999 && Number.isInteger(month) && month >= 1 && month <= 12;
  return valid ? lastDayOfMonth(year, month) : undefined;
}

/** e.g. "28 February 2025 (12 months on; there is no 29 February 2025)". */
function describeLimit(measurement: Measurement, months: number): Message | string {
  const limit = measurement.limit;
  if (limit === undefined) return '';
  const values = { date: formatDate(limit.date), limit: toMonths(months) };
  return measurement.leapDayAdjusted ? reasonFor('lastDayLeap', { ...values, year: limit.date.slice(0, 4) }) : reasonFor('lastDay', values);
}

function describeKnowledge(knowledge: Measurement, months: number): Message {
  if (knowledge.limit === undefined) return reasonFor('knowledgeNotARealDate', { answer: knowledge.answer });
  return reasonFor(knowledge.outOfTime ? 'knowledgeOutOfTime' : 'knowledgeInTime', { answer: knowledge.answer, lastDay: describeLimit(knowledge, months) });
}

/** A reason, or part of one, under `rules.timeLimit.<key>`. */
function reasonFor(key: string, values: CopyValues): Message {
  return message(`rules.timeLimit.${key}`, values);
}

/** "12 months", from the catalogue's plural. */
function toMonths(months: number): Message {
  return message('common.months', { count: months });
}

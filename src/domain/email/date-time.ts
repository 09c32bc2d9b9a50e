import { renderMessage, type Translate } from '../copy.ts';
import { formatLongDate, toLondonDateTime, type IsoDate } from '../dates.ts';
import type { TimelineEntry } from '../screening-types.ts';

/**
 * A time of day as the GOV.UK style guide writes it: "1:05pm", "10am", "midday", "midnight".
 * @example formatClockTime(t, '13:05') // '1:05pm'
 */
export function formatClockTime(t: Translate, hoursAndMinutes: string): string {
  const [hours = 0, minutes = 0] = hoursAndMinutes.split(':').map(Number);
  if (minutes === 0 && hours === 0) return t('emails.clock.midnight');
  if (minutes === 0 && hours === 12) return t('emails.clock.midday');
  const time = `${hours % 12 || 12}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
  return t(hours < 12 ? 'emails.clock.am' : 'emails.clock.pm', { time });
}

/**
 * An instant as a date and time in England, whatever the server's time zone.
 * @example formatLondonDateTime(t, '2026-11-21T21:40:00.000Z') // 'Saturday 21 November 2026 at 9:40pm (UK time)'
 */
export function formatLondonDateTime(t: Translate, instant: string): string {
  const { date, time } = toLondonDateTime(new Date(instant));
  return t('emails.dateTime', { date: formatLongDate(date), time: formatClockTime(t, time) });
}

/** The step of a timeline with this id, if the timeline has one. */
export function findEntry(entries: readonly TimelineEntry[], id: TimelineEntry['id']): TimelineEntry | undefined {
  return entries.find((entry) => entry.id === id);
}

/**
 * A timeline step's date with how it was counted, for a row of the team's email.
 * @example formatTimelineEntry(t, entry) // 'Thursday 7 January 2027, projected (20 working days after the stage 1 reply, …)'
 */
export function formatTimelineEntry(t: Translate, entry: TimelineEntry): string {
  return t(entry.projected ? 'emails.dates.entryProjected' : 'emails.dates.entry', { date: formatLongDate(entry.date), basis: renderMessage(t, entry.basis) });
}

/** The receipt date, with why it moved on from the day it was sent on the line below, when it did. */
export function formatReceivedDate(receiptDate: IsoDate, movedBecause: string | undefined): string {
  const received = formatLongDate(receiptDate);
  return movedBecause === undefined ? received : `${received}\n${movedBecause}`;
}

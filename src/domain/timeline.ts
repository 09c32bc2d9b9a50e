import type { Council } from './council.ts';
import { addCalendarDays, formatLongDate, toLondonDateTime, type IsoDate } from './dates.ts';
import type { Route, Timeline, TimelineEntry } from './screening-types.ts';
import { createWorkingDayCalendar, type WorkingDayCalendar } from './working-days.ts';

/**
 * Each council object gets one calendar, reused by every timeline computed for it, so the
 * per-year holiday sets are built once rather than once per request.
 */
const calendarsByCouncil = new WeakMap<Council, WorkingDayCalendar>();

function calendarFor(council: Council, calendar: WorkingDayCalendar | undefined): WorkingDayCalendar {
  if (calendar) return calendar;
  const cached = calendarsByCouncil.get(council);
  if (cached) return cached;
  const created = createWorkingDayCalendar({ extraNonWorkingDays: council.calendar.extraNonWorkingDays });
  calendarsByCouncil.set(council, created);
  return created;
}

interface Receipt {
  submittedDate: IsoDate;
  receiptDate: IsoDate;
  receiptMoved: boolean;
  afterCutOff: boolean;
}

/**
 * The day a message counts as received (DOMAIN Part 1 §8): its date in England; the next day if
 * it came at or after the council's cut-off; then the first working day from there.
 */
function toReceipt(submittedAt: Date, council: Council, calendar: WorkingDayCalendar): Receipt {
  if (Number.isNaN(submittedAt.getTime())) throw new RangeError('submittedAt is not a valid instant');
  const london = toLondonDateTime(submittedAt);
  const cutOff = council.calendar.receiptCutOff;
  // Both times are zero-padded "HH:MM", so comparing the strings compares the times.
  const afterCutOff = cutOff !== null && london.time >= cutOff;
  const counted = afterCutOff ? addCalendarDays(london.date, 1) : london.date;
  const receiptDate = calendar.nextWorkingDay(counted);
  return { submittedDate: london.date, receiptDate, receiptMoved: receiptDate !== london.date, afterCutOff };
}

function workingDays(n: number): string {
  return n === 1 ? '1 working day' : `${n} working days`;
}

function receivedBasis(receipt: Receipt, council: Council): string {
  if (!receipt.receiptMoved) return 'The day it was sent';
  const sent = formatLongDate(receipt.submittedDate);
  if (receipt.afterCutOff) {
    return `Sent on ${sent} at or after ${council.calendar.receiptCutOff}, so it counts as received on the next working day`;
  }
  return `Sent on ${sent}, which is not a working day, so it counts as received on the next working day`;
}

function entry(
  id: TimelineEntry['id'],
  label: string,
  date: IsoDate,
  basis: string,
  projected: boolean,
): TimelineEntry {
  return { id, label, date, basis, projected };
}

/** Date order; `Array.prototype.sort` is stable, so steps due on the same day keep their procedural order. */
function byDate(entries: TimelineEntry[]): TimelineEntry[] {
  return [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function statutoryEntries(receiptDate: IsoDate, council: Council, calendar: WorkingDayCalendar): TimelineEntry[] {
  const t = council.timescales.statutory;
  const add = calendar.addWorkingDays;
  const stage1 = add(receiptDate, t.stage1);
  const stage2Request = add(stage1, t.stage2RequestWindow);
  const stage2 = add(stage2Request, t.stage2);
  const stage3Request = add(stage2, t.stage3RequestWindow);
  const panel = add(stage3Request, t.panel);
  const panelReport = add(panel, t.panelReport);
  const finalResponse = add(panelReport, t.finalResponse);
  return [
    entry('acknowledge', 'Acknowledgement due', add(receiptDate, t.acknowledge), `${workingDays(t.acknowledge)} after receipt`, false),
    entry('stage1', 'Stage 1 reply due', stage1, `${workingDays(t.stage1)} after receipt`, false),
    entry(
      'stage1_extended',
      'Latest stage 1 reply if the complaint is complex or an advocate is needed',
      add(receiptDate, t.stage1Extended),
      `${workingDays(t.stage1Extended)} after receipt`,
      false,
    ),
    entry(
      'stage2_request',
      'Ask for stage 2 by',
      stage2Request,
      `${workingDays(t.stage2RequestWindow)} after the stage 1 reply, if it comes on the day it is due; a later request is still accepted`,
      true,
    ),
    entry(
      'stage2',
      'Stage 2 investigation reply due',
      stage2,
      `${workingDays(t.stage2)} after a stage 2 request on the last day to ask`,
      true,
    ),
    entry(
      'stage2_extended',
      'Latest stage 2 reply if the investigation is extended',
      add(stage2Request, t.stage2Extended),
      `${workingDays(t.stage2Extended)} after a stage 2 request on the last day to ask`,
      true,
    ),
    entry(
      'stage3_request',
      'Ask for a review panel (stage 3) by',
      stage3Request,
      `${workingDays(t.stage3RequestWindow)} after the stage 2 reply, if it comes on the day it is due`,
      true,
    ),
    entry('panel', 'Review panel meets by', panel, `${workingDays(t.panel)} after a stage 3 request on the last day to ask`, true),
    entry('panel_report', 'Review panel report due', panelReport, `${workingDays(t.panelReport)} after the panel meets`, true),
    entry(
      'final_response',
      "Council's final response due",
      finalResponse,
      `${workingDays(t.finalResponse)} after the panel report`,
      true,
    ),
    entry('ombudsman', 'Ombudsman', finalResponse, 'You can go to the Ombudsman after the final response', true),
  ];
}

function corporateEntries(
  receiptDate: IsoDate,
  council: Council,
  calendar: WorkingDayCalendar,
): { acknowledge: TimelineEntry; stages: TimelineEntry[]; ombudsman: TimelineEntry } {
  const t = council.timescales.corporate;
  const add = calendar.addWorkingDays;
  const stage1 = add(receiptDate, t.stage1);
  const stage2Request = add(stage1, t.stage2RequestWindow);
  const stage2 = add(stage2Request, t.stage2);
  return {
    acknowledge: entry(
      'acknowledge',
      'Acknowledgement due',
      add(receiptDate, t.acknowledge),
      `${workingDays(t.acknowledge)} after receipt`,
      false,
    ),
    stages: [
      entry('corporate_stage1', 'Stage 1 reply due (council complaints procedure)', stage1, `${workingDays(t.stage1)} after receipt`, false),
      entry(
        'corporate_stage1_extended',
        'Latest stage 1 reply in exceptional cases (council complaints procedure)',
        add(receiptDate, t.stage1Extended),
        `${workingDays(t.stage1Extended)} after receipt, only in exceptional cases and with the complainant's agreement`,
        false,
      ),
      entry(
        'corporate_stage2_request',
        'Ask for stage 2 by (council complaints procedure)',
        stage2Request,
        `${workingDays(t.stage2RequestWindow)} after the stage 1 reply, if it comes on the day it is due`,
        true,
      ),
      entry(
        'corporate_stage2',
        'Stage 2 reply due (council complaints procedure)',
        stage2,
        `${workingDays(t.stage2)} after a stage 2 request on the last day to ask`,
        true,
      ),
    ],
    ombudsman: entry('ombudsman', 'Ombudsman', stage2, 'You can go to the Ombudsman after the stage 2 reply', true),
  };
}

function formatConvention(council: Council): string {
  const sentences = [
    'Working days exclude weekends, Christmas Day, Boxing Day, Good Friday and England and Wales bank holidays (reg 2, SI 2006/1738).',
    'Day 1 is the first working day after receipt.',
    'A complaint sent on a day that is not a working day counts as received on the next working day.',
  ];
  const { receiptCutOff, extraNonWorkingDays, officeClosures } = council.calendar;
  if (receiptCutOff !== null) {
    sentences.push(`A complaint sent at or after ${receiptCutOff} (UK time) counts as received on the next working day.`);
  }
  if (extraNonWorkingDays.length > 0) {
    const days = extraNonWorkingDays.map(formatLongDate).join(', ');
    const asWhat = extraNonWorkingDays.length === 1 ? 'a non-working day' : 'non-working days';
    sentences.push(`${council.shortName} also treats ${days} as ${asWhat}.`);
  }
  if (officeClosures.length > 0) {
    sentences.push('Office closure days do not move these dates.');
  }
  return sentences.join(' ');
}

export interface ComputeTimelineInput {
  route: Route;
  council: Council;
  submittedAt: Date;
  /** Defaults to the council's own calendar (its extra non-working days included). */
  calendar?: WorkingDayCalendar;
}

/**
 * The dated steps of a complaint's procedure, counted from the day it counts as received.
 * Statutory and triage cases get the three-stage Children Act timeline, split cases that plus the
 * council's own procedure, corporate cases the council's procedure, and signposted cases only
 * receipt and acknowledgement (the council still acknowledges a complaint sent anyway). Entries
 * are in date order.
 * @example computeTimeline({ route: 'statutory', council, submittedAt: new Date('2026-11-20T10:00:00Z') }).receiptDate // '2026-11-20'
 */
export function computeTimeline({ route, council, submittedAt, calendar: given }: ComputeTimelineInput): Timeline {
  const calendar = calendarFor(council, given);
  const receipt = toReceipt(submittedAt, council, calendar);
  const received = entry('received', 'Complaint received', receipt.receiptDate, receivedBasis(receipt, council), false);
  const statutoryAcknowledge = (): TimelineEntry => {
    const n = council.timescales.statutory.acknowledge;
    return entry('acknowledge', 'Acknowledgement due', calendar.addWorkingDays(receipt.receiptDate, n), `${workingDays(n)} after receipt`, false);
  };

  let entries: TimelineEntry[];
  switch (route) {
    case 'statutory':
    case 'triage':
      entries = [received, ...statutoryEntries(receipt.receiptDate, council, calendar)];
      break;
    case 'split':
      // One acknowledgement and one Ombudsman step: the statutory ones, because the Ombudsman
      // expects every stage of the longer procedure to be finished first.
      entries = [
        received,
        ...statutoryEntries(receipt.receiptDate, council, calendar),
        ...corporateEntries(receipt.receiptDate, council, calendar).stages,
      ];
      break;
    case 'corporate': {
      const corporate = corporateEntries(receipt.receiptDate, council, calendar);
      entries = [received, corporate.acknowledge, ...corporate.stages, corporate.ombudsman];
      break;
    }
    case 'signpost':
      entries = [received, statutoryAcknowledge()];
      break;
  }

  return {
    submittedAt: submittedAt.toISOString(),
    submittedDate: receipt.submittedDate,
    receiptDate: receipt.receiptDate,
    receiptMoved: receipt.receiptMoved,
    convention: formatConvention(council),
    entries: byDate(entries),
  };
}

/** A later stage request measured against its window, with the deadlines it starts. */
export interface EscalationWindow {
  /** The last working day of the window to ask. */
  windowEnd: IsoDate;
  /** Received after the window closed: flag `late_escalation`, never block. */
  late: boolean;
  /** Working days after `windowEnd` the request counts as received; 0 when in time. */
  workingDaysLate: number;
  /** The working day the request counts as received. */
  receiptDate: IsoDate;
  entries: TimelineEntry[];
}

export interface ComputeEscalationWindowInput {
  stage: 2 | 3;
  /** When the complainant got the reply to the previous stage. */
  responseReceived: IsoDate;
  requestedAt: Date;
  council: Council;
  calendar?: WorkingDayCalendar;
}

/**
 * Checks a stage 2 or stage 3 request against its window (counted from the previous stage's reply)
 * and dates the steps it starts. A late request is accepted and reported as late, never refused
 * (DOMAIN edge case 19).
 */
export function computeEscalationWindow({
  stage,
  responseReceived,
  requestedAt,
  council,
  calendar: given,
}: ComputeEscalationWindowInput): EscalationWindow {
  const calendar = calendarFor(council, given);
  const t = council.timescales.statutory;
  const add = calendar.addWorkingDays;
  const window = stage === 2 ? t.stage2RequestWindow : t.stage3RequestWindow;
  const windowEnd = add(responseReceived, window);
  const receipt = toReceipt(requestedAt, council, calendar);

  let workingDaysLate = 0;
  for (let day = windowEnd; day < receipt.receiptDate; ) {
    day = add(day, 1);
    workingDaysLate += 1;
  }

  const received = entry(
    'received',
    `Stage ${stage} request received`,
    receipt.receiptDate,
    receivedBasis(receipt, council),
    false,
  );
  let entries: TimelineEntry[];
  if (stage === 2) {
    entries = [
      received,
      entry('acknowledge', 'Acknowledgement due', add(receipt.receiptDate, t.acknowledge), `${workingDays(t.acknowledge)} after receipt`, false),
      entry('stage2', 'Stage 2 investigation reply due', add(receipt.receiptDate, t.stage2), `${workingDays(t.stage2)} after receipt`, false),
      entry(
        'stage2_extended',
        'Latest stage 2 reply if the investigation is extended',
        add(receipt.receiptDate, t.stage2Extended),
        `${workingDays(t.stage2Extended)} after receipt`,
        false,
      ),
    ];
  } else {
    const panel = add(receipt.receiptDate, t.panel);
    const panelReport = add(panel, t.panelReport);
    const finalResponse = add(panelReport, t.finalResponse);
    entries = [
      received,
      entry('panel', 'Review panel meets by', panel, `${workingDays(t.panel)} after receipt`, false),
      entry('panel_report', 'Review panel report due', panelReport, `${workingDays(t.panelReport)} after the panel meets`, true),
      entry('final_response', "Council's final response due", finalResponse, `${workingDays(t.finalResponse)} after the panel report`, true),
      entry('ombudsman', 'Ombudsman', finalResponse, 'You can go to the Ombudsman after the final response', true),
    ];
  }

  return {
    windowEnd,
    late: workingDaysLate > 0,
    workingDaysLate,
    receiptDate: receipt.receiptDate,
    entries: byDate(entries),
  };
}

/** An Independent Review Mechanism deadline (DOMAIN §(b), "Other clocks"). */
export interface IrmDeadline {
  kind: 'fostering' | 'adoption';
  /** The last day to apply; for fostering it may fall on a weekend or bank holiday. */
  date: IsoDate;
  days: number;
  unit: 'calendar_days' | 'working_days';
  basis: string;
}

export interface ComputeIrmDeadlineInput {
  kind: 'fostering' | 'adoption';
  /** The date of the qualifying determination letter. */
  determinationDate: IsoDate;
  council: Council;
  calendar?: WorkingDayCalendar;
}

/**
 * The last day to apply to the IRM: fostering in calendar days, adoption in working days, as
 * GOV.UK's IRM guidance sets them.
 */
export function computeIrmDeadline({ kind, determinationDate, council, calendar: given }: ComputeIrmDeadlineInput): IrmDeadline {
  if (kind === 'fostering') {
    const days = council.timescales.irmFosteringCalendarDays;
    return {
      kind,
      date: addCalendarDays(determinationDate, days),
      days,
      unit: 'calendar_days',
      basis: `${days} calendar days after the date of the determination`,
    };
  }
  const days = council.timescales.irmAdoptionWorkingDays;
  return {
    kind,
    date: calendarFor(council, given).addWorkingDays(determinationDate, days),
    days,
    unit: 'working_days',
    basis: `${workingDays(days)} after the date of the determination`,
  };
}

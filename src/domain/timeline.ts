import { message, type CopyValues, type Message } from './copy.ts';
import type { Council } from './council.ts';
import { addCalendarDays, formatLongDate, toLondonDateTime, type IsoDate } from './dates.ts';
import { joinMessages } from './join-messages.ts';
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

/**
 * The working day a case sent at `submittedAt` counts as received, as every timeline counts it.
 * @example toReceiptDate(new Date('2026-11-22T12:00:00Z'), council) // '2026-11-23' (sent on a Sunday)
 */
export function toReceiptDate(submittedAt: Date, council: Council, calendar?: WorkingDayCalendar): IsoDate {
  return toReceipt(submittedAt, council, calendarFor(council, calendar)).receiptDate;
}

/** How a date was counted, under `rules.timeline.basis.<key>`, with its number of working days. */
function basis(key: string, days?: number): Message {
  return message(`rules.timeline.basis.${key}`, days === undefined ? undefined : { days: message('common.workingDays', { count: days }) });
}

function receivedBasis(receipt: Receipt, council: Council): Message {
  if (!receipt.receiptMoved) return basis('sentDay');
  const sent = formatLongDate(receipt.submittedDate);
  if (receipt.afterCutOff) return message('rules.timeline.basis.afterCutOff', { sent, cutOff: council.calendar.receiptCutOff ?? '' });
  return message('rules.timeline.basis.notWorkingDay', { sent });
}

/** A dated step, labelled `rules.timeline.label.<id>` unless it is given a label of its own. */
function entry(id: TimelineEntry['id'], date: IsoDate, basisOf: Message, projected: boolean, label?: Message): TimelineEntry {
  return { id, label: label ?? message(`rules.timeline.label.${id}`), date, basis: basisOf, projected };
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
    entry('acknowledge', add(receiptDate, t.acknowledge), basis('afterReceipt', t.acknowledge), false),
    entry('stage1', stage1, basis('afterReceipt', t.stage1), false),
    entry('stage1_extended', add(receiptDate, t.stage1Extended), basis('afterReceipt', t.stage1Extended), false),
    entry('stage2_request', stage2Request, basis('afterStage1ReplyStillAccepted', t.stage2RequestWindow), true),
    entry('stage2', stage2, basis('afterStage2RequestOnLastDay', t.stage2), true),
    entry('stage2_extended', add(stage2Request, t.stage2Extended), basis('afterStage2RequestOnLastDay', t.stage2Extended), true),
    entry('stage3_request', stage3Request, basis('afterStage2Reply', t.stage3RequestWindow), true),
    entry('panel', panel, basis('afterStage3RequestOnLastDay', t.panel), true),
    entry('panel_report', panelReport, basis('afterPanel', t.panelReport), true),
    entry('final_response', finalResponse, basis('afterPanelReport', t.finalResponse), true),
    entry('ombudsman', finalResponse, basis('ombudsmanAfterFinalResponse'), true),
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
    acknowledge: entry('acknowledge', add(receiptDate, t.acknowledge), basis('afterReceipt', t.acknowledge), false),
    stages: [
      entry('corporate_stage1', stage1, basis('afterReceipt', t.stage1), false),
      entry('corporate_stage1_extended', add(receiptDate, t.stage1Extended), basis('afterReceiptExceptional', t.stage1Extended), false),
      entry('corporate_stage2_request', stage2Request, basis('afterStage1Reply', t.stage2RequestWindow), true),
      entry('corporate_stage2', stage2, basis('afterStage2RequestOnLastDay', t.stage2), true),
    ],
    ombudsman: entry('ombudsman', stage2, basis('ombudsmanAfterStage2Reply'), true),
  };
}

/** How working days are counted, as one message of sentences under `rules.timeline.convention.*`. */
function toConvention(council: Council): Message {
  const sentence = (key: string, values?: CopyValues) => message(`rules.timeline.convention.${key}`, values);
  const sentences = [sentence('workingDays'), sentence('dayOne'), sentence('notWorkingDay')];
  const { receiptCutOff, extraNonWorkingDays, officeClosures } = council.calendar;
  if (receiptCutOff !== null) sentences.push(sentence('cutOff', { cutOff: receiptCutOff }));
  if (extraNonWorkingDays.length > 0) {
    const days = joinMessages('rules.join.commas', extraNonWorkingDays.map(formatLongDate));
    sentences.push(sentence('extraDays', { shortName: council.shortName, days, count: extraNonWorkingDays.length }));
  }
  if (officeClosures.length > 0) sentences.push(sentence('officeClosures'));
  return joinMessages('rules.join.sentences', sentences);
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
  const received = entry('received', receipt.receiptDate, receivedBasis(receipt, council), false);
  const statutoryAcknowledge = (): TimelineEntry => {
    const n = council.timescales.statutory.acknowledge;
    return entry('acknowledge', calendar.addWorkingDays(receipt.receiptDate, n), basis('afterReceipt', n), false);
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
      entries = [received, ...statutoryEntries(receipt.receiptDate, council, calendar), ...corporateEntries(receipt.receiptDate, council, calendar).stages];
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
    convention: toConvention(council),
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
export function computeEscalationWindow({ stage, responseReceived, requestedAt, council, calendar: given }: ComputeEscalationWindowInput): EscalationWindow {
  const calendar = calendarFor(council, given);
  const t = council.timescales.statutory;
  const add = calendar.addWorkingDays;
  const window = stage === 2 ? t.stage2RequestWindow : t.stage3RequestWindow;
  const windowEnd = add(responseReceived, window);
  const receipt = toReceipt(requestedAt, council, calendar);

  let workingDaysLate = 0;
  for (let day = windowEnd; day < receipt.receiptDate;) {
    day = add(day, 1);
    workingDaysLate += 1;
  }

  const received = entry('received', receipt.receiptDate, receivedBasis(receipt, council), false, message('rules.timeline.label.requestReceived', { stage }));
  let entries: TimelineEntry[];
  if (stage === 2) {
    entries = [
      received,
      entry('acknowledge', add(receipt.receiptDate, t.acknowledge), basis('afterReceipt', t.acknowledge), false),
      entry('stage2', add(receipt.receiptDate, t.stage2), basis('afterReceipt', t.stage2), false),
      entry('stage2_extended', add(receipt.receiptDate, t.stage2Extended), basis('afterReceipt', t.stage2Extended), false),
    ];
  } else {
    const panel = add(receipt.receiptDate, t.panel);
    const panelReport = add(panel, t.panelReport);
    const finalResponse = add(panelReport, t.finalResponse);
    entries = [
      received,
      entry('panel', panel, basis('afterReceipt', t.panel), false),
      entry('panel_report', panelReport, basis('afterPanel', t.panelReport), true),
      entry('final_response', finalResponse, basis('afterPanelReport', t.finalResponse), true),
      entry('ombudsman', finalResponse, basis('ombudsmanAfterFinalResponse'), true),
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
  basis: Message;
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
      basis: message('rules.timeline.basis.irmFostering', { days }),
    };
  }
  const days = council.timescales.irmAdoptionWorkingDays;
  return {
    kind,
    date: calendarFor(council, given).addWorkingDays(determinationDate, days),
    days,
    unit: 'working_days',
    basis: basis('irmAdoption', days),
  };
}

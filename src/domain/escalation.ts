import type { ContactDetails } from './answers.ts';
import type { AnswerRow } from './case-record.ts';
import { summaryDate, type CaseSummary } from './case-summary.ts';
import { message, type CopyValues, type Message } from './copy.ts';
import type { Council } from './council.ts';
import { formatLongDate, type IsoDate } from './dates.ts';
import { joinMessages } from './join-messages.ts';
import type { Route } from './screening-types.ts';
import { computeEscalationWindow, computeTimeline, type EscalationWindow } from './timeline.ts';
import type { WorkingDayCalendar } from './working-days.ts';

/**
 * A request to take a complaint to stage 2 (an investigation) or stage 3 (a review panel), and the
 * screening that checks it against its window (DOMAIN Part 1 §12, edge case 19). A late request is
 * flagged for the complaints manager and never refused.
 */

/** The stages a person can ask for after the council's reply to the stage before. */
export type EscalationStage = 2 | 3;

/**
 * Flags for the complaints team, in the order staff must read them: safeguarding first.
 * `reference_not_found` means no case with that reference was made online; the complaint may have
 * been made by phone, letter or email, so it is a note for staff, never a reason to refuse.
 */
export const escalationFlags = ['safeguarding', 'late_escalation', 'reference_not_found'] as const;
export type EscalationFlag = (typeof escalationFlags)[number];

/**
 * What this service's records say about the case a request names, from the summary kept with it
 * (which outlives the personal data): a complaint with its receipt date, provisional route and first
 * reply date; an earlier stage request (the person may have given its reference instead of the
 * complaint's); or a case of another kind.
 */
export type OriginalCase =
  | { kind: 'complaint'; receiptDate: IsoDate; route: Route; replyDue?: IsoDate; safeguarding: boolean }
  | { kind: 'escalation'; stage: EscalationStage; complaintReference: string }
  | { kind: 'other' };

/** What a request needs to know of the case it names, from the summary the store kept for it. */
export function toOriginalCase(summary: CaseSummary): OriginalCase {
  switch (summary.kind) {
    case 'complaint': {
      const replyDue = summaryDate(summary, 'stage1') ?? summaryDate(summary, 'corporate_stage1');
      return {
        kind: 'complaint',
        receiptDate: summary.receiptDate,
        route: summary.route,
        ...(replyDue ? { replyDue } : {}),
        safeguarding: summary.safeguarding,
      };
    }
    case 'escalation':
      return { kind: 'escalation', stage: summary.stage, complaintReference: summary.originalReference };
    case 'advocacy':
    case 'feedback':
    case 'request':
      return { kind: 'other' };
  }
}

/** What the person told us, as plain data. */
export interface EscalationRequest {
  stage: EscalationStage;
  /** The complaint's reference in canonical form (`CSC-7K4M-2P9C`). */
  originalReference: string;
  /** Whether a case with that reference was made through this service. */
  referenceKnown: boolean;
  /** What the service's records say about that case, when it was made here and its summary can be read. */
  originalCase?: OriginalCase;
  /** When they got the reply to the stage before. */
  replyReceived: IsoDate;
  whyUnhappy: string;
  outcomeWanted: string;
  /** Why they are asking now, when they were told the request looks late (optional). */
  whyNow?: string;
  /** "Is anyone at risk of harm?", asked before Send. */
  worriedAtCheck: boolean;
}

/** The result of checking a request: its window, the dates it starts, flags and staff notes. */
export interface EscalationScreening {
  window: EscalationWindow;
  /** The length of the window in working days, from council config. */
  windowWorkingDays: number;
  /** Sorted in the order of `escalationFlags`. */
  flags: EscalationFlag[];
  /** For staff: why the request is in time or late, with the dates that decide it. */
  timingNote: Message;
  /** For staff, with `reference_not_found`: what to do about a reference not made online. */
  referenceNote?: Message;
  /** The instant the request was sent, UTC ISO 8601. */
  submittedAt: string;
  /** The date in England when it was sent. */
  submittedDate: IsoDate;
  /** How working days are counted, printed in the team's email. */
  convention: Message;
}

/** Everything the complaints team is sent about one stage 2 or stage 3 request. */
export interface EscalationRecord {
  kind: 'escalation';
  /** This request's own reference (the original complaint's is in `request`). */
  reference: string;
  councilSlug: string;
  request: EscalationRequest;
  contact: ContactDetails;
  screening: EscalationScreening;
  /** The answers in journey order, worded as the person saw them. */
  answerRows: AnswerRow[];
}

/** What `screenEscalation` needs: the request, the council, when it was sent, and optionally a calendar. */
export interface ScreenEscalationInput {
  request: EscalationRequest;
  council: Council;
  requestedAt: Date;
  calendar?: WorkingDayCalendar;
}

/** A note for staff under `rules.escalation.<key>`. */
function note(key: string, values?: CopyValues): Message {
  return message(`rules.escalation.${key}`, values);
}

/** The window's dates as every timing note gives them: its end, its length and the reply it runs from. */
function toWindowValues(request: EscalationRequest, window: EscalationWindow, length: number): CopyValues {
  return {
    windowEnd: formatLongDate(window.windowEnd),
    length: message('common.workingDays', { count: length }),
    reply: note(`previousReply.stage${request.stage}`),
    replyReceived: formatLongDate(request.replyReceived),
  };
}

/** The window to ask for a stage, in working days (council config, DOMAIN §(b)). */
export function toEscalationWindowLength(stage: EscalationStage, council: Council): number {
  const t = council.timescales.statutory;
  return stage === 2 ? t.stage2RequestWindow : t.stage3RequestWindow;
}

function toLateNote(request: EscalationRequest, window: EscalationWindow, length: number): Message {
  const timing = note('late', {
    ...toWindowValues(request, window, length),
    receipt: formatLongDate(window.receiptDate),
    late: message('common.workingDays', { count: window.workingDaysLate }),
  });
  // Stage 2's window is guidance to keep momentum; stage 3's is in reg 18, and whether to convene a
  // panel after it is for the complaints manager, whose discretion the product does not presume.
  const rule = request.stage === 2 ? note('lateStage2') : note('lateStage3');
  return joinMessages('rules.join.sentences', [timing, rule]);
}

/**
 * Checks a stage 2 or stage 3 request against its window and dates the steps it starts. A late
 * request gets `late_escalation` with how late it is; an unknown reference gets
 * `reference_not_found`; "someone is at risk" gets `safeguarding`. Nothing is ever refused.
 * @example screenEscalation({ request, council, requestedAt }).window.windowEnd // '2027-01-19' for a stage 1 reply on 17 December 2026
 */
export function screenEscalation({ request, council, requestedAt, calendar }: ScreenEscalationInput): EscalationScreening {
  const window = computeEscalationWindow({
    stage: request.stage,
    responseReceived: request.replyReceived,
    requestedAt,
    council,
    calendar,
  });
  const length = toEscalationWindowLength(request.stage, council);
  // The receipt convention is the complaint's (DOMAIN §8), so its wording comes from the same place.
  const { convention, submittedAt, submittedDate } = computeTimeline({ route: 'signpost', council, submittedAt: requestedAt, calendar });

  const flags: EscalationFlag[] = [];
  if (request.worriedAtCheck) flags.push('safeguarding');
  if (window.late) flags.push('late_escalation');
  if (!request.referenceKnown) flags.push('reference_not_found');
  const timingNote = window.late ? toLateNote(request, window, length) : note('inTime', toWindowValues(request, window, length));
  const referenceNote = request.referenceKnown ? undefined : note('referenceNotFound', { reference: request.originalReference });
  return { window, windowWorkingDays: length, flags, timingNote, ...(referenceNote ? { referenceNote } : {}), submittedAt, submittedDate, convention };
}

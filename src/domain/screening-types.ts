import type { Message } from './copy.ts';
import type { SignpostTarget } from './council.ts';
import type { IsoDate } from './dates.ts';

/** The provisional procedure a complaint goes to. The complaints manager confirms it. */
export const routes = ['statutory', 'corporate', 'split', 'signpost', 'triage'] as const;
export type Route = (typeof routes)[number];

/** Rows of DOMAIN.md's routing table. */
export const ruleIds = ['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11'] as const;
export type RuleId = (typeof ruleIds)[number];

/**
 * Flags for the complaints team, in the order staff must read them: safeguarding always first.
 * `flags` in a screening result is always sorted in this order.
 */
export const flags = [
  'safeguarding',
  'out_of_time',
  'historical',
  'date_unknown',
  'leap_day',
  'proceedings',
  'repeat',
  'sufficient_interest_decision',
  'exclusion_check',
  'commissioned_provider',
  'another_council',
  'responsible_council_unclear',
  'partly_elsewhere',
  'advocacy_requested',
  'child_does_not_agree',
  'child_not_asked',
  'non_instructed_advocate',
] as const;
export type Flag = (typeof flags)[number];

/** One part of a complaint, routed on its own so a split case can tell the person how each part is handled. */
export interface RoutedIssue {
  serviceId: string;
  /** The catalogue label (adult wording). */
  label: string;
  route: 'statutory' | 'corporate' | 'signpost' | 'triage';
  signpost?: SignpostTarget;
  /** Excluded from the statutory procedure by the LGSCO guide: corporate, but for the manager to weigh. */
  exclusionCheck: boolean;
}

/** The 12-month check (R9). Out of time is a flag with a reason, never a refusal. */
export interface TimeLimitResult {
  status: 'in_time' | 'out_of_time' | 'ongoing' | 'unknown';
  /** The date the year runs from: the exact date, or the last day of a month-and-year answer. */
  latestEventDate?: IsoDate;
  /** The last day a complaint counts as in time from the event. */
  limitFromEvent?: IsoDate;
  /** The last day in time counted from when they found out, if they told us. */
  limitFromKnowledge?: IsoDate;
  outOfTimeFromEvent: boolean;
  /** Undefined when they did not say when they found out. */
  outOfTimeFromKnowledge?: boolean;
  /** A 29 February anniversary was moved to 28 February (the earlier, conservative date). */
  leapDayAdjusted: boolean;
  /** For staff, e.g. "Out of time: latest event 31 March 2025; last day in time 31 March 2026 (12 months on); received 22 November 2026." */
  reason: Message;
}

/** Why the route is what it is, as messages put into words where they are shown. */
export interface Explanation {
  /** Short paragraphs in plain words for the complainant; "you" on a child's path. Never says "rejected". */
  complainant: Message[];
  /** Precise lines for staff, one per rule that fired, then notes. */
  staff: Message[];
}

export interface Screening {
  route: Route;
  /** For `signpost`: where to go. For other routes: parts that belong elsewhere (R2). */
  signposts: SignpostTarget[];
  /** Rules that fired, in table order. */
  rules: RuleId[];
  /** Sorted in the order of `flags` above (safeguarding first). */
  flags: Flag[];
  /** The complainant's legal category, as printed in the team's email. */
  legalCategory: Message;
  issues: RoutedIssue[];
  timeLimit: TimeLimitResult;
  explanation: Explanation;
}

/** One dated step of a timeline; every entry is a real date. */
export interface TimelineEntry {
  id:
    | 'received'
    | 'acknowledge'
    | 'stage1'
    | 'stage1_extended'
    | 'stage2_request'
    | 'stage2'
    | 'stage2_extended'
    | 'stage3_request'
    | 'panel'
    | 'panel_report'
    | 'final_response'
    | 'corporate_stage1'
    | 'corporate_stage1_extended'
    | 'corporate_stage2_request'
    | 'corporate_stage2'
    | 'ombudsman';
  /** e.g. "Stage 1 reply due". */
  label: Message;
  date: IsoDate;
  /** How the date was counted, e.g. "10 working days after receipt". */
  basis: Message;
  /** For projected steps that depend on an earlier step's real date. */
  projected: boolean;
}

export interface Timeline {
  /** The instant the complaint was sent, UTC ISO 8601. */
  submittedAt: string;
  /** The date in England when it was sent. */
  submittedDate: IsoDate;
  /** The working day it counts as received (moved on from a non-working day or after the cut-off). */
  receiptDate: IsoDate;
  receiptMoved: boolean;
  /** The counting convention, printed in the team's email. */
  convention: Message;
  entries: TimelineEntry[];
}

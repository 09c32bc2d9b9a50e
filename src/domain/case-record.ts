import { isSelfRole, type ChildDetails, type ComplaintAnswers, type ContactDetails } from './answers.ts';
import type { IsoDate } from './dates.ts';
import type { Screening, Timeline } from './screening-types.ts';

/** One question and its answer as the person saw it on check answers, in journey order. */
export interface AnswerRow {
  /** The section heading on check answers, e.g. "About the child". */
  section: string;
  question: string;
  /** Plain text; may contain line breaks. Never HTML. */
  answer: string;
}

/**
 * How the answers came to be sent: when the person started, and whether (and when last) they
 * saved them and came back with a return code. Instants are UTC ISO 8601.
 */
export interface DraftOrigin {
  startedAt: string;
  resumedAt?: string;
}

/** Everything the complaints team is sent about one complaint. */
export interface CaseRecord {
  reference: string;
  councilSlug: string;
  answers: ComplaintAnswers;
  contact: ContactDetails;
  screening: Screening;
  timeline: Timeline;
  /** The answers in journey order, worded as the complainant saw them. */
  answerRows: AnswerRow[];
  /** Absent for cases from before this was recorded. */
  draft?: DraftOrigin;
}

/**
 * Whole years between a date of birth and a later date.
 * @example ageOn('2015-06-02', '2026-06-01') // 10
 */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/** A child's age on a date: worked out from their date of birth when it was given, else the age given. */
export function toChildAge(child: ChildDetails, on: IsoDate): number | undefined {
  return child.dateOfBirth ? ageOn(child.dateOfBirth, on) : child.age;
}

/**
 * The age of a child or care leaver complaining for themself on the day they sent it; undefined
 * for an adult complaining for a child, or when no age was given.
 */
export function toComplainantAge(record: Pick<CaseRecord, 'answers' | 'timeline'>): number | undefined {
  const self = record.answers.children[0];
  return isSelfRole(record.answers.role) && self ? toChildAge(self, record.timeline.submittedDate) : undefined;
}

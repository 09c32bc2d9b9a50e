import type { ComplaintAnswers, ContactDetails } from './answers.ts';
import type { Screening, Timeline } from './screening-types.ts';

/** One question and its answer as the person saw it on check answers, in journey order. */
export interface AnswerRow {
  /** The section heading on check answers, e.g. "About the child". */
  section: string;
  question: string;
  /** Plain text; may contain line breaks. Never HTML. */
  answer: string;
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
}

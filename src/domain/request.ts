import type { ContactDetails } from './answers.ts';
import type { AnswerRow } from './case-record.ts';
import type { IsoDate } from './dates.ts';

/**
 * A request sent on a journey with no rules of its own (see `requestSubmission` in the forms):
 * the answers as the person gave them, their contact details, and whether they said someone is at
 * risk of harm.
 */
export interface RequestRecord {
  kind: 'request';
  /** The journey it was sent on; its words are under this id in the catalogue. */
  journey: string;
  reference: string;
  councilSlug: string;
  /** The instant it was sent, UTC ISO 8601. */
  submittedAt: string;
  submittedDate: IsoDate;
  contact: ContactDetails;
  /** "Is anyone at risk of harm?", asked before Send. */
  worriedAtCheck: boolean;
  answerRows: AnswerRow[];
}

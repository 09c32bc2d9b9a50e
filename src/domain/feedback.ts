import type { AnswerRow } from './case-record.ts';
import type { IsoDate } from './dates.ts';

/**
 * A compliment, suggestion or general feedback (DOMAIN Part 1 §12). It is not a complaint: it has
 * no route, no flags and no complaint timeline.
 */

/**
 * Prefix of feedback references, e.g. `FB-7K4M-2P9X`, so staff can tell feedback from a complaint
 * at a glance and the complaint reference question refuses it.
 */
export const feedbackReferencePrefix = 'FB';

/** What someone can send: a compliment, a suggestion or general feedback. */
export const feedbackKinds = ['compliment', 'suggestion', 'feedback'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

/** How to reply, when the person asked for a reply. */
export interface FeedbackReply {
  name: string;
  email?: string;
  phone?: string;
}

/** Everything the complaints team is sent about one piece of feedback. */
export interface FeedbackRecord {
  kind: 'feedback';
  reference: string;
  councilSlug: string;
  feedbackKind: FeedbackKind;
  message: string;
  /** The team or person it is about, if they said. */
  about?: string;
  /** Absent when they did not want a reply. */
  reply?: FeedbackReply;
  /** The instant it was sent, UTC ISO 8601. */
  submittedAt: string;
  /** The date in England when it was sent. */
  submittedDate: IsoDate;
  /** The answers in the order they were given, worded as the person saw them. */
  answerRows: AnswerRow[];
}

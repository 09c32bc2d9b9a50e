import { z } from 'zod';
import { feedbackKinds } from './feedback.ts';
import { routes } from './screening-types.ts';

/**
 * What a confirmation page may show again after a refresh: references, dates and what happens
 * next, never personal data. One shape per kind of case, told apart by `kind`, and parsed where it
 * leaves the store, so a page switches on the kind instead of guessing from the shape.
 */

const isoDate = z.iso.date();
/** A dated step of a case's timeline, by its id (`acknowledge`, `stage1`, `panel`…). */
const datedStep = z.object({ id: z.string(), date: isoDate });

export const complaintSummarySchema = z.object({
  kind: z.literal('complaint'),
  reference: z.string(),
  route: z.enum(routes),
  /** What we think will happen, in the words shown when it was sent; paragraphs split by a blank line. */
  explanation: z.string(),
  selfPath: z.boolean(),
  safeguarding: z.boolean(),
  advocacyRequested: z.boolean(),
  /** When the advocacy provider should get in touch, if an advocate was asked for (optional: rows stored before it were not dated). */
  advocateContactBy: isoDate.optional(),
  /** The age of a child or care leaver complaining for themself when they sent it (optional: older rows did not keep it). */
  youngPersonAge: z.number().int().nonnegative().optional(),
  acknowledgementEmail: z.boolean(),
  receiptDate: isoDate,
  entries: z.array(datedStep),
});

export const escalationSummarySchema = z.object({
  kind: z.literal('escalation'),
  reference: z.string(),
  originalReference: z.string(),
  stage: z.union([z.literal(2), z.literal(3)]),
  late: z.boolean(),
  windowWorkingDays: z.number().int(),
  safeguarding: z.boolean(),
  acknowledgementEmail: z.boolean(),
  entries: z.array(datedStep),
});

export const advocacySummarySchema = z.object({
  kind: z.literal('advocacy'),
  reference: z.string(),
  selfPath: z.boolean(),
  contactBy: isoDate,
  /** The adult said the child has not agreed (or was not asked): the provider checks with the child first. */
  checkWithChild: z.boolean(),
  complaintMade: z.boolean(),
  safeguarding: z.boolean(),
  acknowledgementEmail: z.boolean(),
  /** The young person's age when the request was sent (optional: older rows did not keep it). */
  youngPersonAge: z.number().int().nonnegative().optional(),
});

export const feedbackSummarySchema = z.object({
  kind: z.literal('feedback'),
  reference: z.string(),
  feedbackKind: z.enum(feedbackKinds),
  replyWanted: z.boolean(),
});

/** Any other journey's request: its answers go to the team as they are. */
export const requestSummarySchema = z.object({
  kind: z.literal('request'),
  /** The journey that sent it, whose confirmation page shows it. */
  journey: z.string(),
  reference: z.string(),
});

export const caseSummarySchema = z.preprocess(
  // Complaints sent before summaries carried a kind are complaints.
  (value) => (typeof value === 'object' && value !== null && !('kind' in value) ? { ...value, kind: 'complaint' } : value),
  z.discriminatedUnion('kind', [complaintSummarySchema, escalationSummarySchema, advocacySummarySchema, feedbackSummarySchema, requestSummarySchema]),
);

export type CaseSummary = z.output<typeof caseSummarySchema>;
export type ComplaintSummary = z.output<typeof complaintSummarySchema>;
export type EscalationSummary = z.output<typeof escalationSummarySchema>;
export type AdvocacySummary = z.output<typeof advocacySummarySchema>;
export type FeedbackSummary = z.output<typeof feedbackSummarySchema>;
export type RequestSummary = z.output<typeof requestSummarySchema>;

/** The summary from stored data, or undefined when it is not one (a row from a future version, say). */
export function parseCaseSummary(stored: unknown): CaseSummary | undefined {
  const result = caseSummarySchema.safeParse(stored);
  return result.success ? result.data : undefined;
}

/** The date of one step of a summary's timeline, if it has it. */
export function summaryDate(summary: { entries: readonly { id: string; date: string }[] }, id: string): string | undefined {
  return summary.entries.find((e) => e.id === id)?.date;
}

/**
 * Childline is offered to children: care leavers up to 25 take the child's path too, and an adult
 * would be turned away, so the offer stops at 18.
 */
export const childlineAgeLimit = 18;

/**
 * Whether a confirmation page or email offers Childline: to a young person speaking for themself
 * who is under 18. A summary stored before ages were kept still offers it, as it did then.
 * @example offersChildline({ selfPath: true, youngPersonAge: 19 }) // false
 */
export function offersChildline(summary: { selfPath: boolean; youngPersonAge?: number | undefined }): boolean {
  return summary.selfPath && (summary.youngPersonAge === undefined || summary.youngPersonAge < childlineAgeLimit);
}

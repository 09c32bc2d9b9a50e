import type { Council } from '../domain/council.ts';
import { toLondonDateTime } from '../domain/dates.ts';
import { feedbackReferencePrefix, type FeedbackKind, type FeedbackRecord } from '../domain/feedback.ts';
import { toFeedbackMessages } from '../domain/other-emails.ts';
import { feedbackFlow, toFeedback } from '../forms/feedback.ts';
import { toFlowSummaryRows } from '../forms/flow.ts';
import type { JourneyContext } from '../forms/journey.ts';
import type { Logger } from './log.ts';
import type { Store } from './store/index.ts';
import { submitWithFreshReference } from './submit-case.ts';
import type { SubmitOutcome } from './submit.ts';

/** What the confirmation page shows again after a refresh. */
export interface FeedbackConfirmationSummary {
  kind: 'feedback';
  reference: string;
  feedbackKind: FeedbackKind;
  replyWanted: boolean;
}

/** Builds the record for a complete piece of feedback. */
export function buildFeedbackCase(ctx: JourneyContext, council: Council, now: Date, reference: string): FeedbackRecord {
  const feedback = toFeedback(ctx);
  const answerRows = toFlowSummaryRows(feedbackFlow, ctx).map(({ section, question, answer }) => ({ section, question, answer }));
  return { kind: 'feedback', reference, councilSlug: council.slug, ...feedback, submittedAt: now.toISOString(), submittedDate: toLondonDateTime(now).date, answerRows };
}

/** Sends feedback: one email to the complaints team, through the outbox. */
export async function submitFeedback(options: { store: Store; council: Council; log: Logger; sessionId: string; ctx: JourneyContext; now: Date }): Promise<SubmitOutcome> {
  const { store, council, log, sessionId, ctx, now } = options;
  const mailboxes = { complaintsTeam: council.mail.complaintsTeam, safeguarding: council.mail.safeguarding, from: council.mail.from };
  return submitWithFreshReference({
    store,
    log,
    sessionId,
    kind: 'feedback',
    prefix: feedbackReferencePrefix,
    now,
    build: (reference) => {
      const record = buildFeedbackCase(ctx, council, now, reference);
      const summary: FeedbackConfirmationSummary = { kind: 'feedback', reference, feedbackKind: record.feedbackKind, replyWanted: record.reply !== undefined };
      return { summary: { ...summary }, record: { ...record }, messages: toFeedbackMessages(record, council, mailboxes) };
    },
  });
}

import type { Council } from '../domain/council.ts';
import { screenEscalation, type EscalationRecord, type EscalationStage } from '../domain/escalation.ts';
import { shouldSendAcknowledgement } from '../domain/email-body.ts';
import { toEscalationMessages } from '../domain/other-emails.ts';
import type { TimelineEntry } from '../domain/screening-types.ts';
import { toFlowSummaryRows } from '../forms/flow.ts';
import type { JourneyContext } from '../forms/journey.ts';
import type { PageValues } from '../forms/page-schema.ts';
import { reviewFlow, toEscalationRequest } from '../forms/review.ts';
import type { Logger } from './log.ts';
import type { Store } from './store/index.ts';
import { submitWithFreshReference } from './submit-case.ts';
import type { SubmitOutcome } from './submit.ts';

/** What the confirmation page shows again after a refresh: references and dates, no personal data. */
export interface ReviewConfirmationSummary {
  kind: 'escalation';
  reference: string;
  originalReference: string;
  stage: EscalationStage;
  late: boolean;
  windowWorkingDays: number;
  safeguarding: boolean;
  acknowledgementEmail: boolean;
  entries: Pick<TimelineEntry, 'id' | 'label' | 'date'>[];
}

/** Builds the record for a complete stage 2 or 3 request. */
export function buildEscalationCase(ctx: JourneyContext, check: PageValues, council: Council, now: Date, reference: string, referenceKnown: boolean): EscalationRecord {
  const { request, contact } = toEscalationRequest(ctx, check, referenceKnown);
  const screening = screenEscalation({ request, council, requestedAt: now });
  const answerRows = toFlowSummaryRows(reviewFlow, ctx).map(({ section, question, answer }) => ({ section, question, answer }));
  return { kind: 'escalation', reference, councilSlug: council.slug, request, contact, screening, answerRows };
}

function toSummary(record: EscalationRecord): ReviewConfirmationSummary {
  const { request, screening } = record;
  return {
    kind: 'escalation',
    reference: record.reference,
    originalReference: request.originalReference,
    stage: request.stage,
    late: screening.window.late,
    windowWorkingDays: screening.windowWorkingDays,
    safeguarding: screening.flags.includes('safeguarding'),
    acknowledgementEmail: shouldSendAcknowledgement(record.contact),
    entries: screening.window.entries.map(({ id, label, date }) => ({ id, label, date })),
  };
}

/**
 * Sends a stage 2 or 3 request: looks up whether the complaint's reference was issued here (an
 * unknown one is flagged, not refused), then writes the request and its emails in one transaction.
 */
export async function submitReview(options: { store: Store; council: Council; log: Logger; sessionId: string; ctx: JourneyContext; check: PageValues; now: Date }): Promise<SubmitOutcome> {
  const { store, council, log, sessionId, ctx, check, now } = options;
  const { request } = toEscalationRequest(ctx, check, false);
  let referenceKnown: boolean;
  try {
    referenceKnown = await store.referenceExists(request.originalReference);
  } catch (error) {
    log.error('reference lookup failed', { error });
    return { ok: false, code: 'store_failed' };
  }
  const mailboxes = { complaintsTeam: council.mail.complaintsTeam, safeguarding: council.mail.safeguarding, from: council.mail.from };
  return submitWithFreshReference({
    store,
    log,
    sessionId,
    kind: 'escalation',
    prefix: council.referencePrefix,
    now,
    build: (reference) => {
      const record = buildEscalationCase(ctx, check, council, now, reference, referenceKnown);
      return { summary: { ...toSummary(record) }, record: { ...record }, messages: toEscalationMessages(record, council, mailboxes) };
    },
  });
}

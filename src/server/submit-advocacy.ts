import { advocacyReferencePrefix, isSelfRequester, screenAdvocacyRequest, type AdvocacyRecord } from '../domain/advocacy.ts';
import type { Council } from '../domain/council.ts';
import type { IsoDate } from '../domain/dates.ts';
import { shouldSendAcknowledgement } from '../domain/email-body.ts';
import { toAdvocacyMessages } from '../domain/other-emails.ts';
import { advocacyFlow, toAdvocacyRequest } from '../forms/advocacy.ts';
import { toFlowSummaryRows } from '../forms/flow.ts';
import type { JourneyContext } from '../forms/journey.ts';
import type { PageValues } from '../forms/page-schema.ts';
import type { Logger } from './log.ts';
import type { Store } from './store/index.ts';
import { submitWithFreshReference } from './submit-case.ts';
import type { SubmitOutcome } from './submit.ts';

/** What the confirmation page shows again after a refresh: the reference and dates, no personal data. */
export interface AdvocacyConfirmationSummary {
  kind: 'advocacy';
  reference: string;
  selfPath: boolean;
  contactBy: IsoDate;
  /** The adult said the child has not agreed (or was not asked): the provider checks with the child first. */
  checkWithChild: boolean;
  complaintMade: boolean;
  safeguarding: boolean;
  acknowledgementEmail: boolean;
}

/** Builds the record for a complete request for an advocate. */
export function buildAdvocacyCase(ctx: JourneyContext, check: PageValues, council: Council, now: Date, reference: string): AdvocacyRecord {
  const { request, contact } = toAdvocacyRequest(ctx, check);
  const screening = screenAdvocacyRequest({ request, council, submittedAt: now });
  const answerRows = toFlowSummaryRows(advocacyFlow, ctx).map(({ section, question, answer }) => ({ section, question, answer }));
  return { kind: 'advocacy', reference, councilSlug: council.slug, request, contact, screening, answerRows };
}

function toSummary(record: AdvocacyRecord): AdvocacyConfirmationSummary {
  const { request, screening } = record;
  return {
    kind: 'advocacy',
    reference: record.reference,
    selfPath: isSelfRequester(request.requester),
    contactBy: screening.contactBy,
    checkWithChild: screening.flags.includes('child_does_not_agree') || screening.flags.includes('child_not_asked'),
    complaintMade: request.complaintMade,
    safeguarding: screening.flags.includes('safeguarding'),
    acknowledgementEmail: shouldSendAcknowledgement(record.contact),
  };
}

/** Sends a request for an advocate with its emails (team, provider referral, safeguarding, acknowledgement). */
export async function submitAdvocacy(options: { store: Store; council: Council; log: Logger; sessionId: string; ctx: JourneyContext; check: PageValues; now: Date }): Promise<SubmitOutcome> {
  const { store, council, log, sessionId, ctx, check, now } = options;
  const mailboxes = { complaintsTeam: council.mail.complaintsTeam, safeguarding: council.mail.safeguarding, from: council.mail.from };
  return submitWithFreshReference({
    store,
    log,
    sessionId,
    kind: 'advocacy',
    prefix: advocacyReferencePrefix,
    now,
    build: (reference) => {
      const record = buildAdvocacyCase(ctx, check, council, now, reference);
      return { summary: { ...toSummary(record) }, record: { ...record }, messages: toAdvocacyMessages(record, council, mailboxes) };
    },
  });
}

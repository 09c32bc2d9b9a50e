import { webcrypto } from 'node:crypto';
import type { CaseRecord } from '../domain/case-record.ts';
import type { Council } from '../domain/council.ts';
import { toOutgoingMessages } from '../domain/email-body.ts';
import { createReferenceNumber } from '../domain/reference-number.ts';
import { screenComplaint } from '../domain/screening.ts';
import type { Route, TimelineEntry } from '../domain/screening-types.ts';
import { computeTimeline } from '../domain/timeline.ts';
import { isSelfPath, toComplaint, toSummaryRows, type JourneyContext } from '../forms/journey.ts';
import type { PageValues } from '../forms/page-schema.ts';
import type { Logger } from './log.ts';
import { ReferenceTakenError, type Store } from './store/index.ts';

/** What the confirmation page shows again after a refresh: dates and route, no personal data. */
export interface ConfirmationSummary {
  reference: string;
  route: Route;
  explanation: string;
  selfPath: boolean;
  safeguarding: boolean;
  advocacyRequested: boolean;
  acknowledgementEmail: boolean;
  receiptDate: string;
  entries: Pick<TimelineEntry, 'id' | 'label' | 'date' | 'basis'>[];
}

export type SubmitOutcome = { ok: true; reference: string; created: boolean } | { ok: false; code: 'store_failed' };

const randomBytes = (count: number) => webcrypto.getRandomValues(new Uint8Array(count));

/** Builds the case record (screening, timeline, reference, emails) for a complete journey. */
export function buildCase(ctx: JourneyContext, check: PageValues, council: Council, now: Date, reference: string): CaseRecord {
  const { answers, contact } = toComplaint(ctx, check);
  const screening = screenComplaint(answers, council, now);
  const timeline = computeTimeline({ route: screening.route, council, submittedAt: now });
  const answerRows = toSummaryRows(ctx).map(({ section, question, answer }) => ({ section, question, answer }));
  return { reference, councilSlug: council.slug, answers, contact, screening, timeline, answerRows };
}

function toSummary(record: CaseRecord, selfPath: boolean, acknowledgementEmail: boolean): ConfirmationSummary {
  return {
    reference: record.reference,
    route: record.screening.route,
    explanation: record.screening.explanation.complainant,
    selfPath,
    safeguarding: record.screening.flags.includes('safeguarding'),
    advocacyRequested: record.screening.flags.includes('advocacy_requested'),
    acknowledgementEmail,
    receiptDate: record.timeline.receiptDate,
    entries: record.timeline.entries.map(({ id, label, date, basis }) => ({ id, label, date, basis })),
  };
}

/**
 * Sends a complaint: one transaction writes the case and every email it owes, before the person
 * sees a reference. The emails are delivered later by the outbox worker, so SMTP being slow or down
 * never delays or fails this step. A second Send from the same session returns the first reference.
 */
export async function submitComplaint(options: {
  store: Store;
  council: Council;
  log: Logger;
  sessionId: string;
  ctx: JourneyContext;
  check: PageValues;
  now: Date;
}): Promise<SubmitOutcome> {
  const { store, council, log, sessionId, ctx, check, now } = options;
  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = createReferenceNumber({ prefix: council.referencePrefix, random: randomBytes });
    const record = buildCase(ctx, check, council, now, reference);
    const messages = toOutgoingMessages(record, council, {
      complaintsTeam: council.mail.complaintsTeam,
      safeguarding: council.mail.safeguarding,
      from: council.mail.from,
    });
    const acknowledgement = messages.some((m) => m.kind === 'acknowledgement');
    try {
      const result = await store.submitCase({
        sessionId,
        reference,
        kind: 'complaint',
        createdAt: now.getTime(),
        summary: { ...toSummary(record, isSelfPath(ctx), acknowledgement) },
        record: { ...record },
        messages,
      });
      if (result.created) log.info('complaint sent', { reference: result.reference, route: record.screening.route });
      return { ok: true, reference: result.reference, created: result.created };
    } catch (error) {
      // A clash with an earlier reference is astronomically rare but must never merge two cases.
      if (error instanceof ReferenceTakenError) continue;
      log.error('complaint could not be stored', { error });
      return { ok: false, code: 'store_failed' };
    }
  }
  log.error('no free reference after 5 attempts', {});
  return { ok: false, code: 'store_failed' };
}

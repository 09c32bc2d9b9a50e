import { webcrypto } from 'node:crypto';
import type { DraftOrigin } from '../../domain/case-record.ts';
import type { CaseSummary } from '../../domain/case-summary.ts';
import { createReferenceNumber } from '../../domain/reference-number.ts';
import type { BuiltCase, Journey, JourneyContext, Submission } from '../../forms/engine/journey.ts';
import { toSummaryRows } from '../../forms/engine/summary.ts';
import { applicableSteps, pruneAnswers } from '../../forms/engine/walk.ts';
import { FILES_STEP } from '../../forms/uploads.ts';
import type { FileNote } from '../../domain/case-files.ts';
import { withCaseFiles } from '../../domain/case-document.ts';
import { toAttachedSize, withFiles } from '../../domain/email/files.ts';
import type { OutgoingEmail } from '../../domain/email/envelope.ts';
import type { PageValues } from '../../forms/page-schema.ts';
import type { Copy } from '../i18n/translator.ts';
import type { Logger } from '../log.ts';
import { isTransientStoreError, ReferenceTakenError, TRANSIENT_RETRY_DELAY_MS, type OutgoingMessage, type Store } from '../store/index.ts';

/** How cases reach the council (config `caseDelivery`): the team's email, a webhook, or both. */
export interface CaseChannels {
  email: boolean;
  webhook: boolean;
}

/**
 * The messages one Send writes. With email off the team's email is left out and the webhook
 * carries the case; the safeguarding copy, the advocacy referral and the complainant's
 * acknowledgement go to other people than the complaints team, so they still go.
 */
export function toCaseMessages(built: BuiltCase, kind: Submission['kind'], reference: string, channels: CaseChannels): OutgoingMessage[] {
  const emails = channels.email ? built.messages : built.messages.filter((message) => message.kind !== 'team');
  if (!channels.webhook) return emails;
  // One webhook-id per case and kind, the same on every retry, so a receiver can drop a copy it has taken.
  return [...emails, { kind: 'webhook', messageId: `${reference}.${kind}`, body: JSON.stringify(built.document) }];
}

export type SubmitOutcome = { ok: true; reference: string; created: boolean } | { ok: false; code: 'store_failed' };

const randomBytes = (count: number) => webcrypto.getRandomValues(new Uint8Array(count));

/**
 * Sends a journey: one transaction writes the case and every email it owes, under a fresh
 * reference, before the person sees that reference; the outbox worker delivers the emails later,
 * so a slow or broken mail server never delays or fails Send. A second Send from the same session
 * returns the first reference. A reference clash (astronomically rare) is retried with a new one,
 * never merged.
 */
export async function submitJourney(options: {
  journey: Journey;
  store: Store;
  copy: Copy;
  log: Logger;
  sessionId: string;
  ctx: JourneyContext;
  check: PageValues;
  now: Date;
  /** Unset: email only, as without CASE_WEBHOOK_URL. */
  channels?: CaseChannels;
  /** When the session started (epoch ms), for the figures' time-to-complete band. */
  startedAt?: number;
  /** When the person started, and when they last came back with a return code. */
  draft?: DraftOrigin | undefined;
  /** Whether the page it was sent from ran the service's scripts, for the figures; unknown when absent. */
  javascript?: boolean;
  /** The largest team email the mail server takes (MAIL_MAX_BYTES); bigger, and the files are held for staff to fetch. */
  mailMaxBytes?: number;
}): Promise<SubmitOutcome> {
  const {
    journey,
    store,
    copy,
    log,
    sessionId,
    now,
    check,
    channels = { email: true, webhook: false },
    startedAt,
    draft,
    javascript,
    mailMaxBytes = 20 * 1024 * 1024,
  } = options;
  const { submission } = journey;
  // Only answers to steps that still apply count, whatever else the session holds.
  const ctx = { ...options.ctx, answers: pruneAnswers(journey, options.ctx) };
  const rows = toSummaryRows(journey, ctx, copy).map(({ section, question, answer }) => ({ section, question, answer }));

  let referenceKnown = false;
  let earlierCase: CaseSummary | undefined;
  const earlier = submission.referenceToCheck?.(ctx);
  if (earlier) {
    try {
      // The summary outlives the case's personal data, so staff can be told what the case was;
      // a row whose summary cannot be read is still a reference this service issued.
      earlierCase = await store.getCaseSummary(earlier);
      referenceKnown = earlierCase !== undefined || (await store.referenceExists(earlier));
    } catch (error) {
      log.error('reference lookup failed', { error });
      return { ok: false, code: 'store_failed' };
    }
  }

  // The files go only when the page that took them is still part of the answers (a later "no" drops them).
  let files: (FileNote & { id: string })[] = [];
  if (applicableSteps(journey, ctx).some((step) => step.id === FILES_STEP)) {
    try {
      files = await store.listUploads(sessionId);
    } catch (error) {
      log.error('uploaded files could not be listed', { error });
      return { ok: false, code: 'store_failed' };
    }
  }

  let transientRetried = false;
  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = createReferenceNumber({ prefix: submission.referencePrefix(ctx.council), random: randomBytes });
    const built = submission.build({ ctx, check, reference, now, t: copy.t, rows, referenceKnown, earlierCase, startedAt, draft });
    if (built.figures === undefined) log.error(`${submission.kind} figures could not be made; the case is sent without them`, {});
    const messages = files.length === 0 ? built.messages : built.messages.map((message) => withTeamFiles(message, files, reference, copy, mailMaxBytes));
    const document = withCaseFiles(built.document, files);
    const caseToSubmit = {
      sessionId,
      reference,
      kind: submission.kind,
      createdAt: now.getTime(),
      summary: built.summary,
      record: built.record,
      messages: toCaseMessages({ ...built, messages, document }, submission.kind, reference, channels),
      ...(built.figures === undefined ? {} : { figures: javascript === undefined ? built.figures : { ...built.figures, javascript } }),
      uploadIds: files.map((file) => file.id),
    };
    try {
      const result = await store.submitCase(caseToSubmit).catch(async (error: unknown) => {
        // Safe to try again: the transaction rolled back, or it committed and the second try
        // finds the session already sent and returns that reference.
        if (transientRetried || !isTransientStoreError(error)) throw error;
        transientRetried = true;
        log.warn(`${submission.kind} store error; trying once more`, { error });
        await new Promise((resolve) => setTimeout(resolve, TRANSIENT_RETRY_DELAY_MS));
        return store.submitCase(caseToSubmit);
      });
      if (result.created)
        log.info(`${submission.kind} sent`, { reference: result.reference, ...('route' in built.summary ? { route: built.summary.route } : {}) });
      return { ok: true, reference: result.reference, created: result.created };
    } catch (error) {
      if (error instanceof ReferenceTakenError) continue;
      log.error(`${submission.kind} could not be stored`, { error });
      return { ok: false, code: 'store_failed' };
    }
  }
  log.error(`no free ${submission.kind} reference after 5 attempts`, {});
  return { ok: false, code: 'store_failed' };
}

/**
 * The team's email with the files listed, and attached by the outbox worker when the whole email
 * fits under the mail server's limit; otherwise it says the files are held and how staff fetch
 * them. Never the acknowledgement or any other email.
 */
function withTeamFiles(
  message: OutgoingEmail,
  files: readonly FileNote[],
  reference: string,
  copy: Copy,
  mailMaxBytes: number,
): OutgoingEmail & { attachCaseFiles?: boolean } {
  if (message.kind !== 'team') return message;
  const bodySize = message.text.length + message.html.length + message.attachments.reduce((sum, a) => sum + a.content.length * 1.4, 0);
  const held = bodySize + toAttachedSize(files) + 16 * 1024 > mailMaxBytes;
  const email = withFiles(message, copy.t, files, { held, reference });
  return held ? email : { ...email, attachCaseFiles: true };
}

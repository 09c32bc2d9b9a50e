import { randomUUID } from 'node:crypto';
import type { Council } from '../../domain/council.ts';
import { formatLongDate, toLondonDateTime } from '../../domain/dates.ts';
import { messageIdFor, toHeaderValue } from '../../domain/email/envelope.ts';
import { formatSavedFormEmail } from '../../domain/email/saved-form.ts';
import type { Journey, JourneyContext } from '../../forms/engine/journey.ts';
import { readAnswers } from '../../forms/engine/answers.ts';
import { pruneAnswers } from '../../forms/engine/walk.ts';
import { canAcknowledgeByEmail } from '../../forms/fields.ts';
import { sendDirect } from '../mail/transport.ts';
import type { JourneyLocals } from './session.ts';

/**
 * "Your saved form", sent at once while the person waits on the save page, rather than through
 * the outbox: it carries the return code, which would then be kept in the outbox after the
 * session that shows it (and Exit this page) had gone; and the person is there to be told if it
 * did not go, with the code on the screen in front of them.
 */

/** Longest the save page waits for the mail server before saying the email did not go. */
export const SAVED_FORM_EMAIL_TIMEOUT_MS = 15_000;
/** Emails to one address in an hour: enough to save a few times, too few to flood someone's inbox. */
export const SAVED_FORM_EMAILS_PER_HOUR = 3;
const HOUR_MS = 60 * 60 * 1000;

/**
 * The address a saved-form email may go to: only one the person gave on this journey and said it
 * is safe to email them at, as for the acknowledgement.
 */
export function safeEmailAddress(journey: Journey, ctx: JourneyContext): string | undefined {
  const answers = readAnswers(pruneAnswers(journey, ctx));
  return canAcknowledgeByEmail(answers) ? answers.text('contact', 'email') : undefined;
}

/** The sender of "Your saved form": the council's neutral one, or its name with the usual address. */
function neutralSender(council: Council): { from: string; domain: string } {
  const address = (text: string) => /<([^<>]+)>\s*$/.exec(text)?.[1] ?? text.trim();
  const from = council.mail.neutralFrom ?? `${council.name} <${address(council.mail.from)}>`;
  return { from, domain: address(from).split('@')[1] ?? council.mail.messageIdDomain };
}

export async function sendSavedFormEmail(
  locals: JourneyLocals,
  options: { to: string; code: string; origin: string; now: Date; keptUntil: Date },
): Promise<'sent' | 'not_sent'> {
  const { store, council, copy, log, transport, config } = locals.runtime;
  const { to, now } = options;
  if ((await store.hitRateLimit(`saved-form-email:${to.toLowerCase()}`, HOUR_MS, now.getTime())) > SAVED_FORM_EMAILS_PER_HOUR) {
    log.warn('saved form email not sent: too many to one address this hour', {});
    return 'not_sent';
  }
  const email = formatSavedFormEmail(copy.t, {
    code: options.code,
    resumeUrl: new URL('/resume', config.publicOrigin ?? options.origin).href,
    savedOn: formatLongDate(toLondonDateTime(now).date),
    keptUntil: formatLongDate(toLondonDateTime(options.keptUntil).date),
  });
  const sender = neutralSender(council);
  const sent = await sendDirect(
    transport,
    {
      label: 'saved-form',
      from: toHeaderValue(sender.from),
      to: toHeaderValue(to),
      // Random: nothing in a header may lead back to the code.
      messageId: messageIdFor(randomUUID(), 'saved-form', sender.domain),
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: { 'Auto-Submitted': 'auto-generated' },
    },
    { timeoutMs: SAVED_FORM_EMAIL_TIMEOUT_MS },
  );
  if (!sent.ok) {
    // Not the server's words: a refusal often quotes the address.
    log.warn('saved form email not sent', {
      errorCode: sent.error.permanent ? 'refused' : sent.error.serverUnavailable ? 'server_unavailable' : 'failed_for_now',
    });
    return 'not_sent';
  }
  log.info('saved form email sent', {});
  return 'sent';
}

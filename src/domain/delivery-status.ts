/**
 * Delivery status and retry timing for outbox messages. Pure: the store keeps timestamps, this
 * module says what they mean and when to try again.
 */

/** Where a message is: still to be sent (or being retried), accepted by the mail server, or given up on. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * Derives a message's status from its timestamps, never from a stored status column, so that
 * events arriving out of order (a late bounce, a requeue) cannot leave it contradicting itself.
 * When both are set the later one wins.
 *
 * Ported from GOV.UK Forms, `Delivery#status`:
 * https://github.com/alphagov/forms-runner/blob/main/app/models/delivery.rb
 * (decision record: govuk-forms/forms ADR047, "compute submission status from timestamps").
 *
 * @example
 * deliveryStatus({ deliveredAt: null, failedAt: null }) // 'pending'
 * deliveryStatus({ deliveredAt: 1_000, failedAt: 2_000 }) // 'failed' (a bounce after acceptance)
 */
export function deliveryStatus(timestamps: { deliveredAt: number | null; failedAt: number | null }): DeliveryStatus {
  const { deliveredAt, failedAt } = timestamps;
  if (deliveredAt === null && failedAt === null) return 'pending';
  if (failedAt === null) return 'delivered';
  if (deliveredAt === null) return 'failed';
  return deliveredAt > failedAt ? 'delivered' : 'failed';
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** The wait after the first failed attempt; each later wait doubles. */
export const FIRST_RETRY_DELAY_MS = 30 * SECOND;

/** No wait is longer than this, so a relay that comes back is used within two hours. */
export const MAX_RETRY_DELAY_MS = 120 * MINUTE;

/** How many times a message is tried before it is marked failed and the alert goes out. */
export const MAX_DELIVERY_ATTEMPTS = 13;

/** Extra random share of each wait (0 to 20%), so messages that failed together do not retry together. */
const JITTER_SHARE = 0.2;

/**
 * How long to wait before the next attempt, after `attempts` attempts have failed; `null` when
 * the message has had all its attempts and must be marked failed.
 *
 * The waits are 30 s, 1, 2, 4, 8, 16, 32 and 64 minutes, then 2 hours (four times), plus up to 20%
 * from `jitter`: 13 attempts over at least 10 hours. Why so long: a council mail relay outage or
 * maintenance window lasts minutes to hours, often overnight. GOV.UK Forms retries for about
 * 4.5 hours (10 attempts, `polynomially_longer`) and then leaves the submission to its support team;
 * here a child's complaint must not be dropped overnight, so we keep trying through a night and
 * only then mark it failed, which sends the alert email and logs an error for someone to requeue.
 * The jitter spreads retries of messages that failed together, so a relay that has just come back
 * is not hit by all of them in the same second.
 *
 * @param attempts attempts made so far, all failed (1 after the first failure)
 * @param jitter a number from 0 (inclusive) to 1 (exclusive), e.g. `Math.random()`; passed in to keep this pure
 * @example
 * nextAttemptDelay(1, 0) // 30_000
 * nextAttemptDelay(9, 0) // 7_200_000 (capped at 2 hours)
 * nextAttemptDelay(13, 0) // null (give up)
 */
export function nextAttemptDelay(attempts: number, jitter: number): number | null {
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`attempts must be a whole number of at least 1, got ${attempts}`);
  }
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return null;
  const base = Math.min(FIRST_RETRY_DELAY_MS * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
  const share = Math.min(Math.max(jitter, 0), 1) * JITTER_SHARE;
  return Math.round(base * (1 + share));
}

/** What the alert email needs to know about a message that could not be delivered. */
export interface DeliveryAlertInput {
  reference: string;
  /** The kind of the failed message, e.g. "team" or "acknowledgement". */
  kind: string;
  attempts: number;
  /** Epoch milliseconds. */
  failedAt: number;
  /** The mail server's last reply, with addresses already masked. */
  lastError: string;
  /** True when the server refused the message, false when the attempts ran out. */
  permanent: boolean;
}

const KIND_NOTES: Record<string, string> = {
  team: 'The complaints team has NOT received this case. Until it is sent, nobody at the council knows about it.',
  safeguarding: 'The safeguarding copy of this case has NOT been received. Check the case with the complaints team today.',
  acknowledgement:
    "The complainant's acknowledgement did not arrive, so their address may be wrong. The complaints team has the case and can contact them another way.",
  advocacy_referral: 'The referral to the advocacy provider has NOT been received. Make the referral another way if it cannot be resent.',
};

/**
 * The alert sent to the council's alert mailbox when a message fails for good: which reference and
 * kind, why, and how to send it again. Never the complaint's content: the alert mailbox may be
 * read by IT staff who have no need to see it.
 */
export function formatDeliveryAlert(input: DeliveryAlertInput): { subject: string; text: string; html: string } {
  const { reference, kind, attempts } = input;
  const why = input.permanent
    ? 'The mail server refused it, so it will not be tried again.'
    : `It was tried ${attempts} times over about 10 hours and the mail server could not take it.`;
  const paragraphs = [
    `The "${kind}" email for reference ${reference} could not be delivered. ${why}`,
    KIND_NOTES[kind] ?? 'Check whether the message is still needed.',
    `Attempts: ${attempts}\nMarked failed at: ${new Date(input.failedAt).toISOString()}\nLast reply from the mail server: ${input.lastError}`,
    'The case is safe in the service\'s database. When the cause is fixed (for example a wrong or full mailbox, or the mail relay refusing the message), send it again from the server with:',
    `npm run outbox -- requeue ${reference}`,
    'To see every message still waiting: npm run outbox -- list',
  ];
  return {
    subject: `Undelivered email: ${kind} message for ${reference}`,
    text: paragraphs.join('\n\n') + '\n',
    html: paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n'),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

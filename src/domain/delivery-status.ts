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

import type { Translate } from '../../domain/copy.ts';
import { nextAttemptDelay } from '../../domain/delivery-status.ts';
import { formatDeliveryAlert } from '../../domain/email/delivery-alert.ts';
import type { Logger } from '../log.ts';
import { maskEmailAddresses } from '../log.ts';
import { sendMessage, type MailTransport } from '../mail/transport.ts';
import type { Store } from '../store/index.ts';
import type { OutboxMessage, OutgoingMessage } from '../store/types.ts';

/**
 * Delivers the outbox. The case and its messages were written in one transaction before the
 * person saw their reference; this worker only moves them on to the mail server, and every
 * outcome is written back to the store, so a crash at any point loses nothing: an unfinished
 * claim lapses after `claimTtlMs` and another run (here or on another instance) sends it.
 * A message can therefore be sent twice in the rare case of a crash between the mail server's
 * "250 OK" and the delivery being recorded; the stable Message-ID makes the copy recognisable.
 */

export interface OutboxWorkerOptions {
  store: Store;
  transport: MailTransport;
  log: Logger;
  /** Wait between runs when the outbox is empty or waiting for retries. */
  pollMs: number;
  /** Unique per instance, e.g. "host:pid:random"; written on claimed rows. */
  workerId: string;
  /**
   * After this long a claim is abandoned and the message is due again. It must be longer than
   * sending a batch takes (SMTP timeouts are 10 s + 10 s + 30 s), and short enough that a message
   * claimed by an instance that died is not held up for long.
   */
  claimTtlMs?: number;
  /** Messages claimed at once. */
  batchSize?: number;
  /** Where to say that a message failed for good, and the words to say it in; without it the failure is only logged. */
  alert?: { to: string; messageIdDomain: string; from?: string; t: Translate } | undefined;
  /** Told the outcome of each attempt, for the metrics. */
  onOutcome?: (kind: OutboxMessage['kind'], result: 'delivered' | 'retried' | 'failed') => void;
  clock?: () => number;
  /** For the retry jitter. */
  random?: () => number;
}

export interface OutboxRunSummary {
  claimed: number;
  delivered: number;
  /** Failed this time, to be tried again later. */
  retried: number;
  /** Failed for good (and alerted, if an alert address is set). */
  failed: number;
}

export interface OutboxWorker {
  /** Runs now, then every `pollMs` after each run finishes, until stopped. */
  start(): void;
  /** Stops the timer and waits for a run in progress to finish. */
  stop(): Promise<void>;
  /** Sends every message that is due now, batch by batch, and returns what happened. */
  runOnce(): Promise<OutboxRunSummary>;
}

const DEFAULT_CLAIM_TTL_MS = 10 * 60_000;
const DEFAULT_BATCH_SIZE = 5;

/** Creates the outbox worker; nothing happens until start() or runOnce(). */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, transport, workerId } = options;
  const log = options.log.child({ workerId });
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const claimTtlMs = options.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;

  const alertFor = (message: OutboxMessage, at: number, attempts: number, lastError: string, permanent: boolean): OutgoingMessage | undefined => {
    // An alert about an alert would loop; its failure is logged at error level instead.
    if (options.alert === undefined || message.kind === 'alert') return undefined;
    const body = formatDeliveryAlert({ reference: message.reference, kind: message.kind, attempts, failedAt: at, lastError, permanent }, options.alert.t);
    return {
      kind: 'alert',
      to: options.alert.to,
      // One alert per failure: the same message failing again after a requeue gets a new alert.
      messageId: `<${message.reference}.alert.${message.kind}.${at}@${options.alert.messageIdDomain}>`,
      ...(options.alert.from ? { from: options.alert.from } : {}),
      ...body,
    };
  };

  const deliverOne = async (message: OutboxMessage, summary: OutboxRunSummary): Promise<void> => {
    const started = clock();
    const fields = { reference: message.reference, messageKind: message.kind, outboxId: message.id };
    const result = await sendMessage(transport, message);
    const at = clock();
    if (result.ok) {
      await store.recordDelivery(message.id, { at, smtpResponse: result.value.response, messageId: result.value.messageId });
      summary.delivered += 1;
      options.onOutcome?.(message.kind, 'delivered');
      log.info('message delivered', { ...fields, attempts: message.attempts + 1, durationMs: at - started });
      return;
    }
    const attempts = message.attempts + 1;
    const delay = result.error.permanent ? null : nextAttemptDelay(attempts, random());
    const lastError = maskEmailAddresses(result.error.response);
    const outcome = await store.recordFailure(message.id, {
      at,
      error: lastError,
      permanent: result.error.permanent,
      nextAttemptAt: delay === null ? null : at + delay,
      alert: alertFor(message, at, attempts, lastError, result.error.permanent),
    });
    if (outcome === undefined) return;
    if (outcome.failed) {
      summary.failed += 1;
      options.onOutcome?.(message.kind, 'failed');
      log.error('message failed for good; requeue it with: npm run outbox -- requeue <reference>', {
        ...fields,
        attempts: outcome.attempts,
        status: result.error.permanent ? 'refused' : 'attempts_exhausted',
      });
    } else {
      summary.retried += 1;
      options.onOutcome?.(message.kind, 'retried');
      log.warn('message not delivered; will retry', {
        ...fields,
        attempts: outcome.attempts,
        retryInSeconds: delay === null ? null : Math.round(delay / 1000),
      });
    }
  };

  const runOnce = async (): Promise<OutboxRunSummary> => {
    const summary: OutboxRunSummary = { claimed: 0, delivered: 0, retried: 0, failed: 0 };
    for (;;) {
      const claimedAt = clock();
      const batch = await store.claimMessages({ now: claimedAt, limit: batchSize, workerId, claimTtlMs });
      summary.claimed += batch.length;
      for (const message of batch) {
        // Past half the claim's life, leave the rest: their claims lapse and they are picked up
        // again, rather than risk another instance sending them at the same time as this one.
        if (clock() - claimedAt > claimTtlMs / 2) break;
        await deliverOne(message, summary);
      }
      if (batch.length < batchSize) return summary;
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const tick = (): void => {
    running = (async () => {
      try {
        await runOnce();
      } catch (error) {
        // The store or the network is down; messages stay in the outbox and the next run retries.
        log.error('outbox run failed', { error });
      }
    })();
    void running.then(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(tick, options.pollMs);
    });
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running;
    },
    runOnce,
  };
}

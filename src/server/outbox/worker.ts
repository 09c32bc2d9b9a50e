import type { Translate } from '../../domain/copy.ts';
import { nextAttemptDelay } from '../../domain/delivery-status.ts';
import { formatDeliveryAlert } from '../../domain/email/delivery-alert.ts';
import type { Logger } from '../log.ts';
import { maskEmailAddresses } from '../log.ts';
import { checkMailServer, SEND_TIMEOUT_MS, sendMessage, type MailTransport } from '../mail/transport.ts';
import type { Store } from '../store/index.ts';
import type { OutboxEmail, OutboxMessage, OutboxWebhook, OutgoingMessage, UploadFile } from '../store/types.ts';
import { mimeTypes } from '../uploads/file-kind.ts';
import { sendWebhook, WEBHOOK_TIMEOUT_MS, type WebhookTarget } from '../webhook/send.ts';

/**
 * Delivers the outbox. The case and its messages were written in one transaction before the
 * person saw their reference; this worker only moves them on to the mail server, and every
 * outcome is written back to the store, so a crash at any point loses nothing: an unfinished
 * claim lapses after CLAIM_TTL_MS and another run (here or on another instance) sends it.
 * A message can therefore be sent twice in the rare case of a crash between the mail server's
 * "250 OK" and the delivery being recorded; the stable Message-ID makes the copy recognisable.
 * Webhooks (the case posted to case management) go through the same claims, retries and alerts;
 * their stable `webhook-id` does for a receiver what the Message-ID does for a mailbox.
 *
 * After an outage of the mail server, messages wait along their retry schedule (up to two hours
 * apart), which keeps a server that is down from being hammered. The moment the server is seen
 * to be back (a send succeeds, or the light check made while messages wait for it), every waiting
 * message is made due now in the store, so every instance drains the backlog at once.
 */

/**
 * How long a claim on a message lasts before another run (here or on another instance) may take
 * it, as when the instance holding it was killed; the same on both engines. It must outlast all
 * that can happen between claiming a message and recording how its send went, or a live instance
 * could be raced by another sending the same message:
 * - the send, at most SEND_TIMEOUT_MS (60 s, mail/transport.ts): messages are claimed one at a time;
 * - the claim and the record, each of which may wait up to 10 s for a PostgreSQL connection
 *   (store/postgres.ts; SQLite's busy timeout is 5 s);
 * - 10 s to spare for a busy event loop and for clocks that differ between instances.
 * Shorter would risk sending a message twice; longer only delays the messages of an instance that
 * died without a SIGTERM, since a stopped worker releases its claims at once (see `stop`).
 */
export const CLAIM_TTL_MS = SEND_TIMEOUT_MS + 2 * 10_000 + 10_000;

/**
 * While messages wait for a retry because the mail server was unavailable, how often to check
 * whether it is back: one short connection (no message) per instance, so a relay that returns is
 * used within about this long rather than at the next retry, up to two hours later.
 */
export const SERVER_CHECK_INTERVAL_MS = 10_000;

/**
 * Waiting messages are pulled forward at most this often. A relay that turns some connections
 * away (421, too many connections) while it recovers would otherwise have a message it has just
 * refused pulled forward by the very next one it accepts, again and again, using up the message's
 * attempts in seconds and marking it failed; with the limit a message is tried at most once per
 * interval, as a down server is checked.
 */
export const PULL_FORWARD_INTERVAL_MS = SERVER_CHECK_INTERVAL_MS;

export interface OutboxWorkerOptions {
  store: Store;
  transport: MailTransport;
  /** Where cases are posted (CASE_WEBHOOK_URL); unset, a webhook row is failed for now and retried, so setting it again sends it. */
  webhook?: WebhookTarget | undefined;
  log: Logger;
  /** Wait between runs when the outbox is empty or waiting for retries. */
  pollMs: number;
  /** Unique per instance, e.g. "host:pid:random"; written on claimed rows. */
  workerId: string;
  /** After this long a claim is abandoned and the message is due again; CLAIM_TTL_MS unless a test needs otherwise. */
  claimTtlMs?: number;
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
  /**
   * Takes no more messages, waits for the one being sent, then releases anything this worker
   * still has claimed, so that other instances (or this one after a restart) need not wait for
   * the claim to lapse.
   */
  stop(): Promise<void>;
  /**
   * Sends every message that is due now, one claim at a time, and returns what happened; first,
   * if it is time, checks whether a mail server that was unavailable is back.
   */
  runOnce(): Promise<OutboxRunSummary>;
}

/** A case's files as attachments, under their safe names with the type their bytes showed. */
function toMailFiles(files: readonly UploadFile[]): OutboxEmail['files'] {
  return files.map((file) => ({ filename: file.name, contentType: mimeTypes[file.kind], content: file.content }));
}

/** Creates the outbox worker; nothing happens until start() or runOnce(). */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, transport, workerId } = options;
  const log = options.log.child({ workerId });
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const claimTtlMs = options.claimTtlMs ?? CLAIM_TTL_MS;
  if (claimTtlMs <= Math.max(SEND_TIMEOUT_MS, options.webhook?.timeoutMs ?? WEBHOOK_TIMEOUT_MS)) {
    throw new RangeError(`claimTtlMs must be longer than a send may take (${SEND_TIMEOUT_MS} ms), got ${claimTtlMs}`);
  }
  /** Set by stop(): runOnce takes no further message. */
  let stopping = false;

  /**
   * What this worker last learned of the mail server; unknown until its first send or check, so
   * that after a restart during an outage the waiting messages are not left to their schedule.
   * Only finding it available when it was not known to be pulls retries forward: a 4xx reply
   * about one message (a full mailbox) says nothing about the server and changes nothing here, so
   * such a message is not retried early every time another one goes through.
   */
  let mailServer: { available: boolean | undefined; learnedAt: number } = { available: undefined, learnedAt: Number.NEGATIVE_INFINITY };

  let pulledForwardAt = Number.NEGATIVE_INFINITY;

  const noteServerAvailable = async (at: number): Promise<void> => {
    if (mailServer.available !== true && at - pulledForwardAt >= PULL_FORWARD_INTERVAL_MS) {
      pulledForwardAt = at;
      const count = await store.pullForwardRetries(at);
      if (count > 0) log.info('mail server available again; waiting messages are due now', { count });
    }
    mailServer = { available: true, learnedAt: at };
  };

  /** While the server is not known to be available and messages wait for it, asks it, once per interval. */
  const checkServerWhenDue = async (): Promise<void> => {
    const now = clock();
    if (mailServer.available === true || now - mailServer.learnedAt < SERVER_CHECK_INTERVAL_MS) return;
    if ((await store.countRetriesWaiting(now)) === 0) {
      mailServer = { ...mailServer, learnedAt: now };
      return;
    }
    const result = await checkMailServer(transport);
    if (result.ok) await noteServerAvailable(clock());
    else mailServer = { available: false, learnedAt: clock() };
  };

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

  /** The outcome of one attempt, in the terms the store records, whatever the channel. */
  type Attempt = { ok: true; response: string; messageId: string } | { ok: false; permanent: boolean; response: string };

  const sendEmail = async (message: OutboxEmail): Promise<Attempt> => {
    // The files are read now rather than copied into the outbox: the case holds them once.
    const withFiles = message.attachCaseFiles ? { ...message, files: toMailFiles(await store.listCaseFiles(message.reference)) } : message;
    const result = await sendMessage(transport, withFiles);
    if (result.ok) {
      return { ok: true, response: result.value.response, messageId: result.value.messageId };
    }
    if (result.error.serverUnavailable) mailServer = { available: false, learnedAt: clock() };
    return { ok: false, permanent: result.error.permanent, response: maskEmailAddresses(result.error.response) };
  };

  const postWebhook = async (message: OutboxWebhook): Promise<Attempt> => {
    if (options.webhook === undefined) return { ok: false, permanent: false, response: 'CASE_WEBHOOK_URL is not set' };
    // Signed with the wall clock, not `clock`: receivers check the timestamp against their own clocks.
    const result = await sendWebhook(options.webhook, message, new Date());
    return result.ok ? { ok: true, response: result.value.response, messageId: message.messageId } : { ok: false, ...result.error };
  };

  const deliverOne = async (message: OutboxMessage, summary: OutboxRunSummary): Promise<void> => {
    const started = clock();
    const fields = { reference: message.reference, messageKind: message.kind, outboxId: message.id };
    const result = message.kind === 'webhook' ? await postWebhook(message) : await sendEmail(message);
    const at = clock();
    if (result.ok) {
      await store.recordDelivery(message.id, { at, smtpResponse: result.response, messageId: result.messageId });
      summary.delivered += 1;
      options.onOutcome?.(message.kind, 'delivered');
      log.info('message delivered', { ...fields, attempts: message.attempts + 1, durationMs: at - started });
      if (message.kind !== 'webhook') await noteServerAvailable(at);
      return;
    }
    const attempts = message.attempts + 1;
    const delay = result.permanent ? null : nextAttemptDelay(attempts, random());
    const lastError = result.response;
    const outcome = await store.recordFailure(message.id, {
      at,
      error: lastError,
      permanent: result.permanent,
      nextAttemptAt: delay === null ? null : at + delay,
      alert: alertFor(message, at, attempts, lastError, result.permanent),
    });
    if (outcome === undefined) return;
    if (outcome.failed) {
      summary.failed += 1;
      options.onOutcome?.(message.kind, 'failed');
      log.error('message failed for good; requeue it with: npm run outbox -- requeue <reference>', {
        ...fields,
        attempts: outcome.attempts,
        status: result.permanent ? 'refused' : 'attempts_exhausted',
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
    await checkServerWhenDue();
    // One message per claim: a claim then only has to outlast one send (see CLAIM_TTL_MS), and
    // the next message claimed is the most urgent one due at that moment, including messages
    // that a send succeeding just now has pulled forward.
    while (!stopping) {
      const claimedAt = clock();
      const [message] = await store.claimMessages({ now: claimedAt, limit: 1, workerId, claimTtlMs });
      if (message === undefined) break;
      summary.claimed += 1;
      if (clock() - claimedAt > claimTtlMs - SEND_TIMEOUT_MS) {
        // Claiming took so long (a struggling database) that the claim could lapse during the
        // send and another instance send it too: give it back and leave it to the next run.
        await store.releaseClaims(workerId);
        break;
      }
      await deliverOne(message, summary);
    }
    return summary;
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
      stopping = false;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      stopping = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running;
      // Normally nothing is left (each outcome recording clears its claim), but an outcome the
      // store failed to record leaves one, which would otherwise hold its message for CLAIM_TTL_MS.
      try {
        const count = await store.releaseClaims(workerId);
        if (count > 0) log.info('outbox claims released', { count });
      } catch (error) {
        log.warn('outbox claims not released; they lapse on their own', { error });
      }
    },
    runOnce,
  };
}

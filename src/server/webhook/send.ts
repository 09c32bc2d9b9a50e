import { STATUS_CODES } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { err, ok, type Result } from '../../domain/result.ts';
import type { OutgoingWebhook } from '../store/types.ts';

/**
 * Posting a case to the case-management system, signed per the Standard Webhooks specification
 * (https://www.standardwebhooks.com/, the `standardwebhooks` package): `webhook-id` (stable per
 * case and kind, so a receiver recognises a retry it has already taken), `webhook-timestamp` and
 * `webhook-signature` over both and the body. Like the mail transport it reports outcomes as
 * values and whether a failure is worth retrying; the outbox worker decides when.
 */

export interface WebhookTarget {
  /** CASE_WEBHOOK_URL: the only address a case is ever posted to. */
  url: string;
  /** CASE_WEBHOOK_SECRET, `whsec_` and base64 (checked at start-up). */
  secret: string;
  /** The most one post may take, from connecting to the end of the reply's headers. */
  timeoutMs?: number;
}

export interface WebhookSent {
  /** "HTTP 204 No Content", for the operator. */
  response: string;
}

export interface WebhookFailure {
  code: 'webhook_failed';
  /** The receiver refused this case for good (4xx other than 408 and 429): retrying cannot help. */
  permanent: boolean;
  /** The status line or the network error, never the body: a receiver may echo the case back. */
  response: string;
}

/**
 * Well inside the outbox claim (CLAIM_TTL_MS, which outlasts a 60 s email), and long enough for a
 * case system that writes the case before it answers.
 */
export const WEBHOOK_TIMEOUT_MS = 30_000;

/** Status codes outside 2xx that may succeed later: Request Timeout and Too Many Requests. */
const RETRYABLE_4XX = new Set([408, 429]);

/**
 * Posts one case to `target.url` and says how it went. Redirects are not followed (a 3xx is a
 * failure to retry, so the case can only ever reach the configured address), and the post is
 * abandoned after the timeout.
 */
export async function sendWebhook(
  target: WebhookTarget,
  message: Pick<OutgoingWebhook, 'messageId' | 'body'>,
  now: Date,
): Promise<Result<WebhookSent, WebhookFailure>> {
  const signature = new Webhook(target.secret).sign(message.messageId, now, message.body);
  const failure = (permanent: boolean, response: string) => err<WebhookFailure>({ code: 'webhook_failed', permanent, response });
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'webhook-id': message.messageId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: message.body,
    });
  } catch (error) {
    return failure(false, describeNetworkError(error));
  }
  // The body is not read: only the status matters, and what a receiver says back is not logged or kept.
  await response.body?.cancel().catch(() => undefined);
  const statusLine = `HTTP ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trimEnd();
  if (response.status >= 200 && response.status < 300) return ok({ response: statusLine });
  if (response.status >= 300 && response.status < 400) return failure(false, `${statusLine} (redirects are not followed)`);
  return failure(response.status >= 400 && response.status < 500 && !RETRYABLE_4XX.has(response.status), statusLine);
}

/** "ECONNREFUSED", "timed out after 30000 ms": the cause in a few words, without the URL (which may carry a token). */
function describeNetworkError(error: unknown): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return `could not connect (${cause.code})`;
  return 'could not connect';
}

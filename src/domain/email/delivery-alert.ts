import type { CopyValues, Translate } from '../copy.ts';
import { toHtmlParagraphs } from '../html.ts';

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

/** Kinds of message whose failure the alert explains in its own words (`emails.deliveryAlert.kindNote.*`). */
const explainedKinds: readonly string[] = ['team', 'safeguarding', 'acknowledgement', 'advocacy_referral', 'webhook'];

/** The sentences said differently of a webhook (`emails.deliveryAlert.webhook.*`). */
const webhookKeys: ReadonlySet<string> = new Set(['subject', 'notDelivered', 'refused', 'exhausted', 'details', 'safe']);

/**
 * The alert sent to the council's alert mailbox when a message fails for good: which reference and
 * kind, why, and how to send it again. Never the complaint's content: the alert mailbox may be
 * read by IT staff who have no need to see it.
 */
export function formatDeliveryAlert(input: DeliveryAlertInput, t: Translate): { subject: string; text: string; html: string } {
  const { reference, kind, attempts } = input;
  // A webhook is not an email and its reply is not a mail server's: it has its own sentences where they differ.
  const words = (key: string, values?: CopyValues) => t(`emails.deliveryAlert.${kind === 'webhook' && webhookKeys.has(key) ? `webhook.${key}` : key}`, values);
  const paragraphs = [
    words('notDelivered', { kind, reference, why: input.permanent ? words('refused') : words('exhausted', { attempts }) }),
    explainedKinds.includes(kind) ? words(`kindNote.${kind}`) : words('kindNote.other'),
    words('details', { attempts, failedAt: new Date(input.failedAt).toISOString(), lastError: input.lastError }),
    words('safe'),
    words('requeue', { reference }),
    words('list'),
  ];
  return {
    subject: words('subject', { kind, reference }),
    text: paragraphs.join('\n\n') + '\n',
    html: paragraphs.map((paragraph) => toHtmlParagraphs(paragraph)).join('\n'),
  };
}

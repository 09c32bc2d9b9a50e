import type { Council } from '../council.ts';
import type { EmailAttachment, EmailBlock, FormattedEmail } from './blocks.ts';
import { formatBlocksAsHtml } from './render-html.ts';
import { formatBlocksAsText } from './render-text.ts';

/**
 * What turns a rendered email into one the outbox can send: header-safe values, a stable
 * Message-ID, safe attachment names and the headers every email carries.
 *
 * Header safety: subjects and headers are built only from references, routes, dates, council
 * configuration and catalogue words, never from anything a person typed, and every header value
 * still goes through `toHeaderValue`, which removes CR and LF, so no value can start a new header
 * line. The one typed value that reaches a header is the person's own address, which was checked
 * as an email address before it got here.
 */

/** The kinds of email a case produces; the same names as the outbox's message kinds. */
export type EmailKind = 'team' | 'safeguarding' | 'acknowledgement' | 'advocacy_referral';

/**
 * An email ready for the outbox. The same shape as the store's `OutgoingMessage` (domain code may
 * not import from server/), plus the sender.
 */
export interface OutgoingEmail {
  kind: EmailKind;
  from: string;
  to: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attachments: EmailAttachment[];
}

/** Where the emails go; the server fills these from council config or its environment overrides. */
export interface Mailboxes {
  complaintsTeam: string;
  safeguarding: string;
  from: string;
}

/**
 * A value that is safe to put in a mail header: CR, LF and other control characters (and
 * Unicode line and paragraph separators) become single spaces, so a value can never end its
 * header line and start another one (header injection).
 * @example toHeaderValue('CSC-1\r\nBcc: x@example.com') // 'CSC-1 Bcc: x@example.com'
 */
export function toHeaderValue(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

/**
 * The Message-ID of one kind of email about a case. The same reference, kind and domain always
 * give the same id, so a message resent after a crash is recognisably the same message and mail
 * clients can drop the duplicate. Characters that are not allowed in a Message-ID are removed.
 * @example messageIdFor('CSC-7K4M-2P9X', 'team', 'complaints.example.gov.uk') // '<CSC-7K4M-2P9X.team@complaints.example.gov.uk>'
 */
export function messageIdFor(reference: string, kind: string, domain: string): string {
  const left = `${reference}.${kind}`.replace(/[^A-Za-z0-9._-]/g, '');
  const right = domain.replace(/[^A-Za-z0-9.-]/g, '');
  return `<${left}@${right}>`;
}

// GOV.UK Forms truncates attachment names to 100 characters after a longer one made the mail
// service reject the message: https://github.com/govuk-forms/forms-runner/pull/918
const maxFilenameLength = 100;

/**
 * An attachment's file name, `<reference>.<extension>`, limited to safe characters and 100
 * characters in all.
 * @example toAttachmentFilename('CSC-7K4M-2P9X', 'json') // 'CSC-7K4M-2P9X.json'
 */
export function toAttachmentFilename(reference: string, extension: string): string {
  const base = reference.replace(/[^A-Za-z0-9-]/g, '').slice(0, maxFilenameLength - extension.length - 1) || 'case';
  return `${base}.${extension}`;
}

/** An email from its subject and blocks: the subject made header-safe, the body rendered as text and HTML. */
export function toFormattedEmail(subject: string, blocks: readonly EmailBlock[], attachments: EmailAttachment[] = []): FormattedEmail {
  const safeSubject = toHeaderValue(subject);
  return { subject: safeSubject, text: formatBlocksAsText(blocks), html: formatBlocksAsHtml(blocks, safeSubject), attachments };
}

// Outlook shows `Importance: high` as a red exclamation mark; `X-Priority` does the same for
// Thunderbird and Apple Mail.
const urgentHeaders: Readonly<Record<string, string>> = { Importance: 'high', 'X-Priority': '1' };

/** What every email about one case shares; `caseKind` is left out for complaints, which came first. */
export interface EnvelopeOptions {
  reference: string;
  council: Council;
  from: string;
  /** Written as `X-Case-Kind` so mail rules can sort requests and feedback from complaints. */
  caseKind?: 'escalation' | 'advocacy' | 'feedback' | 'request';
}

/** Puts one case's emails in envelopes: sender, recipient, Message-ID and headers, all header-safe. */
export function createEnvelope(options: EnvelopeOptions): (kind: EmailKind, to: string, email: FormattedEmail, urgent: boolean) => OutgoingEmail {
  const { reference, council, from, caseKind } = options;
  return (kind, to, email, urgent) => ({
    kind,
    from: toHeaderValue(from),
    // The person's address is the one typed value that reaches a header; it was validated as an
    // email address upstream, and is stripped of line breaks here as well.
    to: toHeaderValue(to),
    messageId: messageIdFor(reference, kind, council.mail.messageIdDomain),
    subject: toHeaderValue(email.subject),
    text: email.text,
    html: email.html,
    headers: {
      'X-Complaint-Reference': toHeaderValue(reference),
      ...(caseKind ? { 'X-Case-Kind': caseKind } : {}),
      // RFC 3834: tells out-of-office responders not to reply to a machine.
      'Auto-Submitted': 'auto-generated',
      ...(urgent ? urgentHeaders : {}),
    },
    attachments: email.attachments,
  });
}

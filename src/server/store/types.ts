import type { CaseFigures } from '../../domain/case-figures.ts';
import type { CaseSummary } from '../../domain/case-summary.ts';

/**
 * The one storage interface, with two engines behind it: SQLite (embedded default, `node:sqlite`)
 * and PostgreSQL (`DATABASE_URL`, for more than one instance). Times are epoch milliseconds.
 */

/** A visitor's server-side session: answers in progress, CSRF token, and the reference once sent. */
export interface SessionRecord {
  id: string;
  /** Journey answers and other session state, as JSON. Never holds anything the browser must keep. */
  data: Record<string, unknown>;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
  /** Set in the same transaction that writes the case, so a second Send finds it and shows the same reference. */
  submittedReference: string | null;
}

/** The kind of case, as each journey's submission names it. */
export type CaseKind = CaseSummary['kind'];
/** Every kind of email the outbox carries. */
export const emailKinds = ['team', 'safeguarding', 'acknowledgement', 'advocacy_referral', 'alert'] as const;
export type EmailKind = (typeof emailKinds)[number];
/** Every kind of message the outbox carries: the emails, and the case posted to case management. */
export const messageKinds = [...emailKinds, 'webhook'] as const;
export type MessageKind = (typeof messageKinds)[number];

/** A fully rendered email waiting in the outbox. The worker only sends; it never formats. */
export interface OutgoingEmailMessage {
  kind: EmailKind;
  to: string;
  /** Sender for this message; the transport's default From when absent. */
  from?: string;
  /** Stable per case and kind (`<REF.kind@domain>`), so a resend after a crash is recognisably the same. */
  messageId: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; content: string }[];
  /** The case's uploaded files go with this message, read from the store when it is sent (the team's email only). */
  attachCaseFiles?: boolean;
}

/**
 * The case as JSON for the case-management system, waiting in the outbox. It names no address:
 * the worker posts it only ever to the configured CASE_WEBHOOK_URL, signing it when it sends.
 */
export interface OutgoingWebhook {
  kind: 'webhook';
  /** The `webhook-id`, stable per case and kind (`CSC-7K4M-2P9X.complaint`), so a resend is recognisably the same. */
  messageId: string;
  /** The body exactly as posted and signed. */
  body: string;
}

export type OutgoingMessage = OutgoingEmailMessage | OutgoingWebhook;

export interface CaseSubmission {
  /** The session that sent it; null for submissions that have no journey session. */
  sessionId: string | null;
  reference: string;
  kind: CaseKind;
  createdAt: number;
  /** What the confirmation page may show again: route, dates, no personal data. */
  summary: CaseSummary;
  /** The whole case for staff (answers, contact details, screening, timeline). */
  record: object;
  messages: OutgoingMessage[];
  /** The anonymous facts for the annual report, written with the case and kept after retention deletes it. */
  figures?: CaseFigures;
  /** The session's files that go with the case (listed in its emails); the session's others are deleted. */
  uploadIds?: readonly string[];
}

/** What the outbox knows of every message it holds. */
export interface OutboxRow {
  id: number;
  reference: string;
  attempts: number;
  createdAt: number;
}
export type OutboxEmail = OutgoingEmailMessage &
  OutboxRow & {
    /** The case's files, read by the worker just before sending when `attachCaseFiles` is set; never stored in the outbox. */
    files?: readonly { filename: string; contentType: string; content: Uint8Array }[];
  };
export type OutboxWebhook = OutgoingWebhook & OutboxRow;
export type OutboxMessage = OutboxEmail | OutboxWebhook;

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface OutboxStatusRow {
  id: number;
  reference: string;
  kind: MessageKind;
  /** The email's recipient; for a webhook, the variable naming where it goes. */
  to: string;
  attempts: number;
  createdAt: number;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  failedAt: number | null;
  lastError: string | null;
  status: DeliveryStatus;
}

/** What a file's bytes turned out to be (from the bytes, never the name or the browser's word). */
export type UploadKind = 'pdf' | 'jpeg' | 'png' | 'heic' | 'docx' | 'txt';

/** Whether clamd passed the file, or there was no scanner to ask (outside production only). */
export type ScanResult = 'clean' | 'not_scanned';

/** A file as listed: everything but its bytes. */
export interface UploadInfo {
  id: string;
  /** The name as sent, already made safe to show and to attach (see domain/file-name.ts). */
  name: string;
  kind: UploadKind;
  size: number;
  /** Hex SHA-256 of the bytes, so staff can tell the copy they hold is the one sent. */
  sha256: string;
  scan: ScanResult;
  createdAt: number;
}

export interface UploadFile extends UploadInfo {
  content: Uint8Array;
}

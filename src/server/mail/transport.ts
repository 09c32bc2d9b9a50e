import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import { err, ok, type Result } from '../../domain/result.ts';
import type { OutgoingEmail } from '../../domain/email/envelope.ts';
import type { OutboxEmail } from '../store/types.ts';

/**
 * Sending mail, and the only `import nodemailer`. The outbox worker calls `sendMessage`; it never
 * formats mail (the message arrives fully rendered) and never decides retries (it only reports
 * whether a failure is worth retrying).
 */

export interface MailTransportOptions {
  /** `smtp://` (STARTTLS when offered) or `smtps://`; without it messages are written as .eml files. */
  smtpUrl?: string | undefined;
  /** Where `mail/` is created for .eml files. */
  dataDir: string;
  /** The default From header, e.g. "Example Council <no-reply@example.gov.uk>"; a message's own `from` wins. */
  from: string;
  /** Overrides of the SMTP timeouts, in milliseconds (tests use short ones). */
  timeouts?: { connectionMs?: number; greetingMs?: number; socketMs?: number; sendMs?: number };
}

export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  /** The folder .eml files go to (file transport only). */
  readonly mailDir: string | undefined;
  close(): void;
}

/**
 * An email sent straight away rather than through the outbox: it belongs to no case. `label`
 * names the .eml file when mail is written to files, e.g. `saved-form`.
 */
export type DirectEmail = Omit<OutgoingEmail, 'kind' | 'attachments'> & { label: string };

type MailOptions = ReturnType<typeof toMailOptions>;

interface Nodemailer {
  deliver: (mail: MailOptions, emlName: string, timeoutMs?: number) => Promise<MailSent>;
  /** Connects, greets and logs in (when the URL has credentials) without sending anything. */
  verify: () => Promise<unknown>;
}
// The nodemailer calls behind each transport, reachable only through sendMessage and
// checkMailServer so that every caller gets failures as values.
const nodemailers = new WeakMap<MailTransport, Nodemailer>();

function toTransport(kind: MailTransport['kind'], mailDir: string | undefined, close: () => void, calls: Nodemailer): MailTransport {
  const transport: MailTransport = Object.freeze({ kind, mailDir, close });
  nodemailers.set(transport, calls);
  return transport;
}

export interface MailSent {
  messageId: string;
  response: string;
}

export interface MailFailure {
  code: 'mail_transport_failed';
  /** The server refused this message for good (a 5xx reply): retrying cannot help. */
  permanent: boolean;
  /**
   * The mail server could not be reached or did not finish the conversation (refused, timed out,
   * closed, or "421 service not available"): a fault of the server, not of this message, so every
   * message waiting for a retry can go as soon as the server is back.
   */
  serverUnavailable: boolean;
  /** What the server or socket said, for the operator. */
  response: string;
}

/*
 * A dead or unreachable relay must fail fast: the worker holds a claim on the message while it
 * waits, and the outage is handled by retrying later, not by waiting longer now. Nodemailer's
 * defaults are 2 minutes to connect, 30 s for the greeting and 10 minutes of socket inactivity.
 */
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/**
 * The most one message may take, from connecting to the server's last reply; then the send is
 * aborted and counts as a failed attempt. The timeouts above bound each wait, but the socket
 * timeout starts again at every reply, so a server that answers each command just in time could
 * hold a message for minutes; this makes the longest send a known figure, which the outbox
 * worker's claim must outlast (CLAIM_TTL_MS in outbox/worker.ts). A minute covers connecting and
 * the greeting (10 s, which nodemailer counts together), one wait as long as the socket timeout
 * (a relay scanning the message before its final reply) and 20 s for the rest of the conversation.
 */
export const SEND_TIMEOUT_MS = 60_000;

/**
 * nodemailer is loaded at the first message or server check, not at start: an instance that sends
 * nothing (most of the time, most instances) does not keep it in memory. Loading takes a few
 * milliseconds once, against the seconds an SMTP conversation takes.
 */
const loadNodemailer = async () => (await import('nodemailer')).default;

/**
 * Makes a transporter on first use and keeps it; `close` closes it only if it was made. A load
 * that failed is not kept: the next message tries again, as after any other failed attempt.
 */
function lazily<T extends Transporter>(create: (nodemailer: Awaited<ReturnType<typeof loadNodemailer>>) => T) {
  let made: Promise<T> | undefined;
  return {
    get: () =>
      (made ??= loadNodemailer()
        .then(create)
        .catch((error: unknown) => {
          made = undefined;
          throw error;
        })),
    close: () =>
      void made?.then(
        (transporter) => transporter.close(),
        () => undefined,
      ),
  };
}

/** Creates the SMTP transport, or the .eml file transport when there is no SMTP_URL. */
export function createMailTransport(options: MailTransportOptions): MailTransport {
  const shared = {
    // Messages are built from our own data, but nothing in them may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (options.smtpUrl !== undefined) {
    const smtpUrl = options.smtpUrl;
    const transporter = lazily((nodemailer) =>
      nodemailer.createTransport(
        {
          url: smtpUrl,
          // A pooled connection can go stale during a relay restart; one connection per message is
          // plenty for a council's volume and makes every attempt start clean.
          pool: false,
          connectionTimeout: options.timeouts?.connectionMs ?? CONNECTION_TIMEOUT_MS,
          greetingTimeout: options.timeouts?.greetingMs ?? GREETING_TIMEOUT_MS,
          socketTimeout: options.timeouts?.socketMs ?? SOCKET_TIMEOUT_MS,
          ...shared,
        },
        { from: options.from },
      ),
    );
    const sendTimeoutMs = options.timeouts?.sendMs ?? SEND_TIMEOUT_MS;
    return toTransport('smtp', undefined, transporter.close, {
      async deliver(mail, _emlName, timeoutMs = sendTimeoutMs) {
        // Aborting closes the connection, so nothing of this attempt goes on in the background.
        const info = await (await transporter.get()).sendMail({ ...mail, signal: AbortSignal.timeout(timeoutMs) });
        return { messageId: info.messageId, response: String(info.response ?? '') };
      },
      verify: async () => (await transporter.get()).verify(),
    });
  }

  const mailDir = join(options.dataDir, 'mail');
  const transporter = lazily((nodemailer) =>
    nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', ...shared }, { from: options.from }),
  );
  return toTransport('file', mailDir, transporter.close, {
    async deliver(mail, emlName) {
      const info = await (await transporter.get()).sendMail(mail);
      await mkdir(mailDir, { recursive: true, mode: 0o700 });
      const name = await writeEml(mailDir, emlName, info.message as Buffer);
      return { messageId: info.messageId, response: `written to ${name}` };
    },
    // A folder on this machine has no outage to recover from.
    verify: () => Promise.resolve(),
  });
}

/**
 * Sends one outbox message. Expected failures come back as values: a 5xx reply is permanent,
 * while 4xx replies, refused connections and timeouts are temporary and worth retrying.
 */
export async function sendMessage(transport: MailTransport, message: OutboxEmail): Promise<Result<MailSent, MailFailure>> {
  const calls = nodemailerOf(transport, 'sendMessage');
  try {
    return ok(await calls.deliver(toMailOptions(message), toEmlName(new Date(), message.reference, message.kind)));
  } catch (error) {
    return err(toMailFailure(error));
  }
}

/**
 * Sends one email now, from a request, giving up after `timeoutMs` so the person is not kept
 * waiting on a slow mail server: the caller tells them whether it went.
 */
export async function sendDirect(transport: MailTransport, message: DirectEmail, options: { timeoutMs: number }): Promise<Result<MailSent, MailFailure>> {
  const calls = nodemailerOf(transport, 'sendDirect');
  const mail = toMailOptions({ ...message, attachments: [] });
  try {
    return ok(await calls.deliver(mail, toEmlName(new Date(), '', message.label), options.timeoutMs));
  } catch (error) {
    return err(toMailFailure(error));
  }
}

/**
 * Checks that the mail server would take a message now, without sending one: it connects, reads
 * the greeting, says EHLO and logs in when the URL has credentials, then quits. One short
 * connection, for the outbox worker to learn that a server it could not reach is back.
 */
export async function checkMailServer(transport: MailTransport): Promise<Result<true, MailFailure>> {
  const calls = nodemailerOf(transport, 'checkMailServer');
  try {
    await calls.verify();
    return ok(true);
  } catch (error) {
    return err(toMailFailure(error));
  }
}

function nodemailerOf(transport: MailTransport, caller: string): Nodemailer {
  const calls = nodemailers.get(transport);
  if (calls === undefined) throw new TypeError(`${caller} needs a transport made by createMailTransport`);
  return calls;
}

/**
 * Classifies a nodemailer error. Permanent: a 5xx reply to the envelope or the message, or an
 * envelope nodemailer itself rejects (no valid recipient). Temporary: everything else, including
 * a 5xx reply to the login: wrong credentials are an operator's fix that applies to every
 * message, and failing them all for good during a password rotation would drop every complaint.
 * Of the temporary ones, those without any reply from the server (refused, timed out, reset,
 * aborted) and 421 ("service not available, closing channel", RFC 5321 section 3.8) mean the
 * server is unavailable; a 4xx reply about one message (a full mailbox, greylisting) does not.
 */
export function toMailFailure(error: unknown): MailFailure {
  const { code, responseCode, response, message } = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const isAuth = code === 'EAUTH' || code === 'ENOAUTH';
  const refused = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && !isAuth;
  const badEnvelope = code === 'EENVELOPE' && typeof responseCode !== 'number';
  const text =
    typeof response === 'string' && response !== ''
      ? response
      : [typeof code === 'string' ? code : 'Error', typeof message === 'string' ? message : ''].filter(Boolean).join(': ');
  const permanent = refused || badEnvelope;
  const serverUnavailable = !permanent && !isAuth && (typeof responseCode !== 'number' || responseCode === 421);
  return { code: 'mail_transport_failed', permanent, serverUnavailable, response: text };
}

function toMailOptions(message: Omit<OutboxEmail, 'id' | 'attempts' | 'createdAt' | 'kind' | 'reference'> & { reference?: string }) {
  return {
    ...(message.from ? { from: message.from } : {}),
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: toAngleBrackets(message.messageId),
    headers: { ...(message.reference ? { 'X-Complaint-Reference': message.reference } : {}), ...message.headers },
    attachments: [
      ...(message.attachments ?? []).map((attachment) => ({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: attachment.content,
      })),
      ...(message.files ?? []).map((file) => ({ filename: file.filename, contentType: file.contentType, content: Buffer.from(file.content) })),
    ],
  };
}

function toAngleBrackets(messageId: string): string {
  return messageId.startsWith('<') ? messageId : `<${messageId}>`;
}

function toEmlName(at: Date, reference: string, kind: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('.', '');
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${[stamp, reference, kind].filter(Boolean).map(safe).join('-')}.eml`;
}

async function writeEml(dir: string, name: string, content: Buffer): Promise<string> {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? name : name.replace(/\.eml$/, `-${n}.eml`);
    try {
      // The file holds a whole complaint: readable by the service's user only.
      await writeFile(join(dir, candidate), content, { mode: 0o600, flag: 'wx' });
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw error;
    }
  }
}

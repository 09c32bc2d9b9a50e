import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { err, ok, type Result } from '../../domain/result.ts';
import type { OutboxMessage } from '../store/types.ts';

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
  timeouts?: { connectionMs?: number; greetingMs?: number; socketMs?: number };
}

export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  /** The folder .eml files go to (file transport only). */
  readonly mailDir: string | undefined;
  close(): void;
}

type Deliver = (message: OutboxMessage) => Promise<MailSent>;
// The nodemailer call behind each transport, reachable only through sendMessage so that every
// caller gets failures as values.
const deliverers = new WeakMap<MailTransport, Deliver>();

function toTransport(kind: MailTransport['kind'], mailDir: string | undefined, close: () => void, deliver: Deliver): MailTransport {
  const transport: MailTransport = Object.freeze({ kind, mailDir, close });
  deliverers.set(transport, deliver);
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

/** Creates the SMTP transport, or the .eml file transport when there is no SMTP_URL. */
export function createMailTransport(options: MailTransportOptions): MailTransport {
  const shared = {
    // Messages are built from our own data, but nothing in them may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (options.smtpUrl !== undefined) {
    const transporter = nodemailer.createTransport(
      {
        url: options.smtpUrl,
        // A pooled connection can go stale during a relay restart; one connection per message is
        // plenty for a council's volume and makes every attempt start clean.
        pool: false,
        connectionTimeout: options.timeouts?.connectionMs ?? CONNECTION_TIMEOUT_MS,
        greetingTimeout: options.timeouts?.greetingMs ?? GREETING_TIMEOUT_MS,
        socketTimeout: options.timeouts?.socketMs ?? SOCKET_TIMEOUT_MS,
        ...shared,
      },
      { from: options.from },
    );
    return toTransport(
      'smtp',
      undefined,
      () => transporter.close(),
      async (message) => {
        const info = await transporter.sendMail(toMailOptions(message));
        return { messageId: info.messageId, response: String(info.response ?? '') };
      },
    );
  }

  const mailDir = join(options.dataDir, 'mail');
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', ...shared }, { from: options.from });
  return toTransport(
    'file',
    mailDir,
    () => transporter.close(),
    async (message) => {
      const info = await transporter.sendMail(toMailOptions(message));
      await mkdir(mailDir, { recursive: true, mode: 0o700 });
      const name = await writeEml(mailDir, toEmlName(new Date(), message), info.message as Buffer);
      return { messageId: info.messageId, response: `written to ${name}` };
    },
  );
}

/**
 * Sends one outbox message. Expected failures come back as values: a 5xx reply is permanent,
 * while 4xx replies, refused connections and timeouts are temporary and worth retrying.
 */
export async function sendMessage(transport: MailTransport, message: OutboxMessage): Promise<Result<MailSent, MailFailure>> {
  const deliver = deliverers.get(transport);
  if (deliver === undefined) throw new TypeError('sendMessage needs a transport made by createMailTransport');
  try {
    return ok(await deliver(message));
  } catch (error) {
    return err(toMailFailure(error));
  }
}

/**
 * Classifies a nodemailer error. Permanent: a 5xx reply to the envelope or the message, or an
 * envelope nodemailer itself rejects (no valid recipient). Temporary: everything else, including
 * a 5xx reply to the login: wrong credentials are an operator's fix that applies to every
 * message, and failing them all for good during a password rotation would drop every complaint.
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
  return { code: 'mail_transport_failed', permanent: refused || badEnvelope, response: text };
}

function toMailOptions(message: OutboxMessage) {
  return {
    ...(message.from ? { from: message.from } : {}),
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: toAngleBrackets(message.messageId),
    headers: { 'X-Complaint-Reference': message.reference, ...message.headers },
    attachments: (message.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
    })),
  };
}

function toAngleBrackets(messageId: string): string {
  return messageId.startsWith('<') ? messageId : `<${messageId}>`;
}

function toEmlName(at: Date, message: OutboxMessage): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('.', '');
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${stamp}-${safe(message.reference)}-${safe(message.kind)}.eml`;
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

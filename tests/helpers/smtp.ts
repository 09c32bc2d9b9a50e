import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the test SMTP server received it. */
export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  /** RCPT TO addresses. */
  recipients: string[];
}

export interface SmtpReply {
  /** 4xx: try again later; 5xx: refused for good. */
  code: number;
  message: string;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives and can be stopped and restarted on its port. */
export interface TestSmtpServer {
  readonly port: number;
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Messages whose content has arrived and is not yet accepted (see delayAcceptance). */
  readonly accepting: number;
  /** Answer RCPT TO with this reply from now on (only for `recipient` when given); null to accept again. */
  rejectWith(reply: SmtpReply | null, recipient?: string): void;
  /** Wait this long before accepting each message's content, as a busy relay does; 0 to answer at once. */
  delayAcceptance(ms: number): void;
  /** Closes the port, as a relay outage does. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** Starts an SMTP server (no TLS, login optional) on a free port on 127.0.0.1. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let rejection: SmtpReply | null = null;
  let rejectedRecipient: string | undefined;
  let acceptanceDelayMs = 0;
  let accepting = 0;
  let server: SMTPServer | undefined;
  let port = 0;

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 200,
      // No DNS lookup of the client on every connection (smtp-server already waits 100 ms for early talkers).
      disableReverseLookup: true,
      onRcptTo(address, _session, callback) {
        if (rejection === null || (rejectedRecipient !== undefined && address.address !== rejectedRecipient)) return callback();
        const error = new Error(rejection.message) as Error & { responseCode: number };
        error.responseCode = rejection.code;
        return callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const delay = acceptanceDelayMs;
          accepting += 1;
          simpleParser(raw)
            .then(async (parsed) => {
              if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
              received.push({ raw, parsed, recipients: session.envelope.rcptTo.map((r) => r.address) });
              callback();
            })
            .catch((error: Error) => callback(error))
            .finally(() => (accepting -= 1));
        });
      },
    });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = create();
      server.once('error', reject);
      const net = server.listen(port, '127.0.0.1', () => {
        const address = net.address();
        if (address !== null && typeof address === 'object') port = address.port;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    get accepting() {
      return accepting;
    },
    rejectWith(reply, recipient) {
      rejection = reply;
      rejectedRecipient = recipient;
    },
    delayAcceptance(ms) {
      acceptanceDelayMs = ms;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (server === undefined) return resolve();
        const closing = server;
        server = undefined;
        closing.close(() => resolve());
      }),
    start: listen,
  };
}

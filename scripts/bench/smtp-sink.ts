import { SMTPServer } from 'smtp-server';

/** A mail server on 127.0.0.1 that accepts every message and keeps only a count. */
export interface SmtpSink {
  readonly url: string;
  received(): number;
  close(): Promise<void>;
}

/**
 * Starts the sink the service sends to in production mode (which refuses to run without
 * SMTP_URL). It keeps nothing but a count, so it costs the machine next to nothing.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 200,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        count += 1;
        callback();
      });
      stream.resume();
    },
  });
  const port = await new Promise<number>((done, fail) => {
    server.server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      done(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => count,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

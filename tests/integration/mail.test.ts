import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkMailServer, createMailTransport, sendMessage, toMailFailure, type MailTransport } from '../../src/server/mail/transport.ts';
import type { OutboxEmail } from '../../src/server/store/types.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

const FROM = 'Example Council <no-reply@example.gov.uk>';

function outboxMessage(overrides: Partial<OutboxEmail> = {}): OutboxEmail {
  return {
    id: 1,
    reference: 'CSC-AAAA-0001',
    attempts: 0,
    createdAt: Date.UTC(2026, 4, 12, 9),
    kind: 'team',
    to: 'complaints@example.gov.uk',
    messageId: '<CSC-AAAA-0001.team@complaints.example.gov.uk>',
    subject: "Children's social care complaint – CSC-AAAA-0001 – acknowledge by 15 May 2026",
    text: 'Reference: CSC-AAAA-0001\nWhat happened: <b>not bold</b> & more',
    html: '<p>Reference: CSC-AAAA-0001</p><p>What happened: &lt;b&gt;not bold&lt;/b&gt; &amp; more</p>',
    headers: { 'X-Case-Route': 'statutory' },
    attachments: [{ filename: 'CSC-AAAA-0001.json', contentType: 'application/json', content: '{"$schema":"v1","reference":"CSC-AAAA-0001"}' }],
    ...overrides,
  };
}

describe('createMailTransport', () => {
  describe('without SMTP_URL', () => {
    let dataDir: string;
    let transport: MailTransport;

    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'mail-test-'));
      transport = createMailTransport({ dataDir, from: FROM });
    });
    afterEach(() => {
      transport.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('writes each message as an .eml file named by time, reference and kind', async () => {
      const result = await sendMessage(transport, outboxMessage());
      expect(result.ok).toBe(true);
      const files = readdirSync(join(dataDir, 'mail'));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^\d{8}T\d{9}Z-CSC-AAAA-0001-team\.eml$/);
    });

    it('writes the whole message so it can be opened in a mail program', async () => {
      await sendMessage(transport, outboxMessage());
      const [file] = readdirSync(join(dataDir, 'mail'));
      const parsed = await simpleParser(readFileSync(join(dataDir, 'mail', file!)));
      expect(parsed.messageId).toBe('<CSC-AAAA-0001.team@complaints.example.gov.uk>');
      expect(parsed.from?.value).toEqual([{ name: 'Example Council', address: 'no-reply@example.gov.uk' }]);
      expect(parsed.text).toContain('What happened: <b>not bold</b> & more');
      expect(parsed.attachments.map((a) => a.filename)).toEqual(['CSC-AAAA-0001.json']);
    });

    it('makes the file readable by the service only', async () => {
      await sendMessage(transport, outboxMessage());
      const [file] = readdirSync(join(dataDir, 'mail'));
      expect(statSync(join(dataDir, 'mail', file!)).mode & 0o777).toBe(0o600);
    });

    it('keeps both files when two messages are written in the same millisecond', async () => {
      await Promise.all([sendMessage(transport, outboxMessage()), sendMessage(transport, outboxMessage())]);
      expect(readdirSync(join(dataDir, 'mail'))).toHaveLength(2);
    });
  });

  describe('with SMTP_URL', () => {
    let smtp: TestSmtpServer;
    let transport: MailTransport;

    beforeAll(async () => {
      smtp = await startSmtpServer();
      transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir(), from: FROM });
    });
    afterAll(async () => {
      transport.close();
      await smtp.stop();
    });
    beforeEach(() => {
      smtp.received.length = 0;
      smtp.rejectWith(null);
    });

    it('sends plain text and HTML alternatives with the attachment', async () => {
      expect(await sendMessage(transport, outboxMessage())).toMatchObject({ ok: true });
      const [mail] = smtp.received;
      expect(mail?.recipients).toEqual(['complaints@example.gov.uk']);
      expect(mail?.parsed.text).toBe('Reference: CSC-AAAA-0001\nWhat happened: <b>not bold</b> & more');
      expect(mail?.parsed.html).toBe('<p>Reference: CSC-AAAA-0001</p><p>What happened: &lt;b&gt;not bold&lt;/b&gt; &amp; more</p>');
      expect(mail?.raw).toMatch(/Content-Type: multipart\/alternative/);
      expect(mail?.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString('utf8')])).toEqual([
        ['CSC-AAAA-0001.json', 'application/json', '{"$schema":"v1","reference":"CSC-AAAA-0001"}'],
      ]);
    });

    it('uses the outbox Message-ID and headers, and names the reference in a header', async () => {
      const result = await sendMessage(transport, outboxMessage());
      expect(result).toMatchObject({ ok: true, value: { messageId: '<CSC-AAAA-0001.team@complaints.example.gov.uk>' } });
      const headers = smtp.received[0]?.parsed.headers;
      expect(smtp.received[0]?.parsed.messageId).toBe('<CSC-AAAA-0001.team@complaints.example.gov.uk>');
      expect(headers?.get('x-case-route')).toBe('statutory');
      expect(headers?.get('x-complaint-reference')).toBe('CSC-AAAA-0001');
    });

    it('uses the message’s own sender when it has one', async () => {
      await sendMessage(transport, outboxMessage({ from: 'Alerts <alerts@example.gov.uk>' }));
      expect(smtp.received[0]?.parsed.from?.value).toEqual([{ name: 'Alerts', address: 'alerts@example.gov.uk' }]);
    });
  });
});

describe('sendMessage', () => {
  let smtp: TestSmtpServer;
  let transport: MailTransport;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir(), from: FROM });
  });
  afterAll(async () => {
    transport.close();
    await smtp.stop();
  });
  afterEach(() => smtp.rejectWith(null));

  it('reports a 4xx reply as a temporary failure', async () => {
    smtp.rejectWith({ code: 451, message: 'Mailbox busy, try later' });
    const result = await sendMessage(transport, outboxMessage());
    expect(result).toEqual({
      ok: false,
      error: { code: 'mail_transport_failed', permanent: false, serverUnavailable: false, response: expect.stringMatching(/^451 /) },
    });
  });

  it('reports a 5xx reply as a permanent failure', async () => {
    smtp.rejectWith({ code: 550, message: 'No such user here' });
    const result = await sendMessage(transport, outboxMessage());
    expect(result).toEqual({
      ok: false,
      error: { code: 'mail_transport_failed', permanent: true, serverUnavailable: false, response: expect.stringMatching(/^550 /) },
    });
  });

  it('reports a refused connection as a temporary failure', async () => {
    await smtp.stop();
    try {
      const result = await sendMessage(transport, outboxMessage());
      expect(result).toMatchObject({ ok: false, error: { permanent: false, serverUnavailable: true, response: expect.stringContaining('ECONNREFUSED') } });
    } finally {
      await smtp.start();
    }
  });

  it('aborts a send that outlasts its deadline, even while the server keeps answering in time', async () => {
    // Greets, then answers nothing: without the deadline the socket timeout (30 s) would end it.
    const sockets: Socket[] = [];
    const stalling: Server = createServer((socket) => {
      sockets.push(socket);
      socket.write('220 stalling.example ESMTP\r\n');
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const address = stalling.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const slow = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, dataDir: tmpdir(), from: FROM, timeouts: { sendMs: 300 } });
    const started = Date.now();
    try {
      const result = await sendMessage(slow, outboxMessage());
      expect(result).toMatchObject({ ok: false, error: { permanent: false, serverUnavailable: true, response: expect.stringContaining('EABORT') } });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      slow.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => stalling.close(() => resolve()));
    }
  });

  it('gives up quickly on a server that accepts the connection but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const slow = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, dataDir: tmpdir(), from: FROM, timeouts: { greetingMs: 300 } });
    const started = Date.now();
    try {
      const result = await sendMessage(slow, outboxMessage());
      expect(result).toMatchObject({ ok: false, error: { permanent: false } });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      slow.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('checkMailServer', () => {
  it('reports a server that greets and answers EHLO as available, without sending anything', async () => {
    const smtp = await startSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir(), from: FROM });
    try {
      expect(await checkMailServer(transport)).toEqual({ ok: true, value: true });
      expect(smtp.received).toEqual([]);
    } finally {
      transport.close();
      await smtp.stop();
    }
  });

  it('reports a closed port as the server being unavailable', async () => {
    const smtp = await startSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir(), from: FROM });
    await smtp.stop();
    try {
      expect(await checkMailServer(transport)).toMatchObject({ ok: false, error: { permanent: false, serverUnavailable: true } });
    } finally {
      transport.close();
    }
  });

  it('reports the file transport as always available', async () => {
    const transport = createMailTransport({ dataDir: tmpdir(), from: FROM });
    expect(await checkMailServer(transport)).toEqual({ ok: true, value: true });
    transport.close();
  });
});

describe('toMailFailure', () => {
  it.each([
    // The relay is busy or greylisting: try again later.
    [{ code: 'EENVELOPE', responseCode: 451, response: '451 4.7.1 Greylisted' }, false],
    // The mailbox does not exist: retrying cannot help.
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' }, true],
    // The message itself was refused (too large, policy).
    [{ code: 'EMESSAGE', responseCode: 552, response: '552 Message too large' }, true],
    // Wrong SMTP password: the operator fixes it and every message must still go.
    [{ code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' }, false],
    // Nodemailer found no valid recipient before talking to the server.
    [{ code: 'EENVELOPE', message: 'No recipients defined' }, true],
    // The network: connection refused, timed out, reset.
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' }, false],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, false],
    // Something that is not an error object at all.
    [undefined, false],
  ])('classifies %o as permanent: %s', (error, permanent) => {
    expect(toMailFailure(error).permanent).toBe(permanent);
  });

  it.each([
    // No reply at all: refused, timed out, aborted by the send deadline.
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' }, true],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, true],
    [{ code: 'EABORT', message: 'Message sending aborted' }, true],
    // "Service not available, closing transmission channel" (RFC 5321 section 3.8).
    [{ code: 'EENVELOPE', responseCode: 421, response: '421 4.3.2 Shutting down' }, true],
    // A reply about this message only: the server is there.
    [{ code: 'EENVELOPE', responseCode: 452, response: '452 4.2.2 Mailbox full' }, false],
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' }, false],
    // Wrong password: the server answered; an operator has to act.
    [{ code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' }, false],
  ])('classifies %o as the server being unavailable: %s', (error, serverUnavailable) => {
    expect(toMailFailure(error).serverUnavailable).toBe(serverUnavailable);
  });

  it('keeps the server reply, or the error code and message when there was no reply', () => {
    expect(toMailFailure({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' }).response).toBe('550 5.1.1 No such user');
    expect(toMailFailure({ code: 'ETIMEDOUT', message: 'Greeting never received' }).response).toBe('ETIMEDOUT: Greeting never received');
  });
});

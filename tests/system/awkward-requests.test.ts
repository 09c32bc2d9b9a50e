import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FORM_BYTES } from '../../src/server/http.ts';
import { readCsrfToken } from '../helpers/http-journey.ts';
import { createRawClient, readHeading, sendRaw } from '../helpers/raw-http.ts';
import { findFreePort, repoRoot, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { createDataDir, NO_RATE_LIMIT, productionEnv } from './support.ts';

/**
 * Requests a browser never makes, and a start-up that cannot work, against the built service run
 * as a real process: every other method gets the GOV.UK "cannot do that" page with 405 and an
 * Allow header; a body over the cap, chunked or not, gets 413 and the connection is closed rather
 * than left waiting; every log line is JSON; every HTML page says its charset; static files carry
 * HSTS in production; the origin check in production trusts PUBLIC_URL, not Host; and a malformed
 * or unreachable setting stops start-up with one line naming the variable, never a stack trace.
 */

const OTHER_METHODS = ['TRACE', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'PROPFIND'] as const;

interface Exchange {
  /** Everything the server sent, as text. */
  text: string;
  /** The status codes of each response, in order. */
  statuses: number[];
  /** Each response's status line, e.g. "HTTP/1.1 405 Method Not Allowed". */
  statusLines: string[];
  /** Each response, its head and its body, in order. */
  responses: RawAnswer[];
  /** Milliseconds from the first byte written until the server closed the connection; undefined if it did not within the wait. */
  closedAfterMs: number | undefined;
  /** How the connection failed under the client (the server reset it), if it did. */
  failure: string | undefined;
}

interface RawAnswer {
  statusLine: string;
  head: string;
  body: string;
}

/** The responses in what one connection received, each cut at its Content-Length or last chunk. */
function splitResponses(received: Buffer): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let at = 0;
  while (at < received.length) {
    const headEnd = received.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const head = received.subarray(at, headEnd).toString('latin1');
    const statusLine = head.split('\r\n')[0] ?? '';
    let bodyStart = headEnd + 4;
    const length = /^content-length: *(\d+)$/im.exec(head);
    let body: Buffer;
    if (length) {
      body = received.subarray(bodyStart, bodyStart + Number(length[1]));
      at = bodyStart + body.length;
    } else if (/^transfer-encoding: *chunked$/im.test(head)) {
      const pieces: Buffer[] = [];
      for (;;) {
        const sizeEnd = received.indexOf('\r\n', bodyStart);
        const size = sizeEnd < 0 ? 0 : parseInt(received.subarray(bodyStart, sizeEnd).toString('latin1'), 16);
        if (!size) {
          bodyStart = sizeEnd < 0 ? received.length : sizeEnd + 4;
          break;
        }
        pieces.push(received.subarray(sizeEnd + 2, sizeEnd + 2 + size));
        bodyStart = sizeEnd + 2 + size + 2;
      }
      body = Buffer.concat(pieces);
      at = bodyStart;
    } else {
      body = received.subarray(bodyStart);
      at = received.length;
    }
    answers.push({ statusLine, head, body: body.toString('utf8') });
  }
  return answers;
}

/** Writes raw bytes on one connection (in pieces, `gapMs` apart) and reads until the server closes it or `waitMs` passes. */
function exchange(port: number, pieces: readonly (string | Buffer)[], options: { waitMs: number; gapMs?: number }): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const chunks: Buffer[] = [];
    const started = performance.now();
    let closedAfterMs: number | undefined;
    let failure: string | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const received = Buffer.concat(chunks);
      const responses = splitResponses(received);
      resolve({
        text: received.toString('utf8'),
        responses,
        statuses: responses.map((r) => Number(r.statusLine.split(' ')[1])),
        statusLines: responses.map((r) => r.statusLine),
        closedAfterMs,
        failure,
      });
    };
    const timer = setTimeout(finish, options.waitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      closedAfterMs = performance.now() - started;
      finish();
    });
    // The server may close while pieces are still being written: some tests are there to see it does not.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') return reject(error);
      failure = error.code;
    });
    socket.connect(port, '127.0.0.1', async () => {
      for (const piece of pieces) {
        if (socket.destroyed || closedAfterMs !== undefined) break;
        socket.write(piece);
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
    });
  });
}

/** Lines a process printed that are not one JSON object each. */
function nonJsonLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('Ready on '))
    .filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
}

/** Runs `node scripts/serve.mjs` with this environment and waits for it to exit (it must, on a bad setting). */
function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['scripts/serve.mjs'], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('requests a browser never makes', () => {
  let smtp: TestSmtpServer;
  let dev: ServerProcess;
  let production: ServerProcess;
  let productionOrigin: string;
  const dataDirs: ReturnType<typeof createDataDir>[] = [];
  const dir = (name: string) => {
    const created = createDataDir(`awkward-${name}`);
    dataDirs.push(created);
    return created.path;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const port = await findFreePort();
    productionOrigin = `http://127.0.0.1:${port}`;
    [dev, production] = await Promise.all([
      startServerProcess({ env: { DATA_DIR: dir('dev'), LOG_LEVEL: 'info', ...NO_RATE_LIMIT } }),
      startServerProcess({ env: { ...productionEnv({ port, dataDir: dir('production'), smtpUrl: smtp.url }), ...NO_RATE_LIMIT } }),
    ]);
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await smtp?.stop();
    for (const created of dataDirs) created.remove();
  });

  it.each(OTHER_METHODS)('answers %s with the GOV.UK 405 page, an Allow header and every security header, keeping the connection', async (method) => {
    const answer = await exchange(
      dev.port,
      [
        `${method} /complaint/danger HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello`,
        'GET /help HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      ],
      { waitMs: 5_000 },
    );
    expect(answer.statusLines).toEqual(['HTTP/1.1 405 Method Not Allowed', 'HTTP/1.1 200 OK']);
    const { head = '', body = '' } = answer.responses[0] ?? {};
    expect(head).toMatch(/^allow: GET, HEAD, POST$/im);
    expect(head).toMatch(/^content-type: text\/html; charset=utf-8$/im);
    expect(head).toMatch(/^content-security-policy: .*frame-ancestors 'none'/im);
    expect(head).toMatch(/^x-frame-options: DENY$/im);
    expect(readHeading(body)).toBe('This page cannot do that');
    expect(answer.failure).toBeUndefined();
  });

  it('answers CONNECT with the same page instead of dropping the connection', async () => {
    const answer = await exchange(dev.port, ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'], { waitMs: 5_000 });
    expect(answer.statuses).toEqual([405]);
    expect(answer.text).toMatch(/^allow: GET, HEAD, POST$/im);
    expect(answer.text).toMatch(/^x-content-type-options: nosniff$/im);
    expect(readHeading(answer.text)).toBe('This page cannot do that');
    expect(answer.closedAfterMs).toBeDefined();
  });

  it('prints nothing but JSON lines while it answers them', async () => {
    for (const method of OTHER_METHODS) await exchange(dev.port, [`${method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`], { waitMs: 5_000 });
    expect(nonJsonLines(dev.stdout)).toEqual([]);
    expect(nonJsonLines(dev.stderr)).toEqual([]);
  });

  it.each([
    { how: 'chunked', chunked: true },
    { how: 'with a Content-Length', chunked: false },
  ])(
    'answers a body over the cap sent $how with 413 at once, then reads the rest so the answer arrives and the connection serves the next request',
    async ({ chunked }) => {
      const client = createRawClient(dev.baseUrl);
      expect((await client.get('/complaint/start')).status).toBe(303);
      const token = readCsrfToken((await client.get('/complaint/danger')).body);
      const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const form = Buffer.from(`csrfToken=${token}&dangerNow=no&padding=${'a'.repeat(MAX_FORM_BYTES + 20_000)}`);
      const head =
        `POST /complaint/danger HTTP/1.1\r\nHost: 127.0.0.1:${dev.port}\r\nOrigin: ${dev.baseUrl}\r\nCookie: ${cookie}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\n${chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${form.length}`}\r\n\r\n`;
      const pieces = [head];
      for (let at = 0; at < form.length; at += 16_384) {
        const piece = form.subarray(at, at + 16_384);
        pieces.push(chunked ? `${piece.length.toString(16)}\r\n${piece.toString('latin1')}\r\n` : piece.toString('latin1'));
      }
      if (chunked) pieces.push('0\r\n\r\n');
      pieces.push('GET /help HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      const answer = await exchange(dev.port, pieces, { waitMs: 10_000, gapMs: 20 });
      // The standard reason phrase: a page that only sets its status would otherwise say "413 OK".
      expect(answer.statusLines).toEqual(['HTTP/1.1 413 Payload Too Large', 'HTTP/1.1 200 OK']);
      expect(readHeading(answer.text)).toBe('Your answer is too long to send');
      expect(answer.failure, 'the server reset the connection while the body was still arriving').toBeUndefined();
      // Nothing was saved: the next page still sends the visitor back to the question.
      const next = await client.get('/complaint/worried');
      expect([next.status, next.location]).toEqual([303, '/complaint/danger']);
    },
  );

  it('says charset=utf-8 on every HTML page, rewritten and refused ones too', async () => {
    const missing: string[] = [];
    for (const path of ['/', '/help', '/complaint/start', '/no-such-page', '/too-large', '/complaint/session-expired']) {
      const response = await sendRaw(dev.baseUrl, { method: 'GET', path });
      const type = String(response.headers['content-type']);
      if (type.startsWith('text/html') && !/charset=utf-8/i.test(type)) missing.push(`${path}: ${type}`);
    }
    expect(missing).toEqual([]);
  });

  it('sends Strict-Transport-Security with the static files in production', async () => {
    const page = await sendRaw(production.baseUrl, { method: 'GET', path: '/' });
    const assets = [...page.body.matchAll(/(?:href|src)="(\/(?:_astro\/[^"]+|favicon\.svg))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of new Set(assets)) {
      const response = await sendRaw(production.baseUrl, { method: 'GET', path: asset });
      expect(response.status, asset).toBe(200);
      expect(response.headers['strict-transport-security'], asset).toBe('max-age=31536000; includeSubDomains');
    }
  });

  it('checks a post’s origin against PUBLIC_URL in production, whatever Host says', async () => {
    const client = createRawClient(production.baseUrl);
    expect((await client.get('/complaint/start')).status).toBe(303);
    const token = readCsrfToken((await client.get('/complaint/danger')).body)!;
    const form = `csrfToken=${token}&dangerNow=no`;
    // A proxy that passes Host through as sent: the attacker's page names its own site in both.
    const forged = await client.post('/complaint/danger', form, 'application/x-www-form-urlencoded', { host: 'evil.example', origin: 'http://evil.example' });
    expect(forged.status).toBe(403);
    expect(readHeading(forged.body)).toBe('This form could not be sent');
    const own = await client.post('/complaint/danger', form, 'application/x-www-form-urlencoded', { origin: productionOrigin });
    expect([own.status, own.location]).toEqual([303, '/complaint/worried']);
  });
});

describe('a planned stop while a refused body is still arriving', () => {
  const dataDir = createDataDir('stop-while-draining');
  afterAll(async () => {
    await stopAllServerProcesses();
    dataDir.remove();
  });

  it('answers the post, then stops at once and cleanly instead of waiting for the rest of the body', async () => {
    const server = await startServerProcess({ env: { DATA_DIR: dataDir.path, ...NO_RATE_LIMIT } });
    const socket = new Socket();
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.connect(server.port, '127.0.0.1', resolve));
    // Declared far over the form limit: refused from its headers, while the body keeps coming.
    socket.write(
      `POST /complaint/danger HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.baseUrl}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`,
    );
    const trickle = setInterval(() => socket.write(Buffer.alloc(16 * 1024, 0x61)), 100);
    try {
      await waitFor(() => Buffer.concat(received).includes('\r\n\r\n'), { timeoutMs: 10_000, describe: () => 'the answer to the refused post' });
      expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 413 /);
      await server.stop();
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    // Not cut by SIGKILL after its stop deadline, and not "stop took too long".
    expect(server.exit).toEqual({ code: 0, signal: null });
    expect(server.stderr).not.toContain('stop took too long');
  });
});

describe('a start-up that cannot work', () => {
  const dataDir = createDataDir('awkward-start');
  afterAll(() => dataDir.remove());

  const notAFolder = join(dataDir.path, 'a-file');
  writeFileSync(notAFolder, 'not a folder');

  it.each<{ setting: string; env: Record<string, string>; line: RegExp }>([
    {
      setting: 'PORT written in words',
      env: { PORT: 'eighty' },
      line: /^ {2}- PORT: must be a whole number from 0 to 65535, got "eighty"\. Example: PORT=4321$/m,
    },
    {
      setting: 'HOST not on this machine',
      env: { HOST: '192.0.2.1' },
      line: /^ {2}- HOST: "192\.0\.2\.1" is not an address of this machine\. Example: HOST=/m,
    },
    {
      setting: 'DATA_DIR that is a file',
      env: { DATA_DIR: notAFolder },
      line: /^ {2}- DATA_DIR: ".*a-file" cannot be used as a folder the service writes to \(E[A-Z]+\)\. Example: DATA_DIR=/m,
    },
    {
      setting: 'DATABASE_URL with nothing listening',
      env: { DATABASE_URL: 'postgres://complaints:hunter2@127.0.0.1:1/complaints' },
      line: /^ {2}- DATABASE_URL: could not use PostgreSQL at 127\.0\.0\.1:1\/complaints \(ECONNREFUSED\)\. Example: DATABASE_URL=/m,
    },
    {
      setting: 'DATABASE_URL that names nothing',
      env: { DATABASE_URL: 'postgres://' },
      line: /^ {2}- DATABASE_URL: must name a host or a database\. Example: DATABASE_URL=/m,
    },
    {
      setting: 'PUBLIC_URL missing in production',
      env: { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525', SESSION_SECRET: 'x'.repeat(40) },
      line: /^ {2}- PUBLIC_URL: is required in production/m,
    },
  ])('stops on $setting with one line naming the variable and no stack trace', async ({ env, line }) => {
    const run = await runUntilExit({ DATA_DIR: dataDir.path, ...env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^The server cannot start because of its environment variables:$/m);
    expect(run.stderr).toMatch(line);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
    expect(`${run.stdout}${run.stderr}`).not.toContain('hunter2');
    expect(run.stdout).not.toContain('Ready on');
  });
});

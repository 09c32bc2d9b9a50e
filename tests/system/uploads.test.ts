import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EICAR, startClamd, type TestClamd } from '../helpers/clamd.ts';
import { answerSteps, createHttpClient, createParentJourney, openPage, startJourney, type HttpClient } from '../helpers/http-journey.ts';
import { MULTIPART_END, multipartField, postToFilesPage, toUploadBody, UPLOAD_BOUNDARY } from '../helpers/http-upload.ts';
import { readHeading } from '../helpers/raw-http.ts';
import { findFreePort, startServerProcess, stopAllServerProcesses, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { DOCX, HEIC, PDF, PNG, ZIP } from '../fixtures/files.ts';
import { createDataDir, NO_RATE_LIMIT, productionEnv, withSqlite } from './support.ts';

/**
 * Hostile uploads against the built service in production with a real clamd: malformed
 * multipart, a part far over the limit (declared or streamed), thousands of tiny parts, file
 * names carrying paths, line breaks or HTML, and files whose names say something their bytes do
 * not. Each gets a clear GOV.UK page and never a 5xx; names are shown made safe and escaped;
 * files are typed by their bytes alone; and nothing is written anywhere but the store.
 */

const BOUNDARY = UPLOAD_BOUNDARY;
const FILES = '/complaint/files';

let clamd: TestClamd;
let smtp: TestSmtpServer;
let server: ServerProcess;
const dataDir = createDataDir('uploads');

beforeAll(async () => {
  clamd = await startClamd();
  smtp = await startSmtpServer();
  const port = await findFreePort();
  server = await startServerProcess({
    env: { ...productionEnv({ port, dataDir: dataDir.path, smtpUrl: smtp.url }), ...NO_RATE_LIMIT, CLAMAV_URL: clamd.url },
  });
}, 90_000);

afterAll(async () => {
  await stopAllServerProcesses();
  await smtp?.stop();
  await clamd?.dispose();
  dataDir.remove();
});

/** A person on the files page: the journey answered up to "Do you want to send any documents or photos?", yes. */
async function personOnFilesPage(): Promise<{ client: HttpClient; csrfToken: string }> {
  const client = createHttpClient();
  await startJourney(client, server.baseUrl);
  const steps = createParentJourney().steps;
  const upTo = steps.findIndex((s) => s.step === 'documents');
  await answerSteps(client, server.baseUrl, [...steps.slice(0, upTo), { step: 'documents', fields: { sendDocuments: 'yes' } }], 'files');
  return { client, csrfToken: await openPage(client, server.baseUrl, FILES) };
}

const postRaw = (client: HttpClient, body: BodyInit, headers: Record<string, string> = {}) => postToFilesPage(client, server.baseUrl, body, headers);
const field = multipartField;
const end = MULTIPART_END;
const upload = toUploadBody;

/**
 * Posts to the files page with these headers, sending only `firstBytes` of the body, and resolves
 * with the answer as soon as it comes: a server that waited for the rest would never answer.
 */
function answerBeforeBodyEnds(client: HttpClient, headers: Record<string, string>, firstBytes: Buffer): Promise<{ status: number; html: string }> {
  const url = new URL(FILES, server.baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        origin: url.origin,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        ...headers,
      },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, html: Buffer.concat(chunks).toString('utf8') });
        request.destroy();
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.write(firstBytes);
  });
}

/** Waits until the condition holds, checking every 20 ms; false if it did not within the time. */
async function until(condition: () => boolean, withinMs: number): Promise<boolean> {
  for (const startedAt = Date.now(); Date.now() - startedAt < withinMs; await delay(20)) if (condition()) return true;
  return condition();
}

/** The names of the files listed on the page. */
const listed = (html: string) => [...html.matchAll(/<dt class="govuk-summary-list__key">([^<]*)<\/dt>/g)].map((m) => m[1]);

describe('hostile uploads', () => {
  it('answers a malformed multipart body with the page and a clear error', async () => {
    const { client } = await personOnFilesPage();
    for (const body of ['\u0000\u0001not multipart at all', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nhalf a part`]) {
      const response = await postRaw(client, body);
      expect(response.status).toBe(422);
      expect(response.html).toContain('The selected file could not be uploaded. Try again');
      expect(readHeading(response.html)).toBe('Add documents or photos');
    }
    const noBoundary = await postRaw(client, 'x', { 'content-type': 'multipart/form-data' });
    expect(noBoundary.status).toBe(422);
  });

  it('refuses a body declared far over the limit before reading it, and one streamed over it while reading', async () => {
    const { client, csrfToken } = await personOnFilesPage();
    // 500 MB declared, one kilobyte sent: the answer comes without waiting for the rest.
    const declared = await answerBeforeBodyEnds(client, { 'content-length': String(500 * 1024 * 1024) }, Buffer.alloc(1024, 0x41));
    expect(declared.status).toBe(413);
    expect(declared.html).toContain('The selected file must be smaller than 10MB');

    // Chunked, with no length: refused as the eleventh megabyte streams in, with the GOV.UK message,
    // while the sender holds back the rest until it has the answer.
    const head = Buffer.from(field('csrfToken', csrfToken) + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\n\r\n`);
    const holdBackAfter = 12 * 1024 * 1024;
    let sent = 0;
    let answered = false;
    let gaveUpWaiting = false;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent >= holdBackAfter) {
          gaveUpWaiting = !(await until(() => answered, 15_000));
          controller.close();
          return;
        }
        sent += 1024 * 1024;
        controller.enqueue(new Uint8Array(1024 * 1024).fill(0x41));
      },
    });
    const streamed = await postRaw(client, stream);
    answered = true;
    expect(gaveUpWaiting, 'the server waited for the end of the body before answering').toBe(false);
    expect(streamed.status).toBe(413);
    expect(streamed.html).toContain('The selected file must be smaller than 10MB');
  });

  it('refuses thousands of tiny parts', async () => {
    const { client, csrfToken } = await personOnFilesPage();
    const body = field('csrfToken', csrfToken) + Array.from({ length: 5000 }, (_, n) => field(`f${n}`, 'x')).join('') + end;
    const response = await postRaw(client, body);
    expect(response.status).toBe(422);
    expect(response.html).toContain('The selected file could not be uploaded. Try again');
  });

  it('keeps a file named with a path, line breaks or HTML under a safe name, escaped on the page', async () => {
    const { client, csrfToken } = await personOnFilesPage();
    const names = [
      'filename="../../../../tmp/evil.txt"',
      `filename*=utf-8''line%0D%0ABcc%3A%20x%40example.com.txt`,
      'filename="<img src=x onerror=alert(1)>.txt"',
    ];
    for (const disposition of names) {
      const response = await postRaw(client, upload(csrfToken, disposition, Buffer.from('hello\n')));
      expect(response.status).toBe(303);
    }
    const page = await client.get(server.baseUrl, FILES);
    expect(listed(page.html)).toEqual(['evil.txt', 'line Bcc x@example.com.txt', 'img src x onerror alert(1).txt']);
    expect(page.html).not.toContain('<img src');
  });

  it('refuses a virus and a file without the CSRF token, and keeps a clean PDF', async () => {
    const { client, csrfToken } = await personOnFilesPage();
    const virus = await postRaw(client, upload(csrfToken, 'filename="eicar.txt"', EICAR));
    expect(virus.status).toBe(422);
    expect(virus.html).toContain('The selected file contains a virus');
    const forged = await postRaw(client, upload('not-the-token', 'filename="letter.pdf"', PDF));
    expect(forged.status).toBe(303);
    expect(listed((await client.get(server.baseUrl, FILES)).html)).toEqual([]);
    expect((await postRaw(client, upload(csrfToken, 'filename="letter.pdf"', PDF))).status).toBe(303);
    expect(listed((await client.get(server.baseUrl, FILES)).html)).toEqual(['letter.pdf']);
  });

  it('types each file by its bytes: keeps a Word document, a HEIC photo and a PNG named .docx as what they are, and refuses a ZIP', async () => {
    const { client, csrfToken } = await personOnFilesPage();
    for (const [name, bytes] of [
      ['minutes.docx', DOCX],
      ['IMG_0001.HEIC', HEIC],
      ['photo.docx', PNG],
    ] as const) {
      expect((await postRaw(client, upload(csrfToken, `filename="${name}"`, bytes))).status, name).toBe(303);
    }
    const zip = await postRaw(client, upload(csrfToken, 'filename="minutes.docx"', ZIP));
    expect(zip.status).toBe(422);
    expect(zip.html).toContain('The selected file must be a PDF, JPG, PNG, HEIC, DOCX or TXT');
    // Each kept under the extension its bytes showed.
    expect(listed((await client.get(server.baseUrl, FILES)).html)).toEqual(['minutes.docx', 'IMG_0001.heic', 'photo.png']);
    const stored = withSqlite(dataDir.path, (db) =>
      [DOCX, HEIC, PNG, ZIP].map((bytes) =>
        db.prepare('SELECT kind, scan FROM uploads WHERE sha256 = ?').all(createHash('sha256').update(bytes).digest('hex')),
      ),
    );
    expect(stored).toEqual([[{ kind: 'docx', scan: 'clean' }], [{ kind: 'heic', scan: 'clean' }], [{ kind: 'png', scan: 'clean' }], []]);
  });

  it('answered nothing with a 5xx and wrote nothing outside the store', () => {
    expect(server.stdout + server.stderr).not.toMatch(/"status":5\d\d/);
    expect(readdirSync(dataDir.path).filter((name) => !/^complaints\.sqlite(-wal|-shm)?$|^session-secret$/.test(name))).toEqual([]);
    expect(readdirSync(tmpdir()).filter((name) => /evil|onerror|eicar/.test(name))).toEqual([]);
    const stored = withSqlite(dataDir.path, (db) => db.prepare('SELECT COUNT(*) AS n FROM uploads').get() as { n: number });
    expect(stored.n).toBeGreaterThan(0);
  });
});

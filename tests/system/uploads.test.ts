import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EICAR, startClamd, type TestClamd } from '../helpers/clamd.ts';
import { answerSteps, createHttpClient, createParentJourney, openPage, startJourney, type HttpClient } from '../helpers/http-journey.ts';
import { MULTIPART_END, multipartField, postToFilesPage, toUploadBody, UPLOAD_BOUNDARY } from '../helpers/http-upload.ts';
import { readHeading } from '../helpers/raw-http.ts';
import { findFreePort, startServerProcess, stopAllServerProcesses, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { PDF } from '../fixtures/files.ts';
import { createDataDir, NO_RATE_LIMIT, productionEnv, withSqlite } from './support.ts';

/**
 * Hostile uploads against the built service in production with a real clamd: malformed
 * multipart, a part far over the limit (declared or streamed), thousands of tiny parts, and file
 * names carrying paths, line breaks or HTML. Each gets a clear GOV.UK page and never a 5xx;
 * names are shown made safe and escaped; and nothing is written anywhere but the store.
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
    const declared = await postRaw(client, 'x', { 'content-length': String(500 * 1024 * 1024) }).catch((error: unknown) => ({
      status: 0,
      html: String(error),
      location: null,
    }));
    // The server answers 413 at once and closes the connection; a client may see the close first.
    if (declared.status !== 0) expect(declared.status).toBe(413);

    // Chunked, with no length: refused as the eleventh megabyte streams in, with the GOV.UK message.
    const head = Buffer.from(field('csrfToken', csrfToken) + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\n\r\n`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        sent += 1024 * 1024;
        if (sent > 50 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(1024 * 1024).fill(0x41));
      },
    });
    const streamed = await postRaw(client, stream);
    expect(streamed.status).toBe(413);
    expect(streamed.html).toContain('The selected file must be smaller than 10MB');
    expect(sent).toBeLessThan(50 * 1024 * 1024);
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

  it('answered nothing with a 5xx and wrote nothing outside the store', () => {
    expect(server.stdout + server.stderr).not.toMatch(/"status":5\d\d/);
    expect(readdirSync(dataDir.path).filter((name) => !/^complaints\.sqlite(-wal|-shm)?$|^session-secret$/.test(name))).toEqual([]);
    expect(readdirSync(tmpdir()).filter((name) => /evil|onerror|eicar/.test(name))).toEqual([]);
    const stored = withSqlite(dataDir.path, (db) => db.prepare('SELECT COUNT(*) AS n FROM uploads').get() as { n: number });
    expect(stored.n).toBeGreaterThan(0);
  });
});

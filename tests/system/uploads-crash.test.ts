import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClamd, type TestClamd } from '../helpers/clamd.ts';
import { answerSteps, createHttpClient, createParentJourney, openPage, readConfirmation, startJourney, type HttpClient } from '../helpers/http-journey.ts';
import { multipartField, postToFilesPage, toUploadBody, UPLOAD_BOUNDARY } from '../helpers/http-upload.ts';
import { readHealth, restartServerProcess, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { PDF, PNG } from '../fixtures/files.ts';
import { createDataDir, NO_RATE_LIMIT, printFigures, withSqlite } from './support.ts';

/**
 * The service SIGKILLed in the middle of an upload and in the middle of Sends of complaints with
 * files: no file is left without a session or a case, no case is without the files its email
 * lists, and after the restart every case's team email arrives carrying its files.
 */

const FILES = '/complaint/files';
const CLIENTS = 3;
const KILL_AFTER_SHOWN = 4;

let clamd: TestClamd;
let smtp: TestSmtpServer;
let server: ServerProcess;
const dataDir = createDataDir('uploads-crash');

beforeAll(async () => {
  clamd = await startClamd();
  smtp = await startSmtpServer();
  server = await startServerProcess({ env: { DATA_DIR: dataDir.path, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100', CLAMAV_URL: clamd.url, ...NO_RATE_LIMIT } });
}, 90_000);

afterAll(async () => {
  await stopAllServerProcesses();
  await smtp?.stop();
  await clamd?.dispose();
  dataDir.remove();
});

/** A person through the journey to the files page, having said yes to sending documents. */
async function toFilesPage(client: HttpClient, fullName: string): Promise<string> {
  const steps = createParentJourney({ fullName }).steps;
  await startJourney(client, server.baseUrl);
  await answerSteps(
    client,
    server.baseUrl,
    [
      ...steps.slice(
        0,
        steps.findIndex((s) => s.step === 'documents'),
      ),
      { step: 'documents', fields: { sendDocuments: 'yes' } },
    ],
    'files',
  );
  return openPage(client, server.baseUrl, FILES);
}

/** Every file row, and whether it belongs to a live session or a case. */
function fileOwners() {
  return withSqlite(dataDir.path, (db) => ({
    orphans: Number(
      db.prepare('SELECT COUNT(*) AS n FROM uploads WHERE NOT (session_id IN (SELECT id FROM sessions) OR reference IN (SELECT reference FROM cases))').get()?.[
        'n'
      ],
    ),
    perCase: db.prepare('SELECT c.reference, COUNT(u.id) AS files FROM cases c LEFT JOIN uploads u ON u.reference = c.reference GROUP BY c.reference').all(),
  }));
}

describe('the service killed during uploads and Sends with files', () => {
  it('keeps the files already added and nothing of the upload cut off by a SIGKILL', async () => {
    const client = createHttpClient();
    const csrfToken = await toFilesPage(client, 'Sam Cutoff');
    expect((await postToFilesPage(client, server.baseUrl, toUploadBody(csrfToken, 'filename="letter.pdf"', PDF))).status).toBe(303);

    // A big file that arrives slowly: the kill lands while it streams in.
    let sent = 0;
    const head = Buffer.from(
      `${multipartField('csrfToken', csrfToken)}--${UPLOAD_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\n\r\n`,
    );
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 0) controller.enqueue(head);
        await new Promise((resolve) => setTimeout(resolve, 20));
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    const cutOff = postToFilesPage(client, server.baseUrl, body).catch((error: unknown) => error);
    await waitFor(() => sent > 1024 * 1024, { timeoutMs: 20_000, intervalMs: 10, describe: () => 'a megabyte of the upload sent' });
    await server.kill();
    expect(await cutOff).toBeInstanceOf(Error);

    server = await restartServerProcess(server);
    const page = await client.get(server.baseUrl, FILES);
    expect([...page.html.matchAll(/<dt class="govuk-summary-list__key">([^<]*)<\/dt>/g)].map((m) => m[1])).toEqual(['letter.pdf']);
    expect(withSqlite(dataDir.path, (db) => db.prepare('SELECT COUNT(*) AS n FROM uploads').get()?.['n'])).toBe(1);
    expect(fileOwners().orphans).toBe(0);
    // The bytes never touched the disk outside the database.
    expect(readdirSync(dataDir.path).filter((name) => !/^complaints\.sqlite(-wal|-shm)?$|^session-secret$|^mail$/.test(name))).toEqual([]);
  });

  it('leaves no case without its files and no file without an owner when killed during Sends, and delivers every case with its files', async () => {
    const shown: string[] = [];
    let killedAt = Number.POSITIVE_INFINITY;
    let sendsInFlight = 0;
    const lane = async (n: number) => {
      for (let i = 0; i < 50 && Date.now() < killedAt; i++) {
        const client = createHttpClient({ timeoutMs: 10_000 });
        const script = createParentJourney({ fullName: `Sam Files${n}x${i}` });
        try {
          const csrfToken = await toFilesPage(client, `Sam Files${n}x${i}`);
          await postToFilesPage(client, server.baseUrl, toUploadBody(csrfToken, 'filename="letter.pdf"', PDF));
          await postToFilesPage(client, server.baseUrl, toUploadBody(csrfToken, 'filename="photo.png"', PNG));
          await client.post(server.baseUrl, FILES, { csrfToken, action: 'continue' });
          await answerSteps(client, server.baseUrl, script.steps.slice(script.steps.findIndex((s) => s.step === 'your-name')));
          const check = await openPage(client, server.baseUrl, '/complaint/check');
          sendsInFlight += 1;
          try {
            await client.post(server.baseUrl, '/complaint/check', { csrfToken: check, ...script.check });
          } finally {
            sendsInFlight -= 1;
          }
          shown.push(await readConfirmation(client, server.baseUrl));
        } catch {
          return;
        }
      }
    };
    const lanes = Array.from({ length: CLIENTS }, (_, n) => lane(n));
    await waitFor(() => shown.length >= KILL_AFTER_SHOWN, { timeoutMs: 60_000, intervalMs: 10, describe: () => `${KILL_AFTER_SHOWN} references shown` });
    await waitFor(() => sendsInFlight > 0, { timeoutMs: 5_000, intervalMs: 1, describe: () => 'a Send in flight' }).catch(() => undefined);
    killedAt = Date.now();
    await server.kill();
    await Promise.all(lanes);

    const atKill = fileOwners();
    // Every case holds both its files; every file belongs to a live session or a case.
    expect(atKill.perCase.filter((row) => Number(row['files']) !== 2)).toEqual([]);
    expect(atKill.orphans).toBe(0);
    const cases = atKill.perCase.map((row) => String(row['reference']));
    expect(shown.filter((reference) => !cases.includes(reference))).toEqual([]);

    withSqlite(dataDir.path, (db) =>
      db.prepare('UPDATE outbox SET claimed_until = ? WHERE delivered_at IS NULL AND claimed_until IS NOT NULL').run(Date.now()),
    );
    server = await restartServerProcess(server);
    await waitFor(async () => (await readHealth(server.baseUrl)).body.outbox.depth === 0, { timeoutMs: 30_000, describe: () => 'the outbox to empty' });
    for (const reference of cases) {
      const team = smtp.received.find((m) => m.parsed.messageId?.startsWith(`<${reference}.team@`));
      expect(team?.parsed.attachments.filter((a) => a.filename === 'letter.pdf' || a.filename === 'photo.png').map((a) => a.content.length)).toEqual([
        PDF.byteLength,
        PNG.byteLength,
      ]);
    }
    printFigures('uploads crash', { 'cases at the kill': cases.length, 'shown a reference': shown.length });
  });
});

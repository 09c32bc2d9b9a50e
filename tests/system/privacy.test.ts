import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerSteps,
  createHttpClient,
  openPage,
  createParentJourney,
  pressSend,
  readConfirmation,
  startJourney,
  type HttpClient,
  type JourneyScript,
  type PageResponse,
} from '../helpers/http-journey.ts';
import { createRawClient, readTitle } from '../helpers/raw-http.ts';
import { readHealth, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { createDataDir, NO_RATE_LIMIT } from './support.ts';

/**
 * Personal data stays where it belongs: out of the logs, out of URLs and page titles (which end
 * up in browser history, proxies and analytics), and, with ENCRYPTION_KEY set, out of the
 * database file as stored on disk.
 */

/** Distinctive values for every kind of personal data the journey asks for, so any copy of one can be found. */
function createMarkers() {
  const tag = randomBytes(4).toString('hex');
  return {
    fullName: `Perdita Qzname${tag}`,
    email: `qzmail.${tag}@example.org`,
    emailLocalPart: `qzmail.${tag}`,
    phone: '01632 960 718',
    phoneDigits: '01632960718',
    addressLine1: `12 Qzstreet${tag} Road`,
    addressLine2: `Qzflat${tag}`,
    addressTown: `Qztown${tag}`,
    postcode: 'QX9 7ZZ',
    child1: `Kit Qzchildone${tag}`,
    child2: `Ash Qzchildtwo${tag}`,
    whatHappened: `The Qzwhathappened${tag} meeting was cancelled and nobody told us why.`,
    outcomeWanted: `A new date and Qzoutcome${tag}.`,
    otherNeeds: `Qzneeds${tag} please`,
  };
}
type Markers = ReturnType<typeof createMarkers>;

/** The strings that must not appear: each marker, and the distinctive part of each free-text one. */
function toSearchTerms(markers: Markers): string[] {
  const terms = new Set<string>(Object.values(markers));
  for (const value of Object.values(markers)) for (const word of value.match(/Qz[a-z]+[0-9a-f]{8}/g) ?? []) terms.add(word);
  return [...terms];
}

/** A parent's complaint about two children, with every contact method, using the markers for every answer that is personal data. */
function createMarkedJourney(markers: Markers): JourneyScript {
  const parent = createParentJourney();
  const when = parent.steps.find((s) => s.step === 'when')!;
  return {
    steps: [
      { step: 'danger', fields: { dangerNow: 'no' } },
      { step: 'worried', fields: { worriedAboutHarm: 'no' } },
      { step: 'who', fields: { role: 'parent' } },
      { step: 'child-agreement', fields: { childAgreement: 'yes' } },
      { step: 'child-1', fields: { child1Name: markers.child1, child1Age: '9', child1Council: 'this' } },
      { step: 'more-children-1', fields: { moreChildren: 'yes' } },
      {
        step: 'child-2',
        fields: { child2Name: markers.child2, 'child2Dob-day': '3', 'child2Dob-month': '4', 'child2Dob-year': '2015', child2Council: 'this' },
      },
      { step: 'more-children-2', fields: { moreChildren: 'no' } },
      { step: 'service', fields: { services: ['looked_after'] } },
      { step: 'provider', fields: { commissionedProvider: 'no' } },
      { step: 'what-happened', fields: { whatHappened: markers.whatHappened } },
      when,
      { step: 'put-right', fields: { outcomeWanted: markers.outcomeWanted } },
      { step: 'court-police', fields: { proceedings: 'no' } },
      { step: 'complained-before', fields: { previousComplaint: 'no' } },
      { step: 'documents', fields: { sendDocuments: 'no' } },
      { step: 'your-name', fields: { fullName: markers.fullName } },
      {
        step: 'contact',
        fields: {
          contactMethods: ['email', 'phone', 'post'],
          email: markers.email,
          phone: markers.phone,
          addressLine1: markers.addressLine1,
          addressLine2: markers.addressLine2,
          addressTown: markers.addressTown,
          addressPostcode: markers.postcode,
        },
      },
      { step: 'safe-contact', fields: { safeToContact: 'yes' } },
      { step: 'needs', fields: { communicationNeeds: ['other'], otherNeeds: markers.otherNeeds } },
    ],
    check: { worriedAtCheck: 'no', wantsAcknowledgement: 'yes' },
  };
}

/** A client that keeps every response it got, for looking at URLs and titles afterwards. */
function createRecordingClient(): { client: HttpClient; responses: PageResponse[] } {
  const inner = createHttpClient();
  const responses: PageResponse[] = [];
  const keep = async (response: Promise<PageResponse>) => {
    const answered = await response;
    responses.push(answered);
    return answered;
  };
  return {
    responses,
    client: {
      cookies: inner.cookies,
      get: (baseUrl, path) => keep(inner.get(baseUrl, path)),
      post: (baseUrl, path, fields) => keep(inner.post(baseUrl, path, fields)),
    },
  };
}

/** Sends the marked complaint and waits until its emails have been delivered. */
async function sendMarkedComplaint(server: ServerProcess, smtp: TestSmtpServer, markers: Markers): Promise<{ reference: string; responses: PageResponse[] }> {
  const { client, responses } = createRecordingClient();
  const script = createMarkedJourney(markers);
  await startJourney(client, server.baseUrl);
  await answerSteps(client, server.baseUrl, script.steps);
  const sent = await pressSend(client, server.baseUrl, script.check);
  expect(sent.status).toBe(303);
  const reference = await readConfirmation(client, server.baseUrl);
  await waitFor(async () => (await readHealth(server.baseUrl)).body.outbox.depth === 0, {
    timeoutMs: 20_000,
    describe: () => `the emails for ${reference} to be delivered`,
  });
  const team = smtp.received.find((mail) => mail.parsed.messageId?.startsWith(`<${reference}.team@`));
  // The markers really were entered and kept: the team's email carries them.
  expect(team?.parsed.text).toContain(markers.whatHappened);
  expect(team?.parsed.text).toContain(markers.child2);
  return { reference, responses };
}

/** Which terms occur in the text, compared without regard to case. */
const findTerms = (text: string, terms: readonly string[]): string[] => terms.filter((term) => text.toLowerCase().includes(term.toLowerCase()));

/** Every file under a folder, with its bytes. */
function readAllFiles(dir: string): { path: string; bytes: Buffer }[] {
  const files: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...readAllFiles(path));
    else files.push({ path: relative(dir, path), bytes: readFileSync(path) });
  }
  return files;
}

/** Where in the stored files each term occurs, as raw bytes (UTF-8 and, for SQLite's sake, UTF-16). */
function findTermsInFiles(dir: string, terms: readonly string[]): string[] {
  const found: string[] = [];
  for (const { path, bytes } of readAllFiles(dir)) {
    for (const term of terms) {
      if (bytes.includes(Buffer.from(term, 'utf8')) || bytes.includes(Buffer.from(term, 'utf16le'))) found.push(`${term} in ${path}`);
    }
  }
  return found;
}

describe('personal data', () => {
  let smtp: TestSmtpServer;
  const dataDirs: ReturnType<typeof createDataDir>[] = [];
  const newDataDir = (name: string) => {
    const dir = createDataDir(`privacy-${name}`);
    dataDirs.push(dir);
    return dir.path;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await smtp?.stop();
    for (const dir of dataDirs) dir.remove();
  });

  it('never reaches the logs, even at debug level and when answers are refused', async () => {
    const markers = createMarkers();
    const server = await startServerProcess({
      env: { DATA_DIR: newDataDir('logs'), SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100', LOG_LEVEL: 'debug', ...NO_RATE_LIMIT },
    });

    // Refused posts carrying personal data: too long for the field (422), a wrong CSRF token, another site, too big.
    const refused = createRawClient(server.baseUrl);
    await refused.get('/complaint/start');
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const type = 'application/x-www-form-urlencoded';
    const page = await refused.get('/complaint/danger');
    const token = /name="csrfToken"[^>]*value="([^"]*)"/.exec(page.body)?.[1] ?? '';
    const statuses = [
      (await refused.post('/complaint/danger', form({ csrfToken: token, dangerNow: `${markers.fullName} ${markers.email}` }), type)).status,
      (await refused.post('/complaint/danger', form({ csrfToken: 'wrong', dangerNow: markers.child1 }), type)).status,
      (await refused.post('/complaint/danger', form({ csrfToken: token, dangerNow: markers.child2 }), type, { origin: 'https://evil.example' })).status,
      (await refused.post('/complaint/danger', form({ csrfToken: token, whatHappened: markers.whatHappened.repeat(1_000) }), type)).status,
      (await refused.get(`/complaint/danger?name=${encodeURIComponent(markers.fullName)}&email=${encodeURIComponent(markers.email)}`)).status,
    ];
    expect(statuses).toEqual([422, 303, 403, 413, 200]);

    const { reference } = await sendMarkedComplaint(server, smtp, markers);
    await server.stop();

    const logs = `${server.stdout}\n${server.stderr}`;
    // The logs were captured, and say what happened.
    expect(logs).toContain(reference);
    expect(logs).toContain('message delivered');
    expect(findTerms(logs, toSearchTerms(markers))).toEqual([]);
  });

  it('never appears in a URL, a redirect or a page title', async () => {
    const markers = createMarkers();
    const server = await startServerProcess({ env: { DATA_DIR: newDataDir('urls'), SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100', ...NO_RATE_LIMIT } });
    const { responses } = await sendMarkedComplaint(server, smtp, markers);
    const terms = toSearchTerms(markers);
    const leaks = responses.flatMap((response) => [
      ...findTerms(response.path, terms).map((term) => `${term} in the URL ${response.path}`),
      ...findTerms(response.location ?? '', terms).map((term) => `${term} in a redirect from ${response.path}`),
      ...findTerms(readTitle(response.html) ?? '', terms).map((term) => `${term} in the title of ${response.path}`),
    ]);
    expect(responses.length).toBeGreaterThan(40);
    // The check answers page shows every answer, so the markers were there to leak.
    expect(responses.some((r) => r.path === '/complaint/check' && r.html.includes(markers.child2))).toBe(true);
    expect(leaks).toEqual([]);
  });

  it('keeps a return code and its word out of the logs, every URL and the stored files', async () => {
    const dir = newDataDir('saved');
    const server = await startServerProcess({
      env: { DATA_DIR: dir, SMTP_URL: smtp.url, LOG_LEVEL: 'debug', ENCRYPTION_KEY: randomBytes(32).toString('hex'), ...NO_RATE_LIMIT },
    });
    const word = `Qzword${randomBytes(4).toString('hex')}`;
    const { client, responses } = createRecordingClient();
    await startJourney(client, server.baseUrl);
    await answerSteps(client, server.baseUrl, [{ step: 'danger', fields: { dangerNow: 'no' } }], 'worried');
    const token = await openPage(client, server.baseUrl, '/complaint/worried');
    expect((await client.post(server.baseUrl, '/complaint/worried', { csrfToken: token, worriedAboutHarm: 'no', action: 'save' })).location).toBe(
      '/complaint/save',
    );
    const saveToken = await openPage(client, server.baseUrl, '/complaint/save');
    expect((await client.post(server.baseUrl, '/complaint/save', { csrfToken: saveToken, secret: word })).location).toBe('/complaint/saved');
    const code = /class="app-return-code"[^>]*>([^<]+)</.exec((await client.get(server.baseUrl, '/complaint/saved')).html)?.[1] ?? '';
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

    const { client: elsewhere, responses: resumed } = createRecordingClient();
    expect((await elsewhere.post(server.baseUrl, '/resume', { code, secret: `${word}x` })).status).toBe(422);
    expect((await elsewhere.post(server.baseUrl, '/resume', { code, secret: word })).location).toBe('/complaint/who');
    await server.stop();

    const terms = [code, code.replace(/-/g, ''), word];
    const logs = `${server.stdout}\n${server.stderr}`;
    expect(logs).toContain('saved answers opened');
    expect(findTerms(logs, terms)).toEqual([]);
    const inAddresses = [...responses, ...resumed].flatMap((r) => findTerms(`${r.path} ${r.location ?? ''} ${readTitle(r.html) ?? ''}`, terms));
    expect(inAddresses).toEqual([]);
    expect(findTermsInFiles(dir, terms)).toEqual([]);
  });

  it('is stored encrypted when ENCRYPTION_KEY is set, where without it the database file holds it as typed', async () => {
    const plainDir = newDataDir('plain');
    const encryptedDir = newDataDir('encrypted');
    const env = { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100', ...NO_RATE_LIMIT };
    const [plain, encrypted] = await Promise.all([
      startServerProcess({ env: { ...env, DATA_DIR: plainDir } }),
      startServerProcess({ env: { ...env, DATA_DIR: encryptedDir, ENCRYPTION_KEY: randomBytes(32).toString('hex') } }),
    ]);
    const markers = createMarkers();
    const terms = toSearchTerms(markers);
    // The same complaint to both, sent and delivered (the case, its emails and the emptied session are all stored).
    await sendMarkedComplaint(plain, smtp, markers);
    await sendMarkedComplaint(encrypted, smtp, markers);

    const plainFiles = readAllFiles(plainDir).map((f) => f.path);
    expect(plainFiles).toContain('complaints.sqlite');
    expect(findTermsInFiles(plainDir, terms).length).toBeGreaterThan(0);
    expect(findTermsInFiles(plainDir, [markers.fullName, markers.child2, markers.whatHappened]).length).toBeGreaterThanOrEqual(3);

    // Read while the server still runs, as a copied disk or a backup would be: the WAL holds the newest pages.
    expect(readAllFiles(encryptedDir).map((f) => f.path)).toEqual(expect.arrayContaining(['complaints.sqlite', 'complaints.sqlite-wal']));
    expect(findTermsInFiles(encryptedDir, terms)).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseSchemaPath } from '../../scripts/case-schema.ts';
import type { Council } from '../../src/domain/council.ts';
import { serviceJourneys } from '../../src/forms/journeys/index.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil } from '../helpers/councils.ts';
import {
  answerSteps,
  createHttpClient,
  createParentJourney,
  openPage,
  pressSend,
  readConfirmation,
  runComplaintJourney,
  runWithConcurrency,
  startJourney,
} from '../helpers/http-journey.ts';
import { postToFilesPage, toUploadBody } from '../helpers/http-upload.ts';
import { createChooser, createJourneyModel, planWalk, replayWalk, type JourneyModel } from '../helpers/journey-walker.ts';
import { createTestSchema, postgresAvailable, type TestSchema } from '../helpers/postgres.ts';
import { readHealth, repoRoot, runOutboxCli, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { startWebhookReceiver, type TestWebhookReceiver } from '../helpers/webhook-receiver.ts';
import { PDF, PNG } from '../fixtures/files.ts';
import { countMessageIds, createDataDir, createSessionSecret, NO_RATE_LIMIT, printFigures } from './support.ts';

/**
 * Cases posted to a case-management system as the built service does it: real processes, a real
 * HTTP receiver on loopback that verifies every signature with the standardwebhooks library, and
 * the published JSON Schema checking every body.
 */

const postgres = await postgresAvailable();
const council: Council = exampleCouncil();
const copy = createTestCopy(council);
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(`${repoRoot}/${caseSchemaPath}`, 'utf8')) as object);

/** The kind each journey's cases are sent as. */
const kindOf = new Map(serviceJourneys.map((journey) => [journey.id, journey.submission.kind]));

/** Sends one case on the journey, from the first walk seed that reaches check answers. */
async function sendOne(baseUrl: string, model: JourneyModel, firstSeed: number): Promise<string> {
  for (let seed = firstSeed; seed < firstSeed + 200; seed++) {
    const plan = planWalk(model, council, createChooser(seed), { preferences: { options: { sendAnyway: 'yes' } } });
    if (plan.end !== 'check') continue;
    const { reference } = await replayWalk(baseUrl, plan, { send: true });
    return reference!;
  }
  throw new Error(`No walk of ${model.name} reached check answers`);
}

describe('cases posted to case management by webhook, with email', () => {
  let smtp: TestSmtpServer;
  let receiver: TestWebhookReceiver;
  let server: ServerProcess;
  const dataDir = createDataDir('webhook');

  beforeAll(async () => {
    smtp = await startSmtpServer();
    receiver = await startWebhookReceiver();
    server = await startServerProcess({
      env: {
        DATA_DIR: dataDir.path,
        SMTP_URL: smtp.url,
        OUTBOX_POLL_MS: '100',
        CASE_WEBHOOK_URL: receiver.url,
        CASE_WEBHOOK_SECRET: receiver.secret,
        LOG_LEVEL: 'info',
        ...NO_RATE_LIMIT,
      },
    });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await receiver?.stop();
    await smtp?.stop();
    dataDir.remove();
  });

  it('posts every kind of case once, signed, with a body the published schema accepts, and still emails the team', async () => {
    const sent: { reference: string; kind: string }[] = [];
    for (const [index, journey] of serviceJourneys.entries()) {
      const model = createJourneyModel(journey, copy);
      for (const seed of [1, 101]) sent.push({ reference: await sendOne(server.baseUrl, model, seed + index * 1000), kind: kindOf.get(journey.id)! });
    }
    const accepted = await receiver.waitForAccepted(sent.length);
    await waitFor(async () => (await readHealth(server.baseUrl)).body.outbox.depth === 0, { timeoutMs: 20_000, describe: () => 'the outbox to empty' });

    for (const { reference, kind } of sent) {
      const post = accepted.get(`${reference}.${kind}`);
      expect(post, `the webhook for ${reference}`).toBeDefined();
      const body = JSON.parse(post!.body) as { reference: string; kind: string };
      expect(validate(body), `${reference}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(body).toMatchObject({ reference, kind });
    }
    expect(receiver.received.every((post) => post.verified)).toBe(true);
    expect(receiver.received).toHaveLength(sent.length);
    const teamEmails = [...countMessageIds(smtp).keys()].filter((id) => id.includes('.team@'));
    expect(teamEmails).toHaveLength(sent.length);
    // The payload never reaches the logs: every case's free text is in the bodies, none in the output.
    const texts = receiver.received.flatMap((post) => [...post.body.matchAll(/"answer":"(Answer \d+)"/g)].map((m) => m[1]!));
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(server.stdout + server.stderr).not.toContain(text);
  });

  it('lists the files sent with a complaint in its case, as the team’s JSON attachment does, in a body the published schema accepts', async () => {
    const client = createHttpClient();
    const { steps, check } = createParentJourney({ fullName: 'Sam Filed', email: 'sam.filed@example.com' });
    const documents = steps.findIndex((s) => s.step === 'documents');
    await startJourney(client, server.baseUrl);
    await answerSteps(client, server.baseUrl, [...steps.slice(0, documents), { step: 'documents', fields: { sendDocuments: 'yes' } }], 'files');
    for (const [name, bytes] of [
      ['letter.pdf', PDF],
      ['photo.png', PNG],
    ] as const) {
      const csrfToken = await openPage(client, server.baseUrl, '/complaint/files');
      expect((await postToFilesPage(client, server.baseUrl, toUploadBody(csrfToken, `filename="${name}"`, bytes))).status).toBe(303);
    }
    await answerSteps(client, server.baseUrl, [{ step: 'files', fields: { action: 'continue' } }, ...steps.slice(documents + 1)]);
    expect((await pressSend(client, server.baseUrl, check)).status).toBe(303);
    const reference = await readConfirmation(client, server.baseUrl);

    await waitFor(() => receiver.accepted().has(`${reference}.complaint`), { timeoutMs: 15_000, describe: () => `the webhook for ${reference}` });
    const post = receiver.accepted().get(`${reference}.complaint`);
    const body = JSON.parse(post!.body) as { case: { files?: unknown } };
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    // This server has no virus scanner (CLAMAV_URL unset, outside production), so neither was checked.
    expect(body.case.files).toEqual([
      { name: 'letter.pdf', type: 'pdf', size: PDF.byteLength, sha256: sha256(PDF), scanned: false },
      { name: 'photo.png', type: 'png', size: PNG.byteLength, sha256: sha256(PNG), scanned: false },
    ]);

    await waitFor(() => smtp.received.some((mail) => mail.parsed.messageId?.startsWith(`<${reference}.team@`)), {
      timeoutMs: 20_000,
      describe: () => `the team's email for ${reference}`,
    });
    const team = smtp.received.find((mail) => mail.parsed.messageId?.startsWith(`<${reference}.team@`));
    const json = team?.parsed.attachments.find((attachment) => attachment.filename === `${reference}.json`);
    const emailed = (JSON.parse(json?.content.toString('utf8') ?? '{}') as { files?: { attached: boolean }[] }).files ?? [];
    expect(emailed.map(({ attached: _attached, ...file }) => file)).toEqual(body.case.files);
  });
});

describe('a receiver that is down for a while, with the team’s email off', () => {
  let smtp: TestSmtpServer;
  let receiver: TestWebhookReceiver;
  let server: ServerProcess;
  const dataDir = createDataDir('webhook-only');
  let env: Record<string, string>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    receiver = await startWebhookReceiver();
    env = {
      DATA_DIR: dataDir.path,
      SMTP_URL: smtp.url,
      OUTBOX_POLL_MS: '100',
      CASE_WEBHOOK_URL: receiver.url,
      CASE_WEBHOOK_SECRET: receiver.secret,
      CASE_EMAIL: 'off',
      ...NO_RATE_LIMIT,
    };
    server = await startServerProcess({ env });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await receiver?.stop();
    await smtp?.stop();
    dataDir.remove();
  });

  it('keeps the case, retries, and delivers it under the same webhook-id once the receiver is back', async () => {
    await receiver.stop();
    const { reference } = await runComplaintJourney(server.baseUrl, createParentJourney({ fullName: 'Sam Waiting', email: 'sam.waiting@example.com' }));
    await waitFor(
      async () => {
        const list = await runOutboxCli(env, ['list']);
        return list.stdout.includes(reference) && /webhook\s+1\s+pending/.test(list.stdout);
      },
      { timeoutMs: 20_000, describe: () => `a failed attempt recorded for ${reference}` },
    );
    const list = await runOutboxCli(env, ['list']);
    expect(list.stdout).toContain('could not connect (ECONNREFUSED)');

    await receiver.start();
    // The operator's command makes it due now rather than at its next retry.
    expect((await runOutboxCli(env, ['requeue', reference])).code).toBe(0);
    const accepted = await receiver.waitForAccepted(1);
    expect(accepted.get(`${reference}.complaint`)?.verified).toBe(true);
    expect((await runOutboxCli(env, ['list'])).stdout).not.toContain(`${reference}  webhook`);

    // Email is off: the team's email was never written; the acknowledgement the person asked for still went.
    await waitFor(() => smtp.received.length > 0, { timeoutMs: 10_000, describe: () => 'the acknowledgement' });
    const ids = [...countMessageIds(smtp).keys()];
    expect(ids.some((id) => id.includes(`${reference}.acknowledgement@`))).toBe(true);
    expect(ids.some((id) => id.includes('.team@'))).toBe(false);
  });

  it('alerts when the receiver refuses a case for good (410)', async () => {
    receiver.answerWith(410);
    const { reference } = await runComplaintJourney(server.baseUrl, createParentJourney({ fullName: 'Sam Refused', email: 'sam.refused@example.com' }));
    await waitFor(() => smtp.received.some((mail) => mail.parsed.subject?.includes(reference) && mail.parsed.text?.includes('case management system')), {
      timeoutMs: 15_000,
      describe: () => `the alert for ${reference}`,
    });
    expect((await runOutboxCli(env, ['list'])).stdout).toMatch(new RegExp(`${reference}\\s+webhook\\s+1\\s+failed.*HTTP 410 Gone`));
    receiver.answerWith(204);
  });
});

describe.runIf(postgres.ok)('two instances sharing one PostgreSQL database, posting webhooks', () => {
  const COMPLAINTS = 16;
  let smtp: TestSmtpServer;
  let receiver: TestWebhookReceiver;
  let schema: TestSchema;
  const dataDirs: ReturnType<typeof createDataDir>[] = [];
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    receiver = await startWebhookReceiver();
    schema = await createTestSchema('webhook');
    const secret = createSessionSecret();
    const start = (name: string) => {
      const dataDir = createDataDir(`webhook-two-${name}`);
      dataDirs.push(dataDir);
      return startServerProcess({
        env: {
          DATA_DIR: dataDir.path,
          DATABASE_URL: schema.url,
          SESSION_SECRET: secret,
          SMTP_URL: smtp.url,
          OUTBOX_POLL_MS: '100',
          CASE_WEBHOOK_URL: receiver.url,
          CASE_WEBHOOK_SECRET: receiver.secret,
          LOG_LEVEL: 'info',
          ...NO_RATE_LIMIT,
        },
      });
    };
    [a, b] = await Promise.all([start('a'), start('b')]);
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await receiver?.stop();
    await smtp?.stop();
    await schema?.drop();
    for (const dataDir of dataDirs) dataDir.remove();
  });

  it('posts each case exactly once, whichever instance takes it', async () => {
    const results = await runWithConcurrency(COMPLAINTS, 4, (n) =>
      runComplaintJourney(n % 2 === 0 ? a.baseUrl : b.baseUrl, createParentJourney({ fullName: `Sam Hooked${n}`, email: `sam.hooked.${n}@example.com` })),
    );
    expect(results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))).toEqual([]);
    const references = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.reference] : []));
    await receiver.waitForAccepted(COMPLAINTS, 30_000);
    await waitFor(async () => (await readHealth(a.baseUrl)).body.outbox.depth === 0, { timeoutMs: 30_000, describe: () => 'the outbox to empty' });
    // Both workers keep polling: give a second copy time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const posts = new Map<string, number>();
    for (const post of receiver.received) posts.set(post.id, (posts.get(post.id) ?? 0) + 1);
    const byInstance = (server: ServerProcess) =>
      server.stdout.split('\n').filter((line) => line.includes('"messageKind":"webhook"') && line.includes('message delivered')).length;
    printFigures('webhooks from two instances', {
      cases: COMPLAINTS,
      posts: receiver.received.length,
      'posted by instance A': byInstance(a),
      'posted by instance B': byInstance(b),
    });
    expect([...posts.keys()].sort()).toEqual(references.map((reference) => `${reference}.complaint`).sort());
    expect([...posts.values()].every((count) => count === 1)).toBe(true);
    expect(receiver.received.every((post) => post.verified)).toBe(true);
  });
});

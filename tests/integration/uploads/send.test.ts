import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutboxCommand } from '../../../scripts/outbox.ts';
import type { JourneyAnswers } from '../../../src/forms/engine/journey.ts';
import { complaintJourney } from '../../../src/forms/journeys/complaint/journey.ts';
import { submitJourney } from '../../../src/server/journeys/submit.ts';
import { createLogger } from '../../../src/server/log.ts';
import { createMailTransport } from '../../../src/server/mail/transport.ts';
import { createOutboxWorker } from '../../../src/server/outbox/worker.ts';
import { createStore, type NewUpload, type Store } from '../../../src/server/store/index.ts';
import { createJourneyContext, journeyToday, parentAnswers, parentCheck, withAnswers } from '../../fixtures/journeys.ts';
import { PDF, PNG } from '../../fixtures/files.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.ts';

/**
 * Send with files, through the outbox worker to a real SMTP server: the team's email carries the
 * files (or, when they would make it too big for the mail server, says they are held and how to
 * fetch them), the acknowledgement never does, and a file nobody scanned is marked NOT SCANNED.
 */

const NOW = new Date(`${journeyToday}T12:00:00Z`);
const council = exampleCouncil();
const copy = createTestCopy(council);
const quiet = createLogger({ level: 'error', stream: { write: () => true } });
const withFiles: JourneyAnswers = withAnswers(parentAnswers, { documents: { sendDocuments: 'yes' }, files: {} });
const LIMITS = { maxFiles: 10, maxTotalBytes: 25 * 1024 * 1024 };

const upload = (name: string, content: Buffer, scan: 'clean' | 'not_scanned' = 'clean', at = 0): NewUpload => ({
  name,
  kind: name.endsWith('.png') ? 'png' : 'pdf',
  size: content.byteLength,
  sha256: createHash('sha256').update(content).digest('hex'),
  scan,
  createdAt: NOW.getTime() + at,
  content,
});

describe('Send with documents and photos', () => {
  let dir: string;
  let store: Store;
  let smtp: TestSmtpServer;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'uploads-send-'));
    store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    await store.close();
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends the parent's complaint from a session holding these files, then delivers every email. */
  async function sendWith(files: NewUpload[], options: { answers?: JourneyAnswers; mailMaxBytes?: number } = {}) {
    const session = await store.createSession({ now: NOW.getTime(), expiresAt: NOW.getTime() + 3_600_000 });
    for (const file of files) await store.addUpload(session.id, file, LIMITS);
    const outcome = await submitJourney({
      journey: complaintJourney,
      store,
      copy,
      log: quiet,
      sessionId: session.id,
      ctx: createJourneyContext(options.answers ?? withFiles),
      check: parentCheck,
      now: NOW,
      ...(options.mailMaxBytes ? { mailMaxBytes: options.mailMaxBytes } : {}),
    });
    if (!outcome.ok) throw new Error('not sent');
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: dir, from: council.mail.from });
    const worker = createOutboxWorker({ store, transport, log: quiet, pollMs: 10, workerId: 'test' });
    await worker.runOnce();
    const mailOf = (kind: string) => smtp.received.find((m) => m.parsed.messageId === `<${outcome.reference}.${kind}@${council.mail.messageIdDomain}>`)!.parsed;
    return { reference: outcome.reference, team: mailOf('team'), acknowledgement: mailOf('acknowledgement') };
  }

  it('attaches the files to the team’s email only, byte for byte', async () => {
    const { reference, team, acknowledgement } = await sendWith([upload('letter.pdf', PDF), upload('photo.png', PNG, 'clean', 1)]);
    const files = team.attachments.filter((a) => !a.filename?.startsWith(reference));
    expect(files.map((a) => [a.filename, a.contentType])).toEqual([
      ['letter.pdf', 'application/pdf'],
      ['photo.png', 'image/png'],
    ]);
    expect(files[0]!.content.equals(PDF)).toBe(true);
    expect(files[1]!.content.equals(PNG)).toBe(true);
    expect(team.text).toContain('The files are attached to this email.');
    expect(acknowledgement.attachments).toEqual([]);
  });

  it('marks files nobody scanned NOT SCANNED in the email and the JSON', async () => {
    const { reference, team } = await sendWith([upload('letter.pdf', PDF, 'not_scanned')]);
    expect(team.text).toContain('NOT SCANNED: these files were not checked for viruses');
    expect(team.html).toContain('NOT SCANNED');
    const json = JSON.parse(team.attachments.find((a) => a.filename === `${reference}.json`)!.content.toString('utf8')) as { files: { scanned: boolean }[] };
    expect(json.files.map((f) => f.scanned)).toEqual([false]);
  });

  it('holds files too big for one email and tells staff how to save them, which writes them byte for byte', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(200_000, 0x20)]);
    const { reference, team } = await sendWith([upload('plan.pdf', big)], { mailMaxBytes: 150_000 });
    expect(team.attachments.map((a) => a.filename)).toEqual([`${reference}.json`, `${reference}.csv`]);
    expect(team.text).toContain(`npm run outbox -- files ${reference}`);
    const json = JSON.parse(team.attachments[0]!.content.toString('utf8')) as { files: { attached: boolean }[] };
    expect(json.files.map((f) => f.attached)).toEqual([false]);

    let output = '';
    const folder = join(dir, 'fetched');
    expect(await runOutboxCommand(['files', reference, folder], { store, now: Date.now(), write: (text) => (output += text) })).toBe(0);
    expect(readdirSync(folder)).toEqual(['01-plan.pdf']);
    expect(readFileSync(join(folder, '01-plan.pdf')).equals(big)).toBe(true);
    expect(statSync(join(folder, '01-plan.pdf')).mode & 0o777).toBe(0o600);
    expect(output).toContain(createHash('sha256').update(big).digest('hex'));
  });

  it('sends no files when the person changed their answer to no', async () => {
    const answers = withAnswers(parentAnswers, { documents: { sendDocuments: 'no' } });
    const { reference, team } = await sendWith([upload('letter.pdf', PDF)], { answers });
    expect(team.attachments.map((a) => a.filename)).toEqual([`${reference}.json`, `${reference}.csv`]);
    expect(await store.listCaseFiles(reference)).toEqual([]);
  });

  it('says when a reference holds no files', async () => {
    let output = '';
    expect(await runOutboxCommand(['files', 'CSC-AAAA-BBBB'], { store, now: Date.now(), write: (text) => (output += text) })).toBe(1);
    expect(output).toContain('No files are held for CSC-AAAA-BBBB');
  });
});

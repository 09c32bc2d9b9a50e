import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AstroCookies } from 'astro';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JourneyAnswers } from '../../../src/forms/engine/journey.ts';
import { complaintJourney } from '../../../src/forms/journeys/complaint/journey.ts';
import { serviceJourneys } from '../../../src/forms/journeys/index.ts';
import { loadConfig, type AppConfig } from '../../../src/server/config.ts';
import { handleCheck, handleJourneyPage } from '../../../src/server/journeys/handlers.ts';
import { handleResume, handleSave, handleSaved, RESUME_ATTEMPTS_PER_WINDOW } from '../../../src/server/journeys/saved-draft-pages.ts';
import { hashReturnCode, MAX_WRONG_SECRETS, RESUME_LOCK_MS } from '../../../src/server/journeys/saved-drafts.ts';
import { SAVED_FORM_EMAILS_PER_HOUR } from '../../../src/server/journeys/saved-form-email.ts';
import { createMailTransport } from '../../../src/server/mail/transport.ts';
import type { JourneyLocals } from '../../../src/server/journeys/session.ts';
import { createLogger } from '../../../src/server/log.ts';
import type { Runtime } from '../../../src/server/runtime.ts';
import { parseSessionCookieValue, SESSION_COOKIE } from '../../../src/server/session.ts';
import { createStore, type SessionRecord, type Store } from '../../../src/server/store/index.ts';
import { journeyToday, parentAnswers, parentCheck, without } from '../../fixtures/journeys.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';
import { createTestSchema, postgresAvailable, type TestSchema } from '../../helpers/postgres.ts';
import { waitFor } from '../../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.ts';

/**
 * Save and come back later, through the pages' own request handling, on real SQLite and real
 * PostgreSQL: saving half an answer, bringing it back with the code and the word in a fresh
 * session, the lock after five wrong words (counted by the store, so shared by instances),
 * saved answers that have run out of time, and Exit this page deleting them.
 */

const postgres = await postgresAvailable();
const NOW = new Date(`${journeyToday}T12:00:00Z`);
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const council = exampleCouncil();
const copy = createTestCopy(council);
const KEY = Buffer.alloc(32, 7);

interface Database {
  config: AppConfig;
  raw(sql: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

const engines: { name: string; available: boolean; open: () => Promise<Database> }[] = [
  {
    name: 'SQLite',
    available: true,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'saved-drafts-test-'));
      const config = loadConfig({ DATA_DIR: dir });
      return {
        config,
        async raw(sql) {
          const { DatabaseSync } = await import('node:sqlite');
          const db = new DatabaseSync(join(dir, 'complaints.sqlite'), { readOnly: true });
          try {
            return db.prepare(sql).all() as Record<string, unknown>[];
          } finally {
            db.close();
          }
        },
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgres.ok,
    async open() {
      const schema: TestSchema = await createTestSchema('drafts');
      const dir = mkdtempSync(join(tmpdir(), 'saved-drafts-test-'));
      const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: schema.url });
      return {
        config,
        raw: (sql) => schema.query(sql),
        drop: async () => {
          await schema.drop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

/** The cookies a handler sets, as a browser would keep them. */
function cookieJar(): AstroCookies & { sid(): string | undefined } {
  const jar = new Map<string, string>();
  return {
    set: (name: string, value: string) => void jar.set(name, value),
    get: (name: string) => (jar.has(name) ? { value: jar.get(name)! } : undefined),
    sid: () => jar.get(SESSION_COOKIE),
  } as unknown as AstroCookies & { sid(): string | undefined };
}

describe.each(engines)('save and come back later on $name', ({ name, available, open }) => {
  describe.runIf(available)(`${name} database`, () => {
    let db: Database;
    let store: Store;
    let runtime: Runtime;

    beforeEach(async () => {
      db = await open();
      store = await createStore({ database: db.config.database, encryptionKey: KEY });
      const log = createLogger({ level: 'error', stream: { write: () => true } });
      runtime = { config: db.config, council, copy, store, log } as Omit<Runtime, 'worker' | 'pages'> as Runtime;
    });

    afterEach(async () => {
      await store.close();
      await db.drop();
    });

    const startSession = (answers: JourneyAnswers, at = NOW): Promise<SessionRecord> =>
      store.createSession({ now: at.getTime(), expiresAt: at.getTime() + 2 * HOUR, data: { journey: complaintJourney.id, answers, startedAt: at.getTime() } });

    const localsOf = async (session: SessionRecord | undefined, at = NOW): Promise<JourneyLocals> => ({
      runtime,
      session: session && (await store.getSession(session.id, at.getTime())),
      sessionExpired: false,
    });

    const post = (path: string, fields: Record<string, string>, csrfToken?: string) => {
      const body = new FormData();
      if (csrfToken) body.append('csrfToken', csrfToken);
      for (const [field, value] of Object.entries(fields)) body.append(field, value);
      return new Request(`http://localhost${path}`, { method: 'POST', body });
    };

    /** Presses "Save and come back later" on `page` with these fields, chooses `secret`, and returns the code shown. */
    async function saveOn(session: SessionRecord, page: string, fields: Record<string, string>, secret: string, at = NOW): Promise<string> {
      const pressed = await handleJourneyPage({
        journey: complaintJourney,
        page,
        locals: await localsOf(session, at),
        request: post(`/complaint/${page}`, { ...fields, action: 'save' }, session.csrfToken),
        url: new URL(`http://localhost/complaint/${page}`),
        now: at,
      });
      expect(pressed).toEqual({ kind: 'redirect', location: '/complaint/save' });
      const chosen = await handleSave({
        journey: complaintJourney,
        locals: await localsOf(session, at),
        request: post('/complaint/save', { secret }, session.csrfToken),
        now: at,
      });
      expect(chosen).toEqual({ kind: 'redirect', location: '/complaint/saved' });
      const shown = handleSaved({ journey: complaintJourney, locals: await localsOf(session, at), now: at });
      if (shown.kind !== 'saved') throw new Error(`expected the saved page, got ${JSON.stringify(shown)}`);
      return shown.code;
    }

    const resume = async (fields: Record<string, string>, at = NOW, session?: SessionRecord, clientAddress = '192.0.2.1') => {
      const cookies = cookieJar();
      const outcome = await handleResume({
        locals: await localsOf(session, at),
        request: post('/resume', fields),
        cookies,
        clientAddress,
        journeyById: (id) => serviceJourneys.find((journey) => journey.id === id),
        now: at,
      });
      const sid = parseSessionCookieValue(cookies.sid(), db.config.session.secret);
      return { outcome, session: sid ? await store.getSession(sid, at.getTime()) : undefined };
    };

    /** Half an answer: a date that does not exist, which the page's checks would refuse. */
    const notYetRight = { whenKind: 'exact', 'whenDate-day': '31', 'whenDate-month': '2', 'whenDate-year': '2026' };
    const halfway = without(parentAnswers, 'when', 'put-right', 'court-police', 'complained-before', 'your-name', 'contact', 'safe-contact', 'needs');

    it('keeps half an answer as typed and brings everything back in a fresh session at that page', async () => {
      const first = await startSession(halfway);
      const code = await saveOn(first, 'when', notYetRight, 'Blue Whale');
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

      const later = new Date(NOW.getTime() + 3 * DAY);
      const { outcome, session } = await resume({ code: code.toLowerCase().replace(/-/g, ' '), secret: ' blue whale ' }, later);
      expect(outcome).toEqual({ kind: 'redirect', location: '/complaint/when' });
      expect(session?.id).not.toBe(first.id);
      expect(session?.data['answers']).toEqual(halfway);
      expect(session?.data).toMatchObject({ startedAt: NOW.getTime(), resumedAt: later.getTime() });

      const page = await handleJourneyPage({
        journey: complaintJourney,
        page: 'when',
        locals: await localsOf(session, later),
        request: new Request('http://localhost/complaint/when'),
        url: new URL('http://localhost/complaint/when'),
        now: later,
      });
      expect(page).toMatchObject({ kind: 'question', values: notYetRight, errors: null });
    });

    it('stores neither the code nor the word, and the answers only encrypted', async () => {
      const code = await saveOn(await startSession(halfway), 'when', notYetRight, 'rainbow');
      const rows = await db.raw('SELECT * FROM saved_drafts');
      expect(rows).toHaveLength(1);
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
      expect(stored).not.toContain('rainbow');
      expect(stored).not.toContain('Alex');
      expect(String(rows[0]?.['data'])).toMatch(/^enc:v1:/);
      expect(String(rows[0]?.['secret_hash'])).toMatch(/^scrypt\$32768\$8\$1\$/);
    });

    it('says the same for a wrong word and a code that was never given, and shows the word to nobody', async () => {
      const code = await saveOn(await startSession(halfway), 'when', notYetRight, 'rainbow');
      const wrongWord = await resume({ code, secret: 'rainbows' });
      const noSuchCode = await resume({ code: `2222-2222-222${checkFor('22222222222')}`, secret: 'rainbow' });
      const message = copy.t('saved.resume.noMatch');
      expect(wrongWord.outcome).toMatchObject({ kind: 'form', status: 422, values: { code }, errors: { byField: { code: message } } });
      expect(noSuchCode.outcome).toMatchObject({ kind: 'form', status: 422, errors: { byField: { code: message } } });
      expect(JSON.stringify(wrongWord.outcome)).not.toContain('rainbows');
      expect(wrongWord.session).toBeUndefined();
    });

    it('tells a mistyped code apart by its check character before looking anything up', async () => {
      const code = await saveOn(await startSession(halfway), 'when', notYetRight, 'rainbow');
      const swapped = code.slice(0, 1) === code.slice(1, 2) ? code.replace(/^(.)(.)(.)/, '$1$3$2') : code.replace(/^(.)(.)/, '$2$1');
      const { outcome } = await resume({ code: swapped, secret: 'rainbow' });
      expect(outcome).toMatchObject({ kind: 'form', errors: { byField: { code: copy.t('saved.resume.code.format') } } });
      expect(await db.raw('SELECT * FROM resume_failures')).toHaveLength(0);
    });

    it(`locks a code for an hour after ${MAX_WRONG_SECRETS} wrong words, even against the right word, then opens again`, async () => {
      const code = await saveOn(await startSession(halfway), 'when', notYetRight, 'rainbow');
      const outcomes = [];
      for (let n = 0; n < MAX_WRONG_SECRETS; n++) outcomes.push((await resume({ code, secret: `wrong ${n}` }, NOW, undefined, `192.0.2.${n}`)).outcome.kind);
      expect(outcomes).toEqual(['form', 'form', 'form', 'form', 'locked']);
      expect((await resume({ code, secret: 'rainbow' })).outcome).toEqual({ kind: 'locked' });
      // Another instance sharing the database sees the same lock.
      const other = await createStore({ database: db.config.database, encryptionKey: KEY });
      try {
        expect(await other.resumeLockedUntil(hashReturnCode(code), NOW.getTime() + 1000)).toBe(NOW.getTime() + RESUME_LOCK_MS);
      } finally {
        await other.close();
      }
      const afterAnHour = new Date(NOW.getTime() + RESUME_LOCK_MS + 1000);
      expect((await resume({ code, secret: 'rainbow' }, afterAnHour)).outcome).toEqual({ kind: 'redirect', location: '/complaint/when' });
    });

    it('locks codes that do not exist the same way, so a lock says nothing about a code', async () => {
      const code = `2345-6789-ABC${checkFor('23456789ABC')}`;
      const outcomes = [];
      for (let n = 0; n < MAX_WRONG_SECRETS; n++) outcomes.push((await resume({ code, secret: 'anything' })).outcome.kind);
      expect(outcomes.at(-1)).toBe('locked');
    });

    it('says saved answers have been deleted once their time is up, to the right word only, and the sweep deletes them', async () => {
      const code = await saveOn(await startSession(halfway), 'when', notYetRight, 'rainbow');
      const expired = new Date(NOW.getTime() + council.savedDraftsDays * DAY + 1);
      expect((await resume({ code, secret: 'wrong' }, expired)).outcome).toMatchObject({ kind: 'form', status: 422 });
      expect((await resume({ code, secret: 'rainbow' }, expired)).outcome).toEqual({ kind: 'expired' });
      expect(await db.raw('SELECT * FROM saved_drafts')).toHaveLength(0);

      await saveOn(await startSession(halfway), 'when', notYetRight, 'rainbow');
      expect((await store.purge(expired.getTime(), { retentionMs: 30 * DAY })).savedDrafts).toBe(1);
      expect(await db.raw('SELECT * FROM saved_drafts')).toHaveLength(0);
    });

    it('deletes the saved answers when the person uses Exit this page, so the code stops working', async () => {
      const { GET: exit } = await import('../../../src/pages/exit.ts');
      const first = await startSession(halfway);
      const code = await saveOn(first, 'when', notYetRight, 'rainbow');
      const { session } = await resume({ code, secret: 'rainbow' });
      const response = await exit({ locals: { runtime, session }, cookies: { delete: () => undefined } } as never);
      expect(response.status).toBe(303);
      expect(await db.raw('SELECT * FROM saved_drafts')).toHaveLength(0);
      expect((await resume({ code, secret: 'rainbow' })).outcome).toMatchObject({ kind: 'form', status: 422 });
    });

    it('replaces an earlier save from the same session: only the latest code works', async () => {
      const session = await startSession(halfway);
      const firstCode = await saveOn(session, 'when', notYetRight, 'rainbow');
      const secondCode = await saveOn(session, 'when', { ...notYetRight, 'whenDate-day': '30' }, 'rainbow');
      expect(secondCode).not.toBe(firstCode);
      expect((await resume({ code: firstCode, secret: 'rainbow' })).outcome).toMatchObject({ kind: 'form', status: 422 });
      expect((await resume({ code: secondCode, secret: 'rainbow' })).outcome).toMatchObject({ kind: 'redirect' });
    });

    it('saves from check answers, and Send deletes the saved answers', async () => {
      const session = await startSession(parentAnswers);
      const saved = await handleCheck({
        journey: complaintJourney,
        locals: await localsOf(session),
        request: post('/complaint/check', { worriedAtCheck: 'no', action: 'save' }, session.csrfToken),
        now: NOW,
      });
      expect(saved).toEqual({ kind: 'redirect', location: '/complaint/save' });
      await handleSave({
        journey: complaintJourney,
        locals: await localsOf(session),
        request: post('/complaint/save', { secret: 'rainbow' }, session.csrfToken),
        now: NOW,
      });
      const code = (handleSaved({ journey: complaintJourney, locals: await localsOf(session), now: NOW }) as { code: string }).code;
      const { outcome, session: resumed } = await resume({ code, secret: 'rainbow' });
      expect(outcome).toEqual({ kind: 'redirect', location: '/complaint/check' });
      const check = await handleCheck({
        journey: complaintJourney,
        locals: await localsOf(resumed),
        request: new Request('http://localhost/complaint/check'),
        now: NOW,
      });
      expect(check).toMatchObject({ kind: 'check', values: { worriedAtCheck: 'no' } });
      const sent = await handleCheck({
        journey: complaintJourney,
        locals: await localsOf(resumed),
        request: post('/complaint/check', parentCheck as Record<string, string>, resumed!.csrfToken),
        now: NOW,
      });
      expect(sent).toEqual({ kind: 'redirect', location: '/complaint/confirmation' });
      expect(await db.raw('SELECT * FROM saved_drafts')).toHaveLength(0);
    });

    it('asks for a word of at least 4 letters or numbers, in the child’s words on the child’s path', async () => {
      const session = await startSession({ ...halfway, who: { role: 'child' } });
      const outcome = await handleSave({
        journey: complaintJourney,
        locals: await localsOf(session),
        request: post('/complaint/save', { secret: 'a b' }, session.csrfToken),
        now: NOW,
      });
      expect(outcome).toMatchObject({
        kind: 'form',
        status: 422,
        errors: { byField: { secret: copy.t('saved.save.secret.tooShort', { context: 'child', min: 4 }) } },
      });
      expect(outcome).toMatchObject({ page: { title: copy.t('saved.save.title', { context: 'child' }) } });
    });

    it.each(serviceJourneys.map((journey) => [journey.id, journey] as const))(
      'offers "Save and come back later" on the %s journey’s first question',
      async (_, journey) => {
        const session = await store.createSession({ now: NOW.getTime(), expiresAt: NOW.getTime() + HOUR, data: { journey: journey.id, answers: {} } });
        const first = journey.steps[0]!.id;
        const page = await handleJourneyPage({
          journey,
          page: first,
          locals: await localsOf(session),
          request: new Request(`http://localhost/${journey.path}/${first}`),
          url: new URL(`http://localhost/${journey.path}/${first}`),
          now: NOW,
        });
        expect(page).toMatchObject({ kind: 'question', saveLabel: 'Save and come back later' });
      },
    );

    describe('the "Your saved form" email', () => {
      let smtp: TestSmtpServer;
      beforeEach(async () => {
        smtp = await startSmtpServer();
        runtime = { ...runtime, transport: createMailTransport({ smtpUrl: smtp.url, dataDir: db.config.dataDir, from: council.mail.from }) };
      });
      afterEach(async () => {
        runtime.transport.close();
        await smtp.stop();
      });

      /** The save page for a session, and what choosing `secret` (and the email, when `email` is set) on it leads to. */
      async function saveWithEmail(session: SessionRecord, fields: Record<string, string>) {
        const page = await handleSave({
          journey: complaintJourney,
          locals: await localsOf(session),
          request: new Request('http://localhost/complaint/save'),
          now: NOW,
        });
        const posted = await handleSave({
          journey: complaintJourney,
          locals: await localsOf(session),
          request: post('/complaint/save', fields, session.csrfToken),
          now: NOW,
        });
        expect(posted).toEqual({ kind: 'redirect', location: '/complaint/saved' });
        const saved = handleSaved({ journey: complaintJourney, locals: await localsOf(session), now: NOW });
        if (saved.kind !== 'saved') throw new Error(`expected the saved page, got ${JSON.stringify(saved)}`);
        const offered = page.kind === 'form' && page.page.fields.some((field) => field.name === 'emailLink');
        return { offered, saved };
      }

      it('is offered with an address the person said is safe, and holds the code and the way back but no answer and not the word', async () => {
        const { offered, saved } = await saveWithEmail(await startSession(parentAnswers), { secret: 'Blue Whale', emailLink: 'yes' });
        expect(offered).toBe(true);
        expect(saved.emailed).toEqual({ to: 'sam.taylor@example.com', sent: true });
        expect(smtp.received).toHaveLength(1);
        const mail = smtp.received[0]!;
        expect(mail.recipients).toEqual(['sam.taylor@example.com']);
        expect(mail.parsed.subject).toBe('Your saved form');
        expect(mail.parsed.text).toContain(saved.code);
        expect(mail.parsed.text).toContain('http://localhost/resume');
        expect(mail.parsed.html).toContain('href="http://localhost/resume"');
        const everything = mail.raw.toLowerCase();
        for (const secretOrAnswer of ['blue whale', 'alex taylor', 'sam taylor', 'weekly contact', 'social worker', '07700', 'complaint']) {
          expect(everything, secretOrAnswer).not.toContain(secretOrAnswer);
        }
        expect(mail.parsed.headers.get('x-complaint-reference')).toBeUndefined();
        // The code in the email and the word bring the answers back.
        expect((await resume({ code: saved.code, secret: 'blue whale' })).outcome).toMatchObject({ kind: 'redirect' });
      });

      it('is neither offered nor sent without an email address said to be safe', async () => {
        const notSafe = { ...parentAnswers, 'safe-contact': { safeToContact: 'no', safeHow: 'Only by phone' } };
        for (const answers of [halfway, notSafe]) {
          const { offered, saved } = await saveWithEmail(await startSession(answers), { secret: 'rainbow', emailLink: 'yes' });
          expect(offered).toBe(false);
          expect(saved.emailed).toBeUndefined();
        }
        expect(smtp.received).toHaveLength(0);
      });

      it('says so when it could not be sent, and the answers are saved all the same', async () => {
        await smtp.stop();
        const { saved } = await saveWithEmail(await startSession(parentAnswers), { secret: 'rainbow', emailLink: 'yes' });
        expect(saved.emailed).toEqual({ to: 'sam.taylor@example.com', sent: false });
        expect((await resume({ code: saved.code, secret: 'rainbow' })).outcome).toMatchObject({ kind: 'redirect' });
        await smtp.start();
      });

      it(`sends at most ${SAVED_FORM_EMAILS_PER_HOUR} to one address in an hour`, async () => {
        const sent = [];
        for (let n = 0; n <= SAVED_FORM_EMAILS_PER_HOUR; n++) {
          sent.push((await saveWithEmail(await startSession(parentAnswers), { secret: 'rainbow', emailLink: 'yes' })).saved.emailed?.sent);
        }
        expect(sent).toEqual([...Array<boolean>(SAVED_FORM_EMAILS_PER_HOUR).fill(true), false]);
        expect(smtp.received).toHaveLength(SAVED_FORM_EMAILS_PER_HOUR);
      });

      it('is not left working by Exit this page used while the email is still being sent', async () => {
        const { GET: exit } = await import('../../../src/pages/exit.ts');
        // A busy relay: the save page waits on it while the person, still on the save page, leaves.
        smtp.delayAcceptance(3_000);
        const session = await startSession(parentAnswers);
        const locals = await localsOf(session);
        const saving = handleSave({
          journey: complaintJourney,
          locals,
          request: post('/complaint/save', { secret: 'rainbow', emailLink: 'yes' }, session.csrfToken),
          now: NOW,
        });
        // The answers are saved and the email is with the relay, not yet accepted, when Exit this page
        // is used. (An Exit before the email goes is another case: the draft is deleted and nothing sent.)
        await waitFor(() => smtp.accepting > 0, { timeoutMs: 10_000, intervalMs: 10, describe: () => 'the relay never received the saved-form email' });
        await exit({ locals: await localsOf(session), cookies: { delete: () => undefined } } as never);
        await saving;
        const code = /Your code: (\S+)/.exec(smtp.received[0]?.parsed.text ?? '')?.[1];
        expect(code).toBeDefined();
        expect(await db.raw('SELECT * FROM saved_drafts'), 'the saved answers outlived Exit this page').toHaveLength(0);
        expect((await resume({ code: code!, secret: 'rainbow' })).outcome, 'the emailed code still opens the answers').toMatchObject({
          kind: 'form',
          status: 422,
        });
      });

      it('leaves one working code, not two, when Save is pressed twice', async () => {
        const { GET: exit } = await import('../../../src/pages/exit.ts');
        const session = await startSession(parentAnswers);
        // Both posts carry the session as it was before either finished, as a double press does.
        const [a, b] = [await localsOf(session), await localsOf(session)];
        const press = (locals: JourneyLocals) =>
          handleSave({
            journey: complaintJourney,
            locals,
            request: post('/complaint/save', { secret: 'rainbow', emailLink: 'yes' }, session.csrfToken),
            now: NOW,
          });
        await Promise.all([press(a), press(b)]);
        const codes = smtp.received.map((mail) => /Your code: (\S+)/.exec(mail.parsed.text ?? '')?.[1]);
        await exit({ locals: await localsOf(session), cookies: { delete: () => undefined } } as never);
        const stillOpen = [];
        for (const code of codes) if ((await resume({ code: code!, secret: 'rainbow' })).outcome.kind === 'redirect') stillOpen.push(code);
        expect({ emailed: codes.length, stillOpenAfterExit: stillOpen.length }).toEqual({ emailed: codes.length, stillOpenAfterExit: 0 });
      });

      it('is not sent when the box is left unticked, and a later save without it forgets the earlier one', async () => {
        const session = await startSession(parentAnswers);
        expect((await saveWithEmail(session, { secret: 'rainbow', emailLink: 'yes' })).saved.emailed?.sent).toBe(true);
        expect((await saveWithEmail(session, { secret: 'rainbow' })).saved.emailed).toBeUndefined();
        expect(smtp.received).toHaveLength(1);
      });
    });

    it(`turns away more than ${RESUME_ATTEMPTS_PER_WINDOW} attempts from one client in a quarter of an hour`, async () => {
      const outcomes = [];
      for (let n = 0; n <= RESUME_ATTEMPTS_PER_WINDOW; n++) outcomes.push((await resume({ code: '', secret: '' })).outcome.kind);
      expect(outcomes.at(-2)).toBe('form');
      expect(outcomes.at(-1)).toBe('rewrite');
    });
  });
});

/** The check character that makes a body of 11 characters a valid return code. */
function checkFor(body: string): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  for (const c of alphabet) {
    let sum = 0;
    let double = false;
    const all = body + c;
    for (let i = all.length - 1; i >= 0; i--) {
      sum += alphabet.indexOf(all[i]!) * (double ? 2 : 1);
      double = !double;
    }
    if (sum % 31 === 0) return c;
  }
  throw new Error('no check character');
}

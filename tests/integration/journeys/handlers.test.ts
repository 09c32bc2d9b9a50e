import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Journey, JourneyAnswers } from '../../../src/forms/engine/journey.ts';
import { complaintJourney } from '../../../src/forms/journeys/complaint/journey.ts';
import { createJourneyRegistry, serviceJourneys } from '../../../src/forms/journeys/index.ts';
import { reviewJourney } from '../../../src/forms/journeys/review.ts';
import { advocacyJourney } from '../../../src/forms/journeys/advocacy.ts';
import { toSummaryRows } from '../../../src/forms/engine/summary.ts';
import { pruneAnswers } from '../../../src/forms/engine/walk.ts';
import type { PageValues } from '../../../src/forms/page-schema.ts';
import { loadConfig } from '../../../src/server/config.ts';
import { handleCheck, handleJourneyPage, readConfirmation } from '../../../src/server/journeys/handlers.ts';
import { readSentAnswers } from '../../../src/server/journeys/sent-answers.ts';
import type { JourneyLocals } from '../../../src/server/journeys/session.ts';
import { createLogger } from '../../../src/server/log.ts';
import type { Runtime } from '../../../src/server/runtime.ts';
import { createStore, type SessionRecord, type Store } from '../../../src/server/store/index.ts';
import { advocacyChildAnswers, journeyToday, parentAnswers, parentCheck, reviewAnswers, schoolOnlyAnswers, withAnswers } from '../../fixtures/journeys.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

/**
 * The pages every journey shares, without a browser: real requests, a real SQLite store in a
 * folder of its own, the real catalogue, and the runtime parts the pages are given.
 */

/** Noon on `journeyToday`, so the fixtures' dates are in time. */
const NOW = new Date(`${journeyToday}T12:00:00Z`);
const HOUR = 60 * 60 * 1000;
const council = exampleCouncil();
const copy = createTestCopy(council);
const registry = createJourneyRegistry(serviceJourneys);

let dir: string;
let store: Store;
let runtime: Runtime;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handlers-test-'));
  const config = loadConfig({ DATA_DIR: dir });
  store = await createStore({ database: config.database });
  // Log lines are the logger's own tests' business; here they would only clutter the output.
  const log = createLogger({ level: 'error', stream: { write: () => true } });
  // What the pages use of the runtime; the outbox worker is not theirs to touch.
  runtime = { config, council, copy, store, log } as Omit<Runtime, 'worker' | 'pages'> as Runtime;
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A session started on a journey's start page, holding these answers. */
const startSession = (journey: Journey, answers: JourneyAnswers = {}): Promise<SessionRecord> =>
  store.createSession({ now: NOW.getTime(), expiresAt: NOW.getTime() + HOUR, data: { journey: journey.id, answers } });

/** Astro.locals for a request in this session, read from the store as the middleware does. */
async function localsOf(session: SessionRecord | undefined, sessionExpired = false): Promise<JourneyLocals> {
  return { runtime, session: session && (await store.getSession(session.id, NOW.getTime())), sessionExpired };
}

/** A GET of one of a journey's pages. */
const get = (path: string) => new Request(`http://localhost${path}`);

/** A form post from the page, with its CSRF token unless another is given. */
function post(path: string, session: SessionRecord, fields: PageValues, csrfToken = session.csrfToken): Request {
  const body = new FormData();
  body.append('csrfToken', csrfToken);
  for (const [name, value] of Object.entries(fields)) for (const one of [value ?? []].flat()) body.append(name, one);
  return new Request(`http://localhost${path}`, { method: 'POST', body });
}

/** Opens `/<journey>/<page>` with this request. */
async function openPage(journey: Journey, page: string, request: Request, session: SessionRecord | undefined, sessionExpired = false) {
  return handleJourneyPage({ journey, page, locals: await localsOf(session, sessionExpired), request, url: new URL(request.url), now: NOW });
}

/** Presses Send (or opens check answers) on a journey. */
async function check(journey: Journey, request: Request, session: SessionRecord) {
  return handleCheck({ journey, locals: await localsOf(session), request, now: NOW });
}

const answersOf = async (session: SessionRecord) => (await store.getSession(session.id, NOW.getTime()))?.data['answers'];

describe('handleJourneyPage', () => {
  it.each<{ opened: string; answers: JourneyAnswers; page: string; to: string }>([
    { opened: 'a later page', answers: { danger: { dangerNow: 'no' } }, page: 'who', to: '/complaint/worried' },
    { opened: 'a page after the first', answers: {}, page: 'worried', to: '/complaint/danger' },
    // A page the answers do not lead to goes to the first gap too.
    {
      opened: 'a child’s page on a parent’s journey',
      answers: { danger: { dangerNow: 'no' }, worried: { worriedAboutHarm: 'no' }, who: { role: 'parent' } },
      page: 'about-you',
      to: '/complaint/child-agreement',
    },
  ])('sends $opened opened directly to the first question not yet answered', async ({ answers, page, to }) => {
    const session = await startSession(complaintJourney, answers);
    expect(await openPage(complaintJourney, page, get(`/complaint/${page}`), session)).toEqual({ kind: 'redirect', location: to });
  });

  it('shows the first question to a new session', async () => {
    const session = await startSession(complaintJourney);
    expect(await openPage(complaintJourney, 'danger', get('/complaint/danger'), session)).toMatchObject({
      kind: 'question',
      status: 200,
      page: { id: 'danger', title: 'Are you, or any child, in danger right now?' },
      errors: null,
      action: '/complaint/danger',
      backHref: '/',
      csrfToken: session.csrfToken,
    });
  });

  describe('a valid answer', () => {
    it('is saved', async () => {
      const session = await startSession(complaintJourney);
      await openPage(complaintJourney, 'danger', post('/complaint/danger', session, { dangerNow: 'no' }), session);
      expect(await answersOf(session)).toEqual({ danger: { dangerNow: 'no' } });
    });

    it.each([
      { answer: 'no', to: '/complaint/worried' },
      // A child in danger now: the 999 page, before anything else.
      { answer: 'yes', to: '/complaint/emergency' },
    ])('to "is a child in danger" of $answer sends the person to $to (303)', async ({ answer, to }) => {
      const session = await startSession(complaintJourney);
      expect(await openPage(complaintJourney, 'danger', post('/complaint/danger', session, { dangerNow: answer }), session)).toEqual({
        kind: 'redirect',
        location: to,
      });
    });

    it.each([
      // A change that needs nothing new goes straight back.
      { change: 'what would put things right', page: 'put-right', fields: { outcomeWanted: 'An apology.' }, to: '/complaint/check' },
      // A change that needs new questions asks them first, still as a change.
      { change: 'who is complaining', page: 'who', fields: { role: 'child' }, to: '/complaint/about-you?change=1' },
    ])('returns a change of $change to check answers through any new question', async ({ page, fields, to }) => {
      const session = await startSession(complaintJourney, parentAnswers);
      expect(await openPage(complaintJourney, page, post(`/complaint/${page}?change=1`, session, fields), session)).toEqual({ kind: 'redirect', location: to });
    });
  });

  describe('an invalid answer', () => {
    it('is shown again with status 422, the GOV.UK error summary and what was typed', async () => {
      const session = await startSession(complaintJourney);
      expect(await openPage(complaintJourney, 'danger', post('/complaint/danger', session, { dangerNow: 'maybe' }), session)).toMatchObject({
        kind: 'question',
        status: 422,
        errors: {
          summary: [{ text: 'Select yes if you or any child is in danger right now', href: '#dangerNow' }],
          byField: { dangerNow: 'Select yes if you or any child is in danger right now' },
        },
        values: { dangerNow: 'maybe' },
      });
    });

    it('is not saved', async () => {
      const session = await startSession(complaintJourney);
      await openPage(complaintJourney, 'danger', post('/complaint/danger', session, { dangerNow: 'maybe' }), session);
      expect(await answersOf(session)).toEqual({});
    });
  });

  describe('a post with a wrong CSRF token', () => {
    it('goes back to the same page', async () => {
      const session = await startSession(complaintJourney);
      expect(await openPage(complaintJourney, 'danger', post('/complaint/danger', session, { dangerNow: 'no' }, 'forged'), session)).toEqual({
        kind: 'redirect',
        location: '/complaint/danger',
      });
    });

    it('saves nothing', async () => {
      const session = await startSession(complaintJourney);
      await openPage(complaintJourney, 'danger', post('/complaint/danger', session, { dangerNow: 'no' }, 'forged'), session);
      expect(await answersOf(session)).toEqual({});
    });
  });

  it.each([
    // A review request's answers never answer a complaint's questions…
    { journey: complaintJourney, page: 'danger', sessionOf: reviewJourney, to: '/' },
    // …nor the other way round.
    { journey: reviewJourney, page: 'reference', sessionOf: complaintJourney, to: '/review' },
  ])('sends a session of the $sessionOf.id journey to the $journey.id journey’s start page', async ({ journey, page, sessionOf, to }) => {
    const session = await startSession(sessionOf);
    expect(await openPage(journey, page, get(`/${journey.path}/${page}`), session)).toEqual({ kind: 'redirect', location: to });
  });

  it.each([
    { without: 'a session', expired: false, location: '/' },
    // Answers deleted by expiry or by Exit this page: say so.
    { without: 'the session that expired', expired: true, location: '/complaint/session-expired' },
  ])('sends a visitor without $without to $location', async ({ expired, location }) => {
    expect(await openPage(complaintJourney, 'danger', get('/complaint/danger'), undefined, expired)).toEqual({ kind: 'redirect', location });
  });

  it('shows the 999 page to anyone sent the link, with nowhere to continue to', async () => {
    expect(await openPage(complaintJourney, 'emergency', get('/complaint/emergency'), undefined)).toMatchObject({
      kind: 'interruption',
      interruption: { page: 'emergency' },
      backHref: '/',
    });
  });

  it('leads on from the 999 page to the question after the one that led there', async () => {
    const session = await startSession(complaintJourney, { danger: { dangerNow: 'yes' } });
    expect(await openPage(complaintJourney, 'emergency', get('/complaint/emergency'), session)).toMatchObject({
      kind: 'interruption',
      continueHref: '/complaint/worried',
      backHref: '/complaint/danger',
    });
  });

  it('finds no page that is not the journey’s', async () => {
    const session = await startSession(complaintJourney);
    expect(await openPage(complaintJourney, 'no-such-step', get('/complaint/no-such-step'), session)).toEqual({ kind: 'not_found' });
  });
});

describe('handleCheck', () => {
  it('sends a half-finished journey to its first gap', async () => {
    const { when: _, ...answers } = parentAnswers;
    expect(await check(complaintJourney, get('/complaint/check'), await startSession(complaintJourney, answers))).toEqual({
      kind: 'redirect',
      location: '/complaint/when',
    });
  });

  it('shows a row for every answer given, with the last question as Back', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    const page = await check(complaintJourney, get('/complaint/check'), session);
    const answersGiven = Object.values(parentAnswers).flatMap((values) => Object.keys(values)).length;
    expect(page.kind === 'check' && { status: page.status, rows: page.rows.length, backHref: page.backHref }).toEqual({
      status: 200,
      rows: answersGiven,
      backHref: '/complaint/needs',
    });
  });

  it('takes Back to the last question asked, even an optional one left empty', async () => {
    const { 'anything-else': _, ...answers } = advocacyChildAnswers;
    const session = await startSession(advocacyJourney, { ...answers, 'anything-else': {} });
    const page = await check(advocacyJourney, get('/advocate/check'), session);
    expect(page.kind === 'check' && page.backHref).toBe('/advocate/anything-else');
  });

  describe('a journey the person chose not to send', () => {
    const stopped = withAnswers(schoolOnlyAnswers, { elsewhere: { sendAnyway: 'no' } });

    it('goes to the page that says nothing was sent, not check answers', async () => {
      const session = await startSession(complaintJourney, pruneAnswers(complaintJourney, { council, answers: stopped, today: journeyToday }));
      expect(await check(complaintJourney, get('/complaint/check'), session)).toEqual({ kind: 'redirect', location: '/complaint/not-sending' });
    });

    it('cannot be sent, even by a post to check answers', async () => {
      const session = await startSession(complaintJourney, pruneAnswers(complaintJourney, { council, answers: stopped, today: journeyToday }));
      expect(await check(complaintJourney, post('/complaint/check', session, { worriedAtCheck: 'no' }), session)).toEqual({
        kind: 'redirect',
        location: '/complaint/not-sending',
      });
      expect(await store.listUndelivered()).toEqual([]);
    });

    it('offers the question where they chose not to send, to change their mind', async () => {
      const session = await startSession(complaintJourney, pruneAnswers(complaintJourney, { council, answers: stopped, today: journeyToday }));
      expect(await openPage(complaintJourney, 'not-sending', get('/complaint/not-sending'), session)).toMatchObject({
        kind: 'stop',
        stop: 'not-sending',
        changeHref: '/complaint/elsewhere?change=1',
      });
    });

    it('repeats where to go, with the link from the council file', async () => {
      const session = await startSession(complaintJourney, pruneAnswers(complaintJourney, { council, answers: stopped, today: journeyToday }));
      const page = await openPage(complaintJourney, 'not-sending', get('/complaint/not-sending'), session);
      const { school } = council.signposts;
      expect(page.kind === 'stop' && page.detailsHtml).toContain(`<h2 class="govuk-heading-m">${school.name}</h2>`);
      expect(page.kind === 'stop' && page.detailsHtml).toContain(`href="${school.url}"`);
    });
  });

  it('sends an old "somewhere else" address to the one page that replaced it', async () => {
    const session = await startSession(complaintJourney, schoolOnlyAnswers);
    expect(await openPage(complaintJourney, 'elsewhere-school', get('/complaint/elsewhere-school?change=1'), session)).toEqual({
      kind: 'redirect',
      location: '/complaint/elsewhere?change=1',
    });
  });

  it('shows check answers again with status 422 and the GOV.UK error summary when its questions are not answered', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    expect(await check(complaintJourney, post('/complaint/check', session, {}), session)).toMatchObject({
      kind: 'check',
      status: 422,
      errors: {
        summary: [
          { text: 'Select yes if anyone is at risk of harm', href: '#worriedAtCheck' },
          { text: 'Select yes if you want a confirmation email', href: '#wantsAcknowledgement' },
        ],
      },
    });
  });

  describe('Send', () => {
    const send = async (session: SessionRecord) => check(complaintJourney, post('/complaint/check', session, parentCheck), session);
    const referencesInOutbox = async () => [...new Set((await store.listUndelivered()).map((m) => m.reference))];

    it('redirects to the confirmation page', async () => {
      expect(await send(await startSession(complaintJourney, parentAnswers))).toEqual({ kind: 'redirect', location: '/complaint/confirmation' });
    });

    it('writes one case, with its emails, under the reference the session now holds', async () => {
      const session = await startSession(complaintJourney, parentAnswers);
      await send(session);
      const { submittedReference } = (await store.getSession(session.id, NOW.getTime()))!;
      expect(await referencesInOutbox()).toEqual([submittedReference]);
    });

    it('writes one case when the same session presses Send twice', async () => {
      const session = await startSession(complaintJourney, parentAnswers);
      // Two tabs: both posts carry the session as it was before either was sent.
      const outcomes = await Promise.all([send(session), send(session)]);
      expect({ outcomes, cases: (await referencesInOutbox()).length }).toEqual({
        outcomes: [
          { kind: 'redirect', location: '/complaint/confirmation' },
          { kind: 'redirect', location: '/complaint/confirmation' },
        ],
        cases: 1,
      });
    });

    it('sends a session that has already sent to the confirmation page', async () => {
      const session = await startSession(complaintJourney, parentAnswers);
      await send(session);
      expect(await check(complaintJourney, get('/complaint/check'), session)).toEqual({ kind: 'redirect', location: '/complaint/confirmation' });
    });
  });
});

describe('readConfirmation', () => {
  /** A session that has pressed Send on this journey. */
  async function sentOn(journey: Journey, answers: JourneyAnswers): Promise<SessionRecord> {
    const session = await startSession(journey, answers);
    const outcome = await check(journey, post(`/${journey.path}/check`, session, { worriedAtCheck: 'no', wantsAcknowledgement: 'no' }), session);
    expect(outcome).toEqual({ kind: 'redirect', location: `/${journey.path}/confirmation` });
    return session;
  }

  it('shows the session that sent a complaint its summary', async () => {
    const session = await sentOn(complaintJourney, parentAnswers);
    const found = await readConfirmation(complaintJourney, await localsOf(session), registry.ofCase);
    expect(found).toMatchObject({ kind: 'summary', summary: { kind: 'complaint', route: 'statutory' } });
  });

  it('sends the complaint’s confirmation page on to the review’s after a stage 2 request was sent', async () => {
    const session = await sentOn(reviewJourney, reviewAnswers);
    expect(await readConfirmation(complaintJourney, await localsOf(session), registry.ofCase)).toEqual({ kind: 'redirect', location: '/review/confirmation' });
  });

  it('shows the review’s confirmation page the stage 2 request', async () => {
    const session = await sentOn(reviewJourney, reviewAnswers);
    expect(await readConfirmation(reviewJourney, await localsOf(session), registry.ofCase)).toMatchObject({
      kind: 'summary',
      summary: { kind: 'escalation', stage: 2, originalReference: 'CSC-7AFQ-VEYZ' },
    });
  });

  it('sends a session that has not sent anything to check answers', async () => {
    expect(await readConfirmation(complaintJourney, await localsOf(await startSession(complaintJourney, parentAnswers)), registry.ofCase)).toEqual({
      kind: 'redirect',
      location: '/complaint/check',
    });
  });

  it('sends a session of another journey that has not sent anything to this journey’s start page', async () => {
    expect(await readConfirmation(complaintJourney, await localsOf(await startSession(reviewJourney, reviewAnswers)), registry.ofCase)).toEqual({
      kind: 'redirect',
      location: '/',
    });
  });

  it('sends a visitor without a session to the start page', async () => {
    expect(await readConfirmation(complaintJourney, await localsOf(undefined), registry.ofCase)).toEqual({ kind: 'redirect', location: '/' });
  });
});

describe('a post with the hidden honeypot box filled in', () => {
  // Browsers and password managers that fill in forms fill this box too: the person is told, not sent away.
  const withHoneypot = (fields: PageValues): PageValues => ({ ...fields, website: 'https://example.com' });
  const notSaved = 'Your answers have not been saved. Check them and select Continue again';

  it('shows the same page again with status 422, the error summary linking to the button, and what was typed', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    const outcome = await openPage(complaintJourney, 'your-name', post('/complaint/your-name', session, withHoneypot({ fullName: 'Sam Jones' })), session);
    expect(outcome).toMatchObject({
      kind: 'question',
      status: 422,
      page: { id: 'your-name' },
      values: { fullName: 'Sam Jones' },
      errors: { summary: [{ text: notSaved, href: '#form-submit' }], byField: {}, form: notSaved },
      action: '/complaint/your-name',
    });
  });

  it('saves nothing, even when the answers are valid', async () => {
    const session = await startSession(complaintJourney);
    await openPage(complaintJourney, 'danger', post('/complaint/danger', session, withHoneypot({ dangerNow: 'no' })), session);
    expect(await answersOf(session)).toEqual({});
  });

  it('names the page’s own button in the message', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    const outcome = await check(complaintJourney, post('/complaint/check', session, withHoneypot(parentCheck)), session);
    expect(outcome).toMatchObject({
      kind: 'check',
      status: 422,
      storeFailed: false,
      errors: { form: 'Your answers have not been saved. Check them and select Send complaint again' },
    });
  });

  it('sends nothing from check answers, and keeps what was chosen there', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    const outcome = await check(complaintJourney, post('/complaint/check', session, withHoneypot(parentCheck)), session);
    expect(outcome).toMatchObject({ values: parentCheck });
    expect(await store.listUndelivered()).toEqual([]);
    expect((await store.getSession(session.id, NOW.getTime()))?.submittedReference).toBeNull();
  });
});

describe('the copy of the answers kept after Send', () => {
  const send = async (session: SessionRecord) => check(complaintJourney, post('/complaint/check', session, parentCheck), session);
  const sessionNow = async (session: SessionRecord, at = NOW.getTime()) => store.getSession(session.id, at);

  it('holds the rows check answers showed, without change links, under the reference sent', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    await send(session);
    const after = await sessionNow(session);
    const ctx = { council, answers: pruneAnswers(complaintJourney, { council, answers: parentAnswers, today: journeyToday }), today: journeyToday };
    const rows = toSummaryRows(complaintJourney, ctx, copy).map(({ section, question, answer }) => ({ section, question, answer }));
    expect(readSentAnswers(complaintJourney, after)).toEqual({ journey: 'complaint', reference: after?.submittedReference, sentOn: journeyToday, rows });
  });

  it('is all the session keeps: the answers themselves are gone', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    await send(session);
    expect(Object.keys((await sessionNow(session))?.data ?? {})).toEqual(['sentAnswers']);
  });

  it('is kept only as long as unsent answers would be', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    await send(session);
    const ttl = runtime.config.session.ttlMinutes * 60_000;
    expect(await sessionNow(session, NOW.getTime() + ttl - 1)).toBeDefined();
    expect(await sessionNow(session, NOW.getTime() + ttl + 1)).toBeUndefined();
  });

  it('is not kept for another session, nor shown on another journey', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    await send(session);
    const other = await startSession(complaintJourney, parentAnswers);
    expect(readSentAnswers(complaintJourney, await sessionNow(other))).toBeUndefined();
    expect(readSentAnswers(reviewJourney, await sessionNow(session))).toBeUndefined();
  });

  it('survives a second press of Send', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    await Promise.all([send(session), send(session)]);
    await send(session);
    expect(readSentAnswers(complaintJourney, await sessionNow(session))?.rows.length).toBeGreaterThan(0);
  });

  it('is not there before Send', async () => {
    const session = await startSession(complaintJourney, parentAnswers);
    expect(readSentAnswers(complaintJourney, await sessionNow(session))).toBeUndefined();
  });
});

import { isUploadPost } from '../../src/server/journeys/uploads.ts';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Council } from '../../src/domain/council.ts';
import { flattenFields, type FieldSpec } from '../../src/forms/field-spec.ts';
import { complaintJourney } from '../../src/forms/journeys/complaint/journey.ts';
import { serviceJourneys } from '../../src/forms/journeys/index.ts';
import { MAX_FORM_BYTES } from '../../src/server/http.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil } from '../helpers/councils.ts';
import { createHttpClient, createParentJourney, JourneyStoppedError, readCsrfToken, runComplaintJourney } from '../helpers/http-journey.ts';
import { acceptableTextArb, encodeHostilePost, findUnescapedEchoes, fitText, hostilePostArb, plainEmailArb, toAcceptedText } from '../helpers/hostile.ts';
import {
  createChooser,
  createJourneyModel,
  describePageFields,
  findCoveringSeeds,
  planWalk,
  replayWalk,
  todayInEngland,
  type JourneyModel,
  type WalkPlan,
} from '../helpers/journey-walker.ts';
import { findMailProblems, readMessageId, readRecipients, type ExpectedCase } from '../helpers/mail-checks.ts';
import { createRawClient, type RawClient } from '../helpers/raw-http.ts';
import { listRoutes, pagesBetweenQuestions } from '../helpers/routes.ts';
import { readHealth, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { createDataDir, NO_RATE_LIMIT, printFigures } from './support.ts';

/**
 * Hostile input against the built service: every form endpoint (each page of the complaint
 * journey and of every other journey the site serves, each check answers page, and every other
 * route that takes a POST) gets hostile posts, and complete journeys answered with hostile free
 * text are sent, with every resulting email read back from a real SMTP server and checked.
 *
 * The counts are bounded so the file runs in about two minutes on two cores: about 3,500 posts
 * and 100 complaints plus a few of each other journey. FUZZ_SEED replays a run.
 */

const POSTS_PER_STEP = 45;
const POSTS_PER_CHECK = 100;
const POSTS_PER_OTHER_ROUTE = 12;
const COMPLAINT_JOURNEYS = 100;
const OTHER_JOURNEYS_EACH = 10;

const seed = process.env['FUZZ_SEED'] === undefined ? Date.now() % 2_147_483_647 : Number(process.env['FUZZ_SEED']);
const council: Council = exampleCouncil();
/** The server's words, so a planned walk sees the pages the server shows. */
const copy = createTestCopy(council);

/** Statuses a post may get: a page, a redirect, not found (POST to a GET-only route), too large, or a form with errors. */
const ALLOWED_STATUSES = new Set([200, 303, 404, 405, 413, 422]);
/** The pages that say a post was refused answer with their own status, and are never refused themselves. */
const REFUSAL_PAGES: ReadonlyMap<string, number> = new Map([
  ['/too-large', 413],
  ['/too-many-attempts', 429],
  ['/cross-site', 403],
  ['/busy', 503],
  ['/method-not-allowed', 405],
]);
/** Endpoints the page's own script posts to, which answer with a status and no page. */
const SCRIPT_ENDPOINTS: ReadonlyMap<string, ReadonlySet<number>> = new Map([['/session/extend', new Set([204, 403, 413])]]);
/** Where a redirect may go: a page of this site (with the change flag at most), or the neutral site Exit goes to. */
const SAFE_LOCATION = /^\/[a-z0-9/-]*(\?change=1)?$/;

interface Figures {
  postsByEndpoint: Map<string, number>;
  statuses: Map<number, number>;
  /** Sessions opened again because a hostile post was a valid Send. */
  renewals: Map<string, number>;
  /** Complete journeys sent, by journey. */
  journeys: Map<string, number>;
  /** Walks that could not be answered to the end (none expected). */
  stuck: string[];
  emailsChecked: number;
}

const figures: Figures = { postsByEndpoint: new Map(), statuses: new Map(), renewals: new Map(), journeys: new Map(), stuck: [], emailsChecked: 0 };
const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

/** Copies a journey client's session into a raw client. */
function toRawClient(baseUrl: string, cookies: ReadonlyMap<string, string>): RawClient {
  const raw = createRawClient(baseUrl);
  for (const [name, value] of cookies) raw.cookies.set(name, value);
  return raw;
}

describe('the service under hostile input', () => {
  let smtp: TestSmtpServer;
  let dataDir: ReturnType<typeof createDataDir>;
  let server: ServerProcess;
  let models: JourneyModel[];
  let reportedExit = false;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    dataDir = createDataDir('fuzz');
    server = await startServerProcess({ env: { DATA_DIR: dataDir.path, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100', ...NO_RATE_LIMIT } });
    // Only the journeys this build serves: another may still be on its way.
    models = [];
    for (const model of serviceJourneys.map((journey) => createJourneyModel(journey, copy))) {
      const start = await createHttpClient().get(server.baseUrl, `${model.basePath}/start`);
      if (start.status === 303) models.push(model);
    }
  });

  afterEach(() => {
    // A server that died takes every later test with it: say how it ended, once, where it is seen.
    if (server?.exit !== undefined && !reportedExit) {
      reportedExit = true;
      console.error(
        `[system] the fuzzed server exited (${JSON.stringify(server.exit)}); its last output:\n${server.stdout.slice(-4000)}\n${server.stderr.slice(-4000)}`,
      );
    }
  });

  afterAll(async () => {
    // One line with every count, whatever passed or failed.
    printFigures(`fuzz (FUZZ_SEED=${seed})`, {
      'hostile posts': [...figures.postsByEndpoint.values()].reduce((a, b) => a + b, 0),
      endpoints: figures.postsByEndpoint.size,
      'posts per endpoint': [...figures.postsByEndpoint].map(([path, n]) => `${path}=${n}`).join(' '),
      statuses: [...figures.statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}=${n}`)
        .join(' '),
      'sent by a hostile post': [...figures.renewals].map(([path, n]) => `${path}=${n}`).join(' ') || 'none',
      'journeys sent': [...figures.journeys].map(([name, n]) => `${name}=${n}`).join(' ') || 'none',
      'journeys not sendable': figures.stuck.length,
      'emails checked': figures.emailsChecked,
    });
    await stopAllServerProcesses();
    await smtp?.stop();
    dataDir?.remove();
  });

  /** A session to post from, and its CSRF token. */
  interface PostingSession {
    client: RawClient;
    csrfToken: string;
  }

  /**
   * Sends hostile posts to one path, checking each answer. A post that happens to be a valid Send
   * ends the session's journey (every later post would only be sent to the confirmation page), so
   * `renew` then opens a fresh session at the same page.
   */
  async function fuzzEndpoint(
    path: string,
    renew: () => Promise<PostingSession>,
    fields: { names: string[]; optionValues: string[] },
    numRuns: number,
  ): Promise<void> {
    let session = await renew();
    await fc.assert(
      fc.asyncProperty(hostilePostArb(fields.names, fields.optionValues), async (post) => {
        const encoded = encodeHostilePost(post, session.csrfToken);
        const response = await session.client.post(`${path}${post.query}`, encoded.body, encoded.contentType);
        count(figures.postsByEndpoint, path);
        count(figures.statuses, response.status);
        const where = `${response.status} from POST ${path}${post.query.slice(0, 40)} (${post.kind}, csrf ${post.csrf}, ${encoded.size} bytes)`;
        const allowed =
          SCRIPT_ENDPOINTS.get(path)?.has(response.status) ?? (ALLOWED_STATUSES.has(response.status) || REFUSAL_PAGES.get(path) === response.status);
        expect(allowed, where).toBe(true);
        if (response.status === 303) {
          expect(response.location === council.exitUrl || SAFE_LOCATION.test(response.location ?? ''), `${where} redirects to ${response.location}`).toBe(true);
        }
        // The files page takes a multipart post up to the council's upload limits, not the 64 KB of other forms.
        const largerAllowed = isUploadPost(path, encoded.contentType);
        if (!post.chunked && encoded.size > MAX_FORM_BYTES && !REFUSAL_PAGES.has(path) && !largerAllowed) expect(response.status, where).toBe(413);
        expect(findUnescapedEchoes(response.body, encoded.values), where).toEqual([]);
        if (response.location?.endsWith('/confirmation')) {
          count(figures.renewals, path);
          session = await renew();
        }
      }),
      { numRuns, seed: toEndpointSeed(path) },
    );
  }

  /** A session whose walk has reached `stepId` (or check answers), ready to post to it. */
  async function openSessionAt(model: JourneyModel, stepId: string, walkSeed: number | undefined): Promise<PostingSession & { answers: WalkPlan['answers'] }> {
    const today = todayInEngland();
    // A step no walk reaches (one that never applies) is posted to from a fresh session.
    const plan =
      walkSeed === undefined
        ? planWalk(model, council, createChooser(1), { stopBefore: model.applicableStepIds({ council, answers: {}, today })[0] })
        : planWalk(model, council, createChooser(walkSeed), { preferences: { moreChildren: 0.6 }, ...(stepId === 'check' ? {} : { stopBefore: stepId }) });
    const { client } = await replayWalk(server.baseUrl, plan);
    const raw = toRawClient(server.baseUrl, client.cookies);
    const page = await raw.get(`${model.basePath}/${walkSeed === undefined ? plan.stoppedAt : stepId}`);
    const csrfToken = readCsrfToken(page.body);
    expect(csrfToken, `a form on ${model.basePath}/${stepId} (${page.status})`).toBeDefined();
    return { client: raw, csrfToken: csrfToken!, answers: plan.answers };
  }

  it('answers hostile posts to every form and every other route with a page, never a server error or an unescaped echo', { timeout: 300_000 }, async () => {
    for (const model of models) {
      const covering = findCoveringSeeds(model, council);
      for (const stepId of [...model.stepIds, 'check']) {
        const walkSeed = covering.get(stepId);
        const first = await openSessionAt(model, stepId, walkSeed);
        const ctx = { council, answers: first.answers, today: todayInEngland() };
        const spec = stepId === 'check' ? model.checkPage(ctx) : model.page(stepId, ctx);
        let opened = false;
        const renew = async () => {
          if (opened) return openSessionAt(model, stepId, walkSeed);
          opened = true;
          return first;
        };
        await fuzzEndpoint(`${model.basePath}/${stepId}`, renew, describePageFields(spec), stepId === 'check' ? POSTS_PER_CHECK : POSTS_PER_STEP);
      }
    }

    // Every other route, question pages aside (the pages between questions are routes of their own);
    // /500 is the error page itself and answers 500 by design.
    const betweenQuestions = (route: string) =>
      serviceJourneys.filter((j) => route === `/${j.path}/[step]`).flatMap((j) => pagesBetweenQuestions(j).map((page) => `/${j.path}/${page}`));
    for (const route of listRoutes(betweenQuestions).filter((r) => r !== '/500')) {
      const renew = async (): Promise<PostingSession> => {
        const client = createHttpClient();
        const start = await client.get(server.baseUrl, '/complaint/start');
        const csrfToken = readCsrfToken((await client.get(server.baseUrl, start.location ?? '/complaint/danger')).html) ?? '';
        return { client: toRawClient(server.baseUrl, client.cookies), csrfToken };
      };
      await fuzzEndpoint(route, renew, { names: ['csrfToken', 'dangerNow', 'whatHappened'], optionValues: ['yes'] }, POSTS_PER_OTHER_ROUTE);
    }

    const total = [...figures.postsByEndpoint.values()].reduce((a, b) => a + b, 0);
    const complaintSteps = complaintJourney.steps.length;
    expect(figures.postsByEndpoint.size).toBeGreaterThanOrEqual(complaintSteps + 1);
    expect(total).toBeGreaterThanOrEqual(3_000);
  });

  it(
    'sends well-formed emails with fixed headers, escaped text and safe attachments for journeys answered with hostile free text',
    { timeout: 300_000 },
    async () => {
      const sent = new Map<string, ExpectedCase>();
      const { journeys, stuck } = figures;

      const journeyArb = fc.record({
        walkSeed: fc.integer({ min: 1, max: 2_147_483_646 }),
        texts: fc.array(fc.oneof({ weight: 9, arbitrary: acceptableTextArb(300) }, { weight: 1, arbitrary: acceptableTextArb(5_000) }), {
          minLength: 8,
          maxLength: 20,
        }),
        email: plainEmailArb,
      });

      const runJourney = async (model: JourneyModel, input: { walkSeed: number; texts: string[]; email: string }): Promise<void> => {
        let next = 0;
        const typed: string[] = [];
        const chooser = createChooser(input.walkSeed, {
          freeText: (field) => {
            const text = fitText(input.texts[next++ % input.texts.length]!, field.maxLength);
            const value = toAcceptedText(text) === '' ? 'x' : text;
            typed.push(value);
            return value;
          },
          email: () => input.email,
        });
        const plan: WalkPlan = planWalk(model, council, chooser, { preferences: { options: { sendAnyway: 'yes' } } });
        if (plan.end !== 'check') {
          stuck.push(`${model.name} seed ${input.walkSeed}: ${plan.end} at ${plan.stoppedAt}`);
          return;
        }
        const { reference } = await replayWalk(server.baseUrl, plan, { send: true });
        count(journeys, model.name);
        const kept = collectKeptText(model, plan);
        const wantsAcknowledgement = plan.checkValues?.['wantsAcknowledgement'] === 'yes';
        sent.set(reference!, { typed, kept: model.name === 'complaint' ? kept : [], acknowledgementTo: wantsAcknowledgement ? input.email : undefined });
      };

      for (const model of models) {
        const numRuns = model.name === 'complaint' ? COMPLAINT_JOURNEYS : OTHER_JOURNEYS_EACH;
        await fc.assert(
          fc.asyncProperty(journeyArb, (input) => runJourney(model, input)),
          { numRuns, seed, endOnFailure: true },
        );
      }

      // Every email the journeys (and any hostile post that was a valid Send) owe, delivered: none refused.
      await waitFor(async () => (await readHealth(server.baseUrl)).body.outbox.depth === 0, {
        timeoutMs: 60_000,
        describe: () => `the outbox to empty; ${smtp.received.length} emails received so far`,
      });
      const health = await readHealth(server.baseUrl);
      expect(health.body.outbox.failed).toBe(0);

      const problems: string[] = [];
      const teamEmails = new Set<string>();
      for (const mail of smtp.received) {
        figures.emailsChecked++;
        const id = readMessageId(mail.parsed);
        const expected = id === undefined ? undefined : sent.get(id.reference);
        if (id?.kind === 'team') teamEmails.add(id.reference);
        problems.push(...findMailProblems(mail, council, expected));
      }
      expect(problems.slice(0, 20)).toEqual([]);
      expect([...sent.keys()].filter((reference) => !teamEmails.has(reference))).toEqual([]);
      expect(journeys.get('complaint') ?? 0).toBeGreaterThanOrEqual(COMPLAINT_JOURNEYS * 0.95);
    },
  );

  // The form's email rule takes each of these, but mail software reads them as another address,
  // a list or a group. Refusing them on the contact page is right; mailing anyone but what was typed is not.
  it.each([
    { typed: 'sam<victim@example.com', reading: 'a display name, then the address victim@example.com' },
    { typed: 'sam,victim@example.com', reading: 'a list: "sam" and victim@example.com' },
    { typed: 'sam;victim@example.com', reading: 'a list: "sam" and victim@example.com' },
    { typed: 'team:victim@example.com', reading: 'a group called "team" holding victim@example.com' },
    { typed: '(note)victim@example.com', reading: 'a comment, then victim@example.com' },
  ])('sends the acknowledgement to exactly the address typed, or refuses it: $typed ($reading)', async ({ typed }) => {
    let reference: string;
    try {
      ({ reference } = await runComplaintJourney(server.baseUrl, createParentJourney({ email: typed })));
    } catch (error) {
      // Refused on the contact page, with the form shown again: the address never reaches a header.
      if (error instanceof JourneyStoppedError && error.path === '/complaint/contact' && error.status === 422) return;
      throw error;
    }
    await waitFor(async () => (await readHealth(server.baseUrl)).body.outbox.depth === 0, { timeoutMs: 20_000, describe: () => `the emails for ${reference}` });
    const acknowledgements = smtp.received.filter((mail) => {
      const id = readMessageId(mail.parsed);
      return id?.reference === reference && id.kind === 'acknowledgement';
    });
    expect(acknowledgements.map((mail) => ({ to: readRecipients(mail.parsed), deliveredTo: mail.recipients }))).toEqual([
      { to: [typed], deliveredTo: [typed] },
    ]);
  });
});

/** A seed of its own for each endpoint, all derived from the run's seed. */
function toEndpointSeed(label: string): number {
  let hash = seed;
  for (const char of label) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/** Free-text answers as the service keeps them, from every page the finished walk still applies to. */
function collectKeptText(model: JourneyModel, plan: WalkPlan): string[] {
  const ctx = { council, answers: plan.answers, today: todayInEngland() };
  const kept: string[] = [];
  for (const stepId of model.applicableStepIds(ctx)) {
    const answers = plan.answers[stepId];
    if (answers === undefined) continue;
    for (const field of flattenFields(model.page(stepId, ctx).fields)) {
      const value = answers[field.name];
      if (isFreeText(field) && typeof value === 'string' && value !== '') kept.push(value);
    }
  }
  return kept;
}

const isFreeText = (field: FieldSpec): boolean =>
  field.kind === 'textarea' || (field.kind === 'text' && field.format === undefined && field.name !== 'reference');

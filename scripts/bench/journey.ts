import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  answerSteps,
  createHttpClient,
  createParentJourney,
  openPage,
  pressSend,
  readConfirmation,
  startJourney,
  type HttpClient,
} from '../../tests/helpers/http-journey.ts';
import { toReplayHeaders, type CapturedPage } from './baseline.ts';
import type { AnswerSession } from './load.ts';
import { createAssetCache, fetchRaw, weighPage, type AssetWeight, type PageWeight, type RawResponse } from './page-weight.ts';

/** The cookie header a browser holding this client's cookies would send. */
export function toCookieHeader(client: HttpClient): string {
  return [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Content pages, one per Markdown file, so a new page is weighed without changing the bench. */
export function listContentPaths(repoRoot: string): string[] {
  return readdirSync(join(repoRoot, 'content/pages'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `/${name.slice(0, -3)}`)
    .sort();
}

/** Everything one walk through the journey found. */
export interface JourneyWalk {
  pages: PageWeight[];
  /** Every distinct asset any page loaded. */
  assets: AssetWeight[];
  /** Pages as served, for the baseline server to send again. */
  captured: Record<string, CapturedPage>;
  /** Cookie of the session that sent its complaint (for the confirmation page). */
  sentCookie: string;
  reference: string;
}

const requireOk = (response: RawResponse): RawResponse => {
  if (response.status !== 200) throw new Error(`GET ${response.url} answered ${response.status}: the journey cannot be weighed`);
  return response;
};

/**
 * Walks the start page, every content page and the whole complaint journey (each question page,
 * check answers, Send, confirmation) as one person, weighing each page on a first visit and
 * keeping the HTML of the pages the load test uses.
 */
export async function walkJourney(baseUrl: string, repoRoot: string, capture: readonly string[]): Promise<JourneyWalk> {
  const fetchAsset = createAssetCache(baseUrl);
  const pages: PageWeight[] = [];
  const assets = new Map<string, AssetWeight>();
  const captured: Record<string, CapturedPage> = {};
  const client = createHttpClient();

  const weigh = async (label: string, path: string, withCookie: boolean) => {
    const response = requireOk(await fetchRaw(baseUrl + path, withCookie ? { cookie: toCookieHeader(client) } : {}));
    const { weight, assets: loaded } = await weighPage(label, response, fetchAsset);
    pages.push(weight);
    for (const asset of loaded) assets.set(asset.path, asset);
    if (capture.includes(path)) captured[path] = { headers: toReplayHeaders(response.headers), body: response.body.toString('utf8') };
  };

  await weigh('start page', '/', false);
  for (const path of listContentPaths(repoRoot)) await weigh('content page', path, false);

  const script = createParentJourney();
  await startJourney(client, baseUrl);
  for (const [index, step] of script.steps.entries()) {
    await weigh('question page', `/complaint/${step.step}`, true);
    await answerSteps(client, baseUrl, [step], script.steps[index + 1]?.step ?? 'check');
  }
  await weigh('check answers', '/complaint/check', true);
  const sent = await pressSend(client, baseUrl, script.check);
  if (sent.status !== 303 || sent.location !== '/complaint/confirmation') {
    throw new Error(`Send answered ${sent.status}${sent.location ? ` to ${sent.location}` : ''}, not a 303 to the confirmation page`);
  }
  const reference = await readConfirmation(client, baseUrl);
  await weigh('confirmation', '/complaint/confirmation', true);

  return { pages, assets: [...assets.values()], captured, sentCookie: toCookieHeader(client), reference };
}

/** A session that has answered every page and holds check answers' CSRF token: one Send away from a case. */
export interface ReadySession {
  sessionId: string;
  cookie: string;
  /** The Send's form body. */
  body: string;
}

/** Starts a journey and returns the cookie of a session standing on the first question. */
export async function startQuestionSession(baseUrl: string): Promise<string> {
  const client = createHttpClient();
  await startJourney(client, baseUrl);
  return toCookieHeader(client);
}

/** The first question of the complaint, and the valid answer the answer load posts to it. */
export const FIRST_QUESTION = { path: '/complaint/danger', fields: { dangerNow: 'no' }, next: '/complaint/worried' } as const;

/** Sessions standing on the first question, each with its CSRF token in a valid answer. */
export async function prepareAnswerSessions(baseUrl: string, count: number): Promise<AnswerSession[]> {
  const sessions: AnswerSession[] = [];
  for (let index = 0; index < count; index += 1) {
    const client = createHttpClient();
    await startJourney(client, baseUrl);
    const csrfToken = await openPage(client, baseUrl, FIRST_QUESTION.path);
    sessions.push({ cookie: toCookieHeader(client), body: new URLSearchParams({ csrfToken, ...FIRST_QUESTION.fields }).toString() });
  }
  return sessions;
}

/**
 * Answers whole journeys over HTTP, `concurrency` at a time, until `count` sessions are ready or
 * the deadline passes (so a slow machine shortens the Send test instead of the whole bench).
 */
export async function prepareReadySessions(
  baseUrl: string,
  options: { count: number; concurrency: number; deadline: number },
): Promise<{ sessions: ReadySession[]; failures: string[] }> {
  const sessions: ReadySession[] = [];
  const failures: string[] = [];
  let started = 0;
  const script = createParentJourney();
  const prepareOne = async (): Promise<ReadySession> => {
    const client = createHttpClient();
    await startJourney(client, baseUrl);
    await answerSteps(client, baseUrl, script.steps);
    const csrfToken = await openPage(client, baseUrl, '/complaint/check');
    const signed = client.cookies.get('sid') ?? '';
    const body = new URLSearchParams({ csrfToken });
    for (const [name, value] of Object.entries(script.check)) {
      for (const one of typeof value === 'string' ? [value] : value) body.append(name, one);
    }
    return { sessionId: signed.slice(0, signed.lastIndexOf('.')), cookie: toCookieHeader(client), body: body.toString() };
  };
  const lane = async () => {
    while (started < options.count && Date.now() < options.deadline && failures.length < 5) {
      started += 1;
      try {
        sessions.push(await prepareOne());
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return { sessions, failures };
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceJourneys } from '../../src/forms/journeys/index.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil } from '../helpers/councils.ts';
import { createHttpClient, readCsrfToken, type HttpClient } from '../helpers/http-journey.ts';
import { createChooser, createJourneyModel, findCoveringSeeds, planWalk, type WalkPlan, type WalkPreferences } from '../helpers/journey-walker.ts';
import { findUntranslatedWords, readableText, wordsIn } from '../helpers/pseudo-locale.ts';
import { startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { createDataDir, NO_RATE_LIMIT } from './support.ts';

/**
 * Every page and every email, served in the pseudo-locale: any plain-English word that is not a
 * council fact, a date or something typed did not come from the catalogue, and fails the test with
 * the page it was on. Walks cover every step of every journey, on the adult's and the child's path,
 * every question page's error state, the pages between questions, the stop page, check answers,
 * the confirmations, the start, content and error pages, and the emails each case sends.
 */

const council = exampleCouncil();
const words = createTestCopy(council);
/** Council facts (defaults included) are data, as are the digits and address typed by the walks below. */
const allowed = wordsIn(council, wordsIn(['walker example com']));

/** Typed text is digits only, so it can never pass for a word. */
const chooserFor = (seed: number) =>
  createChooser(seed, { freeText: (field) => (field.required || seed % 2 ? `${seed} 2468 1357`.slice(0, Math.max(1, field.maxLength)) : '') });

let server: ServerProcess;
let dataDir: ReturnType<typeof createDataDir>;
/** Every page read, with where it came from, for the checks below. */
const pages: { where: string; html: string }[] = [];

async function read(client: HttpClient, path: string, where = path): Promise<string> {
  const page = await client.get(server.baseUrl, path);
  pages.push({ where: `${where} (${page.status})`, html: page.html });
  return page.html;
}

/** Cases sent by the walks, each owing at least one email. */
let sentCases = 0;

/**
 * Walks a plan page by page, keeping each page, its error state and any page shown between
 * questions (the 999 page, the stop page); sends when it reaches check answers.
 */
async function walk(plan: WalkPlan): Promise<void> {
  const client = createHttpClient();
  await client.get(server.baseUrl, `${plan.basePath}/start`);
  for (const [i, post] of plan.posts.entries()) {
    const html = await read(client, post.path);
    const csrfToken = readCsrfToken(html) ?? '';
    const empty = await client.post(server.baseUrl, post.path, { csrfToken });
    if (empty.status === 422) pages.push({ where: `${post.path} with errors`, html: empty.html });
    const answered = await client.post(server.baseUrl, post.path, { csrfToken, ...post.fields });
    expect(answered.location, `${post.path} goes on`).toBe(post.landing);
    if (post.landing !== (plan.posts[i + 1]?.path ?? `${plan.basePath}/check`)) await read(client, post.landing);
  }
  if (plan.end !== 'check' || !plan.check) return;
  const check = await read(client, `${plan.basePath}/check`);
  const csrfToken = readCsrfToken(check) ?? '';
  const empty = await client.post(server.baseUrl, `${plan.basePath}/check`, { csrfToken });
  if (empty.status === 422) pages.push({ where: `${plan.basePath}/check with errors`, html: empty.html });
  const sent = await client.post(server.baseUrl, `${plan.basePath}/check`, { csrfToken, ...plan.check });
  expect(sent.location).toBe(`${plan.basePath}/confirmation`);
  sentCases += 1;
  await read(client, `${plan.basePath}/confirmation`);
}

beforeAll(async () => {
  dataDir = createDataDir('pseudo');
  server = await startServerProcess({ env: { DATA_DIR: dataDir.path, LOCALE: 'en-XA', OUTBOX_POLL_MS: '100', ...NO_RATE_LIMIT } });
  const client = createHttpClient();
  const content = readdirSync('content/pages').map((f) => `/${f.replace(/\.md$/, '')}`);
  for (const path of [
    '/',
    '/review',
    '/advocate',
    '/feedback',
    ...content,
    '/no-such-page',
    '/too-large',
    '/cross-site',
    '/too-many-attempts',
    '/busy',
    '/method-not-allowed',
    '/500',
    '/complaint/emergency',
    '/complaint/not-sending',
  ]) {
    await read(client, path);
  }
  for (const journey of serviceJourneys) await read(client, `/${journey.path}/session-expired`);

  const paths: { label: string; preferences: WalkPreferences }[] = [
    { label: 'adult', preferences: { moreChildren: 0.6 } },
    { label: 'child', preferences: { options: { role: 'child', requester: 'child' } } },
    { label: 'care leaver', preferences: { options: { role: 'care_leaver', requester: 'care_leaver' } } },
    // Roles with questions of their own, which random walks reach only now and then.
    { label: 'advocate', preferences: { options: { role: 'advocate' } } },
    { label: 'relative', preferences: { options: { role: 'relative_or_other' } } },
  ];
  for (const journey of serviceJourneys) {
    const model = createJourneyModel(journey, words);
    for (const { preferences } of paths) {
      const seeds = new Set(findCoveringSeeds(model, council, { preferences, tries: 200 }).values());
      for (const seed of seeds) await walk(planWalk(model, council, chooserFor(seed), { preferences }));
    }
  }
  // With no SMTP_URL the service writes each email as a .eml file: wait for them all.
  const mailDir = join(dataDir.path, 'mail');
  await waitFor(() => readdirSync(mailDir).length >= sentCases, { timeoutMs: 30_000, describe: () => `${sentCases} cases' emails written` });
  await new Promise((done) => setTimeout(done, 2_000));
}, 600_000);

afterAll(async () => {
  await stopAllServerProcesses();
  dataDir?.remove();
});

describe('the pseudo-locale', () => {
  it('reads every question page of every journey, its error state, and every confirmation', () => {
    const read = new Set(pages.map((p) => p.where.split(' ')[0]));
    const unread = serviceJourneys
      .flatMap((journey) => [...journey.steps.map((s) => s.id), 'check', 'confirmation'].map((id) => `/${journey.path}/${id}`))
      .filter((path) => !read.has(path));
    expect(unread).toEqual([]);
    expect(pages.filter((p) => p.where.includes('with errors')).length).toBeGreaterThan(40);
  });

  it('shows no word on any page that did not come from the catalogue', () => {
    const problems = pages.flatMap(({ where, html }) => {
      const untranslated = findUntranslatedWords(readableText(html), allowed);
      return untranslated.length ? [`${where}: ${untranslated.join(', ')}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('writes no word in any email that did not come from the catalogue', async () => {
    const files = readdirSync(join(dataDir.path, 'mail')).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const file of files) {
      const mail = await simpleParser(readFileSync(join(dataDir.path, 'mail', file)));
      const text = [mail.subject ?? '', mail.text ?? '', readableText(typeof mail.html === 'string' ? mail.html : '')].join('\n');
      const untranslated = findUntranslatedWords(text, allowed);
      if (untranslated.length) problems.push(`${file}: ${untranslated.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});

import { visitEveryPage } from '../helpers/a11y-pages.ts';
import type { Readability } from '../helpers/readability.ts';
import { expect, test } from '../helpers/service.ts';

/**
 * A child's own complaint is written for a reading age of about 9. The copy of every page a child
 * meets on the complaint journey (from "Are you, or any child, in danger right now?" to the confirmation,
 * error states included) and the /young-people page is scored by the Flesch–Kincaid grade level
 * (reading age ≈ grade + 5), and held to:
 *
 * - the whole path, each block of copy counted once: grade 4 or below (reading age about 9);
 * - every single page: grade 6 or below (reading age about 11). A short page's score swings on a
 *   few long words (one "Continue" is grade 20 on its own), so a page is held more loosely than
 *   the path; the limit still catches a page that has slipped into officialese.
 *
 * Measured when this was written: the whole path 2.9 and /young-people 2.4; the hardest page is
 * "Who is making this complaint?" at 6.6, which every complainant answers before the service knows
 * they are a child, so it is held by the path alone; the next hardest, "Have you complained about
 * this before?", 4.5 with its error. The page for the parts that go somewhere else reads at 2.3.
 * The test's attachment has every page's figure and the hardest sentences.
 */

/** Reading age 9. */
const PATH_GRADE_LIMIT = 4;
/** Reading age 11. */
const PAGE_GRADE_LIMIT = 6;

/**
 * Pages every complainant meets before saying who they are: their copy must name every kind of
 * adult too ("I have parental responsibility but I am not the parent"), so they count towards the
 * path but are not held to the page limit.
 */
const BEFORE_WHO_IS_KNOWN = new Set(['/complaint/who']);

test.use({ javaScriptEnabled: false });

const formatRow = (name: string, r: Readability) =>
  `${name.padEnd(42)} grade ${r.grade.toFixed(1).padStart(5)}   ${String(r.words).padStart(4)} words ${String(r.sentences).padStart(3)} sentences`;

test("the child's complaint and the young people's page read at about age 9", async ({ page }, testInfo) => {
  test.setTimeout(3 * 60_000);
  // Loaded here, not at the top: without the scoring packages (syllable, flesch-kincaid) this test
  // fails on its own, saying so, instead of stopping every other test in the run from loading.
  const { rankHardestSentences, readCopy, scoreCopy } = await import('../helpers/readability.ts').catch((error: unknown) => {
    throw new Error(`The readability test needs the syllable and flesch-kincaid packages (npm install): ${String(error)}`);
  });
  const pages: { name: string; path: string; blocks: string[] }[] = [];
  await visitEveryPage(
    page,
    async (p, state) => {
      // The start page comes before the journey and is written for everyone.
      if (state.path !== '/') pages.push({ name: state.name, path: state.path, blocks: await readCopy(p) });
    },
    { walks: ['child'] },
  );
  await page.goto('/young-people');
  pages.push({ name: 'young-people', path: '/young-people', blocks: await readCopy(page) });

  const scored = pages.map((p) => ({ ...p, score: scoreCopy(p.blocks) }));
  const blocks = [...new Set(pages.flatMap((p) => p.blocks))];
  const path = scoreCopy(blocks);
  const hardest = rankHardestSentences(blocks, 15);
  const report = [
    ...scored.map((p) => formatRow(p.name, p.score)),
    formatRow('the whole path (each block once)', path),
    '',
    'Hardest sentences of five words or more:',
    ...hardest.map((s) => `  ${s.grade.toFixed(1).padStart(5)}  ${s.sentence}`),
  ].join('\n');
  await testInfo.attach('readability', { body: report, contentType: 'text/plain' });
  console.log(`Readability of the child's path (Flesch–Kincaid grade):\n${report}`);

  expect(pages.length, 'every page of the child path was read').toBeGreaterThan(30);
  expect(path.grade, `the whole path reads at grade ${PATH_GRADE_LIMIT} or below`).toBeLessThanOrEqual(PATH_GRADE_LIMIT);
  const tooHard = scored.filter((p) => !BEFORE_WHO_IS_KNOWN.has(p.path) && p.score.grade > PAGE_GRADE_LIMIT).map((p) => formatRow(p.name, p.score));
  expect(tooHard, `pages above grade ${PAGE_GRADE_LIMIT}`).toEqual([]);
});

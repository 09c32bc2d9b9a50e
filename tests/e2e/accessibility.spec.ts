import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import {
  findAutocompleteProblems,
  findErrorAnnouncementProblems,
  findReflowProblems,
  findUnlabelledControls,
  openPageCopier,
  readPageScripts,
  readTitleAndHeading,
  type PageCopier,
} from '../helpers/a11y-checks.ts';
import { visitEveryPage, type PageState } from '../helpers/a11y-pages.ts';
import { expectNoAxeViolations } from '../helpers/axe.ts';
import { repoRoot } from '../helpers/server-process.ts';
import { expect, test } from '../helpers/service.ts';

/**
 * The accessibility gate over the whole service, walked once with JavaScript and once without
 * (tests/helpers/a11y-pages.ts lists every page and state and how a person reaches it). On each
 * page and error state:
 *
 * - axe, WCAG 2.0, 2.1 and 2.2 A and AA (exceptions are listed, with reasons, in tests/helpers/axe.ts);
 * - every control has a label, or a legend for its group;
 * - GOV.UK's autocomplete tokens on the name and contact questions;
 * - errors announced the GOV.UK way, and with JavaScript, focus on the error summary;
 * - page titles that begin with the page's heading, and are never shared by two different pages.
 *
 * With JavaScript, the same walk also checks WCAG 1.4.10 Reflow (nothing scrolls sideways, no text
 * cut off) at 400% zoom and at 320 pixels wide, measures the scripts each page loads (a page
 * without a form must load no React), and photographs each state for reviewers, on a desktop
 * (screenshots/desktop/<name>.png, 1280 × 800) and a phone (screenshots/phone/<name>.png, 360 wide).
 */

interface TitleSeen {
  state: PageState;
  title: string;
  heading: string;
}

/** Everything wrong on one page state, as one line per problem. */
type Problems = Map<string, string[]>;

function addProblems(problems: Problems, state: PageState, found: readonly string[]): void {
  if (found.length > 0) problems.set(state.name, [...(problems.get(state.name) ?? []), ...found]);
}

const formatProblems = (problems: Problems) => [...problems].map(([name, list]) => `${name}:\n  ${list.join('\n  ')}`).join('\n');

/** The title as the page's own state would have it, without "Error: ". */
const titleOfPage = (title: string) => title.replace(/^Error: /, '');

/**
 * Which page a state belongs to. The pages asked once per child ("About the second child", "Is
 * your complaint about another child as well?") are one page of the add-another loop, met again
 * for each child, so they count as one page.
 */
const toPageOf = (path: string) => path.replace(/^\/complaint\/(child|more-children)-\d+$/, '/complaint/$1-N');

/**
 * Titles shared by different pages on purpose, each with the reason. Keep this empty unless two
 * pages can never be met by the same person.
 */
const SHARED_TITLES: { paths: string[]; reason: string }[] = [
  {
    paths: ['/advocate/about-you', '/advocate/your-name'],
    // The child's "About you" (age and council) and the adult's "About you" (name and how they
    // know the child) are on paths that exclude each other: nobody meets both. The adult's title
    // is `advocacy.steps.your-name.title_adult` in content/locales/en/advocacy.yml.
    reason: "a child's and an adult's 'About you', on paths that exclude each other",
  },
];

const isShared = (paths: ReadonlySet<string>) => SHARED_TITLES.some((s) => [...paths].every((p) => s.paths.includes(p)));

/**
 * Titles say what the page is: each begins with the page's main heading (or the heading's first
 * words, where the heading names the council), "Error: " comes first exactly in the error states,
 * and no two different pages share a title.
 */
function findTitleProblems(seen: readonly TitleSeen[]): string[] {
  const problems: string[] = [];
  const pagesByTitle = new Map<string, Set<string>>();
  for (const { state, title, heading } of seen) {
    const pages = pagesByTitle.get(titleOfPage(title)) ?? new Set<string>();
    pages.add(toPageOf(state.path));
    pagesByTitle.set(titleOfPage(title), pages);
    if (state.error !== title.startsWith('Error: ')) problems.push(`${state.name}: "${title}" ${state.error ? 'lacks' : 'has'} the "Error: " prefix`);
    const [own = ''] = titleOfPage(title).split(' – ');
    if (own !== heading && !heading.startsWith(own.replace(/[?.]$/, ' ')))
      problems.push(`${state.name}: the title begins "${own}" but the main heading is "${heading}"`);
  }
  for (const [title, pages] of pagesByTitle) {
    if (pages.size > 1 && !isShared(pages)) problems.push(`"${title}" is the title of ${pages.size} different pages: ${[...pages].join(', ')}`);
  }
  return problems;
}

interface ScriptRow {
  name: string;
  form: boolean;
  files: number;
  transferred: number;
  decoded: number;
  inline: number;
  react: boolean;
}

/** Whether a script file contains React (its element type marker survives minifying). */
const isReact = (source: string) => /react\.(transitional\.)?element/.test(source);

function formatScriptTable(rows: readonly ScriptRow[]): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const lines = rows.map((r) =>
    [
      r.name.padEnd(44),
      (r.form ? 'form' : '').padEnd(5),
      String(r.files).padStart(5),
      kb(r.transferred).padStart(10),
      kb(r.decoded).padStart(10),
      kb(r.inline).padStart(9),
      r.react ? 'React' : '',
    ].join(' '),
  );
  return [['page'.padEnd(44), ''.padEnd(5), 'files', 'on wire'.padStart(10), 'unpacked'.padStart(10), 'inline'.padStart(9), ''].join(' '), ...lines].join('\n');
}

async function attach(testInfo: TestInfo, name: string, body: string): Promise<void> {
  await testInfo.attach(name, { body, contentType: 'text/plain' });
}

const DESKTOP = { width: 1280, height: 800 };
/** A phone, for the screenshots. */
const PHONE = { width: 360, height: 740 };
/** The narrowest phone: WCAG 1.4.10's 320 CSS pixels. */
const NARROW = { width: 320, height: 640 };
/**
 * 1280 × 1024 zoomed to 400%: the browser then lays the page out in 320 × 256 CSS pixels with 4
 * device pixels to each. That is what is emulated (a window with deviceScaleFactor 4, not CSS zoom,
 * so media queries see the narrow window exactly as they do when zoomed), showing a copy of each
 * page state as the walk leaves it.
 */
const ZOOMED = { viewport: { width: 320, height: 256 }, deviceScaleFactor: 4 };

const screenshots = join(repoRoot, 'screenshots');

/**
 * With JavaScript, each page state is also checked for reflow at 400% zoom and at 320 pixels wide,
 * and photographed on a desktop and a phone, so the service is walked once for all of it.
 */
async function checkLayout(page: Page, zoomed: PageCopier, state: PageState): Promise<string[]> {
  const problems: string[] = [];
  await page.screenshot({ path: join(screenshots, 'desktop', `${state.name}.png`), fullPage: true });

  const copy = await zoomed.copy(page);
  expect(await copy.evaluate(() => [window.innerWidth, window.devicePixelRatio])).toEqual([ZOOMED.viewport.width, ZOOMED.deviceScaleFactor]);
  problems.push(...(await findReflowProblems(copy)).map((p) => `at 400% zoom (320 × 256 CSS pixels): ${p}`));
  await page.setViewportSize(NARROW);
  problems.push(...(await findReflowProblems(page)).map((p) => `at 320 pixels wide: ${p}`));

  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(screenshots, 'phone', `${state.name}.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  return problems;
}

for (const mode of [
  { name: 'with JavaScript', javaScriptEnabled: true },
  { name: 'without JavaScript', javaScriptEnabled: false },
]) {
  test.describe(`every page and error state ${mode.name}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled, viewport: DESKTOP });

    const checks = mode.javaScriptEnabled
      ? 'passes axe and the GOV.UK checks for labels, autocomplete, errors, focus and titles, reflows at 320 pixels and 400% zoom, and loads React only with a form'
      : 'passes axe and the GOV.UK checks for labels, autocomplete, errors and titles';

    test(checks, async ({ page, service, request, browser }, testInfo) => {
      // About 170 page states, each checked with axe and (with JavaScript) photographed and zoomed: on a
      // busy two-core machine that takes well over ten minutes.
      test.setTimeout(25 * 60_000);
      const problems: Problems = new Map();
      const titles: TitleSeen[] = [];
      const scriptRows: ScriptRow[] = [];
      const reactFiles = new Map<string, boolean>();

      const zoomed = mode.javaScriptEnabled ? await openPageCopier(browser, ZOOMED) : undefined;
      if (zoomed) {
        // Every page load fetches its scripts afresh, so the sizes are what a first visit costs.
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        // Names follow the pages, so shots of pages since renamed or removed must not linger.
        await rm(join(screenshots, 'desktop'), { recursive: true, force: true });
        await rm(join(screenshots, 'phone'), { recursive: true, force: true });
      }

      const check = async (p: Page, state: PageState) => {
        try {
          await expectNoAxeViolations(p);
        } catch (error) {
          addProblems(problems, state, [error instanceof Error ? error.message : String(error)]);
        }
        addProblems(problems, state, await findUnlabelledControls(p));
        addProblems(problems, state, await findAutocompleteProblems(p));
        if (state.error) {
          addProblems(problems, state, await findErrorAnnouncementProblems(p));
          // GOV.UK: after a failed submit, focus is on the error summary (the island moves it
          // there; on a page the server sent back, govuk-frontend or the island does on load).
          if (mode.javaScriptEnabled && !(await p.locator('.govuk-error-summary').evaluate((el) => el === document.activeElement))) {
            addProblems(problems, state, ['focus is not on the error summary']);
          }
        }
        titles.push({ state, ...(await readTitleAndHeading(p)) });
        if (!zoomed) return;

        if (!state.error) {
          const scripts = await readPageScripts(p);
          for (const file of scripts.files) {
            if (!reactFiles.has(file.url)) reactFiles.set(file.url, isReact(await (await request.get(file.url)).text()));
          }
          const row: ScriptRow = {
            name: state.name,
            form: (await p.locator('main form').count()) > 0,
            files: scripts.files.length,
            transferred: scripts.files.reduce((n, f) => n + f.transferred, 0),
            decoded: scripts.files.reduce((n, f) => n + f.decoded, 0),
            inline: scripts.inlineBytes,
            react: scripts.files.some((f) => reactFiles.get(f.url)),
          };
          scriptRows.push(row);
          if (!row.form && row.react) addProblems(problems, state, ['a page without a form loads React']);
        }
        addProblems(problems, state, await checkLayout(p, zoomed, state));
      };

      const states = await visitEveryPage(page, check, { service });

      const counts = `${new Set(states.map((s) => s.path)).size} pages, ${states.length} states (${states.filter((s) => s.error).length} error states)`;
      await attach(testInfo, 'pages checked', `${counts}\n${states.map((s) => `${s.name}  ${s.path}`).join('\n')}`);
      await attach(testInfo, 'page titles', titles.map((t) => `${t.state.name}: ${t.title}`).join('\n'));
      if (zoomed) {
        await zoomed.page.context().close();
        const table = formatScriptTable(scriptRows);
        await attach(testInfo, 'scripts per page', table);
        console.log(`Scripts each page loads (first visit, browser cache off):\n${table}`);
        console.log(`Screenshots of ${states.length} page states in ${screenshots}/desktop and ${screenshots}/phone`);
      }
      console.log(`Accessibility ${mode.name}: ${counts}`);

      expect(states.length, 'the walk met the whole service').toBeGreaterThan(90);
      expect(states.filter((s) => s.error).length, 'the walk met the error states').toBeGreaterThan(30);
      const titleProblems = findTitleProblems(titles);
      if (titleProblems.length > 0) problems.set('page titles', titleProblems);
      expect(problems.size, `Problems found:\n${formatProblems(problems)}`).toBe(0);
    });
  });
}

import { createHash } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import type { NodeResult, Result } from 'axe-core';

/** The WCAG 2.2 AA rule set the service promises in its accessibility statement. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Rules switched off, each with the reason. Keep this empty unless a rule is wrong for this
 * service; a real problem is fixed in the page, never listed here.
 */
const DISABLED_RULES: { id: string; reason: string }[] = [];

/**
 * Single findings accepted on purpose, narrower than switching a rule off: each names the rule,
 * which elements, and why.
 */
const ACCEPTED_FINDINGS: { rule: string; reason: string; matches: (node: NodeResult) => boolean }[] = [
  {
    rule: 'aria-allowed-attr',
    // govuk-frontend's Radios script sets aria-expanded on a radio that reveals a conditional
    // question. ARIA 1.2 does not list aria-expanded for the radio role, but GOV.UK's own research
    // found screen readers announce it and help users by it, so govuk-frontend keeps it on purpose
    // (alphagov/govuk-frontend#979, listed as a known issue in #1280). Only that attribute on
    // govuk-frontend's conditional radios is accepted; any other disallowed attribute still fails.
    reason: 'aria-expanded on govuk-frontend radios that reveal a conditional question',
    matches: (node) =>
      /class="[^"]*\bgovuk-radios__input\b/.test(node.html) &&
      /\baria-controls="conditional-/.test(node.html) &&
      [...node.any, ...node.all, ...node.none].every((check) => {
        // axe reports the attributes it refused as `{ values: ['aria-expanded="false"'] }`.
        const data = check.data as { values?: unknown } | null;
        const attributes = Array.isArray(data?.values) ? data.values : [];
        return attributes.length > 0 && attributes.every((a) => typeof a === 'string' && a.startsWith('aria-expanded='));
      }),
  },
];

/** Drops the accepted findings; a violation with nothing left is not a violation. */
function withoutAccepted(violations: readonly Result[]): Result[] {
  return violations
    .map((v) => {
      const accepted = ACCEPTED_FINDINGS.filter((a) => a.rule === v.id);
      return accepted.length === 0 ? v : { ...v, nodes: v.nodes.filter((n) => !accepted.some((a) => a.matches(n))) };
    })
    .filter((v) => v.nodes.length > 0);
}

function formatViolations(violations: readonly Result[]): string {
  return violations
    .map((v) =>
      [
        `${v.id} (${v.impact ?? 'no impact given'}): ${v.help}`,
        ...v.nodes.map((n) => `    at ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`),
        `    ${v.helpUrl}`,
      ].join('\n'),
    )
    .join('\n');
}

async function analyse(page: Page): Promise<Result[]> {
  // Legacy mode runs axe in the page itself. The default mode opens an extra blank page for every
  // check to combine the results of iframes, which doubles the time, and these pages have none.
  const builder = new AxeBuilder({ page }).withTags(TAGS).setLegacyMode(true);
  if (DISABLED_RULES.length > 0) builder.disableRules(DISABLED_RULES.map((r) => r.id));
  return withoutAccepted((await builder.analyze()).violations);
}

/**
 * Whether the page ran its scripts. Every page of the service adds `js-enabled` to the body from
 * an inline script, exactly as govuk-frontend expects, so the class is there only when
 * JavaScript ran.
 */
async function hasRunScripts(page: Page): Promise<boolean> {
  return (await page.locator('body.js-enabled').count()) > 0;
}

interface SnapshotPage {
  page: Page;
  /** The HTML served at `url` on the next load. */
  snapshot: { url: string; html: string };
}

/** One JavaScript-enabled page per browser (so per worker) that shows copies of no-JS pages. */
const snapshotPages = new WeakMap<Browser, Promise<SnapshotPage>>();

async function createSnapshotPage(browser: Browser): Promise<SnapshotPage> {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const holder: SnapshotPage = { page: await context.newPage(), snapshot: { url: '', html: '' } };
  await context.route(
    (u) => u.href === holder.snapshot.url,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: holder.snapshot.html }),
  );
  // The copy must stay in the no-JavaScript state: the page's own scripts never load.
  await context.route(/\.m?js(\?|$)/, (route) => route.abort());
  return holder;
}

/**
 * Axe injects a script, so it hangs on a page opened with JavaScript turned off. For those pages
 * the DOM as it stands is copied into a JavaScript-enabled page at the same address (so its
 * stylesheets load and colour contrast is measured on the real styles), with every script taken
 * out and script requests refused, so what axe sees is still the no-JavaScript state.
 */
async function analyseWithoutScripts(page: Page): Promise<Result[]> {
  const browser = page.context().browser();
  if (!browser) throw new Error('expectNoAxeViolations needs a page from a launched browser');
  let holder = snapshotPages.get(browser);
  if (!holder) {
    holder = createSnapshotPage(browser);
    snapshotPages.set(browser, holder);
  }
  const copy = await holder;
  copy.snapshot = { url: page.url(), html: (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '') };
  await copy.page.goto(copy.snapshot.url, { waitUntil: 'load' });
  return analyse(copy.page);
}

/**
 * Pages already found clean by this worker, by a hash of their DOM. Axe's verdict depends only on
 * the DOM and the styles, so the same question page met again on another journey (with only its
 * CSRF token changed) need not be checked twice; anything that differs, even by one answer or one
 * word of wording for a different person, is checked again.
 */
const cleanPages = new Set<string>();

async function toDomKey(page: Page, scripts: boolean): Promise<string> {
  const html = (await page.content()).replace(/name="csrfToken" value="[^"]*"/g, 'name="csrfToken" value=""');
  return createHash('sha256')
    .update(`${scripts}\n${new URL(page.url()).pathname}\n${html}`)
    .digest('hex');
}

/**
 * Fails the test with a readable list (rule, impact, element, help) if axe finds any WCAG 2.2 A
 * or AA violation on the page as it is now.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const scripts = await hasRunScripts(page);
  const key = await toDomKey(page, scripts);
  if (cleanPages.has(key)) return;
  const violations = scripts ? await analyse(page) : await analyseWithoutScripts(page);
  expect(violations.length, `Accessibility problems on ${new URL(page.url()).pathname}:\n${formatViolations(violations)}`).toBe(0);
  cleanPages.add(key);
}

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { toAnnualReport } from '../../src/domain/annual-report.ts';
import { renderAnnualReportHtml } from '../../src/server/report/html.ts';
import { figuresYear, seedFiguresYear } from '../fixtures/case-figures.ts';
import { expectNoAxeViolations } from '../helpers/axe.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil } from '../helpers/councils.ts';
import { repoRoot } from '../helpers/server-process.ts';

/** The annual report's HTML as a reader opens it: in Chromium, checked by axe, at a phone's width too. */

const council = exampleCouncil();
const { t } = createTestCopy(council);

const reportHtml = () => renderAnnualReportHtml(toAnnualReport(seedFiguresYear(), { ...figuresYear, council, t }), { t, madeOn: 'Friday 2 April 2027' });

/** Opens the report as a file served at an address of its own, as a browser opens a downloaded file. */
async function openReport(page: Page): Promise<void> {
  const url = 'http://report.localhost/annual-report-2026-04-to-2027-03.html';
  const html = await reportHtml();
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  // The report must need nothing else: any other request is refused, so a missing part would show.
  await page.route(
    (u) => u.href !== url,
    (route) => route.abort(),
  );
  await page.goto(url);
}

test('the annual report has no accessibility problems, and its tables give every figure', async ({ page }) => {
  await openReport(page);
  await expectNoAxeViolations(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Children's social care complaints: April 2026 to March 2027");
  // The charts are hidden from assistive technology; each table is there in its place.
  await expect(page.getByRole('img')).toHaveCount(0);
  const routes = page.getByRole('table', { name: 'Complaints by route' });
  await expect(routes.getByRole('row', { name: /Children Act procedure \(statutory\) 72/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Requests for stage 2 and stage 3' }).getByRole('row', { name: /Stage 3 requests fewer than 5/ })).toBeVisible();
  await mkdir(join(repoRoot, 'screenshots', 'desktop'), { recursive: true });
  await page.screenshot({ path: join(repoRoot, 'screenshots', 'desktop', 'annual-report.png'), fullPage: true });
});

test('the annual report reflows at 320 pixels without scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openReport(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
});

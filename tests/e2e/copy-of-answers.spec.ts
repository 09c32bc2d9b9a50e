import { readFile } from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import { answerUpToCheck, createPerson, Journey } from '../helpers/journey.ts';
import { expect, test, type Service } from '../helpers/service.ts';

/**
 * "Download a copy (PDF)" on the confirmation page: the file the browser saves holds the reference
 * and the answers as they were sent (its text read back with pdf-parse); another browser asking
 * for the same address gets the "page not found" page, never the file. With JavaScript on and off,
 * and the anonymous figures count the case as sent with JavaScript on or off.
 */

/** Figures rows saying the case was sent with JavaScript on (or off). */
const countSentWith = (service: Service, javaScript: boolean) =>
  Number(service.query("SELECT COUNT(*) AS n FROM case_figures WHERE json_extract(facts, '$.javascript') = ?", javaScript ? 1 : 0)[0]?.['n']);

for (const javaScriptEnabled of [false, true]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('the person who sent a complaint downloads a copy of it as a PDF; nobody else can', async ({ page, browser, service }) => {
      const person = createPerson();
      const j = new Journey(page, { axe: false });
      const before = [countSentWith(service, javaScriptEnabled), countSentWith(service, !javaScriptEnabled)];
      await answerUpToCheck(j, person, 'parent');
      const reference = await j.checkAndSend({ atRisk: 'no' });
      expect([countSentWith(service, javaScriptEnabled), countSentWith(service, !javaScriptEnabled)]).toEqual([before[0]! + 1, before[1]]);

      const link = page.getByRole('link', { name: 'Download a copy (PDF)' });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe(`${reference}.pdf`);
      const bytes = await readFile(await download.path());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const { text } = await new PDFParse({ data: new Uint8Array(bytes) }).getText();
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain(`Reference number: ${reference}`);
      expect(flat).toContain(person.fullName);
      expect(flat).toContain(`Nobody came to the review (${person.tag}).`);
      expect(flat).toContain(`A new review (${person.tag}).`);

      const href = await link.getAttribute('href');
      const stranger = await browser.newContext({ baseURL: service.baseURL, javaScriptEnabled });
      try {
        const other = await stranger.newPage();
        const response = await other.goto(href ?? '');
        expect(response?.status()).toBe(404);
        expect(response?.headers()['content-type']).toMatch(/^text\/html/);
        await expect(other.getByRole('heading', { level: 1 })).toHaveText('Page not found');
      } finally {
        await stranger.close();
      }
    });
  });
}

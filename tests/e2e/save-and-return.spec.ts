import type { Browser, Page } from '@playwright/test';
import { expectNoAxeViolations } from '../helpers/axe.ts';
import { answerUpToCheck, createPerson, Journey, monthsAgo, waitForHydration } from '../helpers/journey.ts';
import { expect, test, type Service } from '../helpers/service.ts';

/**
 * Save and come back later, as a person meets it: half an answer saved on a page in the middle,
 * the browser closed, the answers brought back in another browser with the code and the word,
 * then finished and sent; five wrong words lock the code; saved answers past their time are said
 * to be deleted; Exit this page deletes them. With JavaScript on and off, axe on every new page
 * and error state.
 */

const CODE = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.waitForLoadState('load');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text);
  await expectNoAxeViolations(page);
}

/** A child's complaint up to "When did it happen?", with half a date typed, saved with `secret`. Returns the code shown. */
async function saveHalfway(j: Journey, tag: string, secret: string): Promise<string> {
  const { page } = j;
  await j.start();
  await j.danger('no');
  await j.worried('no');
  await j.who('child');
  await j.aboutYou(13, 'this');
  await j.service(['looked_after']);
  await j.advocacy('not_sure');
  await j.whatHappened(`Nobody came to my review (${tag}).`);
  await j.expectPage('when');
  await page.locator('input[name="whenKind"][value="exact"]').check();
  await page.locator('[name="whenDate-day"]').fill('3');
  await j.submit('Save and come back later');

  await j.expectPage('save');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a secret word');
  await page.getByRole('button', { name: 'Save my answers' }).click();
  await expect(page.getByRole('link', { name: 'Type a secret word, or your birthday' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Your secret word').fill('ab');
  await page.getByRole('button', { name: 'Save my answers' }).click();
  await expect(page.getByRole('link', { name: 'Your secret word must have at least 4 letters or numbers' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Your secret word').fill(secret);
  await page.getByRole('button', { name: 'Save my answers' }).click();

  await j.expectPage('saved');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your answers are saved');
  const code = (await page.locator('.app-return-code').innerText()).trim();
  expect(code).toMatch(CODE);
  expect(page.url()).not.toContain(code);
  return code;
}

/** Another browser (a new context: no cookies) at /resume, typing the code and the word. */
async function resumeIn(browser: Browser, service: Service, javaScriptEnabled: boolean, code: string, secret: string) {
  const context = await browser.newContext({ baseURL: service.baseURL, javaScriptEnabled });
  const page = await context.newPage();
  await page.goto('/resume');
  await expectHeading(page, 'Come back to your saved answers');
  await page.getByLabel('Your code').fill(code);
  await page.getByLabel('Your word').fill(secret);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState('load');
  return { context, page };
}

for (const javaScriptEnabled of [false, true]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a child saves half an answer, closes the browser, comes back in another with the code and word, and sends', async ({ page, browser, service }) => {
      // A whole journey, twice begun, in two browsers: as long as the complete journeys take on a busy two-core machine.
      test.setTimeout(240_000);
      const person = createPerson();
      const j = new Journey(page);
      const code = await saveHalfway(j, person.tag, 'Rainbow 42');
      await page.context().close();

      // Mistyped: the check character says so at once.
      const mistyped = code.replace(/^(.)/, (c) => (c === '2' ? '3' : '2'));
      const first = await resumeIn(browser, service, javaScriptEnabled, mistyped, 'Rainbow 42');
      await expect(first.page.getByRole('link', { name: 'Enter the code exactly as it was shown, like 7K4M-2P9X-QR5C' })).toBeVisible();
      await expectNoAxeViolations(first.page);
      await first.page.getByLabel('Your code').fill(code.toLowerCase().replace(/-/g, ' '));
      await first.page.getByLabel('Your word').fill('rainbow 42');
      await first.page.getByRole('button', { name: 'Continue' }).click();

      const again = new Journey(first.page);
      await again.expectPage('when');
      await expect(first.page.locator('input[name="whenKind"][value="exact"]')).toBeChecked();
      await expect(first.page.locator('[name="whenDate-day"]')).toHaveValue('3');
      await again.when({ kind: 'month', date: monthsAgo(1) });
      await again.putRight(`A new review (${person.tag}).`);
      await again.courtPolice('no');
      await again.complainedBefore('no');
      await again.documents('no');
      await again.yourName(person.fullName);
      await again.contact({ phone: '07700 900982' });
      await again.safeContact({ kind: 'yes' });
      await again.needs(['none']);
      await expect(first.page.getByRole('button', { name: 'Save and come back later' })).toBeVisible();
      const reference = await again.checkAndSend({ atRisk: 'no' });

      const mail = await service.waitForMail((m) => m.subject.includes(reference) && m.text.includes(person.tag), 20_000);
      expect(mail.text).toContain('Saved and come back to');
      const json = JSON.parse(mail.attachments.find((a) => a.filename.endsWith('.json'))?.content ?? '{}') as {
        draft?: { resumed: boolean; startedAt: string };
      };
      expect(json.draft?.resumed).toBe(true);
      expect(Date.parse(json.draft?.startedAt ?? '')).toBeLessThan(Date.now());
      await first.context.close();

      // Sent: the code has done its job.
      const after = await resumeIn(browser, service, javaScriptEnabled, code, 'Rainbow 42');
      await expect(after.page.getByRole('link', { name: /The code or the word is not right/ })).toBeVisible();
      await after.context.close();
    });

    test('five wrong words lock the code, and the right word does not open it for now', async ({ page, browser, service }) => {
      const code = await saveHalfway(new Journey(page, { axe: false }), createPerson().tag, 'blue whale');
      const { context, page: other } = await resumeIn(browser, service, javaScriptEnabled, code, 'wrong word 1');
      const noMatch = other.getByRole('link', { name: /The code or the word is not right/ });
      await expect(noMatch).toBeVisible();
      await expectNoAxeViolations(other);
      for (let n = 2; n <= 5; n++) {
        await other.getByLabel('Your word').fill(`wrong word ${n}`);
        await other.getByRole('button', { name: 'Continue' }).click();
        await other.waitForLoadState('load');
      }
      await expectHeading(other, 'You cannot use this code for now');
      await other.goto('/resume');
      await other.getByLabel('Your code').fill(code);
      await other.getByLabel('Your word').fill('blue whale');
      await other.getByRole('button', { name: 'Continue' }).click();
      await expectHeading(other, 'You cannot use this code for now');
      await context.close();
    });

    test('saved answers past their time are said to be deleted', async ({ page, browser, service }) => {
      const code = await saveHalfway(new Journey(page, { axe: false }), createPerson().tag, 'blue whale');
      expect(service.execute('UPDATE saved_drafts SET expires_at = ? WHERE expires_at > ?', Date.now() - 1000, Date.now())).toBeGreaterThan(0);
      const { context, page: other } = await resumeIn(browser, service, javaScriptEnabled, code, 'blue whale');
      await expectHeading(other, 'Your saved answers have been deleted');
      await context.close();
    });

    test('a child who gave a safe email address asks for "Your saved form" and gets the code and the way back, and nothing else', async ({ page, service }) => {
      // A whole journey up to check answers.
      test.setTimeout(240_000);
      const person = createPerson();
      const j = new Journey(page, { axe: false });
      await answerUpToCheck(j, person, 'child', { email: person.email });
      await j.submit('Save and come back later');

      await j.expectPage('save');
      await expect(page.getByText(`We will send it to ${person.email}.`)).toBeVisible();
      await expectNoAxeViolations(page);
      await page.getByLabel('Your secret word').fill('Rainbow 42');
      await page.getByLabel('Yes, email me my code and a link to come back').check();
      await page.getByRole('button', { name: 'Save my answers' }).click();

      await j.expectPage('saved');
      await expect(page.getByText(`We have sent an email to ${person.email}`)).toBeVisible();
      await expectNoAxeViolations(page);
      const code = (await page.locator('.app-return-code').innerText()).trim();
      const mail = await service.waitForMail((m) => m.recipients.includes(person.email), 20_000);
      expect(mail.subject).toBe('Your saved form');
      expect(mail.text).toContain(code);
      expect(mail.text).toContain(`${service.baseURL}/resume`);
      for (const typed of [person.tag, person.fullName, 'Rainbow 42', 'rainbow 42']) expect(mail.text).not.toContain(typed);
    });

    test('Exit this page deletes the saved answers, so the code no longer works', async ({ page, browser, service }) => {
      const code = await saveHalfway(new Journey(page, { axe: false }), createPerson().tag, 'blue whale');
      await page.getByRole('button', { name: /Exit this page/ }).click();
      await page.waitForURL((url) => !url.href.startsWith(service.baseURL));
      const { context, page: other } = await resumeIn(browser, service, javaScriptEnabled, code, 'blue whale');
      await expect(other.getByRole('link', { name: /The code or the word is not right/ })).toBeVisible();
      await expectNoAxeViolations(other);
      await context.close();
    });
  });
}

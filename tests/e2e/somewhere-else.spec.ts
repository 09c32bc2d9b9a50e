import { expect, type Page } from '@playwright/test';
import { createPerson, Journey } from '../helpers/journey.ts';
import { test } from '../helpers/service.ts';
import { council, countCases } from './sent-case.ts';

/**
 * A complaint that belongs, all or in part, to other organisations: one page lists every one of
 * them with why and how to reach them (from the council file), the person may still send it, and
 * the page shown when they do not repeats where to go. With JavaScript on and off.
 */

const { school, nhs, police, court } = council.signposts;

/** The text of every paragraph in the page's main content. */
const paragraphsOf = async (page: Page) => (await page.locator('main p.govuk-body').allInnerTexts()).map((p) => p.trim());

/** A parent up to the "somewhere else" page, having chosen these services. */
async function parentUpTo(j: Journey, services: readonly string[]): Promise<void> {
  const [child = ''] = createPerson().childNames;
  await j.start();
  await j.danger('no');
  await j.worried('no');
  await j.who('parent');
  await j.childAgreement('yes');
  await j.children([{ name: child, age: 8, council: 'this' }]);
  await j.service(services);
  await j.expectPage('elsewhere');
}

for (const javaScriptEnabled of [false, true]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('every organisation is on one page with a link, and not sending repeats where to go', async ({ page, service }) => {
      const j = new Journey(page);
      const casesBefore = countCases(service);
      await parentUpTo(j, ['school', 'nhs', 'police', 'court_decision']);

      const main = page.getByRole('main');
      await expect(main.getByRole('heading', { level: 1 })).toHaveText('Your complaint needs to go somewhere else');
      await expect(main.locator('.govuk-caption-l')).toHaveCount(0);
      await expect(main.getByRole('heading', { level: 2 })).toHaveText([school.name, nhs.name, police.name, court.name]);
      for (const [name, place] of [
        ['How to complain about a school', school],
        ['How to complain to the NHS', nhs],
        ['How to complain about the police', police],
        ['Find a legal adviser', court],
      ] as const) {
        await expect(main.getByRole('link', { name })).toHaveAttribute('href', place.url ?? '');
      }
      const sentences = (await paragraphsOf(page)).flatMap((p) => p.split(/(?<=\.) /));
      expect(sentences.filter((s, i) => sentences.indexOf(s) !== i)).toEqual([]);

      await j.choose('sendAnyway', 'no');
      await j.submit();
      await j.expectPage('not-sending');
      await expect(main.getByRole('heading', { level: 1 })).toHaveText('Where to take your complaint');
      await expect(main.getByRole('heading', { level: 2 })).toHaveText([school.name, nhs.name, police.name, court.name, 'If you change your mind']);
      await expect(main.getByRole('link', { name: 'How to complain to the NHS' })).toHaveAttribute('href', nhs.url ?? '');

      // Changing their mind leads back to the one page, with their answer kept.
      await main.getByRole('link', { name: 'go back to your answers' }).click();
      await j.expectPage('elsewhere');
      await expect(page.locator('input[name="sendAnyway"][value="no"]')).toBeChecked();
      expect(countCases(service)).toBe(casesBefore);
    });

    test('a child with a part for the council reads the child’s words, then carries on', async ({ page }) => {
      const j = new Journey(page);
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('child');
      await j.aboutYou(13, 'this');
      await j.service(['looked_after', 'school']);
      await j.expectPage('elsewhere');

      const main = page.getByRole('main');
      await expect(main.getByRole('heading', { level: 1 })).toHaveText('Part of your complaint needs to go somewhere else');
      await expect(main.getByRole('heading', { level: 2 })).toHaveText(['Your school']);
      const paragraphs = await paragraphsOf(page);
      expect(paragraphs).toContain('Your school sorts out complaints about school itself. A teacher you trust, or the school office, can tell you how.');
      expect(paragraphs).toContain('We will still look at the rest of your complaint.');
      expect(paragraphs.join(' ')).not.toContain(school.description ?? 'no description');
      await expect(page.locator('input[name="sendAnyway"]')).toHaveCount(0);
      await j.submit();
      // The advocate is offered next, before "What happened?".
      await j.expectPage('advocacy');
    });

    test('an old address for a "somewhere else" page leads to the one page', async ({ page }) => {
      const j = new Journey(page, { axe: false });
      await parentUpTo(j, ['school']);
      await page.goto('/complaint/elsewhere-school');
      await j.expectPage('elsewhere');
    });
  });
}

import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from '../helpers/axe.ts';
import { answerUpToCheck, createPerson, Journey } from '../helpers/journey.ts';
import { expect, test, type Service } from '../helpers/service.ts';
import { council, countCases, interceptNeutralSite, REFERENCE } from './sent-case.ts';

/**
 * What happens around the questions: sending twice, going back after sending, an expired
 * session, a half-finished journey, changing an answer, Exit this page, forged posts and
 * personal data in addresses and titles. Without JavaScript unless a test says otherwise.
 */

const teamMailsFor = (service: Service, reference: string) =>
  service.mails.filter((m) => m.recipients.includes(council.mail.complaintsTeam) && m.subject.includes(reference));

/** Waits for the case's team email, then a little longer, and checks no second one came. */
async function expectOneTeamMail(service: Service, reference: string): Promise<void> {
  await service.waitForMail((m) => m.recipients.includes(council.mail.complaintsTeam) && m.subject.includes(reference));
  await new Promise((r) => setTimeout(r, 1_000));
  expect(teamMailsFor(service, reference)).toHaveLength(1);
}

const csrfTokenOf = async (page: Page) => (await page.locator('input[name="csrfToken"]').first().getAttribute('value')) ?? '';

/** The session id inside the signed `sid` cookie. */
async function sessionIdOf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'sid');
  expect(cookie, 'the session cookie').toBeDefined();
  const value = decodeURIComponent(cookie?.value ?? '');
  return value.slice(0, value.lastIndexOf('.'));
}

const referenceIn = (html: string) => /<strong>(CSC-[0-9A-Z]{4}-[0-9A-Z]{4})<\/strong>/.exec(html)?.[1];

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test.beforeEach(async ({ context }) => interceptNeutralSite(context));

  test('two Sends at once from one session make one case and one email', async ({ page, service, baseURL }) => {
    const person = createPerson();
    await answerUpToCheck(new Journey(page, { axe: false }), person, 'child');
    const csrfToken = await csrfTokenOf(page);
    const before = countCases(service);

    const send = () => page.request.post('/complaint/check', { form: { csrfToken, worriedAtCheck: 'no' }, headers: { Origin: baseURL ?? '' } });
    const [first, second] = await Promise.all([send(), send()]);
    expect(new URL(first.url()).pathname).toBe('/complaint/confirmation');
    expect(new URL(second.url()).pathname).toBe('/complaint/confirmation');
    const reference = referenceIn(await first.text());
    expect(reference).toMatch(REFERENCE);
    expect(referenceIn(await second.text())).toBe(reference);

    expect(countCases(service)).toBe(before + 1);
    await expectOneTeamMail(service, reference ?? '');
  });

  test('after sending, Back and a repeated Send show the same reference and send nothing new', async ({ page, service, baseURL }) => {
    const person = createPerson();
    const j = new Journey(page, { axe: false });
    await answerUpToCheck(j, person, 'child');
    const csrfToken = await csrfTokenOf(page);
    const reference = await j.checkAndSend({ atRisk: 'no' });
    const before = countCases(service);

    await page.goBack();
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/confirmation');
    expect(await j.confirmation()).toBe(reference);

    await page.goto('/complaint/check');
    expect(await j.confirmation()).toBe(reference);

    const again = await page.request.post('/complaint/check', { form: { csrfToken, worriedAtCheck: 'no' }, headers: { Origin: baseURL ?? '' } });
    expect(new URL(again.url()).pathname).toBe('/complaint/confirmation');
    expect(referenceIn(await again.text())).toBe(reference);

    expect(countCases(service)).toBe(before);
    await expectOneTeamMail(service, reference);
  });

  test('an expired session shows that the answers have been deleted', async ({ page, service }) => {
    const j = new Journey(page, { axe: false });
    await j.start();
    await j.danger('no');
    await j.worried('no');
    await j.expectPage('who');
    expect(service.execute('UPDATE sessions SET expires_at = 0 WHERE id = ?', await sessionIdOf(page))).toBe(1);

    await j.choose('role', 'parent');
    await j.submit();
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/session-expired');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your answers have been deleted');
    await expect(page).toHaveTitle(/^Your answers have been deleted – /);
    await expectNoAxeViolations(page);
  });

  test('a half-finished journey cannot be sent: Send goes back to the first question not answered', async ({ page, service, baseURL }) => {
    const j = new Journey(page, { axe: false });
    await j.start();
    await j.danger('no');
    await j.worried('no');
    await j.expectPage('who');
    const before = countCases(service);
    const mailsBefore = service.mails.length;

    const response = await page.request.post('/complaint/check', {
      form: { csrfToken: await csrfTokenOf(page), worriedAtCheck: 'no' },
      headers: { Origin: baseURL ?? '' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    expect(response.headers()['location']).toBe('/complaint/who');

    await new Promise((r) => setTimeout(r, 500));
    expect(countCases(service)).toBe(before);
    expect(service.mails.length).toBe(mailsBefore);
  });

  test('changing who is complaining from a parent to the child asks the new questions and drops the old answers', async ({ page }) => {
    const person = createPerson();
    const [child = ''] = person.childNames;
    const j = new Journey(page, { axe: false });
    await answerUpToCheck(j, person, 'parent');
    const main = page.getByRole('main');
    await expect(main).toContainText(child);
    await expect(main).toContainText('Does the child know about this complaint and agree with it?');

    await page.getByRole('link', { name: 'Change who is making this complaint?' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/who' && url.search === '?change=1');
    await j.choose('role', 'child');
    await j.submit();
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/about-you' && url.search === '?change=1');
    await j.aboutYou(12, 'this');
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/advocacy' && url.search === '?change=1');
    await j.advocacy('yes');

    await j.expectPage('check');
    const rows = page.locator('.govuk-summary-list__row');
    await expect(rows.filter({ hasText: 'Who is making this complaint?' })).toContainText("I'm a child or young person");
    await expect(rows.filter({ hasText: 'How old are you?' })).toContainText('12');
    await expect(rows.filter({ hasText: 'Would you like an advocate to help you?' })).toContainText('Yes please');
    await expect(main).not.toContainText(child);
    await expect(main).not.toContainText("Child's full name");
    await expect(main).not.toContainText('Does the child know about this complaint and agree with it?');
    await expect(main).not.toContainText('provided by another organisation');
  });

  test('Exit this page leaves for the neutral site and deletes the answers', async ({ page }) => {
    const j = new Journey(page, { axe: false });
    await j.start();
    await j.danger('no');
    await j.expectPage('worried');
    await page.getByRole('button', { name: 'Exit this page' }).click();
    await expect(page).toHaveURL(council.exitUrl);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Weather forecast');

    await page.goto('/complaint/check');
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/session-expired');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your answers have been deleted');
  });

  test('a post from another site is refused, and a post with the wrong token saves nothing', async ({ page, service, baseURL }) => {
    const j = new Journey(page, { axe: false });
    await j.start();
    await j.expectPage('danger');
    const csrfToken = await csrfTokenOf(page);
    const sessionId = await sessionIdOf(page);
    const savedAnswers = () => {
      const row = service.query('SELECT data FROM sessions WHERE id = ?', sessionId)[0];
      return Object.keys((JSON.parse(String(row?.['data'])) as { answers?: object }).answers ?? {});
    };

    const crossSite = await page.request.post('/complaint/danger', {
      form: { csrfToken, dangerNow: 'no' },
      headers: { Origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);
    expect(savedAnswers()).toEqual([]);

    const wrongToken = await page.request.post('/complaint/danger', {
      form: { csrfToken: `${csrfToken.slice(0, -2)}xx`, dangerNow: 'no' },
      headers: { Origin: baseURL ?? '' },
      maxRedirects: 0,
    });
    expect(wrongToken.status()).toBe(303);
    expect(savedAnswers()).toEqual([]);
    await page.goto('/complaint/worried');
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/danger');
  });

  test('no name or email address typed ever appears in an address or a page title', async ({ page }) => {
    const person = createPerson();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const j = new Journey(page, { axe: false });
    await answerUpToCheck(j, person, 'parent', { email: person.email });
    await j.checkAndSend({ atRisk: 'no', acknowledgement: 'no' });

    const secrets = [person.fullName, person.email, ...person.childNames.slice(0, 1), person.tag].map((s) => s.toLowerCase());
    const seen = [...requested, ...j.seen.map((s) => s.url)].map((u) => decodeURIComponent(u).toLowerCase());
    const titles = j.seen.map((s) => s.title.toLowerCase());
    expect(j.seen.length).toBeGreaterThan(15);
    for (const secret of secrets) {
      expect(
        seen.filter((u) => u.includes(secret)),
        `addresses containing "${secret}"`,
      ).toEqual([]);
      expect(
        titles.filter((t) => t.includes(secret)),
        `titles containing "${secret}"`,
      ).toEqual([]);
    }
  });
});

test.describe('with JavaScript', () => {
  test.use({ javaScriptEnabled: true });
  test.beforeEach(async ({ context }) => interceptNeutralSite(context));

  test('a double click on Continue sends the page once, and a quick press after an error still sends', async ({ page }) => {
    const j = new Journey(page, { axe: false });
    await j.start();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
    });
    // Nothing chosen: the page shows the error without sending; the corrected answer then goes
    // at once, however soon after the first press.
    await j.submit();
    await expect(page.getByRole('alert')).toBeVisible();
    await j.choose('dangerNow', 'no');
    await j.submit();
    await j.expectPage('worried');
    expect(posts).toEqual(['/complaint/danger']);

    await j.choose('worriedAboutHarm', 'no');
    await page.getByRole('button', { name: 'Continue', exact: true }).dblclick();
    await j.expectPage('who');
    expect(posts).toEqual(['/complaint/danger', '/complaint/worried']);
  });

  test('a double click on Send makes one case and one email', async ({ page, service }) => {
    const person = createPerson();
    await answerUpToCheck(new Journey(page, { axe: false }), person, 'child');
    await page.locator('input[name="worriedAtCheck"][value="no"]').check();
    const before = countCases(service);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
    });

    await page.getByRole('button', { name: 'Send complaint' }).dblclick();
    const reference = await new Journey(page, { axe: false }).confirmation();
    expect(reference).toMatch(REFERENCE);
    expect(posts, 'govuk-frontend stops the second click sending the form again').toEqual(['/complaint/check']);
    expect(countCases(service)).toBe(before + 1);
    await expectOneTeamMail(service, reference);
  });

  test('an answer given before the page has loaded its script is kept when the form takes over', async ({ page }) => {
    const j = new Journey(page, { axe: false });
    await j.start();
    // Hold back every script on the next page, as a slow phone connection does.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/_astro\/.+\.js(\?|$)/, async (route) => {
      await held;
      await route.continue();
    });
    await j.choose('dangerNow', 'no');
    await j.submit();
    // Module scripts hold back DOMContentLoaded and load, so wait only for the page to arrive.
    await page.waitForURL((url) => url.pathname === '/complaint/worried', { waitUntil: 'commit' });
    await expect(page.locator('[data-island="server"]')).toHaveCount(1);
    await page.locator('input[name="worriedAboutHarm"][value="no"]').check();

    release();
    await expect(page.locator('[data-island="server"]')).toHaveCount(0);
    await expect(page.locator('input[name="worriedAboutHarm"][value="no"]')).toBeChecked();
    await j.submit();
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/who');
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  test('Exit this page, by button or by pressing Shift three times, leaves for the neutral site', async ({ page }) => {
    const j = new Journey(page, { axe: false });
    await j.start();
    await j.danger('no');
    await j.expectPage('worried');
    await page.getByRole('button', { name: 'Exit this page' }).click();
    await expect(page).toHaveURL(council.exitUrl);
    await page.goto('/complaint/check');
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/session-expired');

    await j.start();
    await j.expectPage('danger');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await expect(page).toHaveURL(council.exitUrl);
    await page.goto('/complaint/danger');
    await expect(page).not.toHaveURL((url) => url.pathname === '/complaint/danger');
  });
});

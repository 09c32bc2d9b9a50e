import type { Browser, Locator, Page } from '@playwright/test';
import { toTelHref } from '../../src/domain/copy.ts';
import { expectNoAxeViolations } from '../helpers/axe.ts';
import { answerUpToCheck, createPerson, Journey, londonToday, type Person } from '../helpers/journey.ts';
import { expect, test, type Service } from '../helpers/service.ts';
import { council, countCases, interceptNeutralSite } from './sent-case.ts';

/**
 * Forms that forgive what people really do, and leave them with a record (issue 12, points 6, 7
 * and 9): a month typed as a word ("June", "jun", "Sept.") is a month, as GOV.UK accepts; a hidden
 * box filled in by the browser gives an error and keeps what was typed, never a silent loss;
 * check answers and the team's email name a question without "(optional)"; a missing name or way
 * to reply comes with the other ways to complain and to report a worry without a name; and the
 * confirmation can be printed, with a copy of what was sent that only the sending browser can open
 * until Exit this page. With JavaScript on and off, because the island checks dates and sends the
 * form itself, and the print button only exists with a script.
 */

const { complaints, frontDoor, nspcc, childline } = council.contacts;

/** The question and answer of every row of every summary list on the page, as shown. */
async function summaryRows(page: Page): Promise<{ question: string; answer: string }[]> {
  return page.locator('main .govuk-summary-list__row').evaluateAll((rows) =>
    rows.map((row) => ({
      question: (row.querySelector('.govuk-summary-list__key')?.textContent ?? '').trim(),
      answer: ((row.querySelector('.govuk-summary-list__value') as HTMLElement | null)?.innerText ?? '').trim(),
    })),
  );
}

/** The answer in the row whose question is exactly this. */
const rowAnswer = (page: Page, question: string): Locator =>
  page
    .locator('main .govuk-summary-list__row')
    .filter({ has: page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${question}\\s*$`) }) })
    .locator('.govuk-summary-list__value');

/** The last June that is not in the future: a month-and-year answer that never makes the complaint look late. */
function lastJune(): number {
  const [year = 0, month = 0] = londonToday().split('-').map(Number);
  return month >= 6 ? year : year - 1;
}

/** Types into the hidden box only robots (and browsers that fill in every box) fill in. */
const fillHoneypot = (page: Page, text: string) =>
  page.evaluate((value) => {
    const box = document.querySelector<HTMLInputElement>('#website');
    if (!box) throw new Error('no honeypot box on the page');
    box.value = value;
  }, text);

/** The session id inside the signed `sid` cookie. */
async function sessionIdOf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'sid');
  expect(cookie, 'the session cookie').toBeDefined();
  const value = decodeURIComponent(cookie?.value ?? '');
  return value.slice(0, value.lastIndexOf('.'));
}

/** The step ids the session holds answers for. */
function savedSteps(service: Service, sessionId: string): string[] {
  const row = service.query('SELECT data FROM sessions WHERE id = ?', sessionId)[0];
  return Object.keys((JSON.parse(String(row?.['data'] ?? '{}')) as { answers?: object }).answers ?? {});
}

/** Every email so far that carries this person's random letters (what they wrote, their name). */
const mailsAbout = (service: Service, person: Person) => service.mails.filter((m) => m.text.includes(person.tag));

/** The page came back as the same page with the GOV.UK error summary. */
async function expectErrorPage(page: Page, path: string, message: string): Promise<void> {
  await expect(page).toHaveURL((url) => url.pathname === path);
  await expect(page.locator('.govuk-error-summary')).toBeVisible();
  await expect(page.locator('.govuk-error-summary')).toContainText(message);
  expect(await page.title()).toMatch(/^Error: /);
}

/** A parent (or a child) up to "Has anyone complained about this before?", with nothing wrong on the way. */
async function upToComplainedBefore(j: Journey, person: Person, role: 'parent' | 'child'): Promise<void> {
  await j.start();
  await j.danger('no');
  await j.worried('no');
  await j.who(role);
  if (role === 'child') {
    await j.aboutYou(13, 'this');
    await j.service(['looked_after']);
    await j.advocacy('no');
  } else {
    await j.childAgreement('yes');
    await j.children([{ name: person.childNames[0] ?? '', age: 7, council: 'this' }]);
    await j.service(['looked_after']);
    await j.provider('no');
  }
  await j.whatHappened(`Nobody came to the review (${person.tag}).`);
  await j.when({ kind: 'ongoing' });
  await j.putRight('A new review.');
  await j.courtPolice('no');
  await j.expectPage('complained-before');
}

/** A parent (or a child) up to "What is your name?". */
async function upToYourName(j: Journey, person: Person, role: 'parent' | 'child'): Promise<void> {
  await upToComplainedBefore(j, person, role);
  await j.complainedBefore('no');
  await j.documents('no');
  await j.expectPage('your-name');
}

/** Presses the page's button and waits for the errors, found by the island or sent back by the server. */
async function submitForErrors(j: Journey): Promise<void> {
  await j.submit();
  await expect(j.page.locator('.govuk-error-summary')).toBeVisible();
  await j.page.waitForLoadState('load');
}

/** A link in the page's main content to this phone number, which dials it. */
async function expectPhoneLink(main: Locator, phone: string): Promise<void> {
  await expect(main.getByRole('link', { name: phone, exact: true }).first()).toHaveAttribute('href', toTelHref(phone));
}

const ADULT_HELP = 'If you do not want to give your name or contact details';
const ADULT_WORRY = 'If you are worried about a child';
const CHILD_HELP = 'If you do not want to tell us your name or how to contact you';
const CHILD_WORRY = 'If you are not safe';

/** The page's own second-level headings, not the error summary's title. */
const helpHeadings = (main: Locator): Locator => main.locator('h2:not(.govuk-error-summary__title)');

/** The adult's help beside the errors: the other ways to complain, and a worry told without a name. */
async function expectAdultHelp(page: Page): Promise<void> {
  const main = page.getByRole('main');
  await expect(helpHeadings(main)).toHaveText([ADULT_HELP, ADULT_WORRY]);
  await expectPhoneLink(main, complaints.phone);
  await expect(main.getByRole('link', { name: complaints.email })).toHaveAttribute('href', `mailto:${complaints.email}`);
  await expect(main).toContainText('You do not have to give your name to tell someone you are worried about a child.');
  await expectPhoneLink(main, frontDoor.phone);
  // The NSPCC's helpline for adults worried about a child, as the issue names it.
  expect(nspcc.phone).toBe('0808 800 5000');
  await expectPhoneLink(main, nspcc.phone);
  await expect(main).not.toContainText(CHILD_HELP);
}

/** The child's help beside the errors, in the child's words: no sentence written for adults. */
async function expectChildHelp(page: Page): Promise<void> {
  const main = page.getByRole('main');
  await expect(helpHeadings(main)).toHaveText([CHILD_HELP, CHILD_WORRY]);
  await expectPhoneLink(main, complaints.phone);
  await expect(main.getByRole('link', { name: 'ask an advocate' })).toHaveAttribute('href', '/advocate');
  await expect(main).toContainText('You do not have to give your name to get help.');
  await expectPhoneLink(main, frontDoor.phone);
  await expectPhoneLink(main, childline.phone);
  await expect(main).not.toContainText(ADULT_HELP);
  await expect(main).not.toContainText(ADULT_WORRY);
  await expect(main).not.toContainText(nspcc.phone);
}

/** Nothing of the help shows before the person has got anything wrong. */
async function expectNoHelp(page: Page): Promise<void> {
  const main = page.getByRole('main');
  for (const heading of [ADULT_HELP, ADULT_WORRY, CHILD_HELP, CHILD_WORRY]) await expect(main).not.toContainText(heading);
  await expect(main.locator('a[href^="tel:"]')).toHaveCount(0);
}

/** Opens the address in another browser (someone else's, or a private window): no cookie, so no session. */
async function strangerOpens(browser: Browser, baseURL: string, javaScriptEnabled: boolean, path: string): Promise<{ path: string; text: string }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  try {
    const page = await context.newPage();
    await page.goto(path);
    return { path: new URL(page.url()).pathname, text: await page.locator('body').innerText() };
  } finally {
    await context.close();
  }
}

for (const javaScriptEnabled of [false, true]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a month typed as a word is a month, in a month and year and in a date of birth; a misspelt one is not a real date', async ({ page }) => {
      const j = new Journey(page, { axe: false });
      const person = createPerson();
      const year = lastJune();
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('parent');
      await j.childAgreement('yes');
      await j.expectPage('child-1');
      await page.locator('[name="child1Name"]').fill(person.childNames[0] ?? '');
      await page.locator('[name="child1Dob-day"]').fill('3');
      await page.locator('[name="child1Dob-month"]').fill('Sept.');
      await page.locator('[name="child1Dob-year"]').fill('2015');
      await j.choose('child1Council', 'this');
      await j.submit();
      await j.expectPage('more-children-1');
      await j.choose('moreChildren', 'no');
      await j.submit();
      await j.service(['looked_after']);
      await j.provider('no');
      await j.whatHappened(`Nobody came to the review (${person.tag}).`);

      await j.expectPage('when');
      await j.choose('whenKind', 'month');
      await page.locator('[name="whenMonth-month"]').fill('Jume');
      await page.locator('[name="whenMonth-year"]').fill(String(year));
      await submitForErrors(j);
      await expectErrorPage(page, '/complaint/when', 'The month it happened must be a real date');
      await expect(page.locator('#whenMonth-error')).toContainText('The month it happened must be a real date');
      await expect(page.locator('[name="whenMonth-month"]'), 'what was typed is kept to correct').toHaveValue('Jume');

      // The word itself reaches the server: with JavaScript, the island must let it through.
      await page.locator('[name="whenMonth-month"]').fill('June');
      const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/complaint/when', { timeout: 5_000 });
      await j.submit();
      expect((await posted).postData()).toContain('whenMonth-month=June');
      await j.putRight('A new review.');
      await j.courtPolice('no');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName(person.fullName);
      await j.contact({ phone: '07700 900982' });
      await j.safeContact({ kind: 'yes' });
      await j.needs(['none']);
      await j.expectPage('check');
      await expect(rowAnswer(page, 'Date of birth')).toHaveText('3 September 2015');
      await expect(rowAnswer(page, 'Month and year it happened')).toHaveText(`June ${year}`);

      // A short form in small letters, changed from check answers.
      await page.getByRole('link', { name: 'Change date of birth' }).click();
      await j.expectPage('child-1');
      await expect(page.locator('[name="child1Dob-month"]'), 'the saved month comes back as its number').toHaveValue('9');
      await page.locator('[name="child1Dob-month"]').fill('jun');
      await j.submit();
      await j.expectPage('check');
      await expect(rowAnswer(page, 'Date of birth')).toHaveText('3 June 2015');
    });

    test('a filled-in hidden box gives an error and keeps what was typed; sending again with it empty carries on', async ({ page, service }) => {
      const j = new Journey(page, { axe: false });
      const person = createPerson();
      await upToYourName(j, person, 'parent');
      const sessionId = await sessionIdOf(page);

      await page.locator('[name="fullName"]').fill(person.fullName);
      await fillHoneypot(page, person.fullName);
      await j.submit();
      await expectErrorPage(page, '/complaint/your-name', 'Your answers have not been saved. Check them and select Continue again');
      await expect(page.locator('[name="fullName"]')).toHaveValue(person.fullName);
      await expect(page.locator('#website'), 'the hidden box comes back empty').toHaveValue('');
      expect(savedSteps(service, sessionId)).not.toContain('your-name');
      await j.submit();
      await j.expectPage('contact');
      expect(savedSteps(service, sessionId)).toContain('your-name');
      await j.contact({ phone: '07700 900982' });
      await j.safeContact({ kind: 'yes' });
      await j.needs(['none']);
      await j.expectPage('check');

      const casesBefore = countCases(service);
      await j.choose('worriedAtCheck', 'no', { record: false });
      await fillHoneypot(page, 'https://robin.example');
      await j.submit('Send complaint');
      await expectErrorPage(page, '/complaint/check', 'Your answers have not been saved. Check them and select Send complaint again');
      await expect(page.locator('input[name="worriedAtCheck"][value="no"]'), 'the answer given is kept').toBeChecked();
      await expect(page.locator('#website')).toHaveValue('');
      await page.waitForTimeout(500);
      expect(countCases(service), 'nothing was stored').toBe(casesBefore);
      expect(mailsAbout(service, person), 'nothing was sent').toHaveLength(0);

      await j.submit('Send complaint');
      const reference = await j.confirmation();
      expect(countCases(service)).toBe(casesBefore + 1);
      const team = await service.waitForMail((m) => m.recipients.includes(council.mail.complaintsTeam) && m.subject.includes(reference));
      expect(team.text).toContain(person.tag);
    });

    test('check answers and the team’s email name a question without “(optional)”', async ({ page, service }) => {
      const j = new Journey(page, { axe: false });
      const person = createPerson();
      await upToComplainedBefore(j, person, 'parent');
      await j.choose('previousComplaint', 'yes_ongoing');
      const referenceLabel = (await page.locator('label[for="previousReference"]').innerText()).trim();
      await page.locator('[name="previousReference"]').fill('CSC-7K4M-2P9C');
      await j.submit();
      await j.documents('no');
      await j.yourName(person.fullName);
      await j.expectPage('contact');
      await j.choose('contactMethods', 'post', { record: false });
      const line2Label = (await page.locator('label[for="addressLine2"]').innerText()).trim();
      await page.locator('[name="addressLine1"]').fill('1 Test Street');
      await page.locator('[name="addressLine2"]').fill(`Flat ${person.tag}`);
      await page.locator('[name="addressTown"]').fill('Exampleton');
      await page.locator('[name="addressPostcode"]').fill('EX1 1AA');
      await j.submit();
      await j.safeContact({ kind: 'yes' });
      await j.needs(['none']);
      await j.expectPage('check');

      // The pages say the questions are optional; the rows, answered, do not.
      expect(referenceLabel).toBe('Reference number from before (optional)');
      expect(line2Label).toBe('Address line 2 (optional)');
      const rows = await summaryRows(page);
      expect(rows.filter((r) => r.question.includes('(optional)'))).toEqual([]);
      expect(rows).toContainEqual({ question: 'Reference number from before', answer: 'CSC-7K4M-2P9C' });
      expect(rows).toContainEqual({ question: 'Address line 2', answer: `Flat ${person.tag}` });

      const reference = await j.checkAndSend({ atRisk: 'no' });
      const team = await service.waitForMail((m) => m.recipients.includes(council.mail.complaintsTeam) && m.subject.includes(reference));
      const text = team.text.replace(/\r\n/g, '\n');
      const answers = text.slice(text.indexOf('Answers, in the order they were given'));
      expect(answers).toContain('Reference number from before\nCSC-7K4M-2P9C');
      expect(answers).toContain(`Address line 2\nFlat ${person.tag}`);
      expect(answers).not.toContain('(optional)');
      expect(team.html).toContain('Address line 2');
      expect(team.html).not.toContain('(optional)');
    });

    test('a missing name or way to reply comes with the other ways to complain and to report a worry without a name', async ({ page }) => {
      const j = new Journey(page, { axe: false });
      const person = createPerson();
      await upToYourName(j, person, 'parent');
      await expectNoHelp(page);
      await submitForErrors(j);
      await expectErrorPage(page, '/complaint/your-name', 'Enter your full name');
      await expectAdultHelp(page);
      await expectNoAxeViolations(page);

      await page.locator('[name="fullName"]').fill(person.fullName);
      await j.submit();
      await j.expectPage('contact');
      await expectNoHelp(page);
      await submitForErrors(j);
      await expectErrorPage(page, '/complaint/contact', 'Select at least one way we can contact you');
      await expectAdultHelp(page);
      await expectNoAxeViolations(page);

      // A child reads the child's words, on both pages.
      const child = new Journey(page, { axe: false });
      await upToYourName(child, createPerson(), 'child');
      await expectNoHelp(page);
      await submitForErrors(child);
      await expectErrorPage(page, '/complaint/your-name', 'Tell us your name');
      await expectChildHelp(page);
      await expectNoAxeViolations(page);

      await page.locator('[name="fullName"]').fill(person.fullName);
      await child.submit();
      await child.expectPage('contact');
      await expectNoHelp(page);
      await submitForErrors(child);
      await expectErrorPage(page, '/complaint/contact', 'Choose at least one way we can contact you');
      await expectChildHelp(page);
      await expectNoAxeViolations(page);
    });

    test('the confirmation can be printed, with a copy of the answers only this browser can open until Exit this page', async ({ page, service, browser }) => {
      await interceptNeutralSite(page.context());
      if (javaScriptEnabled) {
        // Chromium's print window would block the test: count the calls instead.
        await page.addInitScript(() => {
          const counted = window as Window & { printCalls?: number };
          counted.printCalls = 0;
          window.print = () => {
            counted.printCalls = (counted.printCalls ?? 0) + 1;
          };
        });
      }
      const printCalls = () => page.evaluate(() => (window as Window & { printCalls?: number }).printCalls);
      const j = new Journey(page, { axe: false });
      const person = createPerson();
      await answerUpToCheck(j, person, 'parent');
      const checked = await summaryRows(page);
      const reference = await j.checkAndSend({ atRisk: 'no' });
      const main = page.getByRole('main');

      const instruction = main.getByText("To keep a copy, print this page or save it as a PDF from your browser's menu.");
      const printButton = main.getByRole('button', { name: 'Print this page' });
      if (javaScriptEnabled) {
        await expect(instruction).toBeHidden();
        await expect(printButton).toBeVisible();
        await printButton.click();
        expect(await printCalls()).toBe(1);
      } else {
        await expect(instruction).toBeVisible();
        await expect(printButton).toHaveCount(0);
      }

      // On paper: the panel with the reference, without the header, footer or Exit this page.
      const chrome = [page.locator('.govuk-template__header'), page.locator('.govuk-footer'), page.getByRole('button', { name: 'Exit this page' })];
      const panel = page.locator('.govuk-panel');
      for (const part of chrome) await expect(part).toBeVisible();
      await page.emulateMedia({ media: 'print' });
      for (const part of chrome) await expect(part).toBeHidden();
      await expect(panel).toBeVisible();
      await expect(panel).toContainText(reference);
      await expect(main.getByRole('link', { name: 'See and print your answers' })).toBeHidden();
      await page.emulateMedia({ media: 'screen' });

      // The copy: what check answers showed, without change links, never stored by a cache.
      const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/complaint/your-answers');
      await main.getByRole('link', { name: 'See and print your answers' }).click();
      expect((await response).headers()['cache-control']).toBe('no-store');
      await j.expectPage('your-answers');
      await expect(main.getByRole('heading', { level: 1 })).toHaveText('Your answers');
      await expect(main).toContainText(`Your reference number is ${reference}.`);
      expect(checked.length).toBeGreaterThan(10);
      expect(await summaryRows(page)).toEqual(checked);
      await expect(main.locator('.govuk-summary-list__actions')).toHaveCount(0);
      await expect(main.getByRole('link', { name: /^Change/ })).toHaveCount(0);
      if (javaScriptEnabled) {
        await main.getByRole('button', { name: 'Print this page' }).click();
        expect(await printCalls()).toBe(1);
      } else {
        await expect(main.getByRole('button', { name: 'Print this page' })).toHaveCount(0);
      }

      // Another browser has no session: it is sent away, and sees nothing of the answers.
      const stranger = await strangerOpens(browser, service.baseURL, javaScriptEnabled, '/complaint/your-answers');
      expect(stranger.path).not.toBe('/complaint/your-answers');
      expect(stranger.text).not.toContain(reference);
      expect(stranger.text).not.toContain(person.tag);

      // Exit this page deletes the copy with the session.
      const sessionId = await sessionIdOf(page);
      expect(service.query('SELECT id FROM sessions WHERE id = ?', sessionId)).toHaveLength(1);
      await page.getByRole('button', { name: 'Exit this page' }).click();
      await expect(page).toHaveURL(council.exitUrl);
      expect(service.query('SELECT id FROM sessions WHERE id = ?', sessionId)).toHaveLength(0);
      await page.goto('/complaint/your-answers');
      await expect(page).not.toHaveURL((url) => url.pathname === '/complaint/your-answers');
      await expect(page.locator('body')).not.toContainText(reference);
      await expect(page.locator('body')).not.toContainText(person.tag);
    });
  });
}

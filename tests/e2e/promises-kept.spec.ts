import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, type Locator, type Page } from '@playwright/test';
import { parse, stringify } from 'yaml';
import type { Council } from '../../src/domain/council.ts';
import { formatLongDate } from '../../src/domain/dates.ts';
import { loadCouncilFile } from '../helpers/councils.ts';
import { answerFromWhatHappened, answerUpToCheck, createPerson, daysAgo, Journey, monthsAgo, type Person } from '../helpers/journey.ts';
import { expect, startService, test, type Mail, type Service } from '../helpers/service.ts';
import { council, expectRowsInOrder, readAcknowledgeBy, REFERENCE } from './sent-case.ts';

/**
 * Promises kept: what a person is told on a page is what staff, the advocacy provider and the
 * person's own inbox are told, read back from the real SMTP server. A child offered an advocate
 * before "What happened?" is referred, and the page, the provider, the team and the
 * acknowledgement all give one date (or the team is told to refer by hand by that date); a worry
 * about harm reaches both mailboxes with the child's name, the person's words escaped and the
 * promise to pass it on; someone without an email is acknowledged by phone by the page's date;
 * the team's email leads with who and what; and the smaller promises of the confirmation page,
 * check answers, /review and the council's own name. With JavaScript on and off.
 */

const { advocacy, childline, frontDoor } = council.contacts;
const referralEmail = advocacy.referralEmail ?? '';

/** How long to keep listening for an email that must not come, once the case's first email is in. */
const QUIET_MS = 1_000;

/** A weekday date as pages and emails print it. */
const LONG_DATE = /^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+ \d{4}$/;

const ANSWERS_HEADING = 'Answers, in the order they were given';

/** The email of one kind about one case, by the Message-ID the service gives it. */
const mailOf = (service: Service, reference: string, kind: string, domain = council.mail.messageIdDomain) =>
  service.waitForMail((m) => m.messageId === `<${reference}.${kind}@${domain}>`, 20_000);

/** Every email about one case that has arrived so far. */
const mailsFor = (service: Service, reference: string) => service.mails.filter((m) => m.messageId.startsWith(`<${reference}.`));

const quiet = () => new Promise((r) => setTimeout(r, QUIET_MS));

/** The bold date in the one paragraph or list item of the page's main content that holds this sentence. */
async function boldDateIn(page: Page, sentence: string): Promise<string> {
  const line = page.getByRole('main').locator('p, li').filter({ hasText: sentence });
  await expect(line).toHaveCount(1);
  const date = (await line.locator('strong').innerText()).trim();
  expect(date).toMatch(LONG_DATE);
  return date;
}

/** How many times a sentence appears in the text of a part of the page. */
async function countIn(locator: Locator, sentence: string): Promise<number> {
  const text = (await locator.innerText()).replace(/\s+/g, ' ');
  return text.split(sentence).length - 1;
}

/** The urgent banner of a plain-text email: the lines between the two rules of asterisks. */
function textBanner(text: string): string {
  const rule = '*'.repeat(60);
  const start = text.indexOf(rule);
  const end = text.indexOf(rule, start + rule.length);
  expect(start, 'the email opens with an urgent banner').toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return text.slice(start + rule.length, end);
}

/** The urgent banner of an HTML email: the first boxed cell, which holds the SAFEGUARDING title. */
function htmlBanner(html: string): string {
  const cell = /<table role="presentation"[^>]*><tr><td style="[^"]*">([\s\S]*?)<\/td><\/tr><\/table>/.exec(html)?.[1] ?? '';
  expect(cell, 'the HTML opens with the red safeguarding box').toContain('SAFEGUARDING');
  return cell;
}

/** The date of one step of the case's timeline, from the JSON attached to the team's email. */
function timelineDate(team: Mail, reference: string, id: string): string {
  const json = JSON.parse(team.attachments.find((a) => a.filename === `${reference}.json`)?.content ?? '{}') as { timeline?: { id: string; date: string }[] };
  const date = json.timeline?.find((e) => e.id === id)?.date;
  expect(date, `the timeline has a ${id} date`).toBeDefined();
  return formatLongDate(date ?? '');
}

/**
 * A child or care leaver from the start to check answers, on the shortest path, answering the
 * advocate question on the page before "What happened?" and checking that it comes right there.
 */
async function youngPersonUpToCheck(
  j: Journey,
  person: Person,
  options: {
    role?: 'child' | 'care_leaver';
    age?: number;
    worried?: boolean;
    wantsAdvocate: 'yes' | 'no' | 'not_sure';
    contact: { email?: string; phone?: string };
    whatHappened?: string;
  },
): Promise<void> {
  const role = options.role ?? 'child';
  await j.start();
  await j.danger('no');
  if (options.worried) {
    await j.worried('yes');
    await j.getHelpThenContinue(frontDoor.phone);
  } else {
    await j.worried('no');
  }
  await j.who(role);
  await j.aboutYou(options.age ?? 13, 'this');
  await j.service([role === 'care_leaver' ? 'leaving_care' : 'looked_after']);
  // The advocate is offered straight after what it is about, before "What happened?", with the
  // way to stop and ask for one first.
  await j.expectPage('advocacy');
  const main = j.page.getByRole('main');
  await expect(main).toContainText('you can stop here and');
  await expect(main.getByRole('link', { name: 'ask for an advocate first' })).toHaveAttribute('href', '/advocate');
  await j.advocacy(options.wantsAdvocate);
  await j.whatHappened(options.whatHappened ?? `Nobody came to my review (${person.tag}).`);
  await j.when({ kind: 'month', date: monthsAgo(1) });
  await j.putRight(`A new review (${person.tag}).`);
  await j.courtPolice('no');
  await j.complainedBefore('no');
  await j.documents('no');
  await j.yourName(person.fullName);
  await j.contact(options.contact);
  await j.safeContact({ kind: 'yes' });
  await j.needs(['none']);
  await j.expectPage('check');
}

/** A parent with one child from the start to "What happened?", saying whether they are worried. */
async function parentUpToWhatHappened(j: Journey, person: Person, options: { worried: boolean; provider?: string }): Promise<void> {
  await j.start();
  await j.danger('no');
  if (options.worried) {
    await j.worried('yes');
    await j.getHelpThenContinue(frontDoor.phone);
  } else {
    await j.worried('no');
  }
  await j.who('parent');
  await j.childAgreement('yes');
  await j.children([{ name: person.childNames[0] ?? '', age: 6, council: 'this' }]);
  await j.service(['looked_after']);
  await j.expectPage('provider');
  if (options.provider) {
    await j.choose('commissionedProvider', 'yes');
    await j.type('providerName', options.provider);
    await j.submit();
  } else {
    await j.provider('no');
  }
  await j.expectPage('what-happened');
}

for (const javaScriptEnabled of [false, true]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a child who asks for an advocate is referred, and the page, the provider, the team and the acknowledgement give one date', async ({
      page,
      service,
    }) => {
      test.setTimeout(240_000);
      const p = createPerson();
      const j = new Journey(page, { axe: false });
      await youngPersonUpToCheck(j, p, { wantsAdvocate: 'yes', contact: { email: p.email } });
      const reference = await j.checkAndSend({ atRisk: 'no', acknowledgement: 'yes' });
      expect(reference).toMatch(REFERENCE);

      // (b) The page: the advocate will get in touch by a date.
      const contactBy = await boldDateIn(page, 'You asked for an advocate.');
      await expect(page.getByRole('main')).toContainText(`Your advocate will be from ${advocacy.name}. They will get in touch with you by ${contactBy}.`);

      // (a) The provider's referral mailbox gets the referral, with the reference and the same date.
      expect(referralEmail, 'the shipped council has a referral mailbox').toMatch(/@/);
      const referral = await mailOf(service, reference, 'advocacy_referral');
      expect(referral.recipients).toEqual([referralEmail]);
      expect(referral.subject).toContain(reference);
      expect(referral.subject).toContain(`contact by ${contactBy}`);
      expect(referral.text).toContain(reference);
      expect(referral.text).toContain(`Please get in touch by ${contactBy}`);
      expect(referral.text).toContain('They were told you would.');

      // (c) The team is told the referral was sent, with the same date.
      const team = await mailOf(service, reference, 'team');
      expect(team.text).toContain(
        `Referral sent to ${advocacy.name} at ${referralEmail}: they should get in touch by ${contactBy}, as the young person was told.`,
      );
      expect(team.text).not.toContain('REFER BY HAND');

      // (d) The acknowledgement carries the same promise, not only "you can contact them".
      const ack = await mailOf(service, reference, 'acknowledgement');
      expect(ack.recipients).toEqual([p.email]);
      expect(ack.text).toContain(`You asked for an advocate. Your advocate will be from ${advocacy.name}. They will get in touch with you by ${contactBy}.`);
      expect(ack.text).not.toContain(`You can contact ${advocacy.name}:`);

      await quiet();
      expect(
        mailsFor(service, reference)
          .map((m) => m.messageId)
          .sort(),
      ).toEqual(['acknowledgement', 'advocacy_referral', 'team'].map((kind) => `<${reference}.${kind}@${council.mail.messageIdDomain}>`));
    });

    test('a worry about harm reaches the team and the safeguarding mailbox with the child, their words escaped, and the promise to keep', async ({
      page,
      service,
    }) => {
      test.setTimeout(240_000);
      const p = createPerson();
      const [child = ''] = p.childNames;
      const start = `He came home and said they <b>hurt</b> him at contact (${p.tag}).`;
      const end = `ENDOF${p.tag}`;
      // Longer than the banner quotes, so the banner shows the start and not the end.
      const whatHappened = `${start} ${'The visits keep going wrong and nobody tells us why. '.repeat(8)}${end}`;
      const j = new Journey(page, { axe: false });
      await parentUpToWhatHappened(j, p, { worried: true });
      await answerFromWhatHappened(j, p, whatHappened, { phone: '07700 900982' });
      const reference = await j.checkAndSend({});

      const team = await mailOf(service, reference, 'team');
      const copy = await mailOf(service, reference, 'safeguarding');
      expect(team.recipients).toEqual([council.mail.complaintsTeam]);
      expect(copy.recipients).toEqual([council.mail.safeguarding]);

      for (const mail of [team, copy]) {
        const banner = textBanner(mail.text);
        expect(banner).toContain(`The child: ${child}.`);
        expect(banner).toContain(`Their words, from "What happened?": "${start}`);
        expect(banner, 'the banner quotes only the start').not.toContain(end);
        expect(banner).toMatch(/^ACTION: /m);
        expect(banner).toContain(`ACTION: pass these worries to the children's services front door today, on ${frontDoor.phone}`);
        expect(banner).toContain(`and tell ${p.fullName} when you have. They were promised this.`);

        const html = htmlBanner(mail.html);
        expect(html).toContain(child);
        expect(html).toContain('&lt;b&gt;hurt&lt;/b&gt;');
        expect(html).toContain('ACTION:');
        expect(html).toContain(p.fullName);
        expect(mail.html, 'what was typed is never HTML in the email').not.toContain('<b>hurt</b>');
        expect(mail.html).toContain('&lt;b&gt;hurt&lt;/b&gt;');
      }
    });

    test('the help page no longer tells people not to use a complaint to say a child is unsafe', async ({ page }) => {
      test.setTimeout(240_000);
      await page.goto('/help');
      const main = page.getByRole('main');
      await expect(main).toContainText('we will pass on what you tell us about a child');
      await expect(main).not.toContainText('Do not use a complaint to tell us a child is unsafe');
    });

    test('someone who gives only a phone number gets no acknowledgement email, and the team is told to phone by the page’s date', async ({ page, service }) => {
      test.setTimeout(240_000);
      const p = createPerson();
      const j = new Journey(page, { axe: false });
      await answerUpToCheck(j, p, 'parent', { phone: '07700 900982' });
      const reference = await j.checkAndSend({ atRisk: 'no' });
      const acknowledgeBy = await readAcknowledgeBy(page);
      await expect(page.getByRole('main')).not.toContainText('We have also sent you an email');

      const team = await mailOf(service, reference, 'team');
      expect(team.text).toContain(`No email given: acknowledge by phone by ${acknowledgeBy}`);
      expect(timelineDate(team, reference, 'acknowledge')).toBe(acknowledgeBy);

      await quiet();
      expect(mailsFor(service, reference).map((m) => m.messageId)).toEqual([`<${reference}.team@${council.mail.messageIdDomain}>`]);
      expect(
        service.mails.filter((m) => m.subject.includes(reference) && !m.recipients.includes(council.mail.complaintsTeam)),
        'nobody but the team hears of the case',
      ).toEqual([]);
    });

    test('the team’s email leads with who and what, names the provider, and a stage 2 request finds the complaint', async ({ page, service }) => {
      test.setTimeout(240_000);
      const p = createPerson();
      const [child = ''] = p.childNames;
      const provider = `Brightwater Fostering ${p.tag}`;
      const whatHappened = `Nobody told us the placement was ending (${p.tag}). Then the visits stopped.`;
      const j = new Journey(page, { axe: false });
      await parentUpToWhatHappened(j, p, { worried: false, provider });
      await answerFromWhatHappened(j, p, whatHappened, { phone: '07700 900982' });
      const original = await j.checkAndSend({ atRisk: 'no' });
      const replyBy = await boldDateIn(page, 'You should get a full reply by');

      const team = await mailOf(service, original, 'team');
      const text = team.text.replace(/\r\n/g, '\n');
      const answersAt = text.indexOf(ANSWERS_HEADING);
      expect(answersAt).toBeGreaterThan(0);
      const before = text.slice(0, answersAt);
      const summaryAt = before.indexOf('Summary\n=======');
      expect(summaryAt, 'the summary comes before the answers').toBeGreaterThanOrEqual(0);
      for (const words of [
        `Who is complaining: ${p.fullName}`,
        `Child: ${child}`,
        `Provided for the council by ${provider}`,
        'What happened?: Nobody told us the placement',
      ]) {
        expect(before.indexOf(words, summaryAt), `"${words}" is in the summary, before the answers`).toBeGreaterThan(summaryAt);
      }
      // The projected later stages come last, after the answers.
      const laterAt = text.indexOf('Later stages (projected)');
      expect(laterAt).toBeGreaterThan(answersAt);
      for (const [id, label] of [
        ['stage2', 'Stage 2 investigation reply due'],
        ['stage3_request', 'Ask for a review panel (stage 3) by'],
      ] as const) {
        const line = `${label}: ${timelineDate(team, original, id)}`;
        expect(text.indexOf(line), `"${line}" is with the later stages`).toBeGreaterThan(laterAt);
        expect(before, `${label} is not before the answers`).not.toContain(label);
      }
      // The page says the name is optional; the answered row, like check answers, does not.
      const rows = j.rows.map((row) => ({ ...row, question: row.question.replace(/ \(optional\)$/, '') }));
      expect(rows).toContainEqual({ question: 'Which organisation?', answer: provider });
      expectRowsInOrder(text, rows);
      expect(text).toContain(`Another organisation provided the service?: Yes: ${provider}`);

      // A stage 2 request quoting that reference is matched to it.
      const r = new Journey(page, { axe: false });
      await page.goto('/review');
      await r.expectPage('/review');
      await page.getByRole('button', { name: 'Start now' }).click();
      await r.expectPage('/review/reference');
      await r.type('reference', original);
      await r.submit();
      await r.expectPage('/review/stage');
      await r.choose('stage', 'stage2');
      await r.submit();
      await r.expectPage('/review/reply-date');
      await r.date('replyReceived', daysAgo(0));
      await r.submit();
      await r.expectPage('/review/your-name');
      await r.type('fullName', p.fullName);
      await r.submit();
      await r.expectPage('/review/contact');
      await r.choose('contactMethods', 'phone');
      await r.type('phone', '07700 900982');
      await r.submit();
      await r.expectPage('/review/safe-contact');
      await r.choose('safeToContact', 'yes');
      await r.submit();
      await r.expectPage('/review/why');
      await r.type('whyUnhappy', `The reply did not explain the placement (${p.tag}).`);
      await r.submit();
      await r.expectPage('/review/put-right');
      await r.type('outcomeWanted', 'An investigation.');
      await r.submit();
      await r.documents('no', '/review/documents');
      await r.expectPage('/review/check');
      await r.choose('worriedAtCheck', 'no', { record: false });
      await r.submit('Send request');
      await r.expectPage('/review/confirmation');
      const request = (await page.locator('.govuk-panel__body strong').innerText()).trim();
      expect(request).toMatch(REFERENCE);
      expect(request).not.toBe(original);

      const escalation = await mailOf(service, request, 'team');
      expect(escalation.subject).toContain(original);
      expect(escalation.subject).not.toContain('reference not found');
      expect(escalation.text).toContain(`Complaint reference: ${original}`);
      const received = /^Received \(for working days\): (.+)$/m.exec(text)?.[1] ?? '';
      expect(received).toMatch(LONG_DATE);
      expect(escalation.text).toContain(
        `In this service's records: Found: a complaint received on ${received}, provisional route statutory, stage 1 reply due ${replyBy}.`,
      );
    });

    test('a child’s team email says nothing about a commissioned provider, which a child is never asked', async ({ page, service }) => {
      test.setTimeout(240_000);
      const p = createPerson();
      const j = new Journey(page, { axe: false });
      await answerUpToCheck(j, p, 'child', { phone: '07700 900982' });
      const reference = await j.checkAndSend({ atRisk: 'no' });
      expect(j.seen.map((s) => new URL(s.url).pathname)).not.toContain('/complaint/provider');
      const team = await mailOf(service, reference, 'team');
      for (const note of [
        'Commissioned provider',
        'Another organisation provided the service?',
        'provided the service for the council',
        'Provided for the council by',
      ]) {
        expect(team.text).not.toContain(note);
      }
      expect(team.text).toContain(`Who is complaining: ${p.fullName}`);
    });

    test('Childline is offered to a child of 13 but not to a care leaver of 20', async ({ page }) => {
      test.setTimeout(240_000);
      const childlineLine = `You can talk to ${childline.name} on ${childline.phone}`;

      const child = createPerson();
      const j = new Journey(page, { axe: false });
      await youngPersonUpToCheck(j, child, { age: 13, wantsAdvocate: 'no', contact: { phone: '07700 900982' } });
      await j.checkAndSend({ atRisk: 'no' });
      await expect(page.getByRole('main')).toContainText(childlineLine);

      const leaver = createPerson();
      const k = new Journey(page, { axe: false });
      await youngPersonUpToCheck(k, leaver, { role: 'care_leaver', age: 20, wantsAdvocate: 'no', contact: { phone: '07700 900982' } });
      await k.checkAndSend({ atRisk: 'no' });
      await expect(page.getByRole('main')).toContainText('Complaint sent');
      await expect(page.getByRole('main')).not.toContainText(childline.name);
    });

    test('"I don’t know" is an answer to "Has anyone complained about this before?", and check answers shows it', async ({ page }) => {
      test.setTimeout(240_000);
      const p = createPerson();
      const j = new Journey(page, { axe: false });
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('parent');
      await j.childAgreement('yes');
      await j.children([{ name: p.childNames[0] ?? '', age: 6, council: 'this' }]);
      await j.service(['looked_after']);
      await j.provider('no');
      await j.whatHappened(`Nobody came to the review (${p.tag}).`);
      await j.when({ kind: 'ongoing' });
      await j.putRight('A new review.');
      await j.courtPolice('no');
      await j.complainedBefore('not_sure');
      const row = j.rows.at(-1);
      expect(row?.question).toBe('Has anyone complained about this before?');
      expect(row?.answer).toMatch(/^I (do not|don't|don’t) know$/);
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ phone: '07700 900982' });
      await j.safeContact({ kind: 'yes' });
      await j.needs(['none']);
      await j.expectPage('check');
      const answer = page
        .locator('main .govuk-summary-list__row')
        .filter({ has: page.locator('.govuk-summary-list__key', { hasText: /^\s*Has anyone complained about this before\?\s*$/ }) })
        .locator('.govuk-summary-list__value');
      await expect(answer).toHaveText(row?.answer ?? '');
    });

    test('the example reference on /review is accepted when it is typed in', async ({ page }) => {
      test.setTimeout(240_000);
      const j = new Journey(page, { axe: false });
      await page.goto('/review');
      await j.expectPage('/review');
      await page.getByRole('button', { name: 'Start now' }).click();
      await j.expectPage('/review/reference');
      const hint = await page.locator('#reference-hint').innerText();
      const example = new RegExp(`${council.referencePrefix}-[0-9A-Z]{4}-[0-9A-Z]{4}`).exec(hint)?.[0] ?? '';
      expect(example, `the hint "${hint}" gives an example`).not.toBe('');
      await page.locator('[name="reference"]').fill(example);
      await j.submit();
      await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
      await j.expectPage('/review/stage');
    });

    test('a worried child who asks for an advocate reads each promise once on the confirmation page', async ({ page }) => {
      test.setTimeout(240_000);
      const p = createPerson();
      const j = new Journey(page, { axe: false });
      await youngPersonUpToCheck(j, p, { worried: true, wantsAdvocate: 'yes', contact: { phone: '07700 900982' } });
      await j.checkAndSend({});
      const body = page.locator('body');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Complaint sent');
      expect(await countIn(body, 'You asked for an advocate.')).toBe(1);
      expect(await countIn(body, 'You told us you are worried a child is being harmed.')).toBe(1);
      await expect(page.locator('main .govuk-warning-text')).toHaveCount(1);
      await expect(page.getByRole('main').locator('p, li, .govuk-warning-text__text').filter({ hasText: 'You asked for an advocate.' })).toHaveCount(1);
    });
  });
}

// -------------------------------------------------------------------------------------------------
// A council file of its own: the shipped one with another name and no referral mailbox, read by
// the service from COUNCIL_FILE at start-up. One service per worker that needs it.
// -------------------------------------------------------------------------------------------------

const repoRoot = resolve(import.meta.dirname, '../..');

/** The name in the council file of its own. */
const OWN_NAME = 'Riverside Borough Council';

interface OwnCouncil {
  service: Service;
  council: Council;
}

const ownTest = base.extend<object, { own: OwnCouncil }>({
  own: [
    async ({}, use) => {
      const folder = await mkdtemp(join(tmpdir(), 'complaints-own-council-'));
      const file = join(folder, 'council.yaml');
      // Every mention of the shipped council in its own file (its names, the postal address) becomes
      // the new council's, so anything "Example" a page still shows came from somewhere else.
      const shipped = await readFile(join(repoRoot, 'content/councils/example-borough.yaml'), 'utf8');
      const raw = parse(shipped.replaceAll(council.name, OWN_NAME).replaceAll(council.shortName, OWN_NAME).replaceAll('Exampleton', 'Riverton')) as {
        name: string;
        contacts: { advocacy: Record<string, unknown> };
      };
      expect(raw.name).toBe(OWN_NAME);
      delete raw.contacts.advocacy['referralEmail'];
      await writeFile(file, stringify(raw));
      const service = await startService({ COUNCIL_FILE: file });
      try {
        await use({ service, council: loadCouncilFile(file) });
      } finally {
        await service.stop();
        await rm(folder, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  baseURL: async ({ own }, use) => {
    await use(own.service.baseURL);
  },
});

/** Every capitalised "Council" on the page that is not part of the council's own name. */
async function otherCouncilNames(page: Page, name: string): Promise<string[]> {
  const text = `${await page.title()}\n${await page.locator('body').innerText()}`;
  return text.split(name).flatMap((part) => part.match(/(?:[A-Z][\w'’-]*\s+)*Council\b/g) ?? []);
}

for (const javaScriptEnabled of [false, true]) {
  ownTest.describe(`a council file of its own, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    ownTest.use({ javaScriptEnabled });

    ownTest('pages name only the council in the council file', async ({ page, own }) => {
      ownTest.setTimeout(240_000);
      const { name } = own.council;
      expect(name).toBe(OWN_NAME);
      const j = new Journey(page, { axe: false });
      const expectOnlyOwnName = async (where: string) => {
        await expect(page.locator('body')).toContainText(name);
        expect(await otherCouncilNames(page, name), `${where} names no other council`).toEqual([]);
        expect(`${await page.title()}\n${await page.locator('body').innerText()}`, `${where} never says "Example"`).not.toMatch(/Example/);
      };
      await page.goto('/');
      await j.expectPage('/');
      await expectOnlyOwnName('the start page');
      await page.goto('/help');
      await expectOnlyOwnName('the help page');
      const p = createPerson();
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('parent');
      await j.childAgreement('yes');
      await j.children([{ name: p.childNames[0] ?? '', age: 6, council: 'this' }]);
      await j.service(['looked_after']);
      await j.expectPage('provider');
      await expectOnlyOwnName('a question page');
      await j.provider('no');
      await answerFromWhatHappened(j, p, `Nobody came to the review (${p.tag}).`, { phone: '07700 900982' });
      await j.checkAndSend({ atRisk: 'no' });
      await expectOnlyOwnName('the confirmation page');
    });

    // The referral does not depend on the browser; one mode is enough on a slow machine.
    if (!javaScriptEnabled) {
      ownTest('without a referral mailbox, nothing is sent to a provider and the team is told to refer by hand by the promised date', async ({ page, own }) => {
        ownTest.setTimeout(240_000);
        const { service } = own;
        expect(own.council.contacts.advocacy.referralEmail).toBeUndefined();
        const p = createPerson();
        const j = new Journey(page, { axe: false });
        await youngPersonUpToCheck(j, p, { wantsAdvocate: 'yes', contact: { email: p.email } });
        const reference = await j.checkAndSend({ atRisk: 'no', acknowledgement: 'yes' });
        const contactBy = await boldDateIn(page, 'You asked for an advocate.');

        const team = await mailOf(service, reference, 'team', own.council.mail.messageIdDomain);
        expect(team.text).toContain('REFER BY HAND: advocate requested');
        expect(team.text).toContain(`Refer them to ${advocacy.name}`);
        expect(team.text).toContain(`today, so that they get in touch by ${contactBy}, as the young person was told.`);
        const ack = await mailOf(service, reference, 'acknowledgement', own.council.mail.messageIdDomain);
        expect(ack.text).toContain(`They will get in touch with you by ${contactBy}.`);

        await quiet();
        expect(
          service.mails.filter((m) => m.recipients.includes(referralEmail) || m.messageId.includes('.advocacy_referral@')),
          'no referral email is sent',
        ).toEqual([]);
        expect(
          mailsFor(service, reference)
            .map((m) => m.messageId)
            .sort(),
          'only the team and the young person hear of it',
        ).toEqual(['acknowledgement', 'team'].map((kind) => `<${reference}.${kind}@${own.council.mail.messageIdDomain}>`));
      });
    }
  });
}

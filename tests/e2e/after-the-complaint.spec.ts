import { webcrypto } from 'node:crypto';
import type { Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import type { AdvocacyRecord } from '../../src/domain/advocacy.ts';
import { formatLongDate } from '../../src/domain/dates.ts';
import { formatAdvocacyTeamEmail } from '../../src/domain/email/advocacy.ts';
import { formatEscalationTeamEmail } from '../../src/domain/email/escalation.ts';
import { formatFeedbackTeamEmail } from '../../src/domain/email/feedback.ts';
import type { EscalationRecord } from '../../src/domain/escalation.ts';
import type { FeedbackRecord } from '../../src/domain/feedback.ts';
import { createReferenceNumber } from '../../src/domain/reference-number.ts';
import { createWorkingDayCalendar } from '../../src/domain/working-days.ts';
import { expectNoAxeViolations } from '../helpers/axe.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { answerUpToCheck, createPerson, daysAgo, Journey, londonToday } from '../helpers/journey.ts';
import { findMailProblems, type MailKind } from '../helpers/mail-checks.ts';
import { expect, test, type Mail, type Service } from '../helpers/service.ts';
import { council, countCases, expectRowsInOrder, interceptNeutralSite, REFERENCE } from './sent-case.ts';

/**
 * After the complaint, without JavaScript: asking for stage 2 or stage 3, asking for an advocate,
 * and sending a compliment or feedback. Each journey starts from the start page's link, runs axe
 * on every page and error state, and reads back what the team, the advocacy provider, the
 * safeguarding mailbox and the person receive over SMTP.
 */

const ADVOCACY_REFERENCE = /^ADV-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;
const FEEDBACK_REFERENCE = /^FB-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

/** How long to keep listening for an email that must not come, once the case's first email is in. */
const QUIET_MS = 800;

const randomBytes = (count: number) => webcrypto.getRandomValues(new Uint8Array(count));

/** A well-formed complaint reference this service never issued (as if the complaint came by phone). */
const createPhoneReference = () => createReferenceNumber({ prefix: council.referencePrefix, random: randomBytes });

const mailboxOf: Record<Exclude<MailKind, 'acknowledgement'>, string> = {
  team: council.mail.complaintsTeam,
  safeguarding: council.mail.safeguarding,
  advocacy_referral: council.contacts.advocacy.referralEmail ?? '',
};

/**
 * Waits for every email a case owes, then a little longer, and checks that exactly those came,
 * each well formed (headers, HTML tags, nothing typed echoed unescaped). Returns them by kind.
 */
async function expectMails(
  service: Service,
  reference: string,
  expected: { kinds: MailKind[]; acknowledgementTo?: string; typed: string[] },
): Promise<Partial<Record<MailKind, Mail>>> {
  const byKind: Partial<Record<MailKind, Mail>> = {};
  for (const kind of expected.kinds) {
    const to = kind === 'acknowledgement' ? (expected.acknowledgementTo ?? '') : mailboxOf[kind];
    byKind[kind] = await service.waitForMail((m) => m.recipients.includes(to) && m.messageId === `<${reference}.${kind}@${council.mail.messageIdDomain}>`);
  }
  await new Promise((r) => setTimeout(r, QUIET_MS));
  const forCase = service.mails.filter((m) => m.messageId.startsWith(`<${reference}.`));
  expect(forCase.map((m) => m.messageId).sort(), 'exactly the emails the case owes').toEqual(
    expected.kinds.map((kind) => `<${reference}.${kind}@${council.mail.messageIdDomain}>`).sort(),
  );
  for (const mail of forCase) {
    const problems = findMailProblems({ raw: mail.raw, parsed: await simpleParser(mail.raw), recipients: mail.recipients }, council, {
      typed: expected.typed,
      kept: expected.typed,
      acknowledgementTo: expected.acknowledgementTo,
    });
    expect(problems, `${mail.subject} is well formed`).toEqual([]);
  }
  return byKind;
}

/** The case as the service stored it (plain JSON: the tests run without ENCRYPTION_KEY). */
function readStoredRecord<T>(service: Service, reference: string): T {
  const rows = service.query('SELECT record FROM cases WHERE reference = ?', reference);
  expect(rows, 'the case is stored').toHaveLength(1);
  return JSON.parse(String(rows[0]?.['record'])) as T;
}

/** Only what SMTP transfer may change: CRLF line endings and the final newline. */
const normaliseTransfer = (text: string) => text.replace(/\r\n/g, '\n').replace(/\n+$/, '');

/** The GOV.UK error summary (an alert, linking to each field) and the same message by each field. */
async function expectErrorState(page: Page, errors: { message: string; field: string }[]): Promise<void> {
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('heading', { level: 2 })).toHaveText('There is a problem');
  const links = summary.getByRole('link');
  await expect(links).toHaveCount(errors.length);
  for (const [i, error] of errors.entries()) {
    await expect(links.nth(i)).toHaveText(error.message);
    await expect(links.nth(i)).toHaveAttribute('href', `#${error.field}`);
    await expect(page.locator(`#${error.field}`)).toHaveCount(1);
    await expect(page.locator('.govuk-error-message').filter({ hasText: error.message })).toHaveText(`Error: ${error.message}`);
  }
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);
}

/** Presses the page's button and checks the answer was refused with 422. */
async function submitExpectingErrors(page: Page, path: string, name = 'Continue'): Promise<void> {
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path);
  await page.getByRole('button', { name, exact: true }).click();
  expect((await response).status()).toBe(422);
}

/** The start page, then the link in its main content to one of the other journeys, then Start now. */
async function startFrom(j: Journey, link: string, landing: string, first: string): Promise<void> {
  await j.page.goto('/');
  await j.expectPage('/');
  await j.page.getByRole('main').getByRole('link', { name: link, exact: true }).click();
  await j.expectPage(landing);
  await expect(j.page.locator('.govuk-exit-this-page')).toHaveCount(1);
  await j.page.getByRole('button', { name: 'Start now' }).click();
  await j.expectPage(first);
}

/** The reference in the confirmation panel. */
async function readPanelReference(page: Page, title: string): Promise<string> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  return (await page.locator('.govuk-panel__body strong').innerText()).trim();
}

async function answerContact(
  j: Journey,
  base: string,
  contact: { email?: string; phone?: string },
  safe: { kind: 'yes' } | { kind: 'with_care' | 'no'; details: string },
): Promise<void> {
  await j.expectPage(`${base}/contact`);
  if (contact.email) {
    await j.choose('contactMethods', 'email');
    await j.type('email', contact.email);
  }
  if (contact.phone) {
    await j.choose('contactMethods', 'phone');
    await j.type('phone', contact.phone);
  }
  await j.submit();
  await j.expectPage(`${base}/safe-contact`);
  await j.choose('safeToContact', safe.kind);
  if (safe.kind === 'with_care') await j.type('safeWhen', safe.details);
  if (safe.kind === 'no') await j.type('safeHow', safe.details);
  await j.submit();
}

test.describe('after the complaint, without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test.beforeEach(async ({ context }) => interceptNeutralSite(context));

  test('a person asks for stage 2 late, with a reference made by phone, and it is accepted and flagged', async ({ page, service }) => {
    const person = createPerson();
    const original = createPhoneReference();
    const why = `The reply ignored the missed visits (${person.tag}).`;
    const better = `An independent investigation (${person.tag}).`;
    const whyNow = `I was in hospital (${person.tag}).`;
    const j = new Journey(page);
    await startFrom(j, 'ask for your complaint to be looked at again', '/review', '/review/reference');

    await submitExpectingErrors(page, '/review/reference');
    await expectErrorState(page, [{ message: 'Enter your complaint reference number', field: 'reference' }]);
    await page.locator('[name="reference"]').fill('CSC-7K4M-2P9X');
    await submitExpectingErrors(page, '/review/reference');
    await expectErrorState(page, [
      { message: 'Check your reference number. It is on the letter or email we sent you, like CSC-7K4M-2P9C', field: 'reference' },
    ]);
    await expect(page.locator('[name="reference"]')).toHaveValue('CSC-7K4M-2P9X');

    // Typed as a person might: lower case, spaces instead of hyphens. Stored in canonical form.
    await page.locator('[name="reference"]').fill(original.toLowerCase().replace(/-/g, ' '));
    j.rows.push({ question: 'What is your complaint reference number?', answer: original });
    await j.submit();
    await j.expectPage('/review/stage');
    await j.choose('stage', 'stage2');
    await j.submit();
    await j.expectPage('/review/reply-date');
    await j.date('replyReceived', daysAgo(60));
    await j.submit();
    await j.expectPage('/review/why-now');
    await expect(page.getByRole('main')).toContainText('usually made within 20 working days');
    await j.type('whyNow', whyNow);
    await j.submit();
    await j.expectPage('/review/your-name');
    await j.type('fullName', person.fullName);
    await j.submit();
    await answerContact(j, '/review', { email: person.email }, { kind: 'yes' });
    await j.expectPage('/review/why');
    await j.type('whyUnhappy', why);
    await j.submit();
    await j.expectPage('/review/put-right');
    await j.type('outcomeWanted', better);
    await j.submit();
    await j.documents('no', '/review/documents');

    await j.expectPage('/review/check');
    await expect(page.getByRole('main')).toContainText(original);
    await submitExpectingErrors(page, '/review/check', 'Send request');
    await expectErrorState(page, [
      { message: 'Select yes if anyone is at risk of harm', field: 'worriedAtCheck' },
      { message: 'Select yes if you want a confirmation email', field: 'wantsAcknowledgement' },
    ]);
    await j.choose('worriedAtCheck', 'no', { record: false });
    await j.choose('wantsAcknowledgement', 'yes', { record: false });
    await j.submit('Send request');

    await j.expectPage('/review/confirmation');
    const reference = await readPanelReference(page, 'Request sent');
    expect(reference).toMatch(REFERENCE);
    await expect(page.getByRole('main')).toContainText(`This request is for your complaint ${original}.`);
    await expect(page.getByRole('main')).toContainText('Requests are usually made within 20 working days of getting the reply. We have still received yours');

    const mails = await expectMails(service, reference, { kinds: ['team', 'acknowledgement'], acknowledgementTo: person.email, typed: [why, better, whyNow] });
    const team = mails.team!;
    expect(team.subject).toBe(`Stage 2 request for complaint ${original} – late – reference not found – request ${reference}`);
    expect(team.text).toContain('In time?: LATE: received');
    expect(team.text).toContain('Window to ask ended:');
    expect(team.text).toContain(`No case with reference ${original} was made through this online service.`);
    expectRowsInOrder(team.text, j.rows);
    const record = readStoredRecord<EscalationRecord>(service, reference);
    expect(record.screening.flags).toEqual(['late_escalation', 'reference_not_found']);
    expect(normaliseTransfer(team.text)).toBe(normaliseTransfer(formatEscalationTeamEmail(record, council, createTestCopy(council).t).text));

    const ack = mails.acknowledgement!;
    expect(ack.subject).toBe(`We have received your stage 2 request – reference ${reference}`);
    expect(ack.text).toContain(original);
    for (const secret of [why, better, whyNow, person.fullName]) {
      expect(ack.text).not.toContain(secret);
      expect(ack.html).not.toContain(secret);
    }
    expect(ack.text).not.toMatch(/late/i);
  });

  test('a person asks for stage 3 of a complaint made online, in time, and says someone is at risk', async ({ page, service }) => {
    const person = createPerson();
    const complaint = new Journey(page, { axe: false });
    await answerUpToCheck(complaint, person, 'parent');
    const original = await complaint.checkAndSend({ atRisk: 'no' });

    const j = new Journey(page);
    await startFrom(j, 'ask for your complaint to be looked at again', '/review', '/review/reference');
    await j.type('reference', original);
    await j.submit();
    await j.expectPage('/review/stage');
    await j.choose('stage', 'stage3');
    await j.submit();
    await j.expectPage('/review/reply-date');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('When did you get the stage 2 reply?');
    await page.locator('[name="replyReceived-day"]').fill('1');
    await page.locator('[name="replyReceived-month"]').fill('1');
    await page.locator('[name="replyReceived-year"]').fill(String(Number(londonToday().slice(0, 4)) + 1));
    await submitExpectingErrors(page, '/review/reply-date');
    await expectErrorState(page, [{ message: 'The date you got the reply must be today or in the past', field: 'replyReceived-day' }]);
    await j.date('replyReceived', daysAgo(3));
    await j.submit();
    await j.expectPage('/review/your-name');
    await j.type('fullName', person.fullName);
    await j.submit();
    await answerContact(j, '/review', { phone: '07700 900982' }, { kind: 'with_care', details: 'Only after 4pm' });
    await j.expectPage('/review/why');
    await j.type('whyUnhappy', `The investigation did not speak to my son (${person.tag}).`);
    await j.submit();
    await j.expectPage('/review/put-right');
    await j.type('outcomeWanted', `A review panel (${person.tag}).`);
    await j.submit();
    await j.documents('no', '/review/documents');

    await j.expectPage('/review/check');
    await expect(page.locator('input[name="wantsAcknowledgement"]')).toHaveCount(0);
    await j.choose('worriedAtCheck', 'yes', { record: false });
    await j.submit('Send request');
    await j.expectPage('/review/confirmation');
    const reference = await readPanelReference(page, 'Request sent');
    await expect(page.getByRole('main')).toContainText('A review panel should meet by');
    await expect(page.getByRole('main')).toContainText('You told us someone is at risk of harm');
    await expect(page.getByRole('main')).not.toContainText('usually made within');

    const mails = await expectMails(service, reference, { kinds: ['team', 'safeguarding'], typed: [] });
    expect(mails.team!.subject).toBe(`SAFEGUARDING – Stage 3 request for complaint ${original} – request ${reference}`);
    expect(mails.team!.text).toContain('In time?: In time');
    expect(mails.team!.text).toContain('Review panel meets by:');
    expect(mails.safeguarding!.subject).toBe(`SAFEGUARDING – stage 3 request ${reference} – please review today`);
    expectRowsInOrder(mails.team!.text, j.rows);
  });

  test('changing the reply date on check answers drops the question it no longer needs', async ({ page }) => {
    const person = createPerson();
    const j = new Journey(page, { axe: false });
    await startFrom(j, 'ask for your complaint to be looked at again', '/review', '/review/reference');
    await j.type('reference', createPhoneReference());
    await j.submit();
    await j.choose('stage', 'stage2');
    await j.submit();
    await j.expectPage('/review/reply-date');
    await j.date('replyReceived', daysAgo(90));
    await j.submit();
    await j.expectPage('/review/why-now');
    await j.type('whyNow', 'I did not know I could');
    await j.submit();
    await j.type('fullName', person.fullName);
    await j.submit();
    await answerContact(j, '/review', { phone: '07700 900982' }, { kind: 'yes' });
    await j.type('whyUnhappy', 'x');
    await j.submit();
    await j.type('outcomeWanted', 'y');
    await j.submit();
    await j.documents('no', '/review/documents');
    await j.expectPage('/review/check');
    await expect(page.getByRole('main')).toContainText('Is there a reason you are asking now?');

    await page.getByRole('link', { name: /^Change when did you get/ }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/review/reply-date' && url.search === '?change=1');
    await expectNoAxeViolations(page);
    await j.date('replyReceived', daysAgo(0));
    await j.submit();
    await j.expectPage('/review/check');
    await expect(page.getByRole('main')).not.toContainText('Is there a reason you are asking now?');
    await expectNoAxeViolations(page);
  });

  test('a young person asks for an advocate with no complaint written, and the provider is sent the referral', async ({ page, service }) => {
    const person = createPerson();
    const notes = `Please call after school (${person.tag}).`;
    const j = new Journey(page);
    await startFrom(j, 'ask for an advocate', '/advocate', '/advocate/who');

    await submitExpectingErrors(page, '/advocate/who');
    await expectErrorState(page, [{ message: 'Select who is asking for an advocate', field: 'requester' }]);
    await j.choose('requester', 'child');
    await j.submit();
    await j.expectPage('/advocate/complaint');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Have you made a complaint yet?');
    await j.choose('complaintMade', 'not_yet');
    await j.submit();
    await j.expectPage('/advocate/about-you');
    await page.locator('[name="age"]').fill('fourteen');
    await submitExpectingErrors(page, '/advocate/about-you');
    await expectErrorState(page, [
      { message: 'Your age must be a number, like 12', field: 'age' },
      { message: 'Select which council looks after you', field: 'council' },
    ]);
    await j.type('age', '14');
    await j.choose('council', 'this');
    await j.submit();
    await j.expectPage('/advocate/your-name');
    await j.type('fullName', person.fullName);
    await j.submit();
    await answerContact(j, '/advocate', { email: person.email }, { kind: 'yes' });
    await j.expectPage('/advocate/anything-else');
    await j.type('notes', notes);
    await j.submit();

    await j.expectPage('/advocate/check');
    await j.choose('worriedAtCheck', 'no', { record: false });
    await j.choose('wantsAcknowledgement', 'yes', { record: false });
    await j.submit('Send request');
    await j.expectPage('/advocate/confirmation');
    const reference = await readPanelReference(page, 'Request sent');
    expect(reference).toMatch(ADVOCACY_REFERENCE);

    // Counted independently of the service: receipt on the next working day from today, then the
    // provider's working days.
    const calendar = createWorkingDayCalendar({ extraNonWorkingDays: council.calendar.extraNonWorkingDays });
    const contactBy = formatLongDate(calendar.addWorkingDays(calendar.nextWorkingDay(londonToday()), council.contacts.advocacy.responseWorkingDays));
    await expect(page.getByRole('main')).toContainText(`${council.contacts.advocacy.name} will get in touch with you by ${contactBy}.`);
    await expect(page.getByRole('main')).toContainText('When you are ready, your advocate can help you make a complaint.');

    const mails = await expectMails(service, reference, {
      kinds: ['team', 'advocacy_referral', 'acknowledgement'],
      acknowledgementTo: person.email,
      typed: [notes],
    });
    expect(mails.team!.subject).toBe(`Request for an advocate ${reference} – no complaint yet – contact by ${contactBy}`);
    expectRowsInOrder(mails.team!.text, j.rows);
    const record = readStoredRecord<AdvocacyRecord>(service, reference);
    expect(normaliseTransfer(mails.team!.text)).toBe(normaliseTransfer(formatAdvocacyTeamEmail(record, council, createTestCopy(council).t).text));
    expect(mails.advocacy_referral!.subject).toBe(`Advocacy referral ${reference} from ${council.shortName} – no complaint yet – contact by ${contactBy}`);
    expect(mails.advocacy_referral!.text).toContain(notes);
    expect(mails.advocacy_referral!.text).toContain(person.email);
    const ack = mails.acknowledgement!;
    expect(ack.text).toContain(contactBy);
    for (const secret of [notes, person.fullName]) expect(`${ack.text}\n${ack.html}`).not.toContain(secret);
  });

  test('an adult asks for an advocate for a child who has not agreed, and is told the provider will check', async ({ page, service }) => {
    const person = createPerson();
    const [child = ''] = person.childNames;
    const j = new Journey(page);
    await startFrom(j, 'ask for an advocate', '/advocate', '/advocate/who');
    await j.choose('requester', 'adult');
    await j.submit();
    await j.expectPage('/advocate/child-agreement');
    await expect(page.getByRole('main')).toContainText(`${council.contacts.advocacy.name} will check with them before they start`);
    await j.choose('childAgreement', 'no');
    await j.submit();
    await j.expectPage('/advocate/complaint');
    await j.choose('complaintMade', 'yes');
    await j.type('complaintReference', 'CSC-7AFQ-VEYZ');
    await j.submit();
    await j.expectPage('/advocate/about-child');
    await j.type('childName', child);
    await j.type('childAge', '9');
    await j.choose('childCouncil', 'this');
    await j.submit();
    await j.expectPage('/advocate/your-name');
    await submitExpectingErrors(page, '/advocate/your-name');
    await expectErrorState(page, [
      { message: 'Enter your full name', field: 'fullName' },
      { message: 'Enter how you know the child', field: 'relationship' },
    ]);
    await j.type('fullName', person.fullName);
    await j.type('relationship', 'Grandmother');
    await j.submit();
    await answerContact(j, '/advocate', { phone: '07700 900123' }, { kind: 'no', details: 'Call my sister' });
    await j.expectPage('/advocate/anything-else');
    await j.submit();
    await j.expectPage('/advocate/check');
    await expect(page.locator('input[name="wantsAcknowledgement"]')).toHaveCount(0);
    await j.choose('worriedAtCheck', 'yes', { record: false });
    await j.submit('Send request');

    await j.expectPage('/advocate/confirmation');
    const reference = await readPanelReference(page, 'Request sent');
    await expect(page.getByRole('main')).toContainText(
      `${council.contacts.advocacy.name} will check with the child that they want an advocate before they start.`,
    );
    await expect(page.getByRole('main')).toContainText('You told us someone is at risk of harm');

    const mails = await expectMails(service, reference, { kinds: ['team', 'advocacy_referral', 'safeguarding'], typed: [] });
    expect(mails.team!.subject).toMatch(new RegExp(`^SAFEGUARDING – Request for an advocate ${reference} – complaint made – contact by `));
    expect(mails.team!.text).toContain('Does the child know and agree?: No, the child does not agree');
    expect(mails.advocacy_referral!.text).toContain('*** CHECK WITH THE CHILD FIRST ***');
    expect(mails.advocacy_referral!.text).toContain('*** NOT SAFE TO CONTACT AS GIVEN ***');
    for (const mail of Object.values(mails)) {
      expect(mail.subject).not.toContain(person.tag);
      expect(mail.subject.toLowerCase()).not.toContain(person.tag);
    }
    expectRowsInOrder(mails.team!.text, j.rows);
  });

  test('someone sends a compliment and asks for a reply; the team gets it with no complaint timeline', async ({ page, service }) => {
    const person = createPerson();
    const message = `Our social worker was brilliant & kind <3 (${person.tag}).`;
    const j = new Journey(page);
    await startFrom(j, 'Give a compliment or feedback', '/feedback', '/feedback/feedback');

    await submitExpectingErrors(page, '/feedback/feedback');
    await expectErrorState(page, [
      { message: 'Select what you would like to send', field: 'feedbackKind' },
      { message: 'Enter what you want to tell us', field: 'message' },
    ]);
    await j.choose('feedbackKind', 'compliment');
    await j.type('message', message);
    await j.type('about', 'The Eastside team');
    await j.submit();
    await j.expectPage('/feedback/reply');
    await j.choose('wantsReply', 'yes');
    await j.type('replyName', person.fullName);
    await submitExpectingErrors(page, '/feedback/reply');
    await expectErrorState(page, [{ message: 'Enter an email address or a phone number so we can reply', field: 'replyEmail' }]);
    await expect(page.locator('[name="replyName"]')).toHaveValue(person.fullName);
    await j.type('replyEmail', person.email);
    await j.submit();

    await j.expectPage('/feedback/check');
    const casesBefore = countCases(service);
    await j.submit('Send feedback');
    await j.expectPage('/feedback/confirmation');
    const reference = await readPanelReference(page, 'Compliment sent');
    expect(reference).toMatch(FEEDBACK_REFERENCE);
    await expect(page.getByRole('main')).toContainText('You asked for a reply.');

    const mails = await expectMails(service, reference, { kinds: ['team'], typed: [message] });
    const team = mails.team!;
    expect(team.subject).toBe(`Compliment for children's social care – ${reference} – reply wanted`);
    expect(team.text).not.toContain('Acknowledge by');
    expect(team.text).not.toContain('working days');
    expect(team.html).toContain('brilliant &amp; kind &lt;3');
    expectRowsInOrder(team.text, j.rows);
    const record = readStoredRecord<FeedbackRecord>(service, reference);
    expect(normaliseTransfer(team.text)).toBe(normaliseTransfer(formatFeedbackTeamEmail(record, createTestCopy(council).t).text));
    expect(
      service.mails.filter((m) => m.recipients.includes(person.email)),
      'nothing is sent to the person',
    ).toHaveLength(0);

    // Back to check answers after sending: the same confirmation, nothing sent again.
    await page.goto('/feedback/check');
    await j.expectPage('/feedback/confirmation');
    expect(await readPanelReference(page, 'Compliment sent')).toBe(reference);
    expect(countCases(service)).toBe(casesBefore + 1);
  });

  test('a Send posted twice from one session makes one request and one email', async ({ page, service, baseURL }) => {
    const j = new Journey(page, { axe: false });
    await startFrom(j, 'Give a compliment or feedback', '/feedback', '/feedback/feedback');
    await j.choose('feedbackKind', 'suggestion');
    await j.type('message', 'Later appointments, please.');
    await j.submit();
    await j.choose('wantsReply', 'no');
    await j.submit();
    await j.expectPage('/feedback/check');
    const csrfToken = (await page.locator('input[name="csrfToken"]').first().getAttribute('value')) ?? '';
    const before = countCases(service);

    const send = () => page.request.post('/feedback/check', { form: { csrfToken }, headers: { Origin: baseURL ?? '' } });
    const [first, second] = await Promise.all([send(), send()]);
    expect(new URL(first.url()).pathname).toBe('/feedback/confirmation');
    expect(new URL(second.url()).pathname).toBe('/feedback/confirmation');
    const reference = /<strong>(FB-[0-9A-Z]{4}-[0-9A-Z]{4})<\/strong>/.exec(await first.text())?.[1] ?? '';
    expect(reference).toMatch(FEEDBACK_REFERENCE);
    expect(await second.text()).toContain(reference);
    expect(countCases(service)).toBe(before + 1);
    const mails = await expectMails(service, reference, { kinds: ['team'], typed: [] });
    expect(mails.team!.subject).toBe(`Suggestion for children's social care – ${reference}`);
  });

  for (const journey of [
    { base: '/review', first: 'reference' },
    { base: '/advocate', first: 'who' },
    { base: '/feedback', first: 'feedback' },
  ]) {
    test(`${journey.base}: a question opened before starting goes to the start page, and answers deleted by Exit this page say so`, async ({ page }) => {
      await page.goto(`${journey.base}/${journey.first}`);
      await expect(page).toHaveURL((url) => url.pathname === journey.base);
      await page.goto(`${journey.base}/start`);
      await expect(page).toHaveURL((url) => url.pathname === `${journey.base}/${journey.first}`);
      // Check answers opened early goes back to the first question not answered.
      await page.goto(`${journey.base}/check`);
      await expect(page).toHaveURL((url) => url.pathname === `${journey.base}/${journey.first}`);

      await page.getByRole('button', { name: 'Exit this page' }).click();
      await expect(page).toHaveURL(council.exitUrl);
      await page.goto(`${journey.base}/check`);
      await expect(page).toHaveURL((url) => url.pathname === `${journey.base}/session-expired`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your answers have been deleted');
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Start again' }).click();
      await expect(page).toHaveURL((url) => url.pathname === `${journey.base}/${journey.first}`);
    });
  }

  test('a session from one journey does not answer another', async ({ page }) => {
    await page.goto('/feedback/start');
    await expect(page).toHaveURL((url) => url.pathname === '/feedback/feedback');
    await page.goto('/review/reference');
    await expect(page).toHaveURL((url) => url.pathname === '/review');
    await page.goto('/advocate/confirmation');
    await expect(page).toHaveURL((url) => url.pathname === '/advocate');
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'If you have already complained' })).toHaveAttribute('href', '/review');
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Ask for an advocate' })).toHaveAttribute('href', '/advocate');
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Give a compliment or feedback' })).toHaveAttribute('href', '/feedback');
  });
});

test.describe('after the complaint, with JavaScript', () => {
  test.use({ javaScriptEnabled: true });

  test('the island checks each page in the browser, and the server still catches what only it can check', async ({ page }) => {
    const j = new Journey(page);
    await page.goto('/review/start');
    await j.expectPage('/review/reference');
    // Nothing typed: caught in the browser, with the server's message, and no post.
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST') posts += 1;
    });
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('Enter your complaint reference number');
    await expect(page).toHaveTitle(/^Error: /);
    expect(posts).toBe(0);
    await expectNoAxeViolations(page);

    // A mistyped reference passes the page's own checks, so the server answers it.
    await page.locator('[name="reference"]').fill('CSC-7K4M-2P9X');
    await submitExpectingErrors(page, '/review/reference');
    await expectErrorState(page, [
      { message: 'Check your reference number. It is on the letter or email we sent you, like CSC-7K4M-2P9C', field: 'reference' },
    ]);

    await page.goto('/feedback/start');
    await j.expectPage('/feedback/feedback');
    await j.choose('feedbackKind', 'feedback');
    await j.type('message', 'The waiting room was cold.');
    await j.submit();
    await j.expectPage('/feedback/reply');
    // The name box is revealed only once "Yes" is chosen.
    await expect(page.locator('[name="replyName"]')).toBeHidden();
    await j.choose('wantsReply', 'yes');
    await expect(page.locator('[name="replyName"]')).toBeVisible();
    await j.type('replyName', 'Chris');
    await submitExpectingErrors(page, '/feedback/reply');
    await expectErrorState(page, [{ message: 'Enter an email address or a phone number so we can reply', field: 'replyEmail' }]);
    await j.type('replyPhone', '07700 900456');
    await j.submit();
    await j.expectPage('/feedback/check');
  });
});

import { webcrypto } from 'node:crypto';
import { createReferenceNumber } from '../../src/domain/reference-number.ts';
import { exampleCouncil } from '../helpers/councils.ts';
import { createPerson, daysAgo, monthsAgo } from '../helpers/journey.ts';
import { KeyboardUser } from '../helpers/keyboard.ts';
import { expect, test } from '../helpers/service.ts';

/**
 * Each journey from the start page to its confirmation with the keyboard alone, with JavaScript:
 * every element focus rests on shows GOV.UK's yellow focus indicator, and focus goes where GOV.UK
 * says: to the error summary after a failed submit (whether the page's own script found the
 * errors, or the server sent the page back), and from a summary link to the field itself.
 */

const council = exampleCouncil();

const randomBytes = (count: number) => webcrypto.getRandomValues(new Uint8Array(count));

test.use({ javaScriptEnabled: true });

/** Presses the page's button and waits for the next page. */
async function continueTo(kb: KeyboardUser, path: string, button = 'Continue'): Promise<void> {
  await kb.activate(kb.page.getByRole('button', { name: button, exact: true }));
  await kb.arrive(path);
}

/** The start page, then a link in its main content. */
async function followStartPageLink(kb: KeyboardUser, link: string, landing: string, first: string): Promise<void> {
  await kb.page.goto('/');
  await kb.arrive('/');
  await kb.activate(kb.page.getByRole('main').getByRole('link', { name: link, exact: true }));
  await kb.arrive(landing);
  await kb.activate(kb.page.getByRole('button', { name: 'Start now' }));
  await kb.arrive(first);
}

function expectGoodFocus(kb: KeyboardUser): void {
  expect(kb.stops, 'focus was looked at on every step').toBeGreaterThan(20);
  expect(kb.problems, 'focus is always visible').toEqual([]);
}

test('a child makes a complaint with the keyboard alone', async ({ page }) => {
  test.setTimeout(3 * 60_000);
  const kb = new KeyboardUser(page);
  const person = createPerson();
  const month = monthsAgo(1);

  await page.goto('/');
  await kb.arrive('/');
  await kb.activate(page.getByRole('button', { name: 'Start now' }));
  await kb.arrive('/complaint/danger');

  // Sent with nothing chosen: the page's own script finds the error before anything is sent.
  await kb.activate(page.getByRole('button', { name: 'Continue', exact: true }));
  await expect(page).toHaveTitle(/^Error: /);
  await kb.followFirstErrorLink('dangerNow');
  await kb.chooseRadio('dangerNow', 'no');
  await continueTo(kb, '/complaint/worried');
  await kb.chooseRadio('worriedAboutHarm', 'no');
  await continueTo(kb, '/complaint/who');
  await kb.chooseRadio('role', 'child');
  await continueTo(kb, '/complaint/about-you');
  await kb.typeInto('age', '13');
  await kb.chooseRadio('council', 'this');
  await continueTo(kb, '/complaint/service');
  await kb.tick('services', 'looked_after');
  // The advocate is offered before "What happened?", so a child can stop and ask for one first.
  await continueTo(kb, '/complaint/advocacy');
  await kb.chooseRadio('wantsAdvocate', 'not_sure');
  await continueTo(kb, '/complaint/what-happened');
  await kb.typeInto('whatHappened', `My review meeting was cancelled (${person.tag}).`);
  await continueTo(kb, '/complaint/when');
  await kb.chooseRadio('whenKind', 'month');
  await kb.typeInto('whenMonth-month', String(month.month));
  await kb.typeInto('whenMonth-year', String(month.year));
  await continueTo(kb, '/complaint/put-right');
  await kb.typeInto('outcomeWanted', 'A new review meeting.');
  await continueTo(kb, '/complaint/court-police');
  await kb.chooseRadio('proceedings', 'no');
  await continueTo(kb, '/complaint/complained-before');
  await kb.chooseRadio('previousComplaint', 'no');
  await continueTo(kb, '/complaint/documents');
  await kb.chooseRadio('sendDocuments', 'no');
  await continueTo(kb, '/complaint/your-name');
  await kb.typeInto('fullName', person.fullName);
  await continueTo(kb, '/complaint/contact');
  await kb.tick('contactMethods', 'email');
  await kb.typeInto('email', person.email);
  await continueTo(kb, '/complaint/safe-contact');
  await kb.chooseRadio('safeToContact', 'yes');
  await continueTo(kb, '/complaint/needs');
  await kb.tick('communicationNeeds', 'none');
  await continueTo(kb, '/complaint/check');

  // Sent with nothing answered: check answers has no script of its own, so the server sends the
  // page back and govuk-frontend puts focus on its error summary.
  const sent = page.waitForResponse((r) => r.request().method() === 'POST');
  await kb.activate(page.getByRole('button', { name: 'Send complaint' }));
  expect((await sent).status()).toBe(422);
  await kb.followFirstErrorLink('worriedAtCheck');
  await kb.chooseRadio('worriedAtCheck', 'no');
  await kb.chooseRadio('wantsAcknowledgement', 'no');
  await continueTo(kb, '/complaint/confirmation', 'Send complaint');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Complaint sent');
  expectGoodFocus(kb);
});

test('a person asks for stage 2 with the keyboard alone', async ({ page }) => {
  test.setTimeout(2 * 60_000);
  const kb = new KeyboardUser(page);
  const person = createPerson();
  const reply = daysAgo(3);
  await followStartPageLink(kb, 'ask for your complaint to be looked at again', '/review', '/review/reference');
  await kb.typeInto('reference', createReferenceNumber({ prefix: council.referencePrefix, random: randomBytes }));
  await continueTo(kb, '/review/stage');
  await kb.chooseRadio('stage', 'stage2');
  await continueTo(kb, '/review/reply-date');
  await kb.typeInto('replyReceived-day', String(reply.day));
  await kb.typeInto('replyReceived-month', String(reply.month));
  await kb.typeInto('replyReceived-year', String(reply.year));
  await continueTo(kb, '/review/your-name');
  await kb.typeInto('fullName', person.fullName);
  await continueTo(kb, '/review/contact');
  await kb.tick('contactMethods', 'phone');
  await kb.typeInto('phone', '07700 900982');
  await continueTo(kb, '/review/safe-contact');
  await kb.chooseRadio('safeToContact', 'yes');
  await continueTo(kb, '/review/why');
  await kb.typeInto('whyUnhappy', 'The reply did not answer my questions.');
  await continueTo(kb, '/review/put-right');
  await kb.typeInto('outcomeWanted', 'An investigation.');
  await continueTo(kb, '/review/documents');
  await kb.chooseRadio('sendDocuments', 'no');
  await continueTo(kb, '/review/check');
  await kb.chooseRadio('worriedAtCheck', 'no');
  await continueTo(kb, '/review/confirmation', 'Send request');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
  expectGoodFocus(kb);
});

test('a young person asks for an advocate with the keyboard alone', async ({ page }) => {
  test.setTimeout(2 * 60_000);
  const kb = new KeyboardUser(page);
  const person = createPerson();
  await followStartPageLink(kb, 'ask for an advocate', '/advocate', '/advocate/who');
  await kb.chooseRadio('requester', 'child');
  await continueTo(kb, '/advocate/complaint');
  await kb.chooseRadio('complaintMade', 'not_yet');
  await continueTo(kb, '/advocate/about-you');
  await kb.typeInto('age', '15');
  await kb.chooseRadio('council', 'this');
  await continueTo(kb, '/advocate/your-name');
  await kb.typeInto('fullName', person.fullName);
  await continueTo(kb, '/advocate/contact');
  await kb.tick('contactMethods', 'phone');
  await kb.typeInto('phone', '07700 900123');
  await continueTo(kb, '/advocate/safe-contact');
  await kb.chooseRadio('safeToContact', 'yes');
  await continueTo(kb, '/advocate/anything-else');
  await continueTo(kb, '/advocate/check');
  await kb.chooseRadio('worriedAtCheck', 'no');
  await continueTo(kb, '/advocate/confirmation', 'Send request');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
  expectGoodFocus(kb);
});

test('a person sends a compliment with the keyboard alone', async ({ page }) => {
  test.setTimeout(2 * 60_000);
  const kb = new KeyboardUser(page);
  const person = createPerson();
  await followStartPageLink(kb, 'Give a compliment or feedback', '/feedback', '/feedback/feedback');
  await kb.chooseRadio('feedbackKind', 'compliment');
  await kb.typeInto('message', 'Our social worker listened to us.');
  await continueTo(kb, '/feedback/reply');
  await kb.chooseRadio('wantsReply', 'yes');
  await kb.typeInto('replyName', person.fullName);

  // A reply wanted but no way to send it: only the server checks that, so it sends the page back
  // and the page's script puts focus on the summary once it has loaded.
  const sent = page.waitForResponse((r) => r.request().method() === 'POST');
  await kb.activate(page.getByRole('button', { name: 'Continue', exact: true }));
  expect((await sent).status()).toBe(422);
  await kb.followFirstErrorLink('replyEmail');
  await kb.typeInto('replyEmail', person.email);
  await continueTo(kb, '/feedback/check');
  await continueTo(kb, '/feedback/confirmation', 'Send feedback');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/sent|Thank you/i);
  expectGoodFocus(kb);
});

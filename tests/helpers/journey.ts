import { randomInt } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import { addCalendarDays, formatDate, toLondonDateTime, type IsoDate } from '../../src/domain/dates.ts';
import { expectNoAxeViolations } from './axe.ts';

/**
 * Step helpers for the complaint journey, used the same way with JavaScript on and off. Each
 * helper checks that the browser is on the page it answers (so a wrong branch fails at once),
 * runs axe on it, answers it as a person would and moves on. Every answer given is recorded as
 * the question and answer check answers shows, so a test can compare the team's email with
 * what was typed, in the order it was typed.
 */

/** A question and its answer, as check answers and the team's email print them. */
export interface AnsweredRow {
  question: string;
  answer: string;
}

export interface JourneyOptions {
  /** Run axe on every page and error state (default true). */
  axe?: boolean;
}

/** A date typed into the day/month/year boxes. */
export interface TypedDate {
  day?: number;
  month: number;
  year: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Random letters, so each test's names and email address are its own on a shared service. */
export function createTag(length = 8): string {
  return Array.from({ length }, () => LETTERS[randomInt(LETTERS.length)]).join('');
}

/** A made-up person for one test. */
export interface Person {
  /** The random letters in every name, for searching text for any part of a name. */
  tag: string;
  fullName: string;
  email: string;
  childNames: string[];
}

/** A made-up person for one test: names and an email address nobody else uses. */
export function createPerson(tag = createTag()): Person {
  const cap = tag.charAt(0).toUpperCase() + tag.slice(1);
  return {
    tag,
    fullName: `Robin ${cap}son`,
    email: `robin.${tag}@example.com`,
    childNames: [`Kit ${cap}ley`, `Ash ${cap}ford`, `Bo ${cap}well`],
  };
}

/** Today in England. */
export const londonToday = (): IsoDate => toLondonDateTime(new Date()).date;

/** A calendar date some days before today in England, as typed into the date boxes. */
export function daysAgo(days: number): TypedDate {
  const [year, month, day] = addCalendarDays(londonToday(), -days).split('-').map(Number) as [number, number, number];
  return { day, month, year };
}

/** The month some months before this one in England, as typed into the month and year boxes. */
export function monthsAgo(months: number): TypedDate {
  const [year, month] = londonToday().split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - months;
  return { month: (index % 12) + 1, year: Math.floor(index / 12) };
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();
/** A label as check answers and the emails name the question: without the page's "(optional)". */
const asRowQuestion = (label: string) => clean(label).replace(/ \(optional\)$/, '');

const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

function describeDate(date: TypedDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return date.day === undefined
    ? monthYear.format(new Date(Date.UTC(date.year, date.month - 1, 1)))
    : formatDate(`${date.year}-${pad(date.month)}-${pad(date.day)}`);
}

/**
 * With JavaScript, waits until every island on the page has hydrated (it marks its container
 * `data-island="live"` then), so a test acts on the page as a person does once it is ready. Without
 * JavaScript the islands stay as plain HTML, and there is nothing to wait for.
 */
export async function waitForHydration(page: Page): Promise<void> {
  if ((await page.locator('body.js-enabled').count()) === 0) return;
  await expect(page.locator('[data-island="server"]')).toHaveCount(0);
}

/** Drives one person's journey in one browser page. */
export class Journey {
  readonly page: Page;
  readonly rows: AnsweredRow[] = [];
  /** The page title and address at every page the journey reached. */
  readonly seen: { url: string; title: string }[] = [];
  /**
   * What the browser reported as an error along the way: a script that threw, or React saying the
   * server's markup did not match the island (it would then throw the page away and draw it again).
   */
  readonly browserErrors: string[] = [];
  private readonly axe: boolean;

  constructor(page: Page, options: JourneyOptions = {}) {
    this.page = page;
    this.axe = options.axe ?? true;
    page.on('console', (message) => {
      // A page sent back with errors (422) is the service working as it should, not a fault.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) this.browserErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.browserErrors.push(`${page.url()}: ${error.message}`));
  }

  /** Waits for the page at `/complaint/<path>` (query string allowed), records it and runs axe. */
  async expectPage(path: string): Promise<void> {
    const target = path.startsWith('/') ? path : `/complaint/${path}`;
    await expect(this.page).toHaveURL((url) => url.pathname === target);
    await this.page.waitForLoadState('load');
    await waitForHydration(this.page);
    this.seen.push({ url: this.page.url(), title: await this.page.title() });
    if (this.axe) await expectNoAxeViolations(this.page);
  }

  /** The start page, then Start now: a new session on the first question. */
  async start(): Promise<void> {
    await this.page.goto('/');
    await this.expectPage('/');
    await this.page.getByRole('button', { name: 'Start now' }).click();
    await this.expectPage('danger');
  }

  /** Presses the page's submit button (Continue unless named). */
  async submit(name = 'Continue'): Promise<void> {
    await this.page.getByRole('button', { name, exact: true }).click();
  }

  private input(name: string, value: string): Locator {
    return this.page.locator(`input[name="${name}"][value="${value}"]`);
  }

  /** Chooses one radio or several checkboxes by value and records the question and the labels chosen. */
  async choose(name: string, value: string | readonly string[], options: { record?: boolean } = {}): Promise<void> {
    const chosen = typeof value === 'string' ? [value] : value;
    const labels: string[] = [];
    for (const v of chosen) {
      const input = this.input(name, v);
      await input.check();
      const id = await input.getAttribute('id');
      labels.push(clean(await this.page.locator(`label[for="${id}"]`).innerText()));
    }
    if (options.record === false) return;
    const question = asRowQuestion(
      await this.input(name, chosen[0] ?? '')
        .locator('xpath=ancestor::fieldset[1]/legend')
        .innerText(),
    );
    this.rows.push({ question, answer: labels.join('\n') });
  }

  /** Types into a text input or textarea (by name) and records its label and the text. */
  async type(name: string, value: string): Promise<void> {
    const field = this.page.locator(`[name="${name}"]`);
    await field.fill(value);
    const question = asRowQuestion(await this.page.locator(`label[for="${name}"]`).innerText());
    this.rows.push({ question, answer: value });
  }

  /** Fills a date field's boxes and records its legend and the date as check answers words it. */
  async date(name: string, date: TypedDate): Promise<void> {
    if (date.day !== undefined) await this.page.locator(`[name="${name}-day"]`).fill(String(date.day));
    await this.page.locator(`[name="${name}-month"]`).fill(String(date.month));
    await this.page.locator(`[name="${name}-year"]`).fill(String(date.year));
    const question = asRowQuestion(await this.page.locator(`#${name}`).locator('xpath=ancestor::fieldset[1]/legend').innerText());
    this.rows.push({ question, answer: describeDate(date) });
  }

  // ---------------------------------------------------------------------------------------------
  // One helper per question page, in journey order
  // ---------------------------------------------------------------------------------------------

  async danger(answer: 'yes' | 'no'): Promise<void> {
    await this.expectPage('danger');
    await this.choose('dangerNow', answer);
    await this.submit();
  }

  /** The interruption after "a child is in danger": 999 and the numbers, then carry on. */
  async emergencyThenCarryOn(): Promise<void> {
    await this.expectPage('emergency');
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText('999');
    await this.page.getByRole('button', { name: 'Carry on with my complaint' }).click();
  }

  async worried(answer: 'yes' | 'no'): Promise<void> {
    await this.expectPage('worried');
    await this.choose('worriedAboutHarm', answer);
    await this.submit();
  }

  /** The "tell children's services" page after "worried": shows the front door number, then Continue. */
  async getHelpThenContinue(frontDoorPhone: string): Promise<void> {
    await this.expectPage('get-help');
    await expect(this.page.getByRole('main')).toContainText(frontDoorPhone);
    await this.page.getByRole('button', { name: 'Continue' }).click();
  }

  async who(role: string): Promise<void> {
    await this.expectPage('who');
    await this.choose('role', role);
    await this.submit();
  }

  async relationship(relationship: string, standing: string): Promise<void> {
    await this.expectPage('relationship');
    await this.type('relationship', relationship);
    await this.choose('relativeStanding', standing);
    await this.submit();
  }

  async advocate(organisation: string, instructed: 'yes' | 'no' | 'not_sure'): Promise<void> {
    await this.expectPage('advocate');
    await this.type('advocacyOrganisation', organisation);
    await this.choose('childInstructedAdvocate', instructed);
    await this.submit();
  }

  async childAgreement(answer: 'yes' | 'no' | 'not_asked' | 'too_young' | 'not_safe'): Promise<void> {
    await this.expectPage('child-agreement');
    await this.choose('childAgreement', answer);
    await this.submit();
  }

  async aboutYou(age: number, council: 'this' | 'another' | 'not_sure'): Promise<void> {
    await this.expectPage('about-you');
    await this.type('age', String(age));
    await this.choose('council', council);
    await this.submit();
  }

  /** One child's details; then "another child?" is answered yes when more follow. */
  async children(children: readonly { name: string; dob?: TypedDate; age?: number; council: 'this' | 'another' | 'not_sure' }[]): Promise<void> {
    for (const [i, child] of children.entries()) {
      const n = i + 1;
      await this.expectPage(`child-${n}`);
      await this.type(`child${n}Name`, child.name);
      if (child.dob) await this.date(`child${n}Dob`, child.dob);
      if (child.age !== undefined) await this.type(`child${n}Age`, String(child.age));
      await this.choose(`child${n}Council`, child.council);
      await this.submit();
      await this.expectPage(`more-children-${n}`);
      await this.choose('moreChildren', n < children.length ? 'yes' : 'no');
      await this.submit();
    }
  }

  async service(services: readonly string[]): Promise<void> {
    await this.expectPage('service');
    await this.choose('services', services);
    await this.submit();
  }

  /** The "somewhere else" page, which lists every organisation; `sendAnyway` when it asks. */
  async elsewhere(sendAnyway?: 'yes' | 'no'): Promise<void> {
    await this.expectPage('elsewhere');
    if (sendAnyway) await this.choose('sendAnyway', sendAnyway);
    await this.submit();
  }

  async provider(answer: 'yes' | 'no' | 'not_sure'): Promise<void> {
    await this.expectPage('provider');
    await this.choose('commissionedProvider', answer);
    await this.submit();
  }

  async whatHappened(text: string): Promise<void> {
    await this.expectPage('what-happened');
    await this.type('whatHappened', text);
    await this.submit();
  }

  async when(when: { kind: 'exact' | 'month'; date: TypedDate } | { kind: 'ongoing' | 'not_sure' }): Promise<void> {
    await this.expectPage('when');
    await this.choose('whenKind', when.kind);
    if (when.kind === 'exact') await this.date('whenDate', when.date);
    if (when.kind === 'month') await this.date('whenMonth', when.date);
    await this.submit();
  }

  async foundOut(found: { kind: 'at_the_time' } | { kind: 'later'; month: TypedDate }): Promise<void> {
    await this.expectPage('found-out');
    await this.choose('foundOutKind', found.kind);
    if (found.kind === 'later') await this.date('foundOutMonth', found.month);
    await this.submit();
  }

  async whyNotSooner(reasons: readonly string[], details?: string): Promise<void> {
    await this.expectPage('why-not-sooner');
    await this.choose('delayReasons', reasons);
    if (details) await this.type('delayDetails', details);
    await this.submit();
  }

  async putRight(text: string): Promise<void> {
    await this.expectPage('put-right');
    await this.type('outcomeWanted', text);
    await this.submit();
  }

  async courtPolice(answer: 'yes' | 'no' | 'not_sure'): Promise<void> {
    await this.expectPage('court-police');
    await this.choose('proceedings', answer);
    await this.submit();
  }

  async complainedBefore(answer: 'no' | 'yes_ongoing' | 'yes_completed' | 'not_sure', reference?: string): Promise<void> {
    await this.expectPage('complained-before');
    await this.choose('previousComplaint', answer);
    if (reference) await this.type('previousReference', reference);
    await this.submit();
  }

  /** "Do you want to send any documents or photos?" (the files page follows a yes). */
  async documents(answer: 'yes' | 'no', path = 'documents'): Promise<void> {
    await this.expectPage(path);
    await this.choose('sendDocuments', answer);
    await this.submit();
  }

  async advocacy(answer: 'yes' | 'no' | 'not_sure'): Promise<void> {
    await this.expectPage('advocacy');
    await this.choose('wantsAdvocate', answer);
    await this.submit();
  }

  async yourName(name: string): Promise<void> {
    await this.expectPage('your-name');
    await this.type('fullName', name);
    await this.submit();
  }

  async contact(contact: { email?: string; phone?: string; address?: { line1: string; line2?: string; town: string; postcode: string } }): Promise<void> {
    await this.expectPage('contact');
    const methods = [contact.email && 'email', contact.phone && 'phone', contact.address && 'post'].filter((m): m is string => Boolean(m));
    // Each method's boxes are revealed under its checkbox, so tick one and fill it before the next,
    // as a person does; the row for the checkboxes comes first, as on check answers.
    const rowAt = this.rows.length;
    for (const method of methods) {
      await this.choose('contactMethods', method, { record: false });
      if (method === 'email' && contact.email) await this.type('email', contact.email);
      if (method === 'phone' && contact.phone) await this.type('phone', contact.phone);
      if (method === 'post' && contact.address) {
        await this.type('addressLine1', contact.address.line1);
        if (contact.address.line2) await this.type('addressLine2', contact.address.line2);
        await this.type('addressTown', contact.address.town);
        await this.type('addressPostcode', contact.address.postcode);
      }
    }
    const labels = await Promise.all(
      methods.map(async (m) => clean(await this.page.locator(`label[for="${await this.input('contactMethods', m).getAttribute('id')}"]`).innerText())),
    );
    const question = clean(await this.input('contactMethods', 'email').locator('xpath=ancestor::fieldset[1]/legend').innerText());
    this.rows.splice(rowAt, 0, { question, answer: labels.join('\n') });
    await this.submit();
  }

  async safeContact(safe: { kind: 'yes' } | { kind: 'with_care' | 'no'; details: string }): Promise<void> {
    await this.expectPage('safe-contact');
    await this.choose('safeToContact', safe.kind);
    if (safe.kind === 'with_care') await this.type('safeWhen', safe.details);
    if (safe.kind === 'no') await this.type('safeHow', safe.details);
    await this.submit();
  }

  /** An advocate's answer to who we contact: only them, or the young person too (and how). */
  async reachYoungPerson(reach: { kind: 'advocate_only' } | { kind: 'both'; how: string }): Promise<void> {
    await this.expectPage('reach-young-person');
    await this.choose('reachYoungPerson', reach.kind);
    if (reach.kind === 'both') await this.type('youngPersonContact', reach.how);
    await this.submit();
  }

  async needs(needs: readonly string[], extra: { language?: string; other?: string } = {}): Promise<void> {
    await this.expectPage('needs');
    const rowAt = this.rows.length;
    for (const need of needs) {
      await this.choose('communicationNeeds', need, { record: false });
      if (need === 'interpreter' && extra.language) await this.type('interpreterLanguage', extra.language);
      if (need === 'other' && extra.other) await this.type('otherNeeds', extra.other);
    }
    const labels: string[] = [];
    for (const need of needs) {
      const id = await this.input('communicationNeeds', need).getAttribute('id');
      labels.push(clean(await this.page.locator(`label[for="${id}"]`).innerText()));
    }
    const question = clean(
      await this.input('communicationNeeds', needs[0] ?? 'none')
        .locator('xpath=ancestor::fieldset[1]/legend')
        .innerText(),
    );
    this.rows.splice(rowAt, 0, { question, answer: labels.join('\n') });
    await this.submit();
  }

  /**
   * Check answers: answers "is anyone at risk" when the page asks it again and, when the page asks, whether to email an
   * acknowledgement; then Send. Returns the reference on the confirmation page.
   */
  async checkAndSend(check: { atRisk?: 'yes' | 'no'; acknowledgement?: 'yes' | 'no' }): Promise<string> {
    await this.expectPage('check');
    const asksAboutRisk = (await this.page.locator('input[name="worriedAtCheck"]').count()) > 0;
    expect(asksAboutRisk, 'the risk question is asked again only when nobody said yes to danger or harm').toBe(check.atRisk !== undefined);
    if (check.atRisk) await this.choose('worriedAtCheck', check.atRisk, { record: false });
    const asksAcknowledgement = (await this.page.locator('input[name="wantsAcknowledgement"]').count()) > 0;
    expect(asksAcknowledgement, 'the acknowledgement question is asked only when an email was given and it is safe to use').toBe(
      check.acknowledgement !== undefined,
    );
    if (check.acknowledgement) await this.choose('wantsAcknowledgement', check.acknowledgement, { record: false });
    await this.submit('Send complaint');
    return this.confirmation();
  }

  /** The confirmation page: returns the reference it shows. */
  async confirmation(): Promise<string> {
    await this.expectPage('confirmation');
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('Complaint sent');
    return clean(await this.page.locator('.govuk-panel__body strong').innerText());
  }
}

/**
 * The shortest complete journey for a child, or for a parent with one child, up to check
 * answers: for tests about what happens around Send rather than about the questions.
 */
export async function answerUpToCheck(
  j: Journey,
  person: Person,
  role: 'child' | 'parent',
  contact: { email?: string; phone?: string } = { phone: '07700 900982' },
): Promise<void> {
  await j.start();
  await j.danger('no');
  await j.worried('no');
  await j.who(role);
  if (role === 'child') {
    await j.aboutYou(13, 'this');
  } else {
    await j.childAgreement('yes');
    await j.children([{ name: person.childNames[0] ?? '', age: 6, council: 'this' }]);
  }
  await j.service(['looked_after']);
  if (role === 'parent') await j.provider('no');
  if (role === 'child') await j.advocacy('not_sure');
  await answerFromWhatHappened(j, person, `Nobody came to the review (${person.tag}).`, contact);
}

/** From "What happened?" to check answers with the shortest answers: in time, nothing before, safe to contact, no needs. */
export async function answerFromWhatHappened(j: Journey, person: Person, whatHappened: string, contact: { email?: string; phone?: string }): Promise<void> {
  await j.whatHappened(whatHappened);
  await j.when({ kind: 'month', date: monthsAgo(1) });
  await j.putRight(`A new review (${person.tag}).`);
  await j.courtPolice('no');
  await j.complainedBefore('no');
  await j.documents('no');
  await j.yourName(person.fullName);
  await j.contact(contact);
  await j.safeContact({ kind: 'yes' });
  await j.needs(['none']);
  await j.expectPage('check');
}

import { createHash, webcrypto } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { createReferenceNumber } from '../../src/domain/reference-number.ts';
import { exampleCouncil } from './councils.ts';
import { createPerson, daysAgo, Journey, monthsAgo, waitForHydration } from './journey.ts';
import { listContentSlugs } from './routes.ts';
import type { Service } from './service.ts';

/**
 * Every page of the service and every error state, reached the way a person reaches them: from
 * the start page, through real journeys (the complaint as a child, as an adult whose complaint
 * partly belongs to every other organisation, as an advocate who stops at "not sending" and then
 * changes their mind, the stage 2 or 3 request, the
 * request for an advocate as an adult and as a child, and feedback), plus the pages a person
 * meets outside a journey (content pages, not found, too large, too many attempts, answers
 * deleted). On each page with questions the form is first sent empty, so each error state is
 * met too, and a few pages are also sent with a wrong answer (a date that is not real, an email
 * address in the wrong format, a reference that fails its check).
 *
 * A page met again with the same content (the safety questions at the start of each complaint
 * journey) is checked once. The accessibility gate and the readability test both walk this one
 * list, so a page added to a journey is covered by both.
 */

export type WalkName = 'site' | 'child' | 'adult' | 'not-sending' | 'review' | 'advocate' | 'feedback';

/** Every walk, in the order they run; names depend on it, so keep it stable. */
const WALKS: readonly WalkName[] = ['site', 'child', 'adult', 'not-sending', 'review', 'advocate', 'feedback'];

/** One page in one state, as the check met it. */
export interface PageState {
  /**
   * Unique and file-name safe: `complaint-who`, `complaint-who--error`; a page met again with
   * other content gets the walk's or the variant's name, e.g. `complaint-service--adult`.
   */
  name: string;
  /** The address path at the time, e.g. `/complaint/who`. */
  path: string;
  /** An error state: the same page sent back with its error summary. */
  error: boolean;
  /** Which walk met it first. */
  walk: WalkName;
}

/** Runs on each page state as it is met; the page must be left in that state. */
export type CheckPage = (page: Page, state: PageState) => Promise<void>;

export interface VisitOptions {
  /** Which walks to take (default all, in WALKS order). */
  walks?: readonly WalkName[];
  /**
   * The service under test. With it, the adult's complaint also meets the page shown when the
   * complaint could not be stored (its store refuses new cases for one Send, then is restored).
   */
  service?: Service;
}

const council = exampleCouncil();

/** Pages with a form whose every question is optional: sending them empty moves on. */
const OPTIONAL_PAGES = new Set(['/review/why-now', '/advocate/anything-else']);

/** The controls a person answers; the hidden honeypot box is for robots. */
const ANSWERABLE = 'input:not([type="hidden"]):not([name="website"]), textarea, select';

/** How long govuk-frontend's Button ignores presses after one, where asked to (1 second), with a margin. */
const PREVENT_DOUBLE_CLICK_MS = 1_100;

const randomBytes = (count: number) => webcrypto.getRandomValues(new Uint8Array(count));

const toBaseName = (path: string): string => (path === '/' ? 'start' : path.slice(1).replace(/\/$/, '').replace(/\//g, '-'));

const summaryText = async (page: Page): Promise<string> => (await page.locator('.govuk-error-summary').allInnerTexts()).join('\n');

class Walker {
  readonly page: Page;
  readonly states: PageState[] = [];
  walk: WalkName = 'site';
  /** A name for pages of this walk whose content differs from an earlier walk's (`child`). */
  variant: string | undefined;
  private readonly check: CheckPage;
  private readonly keys = new Set<string>();
  private readonly names = new Set<string>();
  /** The page load last recorded, so a step helper that waits for the same page again adds nothing. */
  private lastLoad = -1;

  constructor(page: Page, check: CheckPage) {
    this.page = page;
    this.check = check;
  }

  journey(): RecordingJourney {
    return new RecordingJourney(this.page, this);
  }

  private async currentLoad(): Promise<number> {
    return this.page.evaluate(() => performance.timeOrigin);
  }

  /** Records the page as it is now, unless the same page with the same content was met before. */
  async record(options: { error?: boolean; variant?: string; name?: string } = {}): Promise<boolean> {
    const path = new URL(this.page.url()).pathname;
    const error = options.error ?? false;
    this.lastLoad = await this.currentLoad();
    const content = createHash('sha256')
      .update(await this.page.locator('main').innerText())
      .digest('hex');
    const key = `${path}\n${error}\n${options.variant ?? ''}\n${content}`;
    if (this.keys.has(key)) return false;
    this.keys.add(key);

    const base = `${options.name ?? toBaseName(path)}${error ? '--error' : ''}${options.variant ? `--${options.variant}` : ''}`;
    let name = base;
    if (this.names.has(name)) name = `${base}--${this.variant ?? this.walk}`;
    for (let n = 2; this.names.has(name); n++) name = `${base}--${this.variant ?? this.walk}-${n}`;
    this.names.add(name);

    const state: PageState = { name, path, error, walk: this.walk };
    this.states.push(state);
    await this.check(this.page, state);
    return true;
  }

  /** Opens an address directly (pages met outside a journey) and records it. */
  async visit(path: string, name?: string): Promise<void> {
    await this.page.goto(path);
    await this.page.waitForLoadState('load');
    await waitForHydration(this.page);
    await this.record(name ? { name } : {});
  }

  /**
   * Called when a journey step reaches a page: records it and, for a new page with questions,
   * sends it empty first and records the error state.
   */
  async arrive(): Promise<void> {
    if ((await this.currentLoad()) === this.lastLoad) return;
    if (!(await this.record())) return;
    if (await this.asksForAnswers()) await this.submitForError();
  }

  private async asksForAnswers(): Promise<boolean> {
    if (OPTIONAL_PAGES.has(new URL(this.page.url()).pathname)) return false;
    return (await this.page.locator('main form').locator(ANSWERABLE).count()) > 0;
  }

  /**
   * Sends the form as it is and records the error state that must follow. With JavaScript the
   * question page's own script finds most errors without sending anything; `server` marks the
   * checks only the server makes (a reference's check character, "email or phone").
   */
  async submitForError(options: { variant?: string; server?: boolean } = {}): Promise<void> {
    const { page } = this;
    const scripts = (await page.locator('body.js-enabled').count()) > 0;
    const island = (await page.locator('main [data-island]').count()) > 0;
    // The page's own button, not "Save and come back later", which saves without checking.
    const button = page.locator('main form button[type="submit"]').first();
    const clickedAt = Date.now();
    let samePage = false;
    if (!scripts || !island || options.server) {
      const response = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document');
      await button.click();
      expect((await response).status(), 'a form sent with errors comes back as 422').toBe(422);
      await page.waitForLoadState('load');
    } else {
      samePage = true;
      const before = await summaryText(page);
      await button.click();
      await expect.poll(() => summaryText(page), { message: 'the error summary appears or changes' }).not.toBe(before);
    }
    await expect(page.locator('.govuk-error-summary')).toBeVisible();
    await waitForHydration(page);
    await this.record({ error: true, ...(options.variant ? { variant: options.variant } : {}) });
    // govuk-frontend's Button, where a page uses its double-click guard, ignores a second press
    // within a second of the first on the same page; a person reading the errors takes longer.
    const guarded = samePage && (await button.getAttribute('data-prevent-double-click')) === 'true';
    const sinceClick = Date.now() - clickedAt;
    if (guarded && sinceClick < PREVENT_DOUBLE_CLICK_MS) await page.waitForTimeout(PREVENT_DOUBLE_CLICK_MS - sinceClick);
  }
}

/** The journey step helpers, recording every page they reach. */
class RecordingJourney extends Journey {
  private readonly walker: Walker;

  constructor(page: Page, walker: Walker) {
    super(page, { axe: false });
    this.walker = walker;
  }

  override async expectPage(path: string): Promise<void> {
    await super.expectPage(path);
    await this.walker.arrive();
  }
}

/** The start page, then the link in its main content to another journey, then Start now. */
async function startFrom(j: RecordingJourney, link: string, landing: string, first: string): Promise<void> {
  await j.page.goto('/');
  await j.expectPage('/');
  await j.page.getByRole('main').getByRole('link', { name: link, exact: true }).click();
  await j.expectPage(landing);
  await j.page.getByRole('button', { name: 'Start now' }).click();
  await j.expectPage(first);
}

/** Answers the contact page of a journey after the complaint, then says contact is safe. */
async function answerContact(j: RecordingJourney, base: string, contact: { email?: string; phone?: string }): Promise<void> {
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
  await j.choose('safeToContact', 'yes');
  await j.submit();
}

const walks: Record<WalkName, (w: Walker, options: VisitOptions) => Promise<void>> = {
  /** Pages outside the journeys, opened as a link or a mistyped address would open them. */
  async site(w) {
    await w.visit('/');
    for (const slug of listContentSlugs()) await w.visit(`/${slug}`);
    for (const journey of ['complaint', 'review', 'advocate', 'feedback']) await w.visit(`/${journey}/session-expired`);
    await w.visit('/too-large');
    await w.visit('/too-many-attempts');
    await w.visit('/busy', 'service-busy');
    await w.visit('/method-not-allowed', 'method-not-allowed');
    await w.visit('/500', 'problem-with-the-service');
    await w.visit('/no-such-page', 'page-not-found');
  },

  /** A child's own complaint: both safety pages, a signposted part, a date over a year ago, every question a child is asked. */
  async child(w) {
    const j = w.journey();
    const p = createPerson();
    await j.start();
    await j.danger('yes');
    await j.emergencyThenCarryOn();
    await j.worried('yes');
    await j.getHelpThenContinue(council.contacts.frontDoor.phone);
    await j.who('child');
    await j.aboutYou(14, 'this');
    await j.service(['looked_after', 'school']);
    await j.elsewhere();
    await j.advocacy('yes');
    await j.whatHappened(`My placement review was cancelled (${p.tag}).`);
    await j.expectPage('when');
    await j.choose('whenKind', 'exact', { record: false });
    await w.submitForError({ variant: 'no-date' });
    await j.date('whenDate', daysAgo(800));
    await j.submit();
    await j.foundOut({ kind: 'later', month: monthsAgo(2) });
    await j.whyNotSooner(['was_a_child'], 'I was still in care.');
    await j.putRight('A review meeting that happens.');
    await j.courtPolice('not_sure');
    await j.complainedBefore('no');
    await j.documents('no');
    await j.yourName(p.fullName);
    await j.expectPage('contact');
    await j.choose('contactMethods', 'email', { record: false });
    await w.page.locator('[name="email"]').fill('not an email address');
    await w.submitForError({ variant: 'email-format' });
    await w.page.locator('[name="email"]').fill(p.email);
    // A child may be reached through an adult they trust instead: who, and how, are then asked.
    await j.choose('contactMethods', 'trusted', { record: false });
    await w.submitForError({ variant: 'trusted-adult' });
    await w.page.locator('[name="trustedWho"]').fill('Sam, my social worker');
    await w.page.locator('[name="trustedHow"]').fill('07700 900456');
    await j.submit();
    await j.safeContact({ kind: 'with_care', details: 'Only after school' });
    await j.needs(['interpreter'], { language: 'Polish' });
    await j.checkAndSend({});
    // The copy of what was sent, which only the confirmation links to.
    await w.page.getByRole('link', { name: 'See and print your answers' }).click();
    await j.expectPage('your-answers');
  },

  /**
   * A relative's complaint about two children: a date of birth that is not a real date, the
   * "somewhere else" page listing every other organisation beside a part for the council, and
   * (with the service) the page shown when the complaint could not be stored.
   */
  async adult(w, options) {
    const j = w.journey();
    const { page } = w;
    const p = createPerson();
    const [first = '', second = ''] = p.childNames;
    await j.start();
    await j.danger('no');
    await j.worried('no');
    await j.who('relative_or_other');
    await j.relationship('Grandmother', 'none');
    await j.childAgreement('not_asked');
    await j.expectPage('child-1');
    await page.locator('[name="child1Name"]').fill(first);
    await page.locator('[name="child1Dob-day"]').fill('31');
    await page.locator('[name="child1Dob-month"]').fill('2');
    await page.locator('[name="child1Dob-year"]').fill('2015');
    await j.choose('child1Council', 'this');
    await w.submitForError({ variant: 'not-a-date' });
    await page.locator('[name="child1Dob-day"]').fill('3');
    await j.submit();
    await j.expectPage('more-children-1');
    await j.choose('moreChildren', 'yes');
    await j.submit();
    await j.expectPage('child-2');
    await page.locator('[name="child2Name"]').fill(second);
    await page.locator('[name="child2Age"]').fill('9');
    await j.choose('child2Council', 'this');
    await j.submit();
    await j.expectPage('more-children-2');
    await j.choose('moreChildren', 'no');
    await j.submit();
    await j.service(['looked_after', 'approval_decision', 'school', 'send', 'nhs', 'police', 'court_decision']);
    await j.elsewhere();
    await j.provider('yes');
    await j.whatHappened(`Nobody told us about the move (${p.tag}).`);
    await j.when({ kind: 'month', date: monthsAgo(1) });
    await j.putRight('A meeting and an apology.');
    await j.courtPolice('yes');
    await j.complainedBefore('yes_ongoing', 'CSC-7K4M-2P9X');
    await j.documents('no');
    await j.yourName(p.fullName);
    await j.contact({ address: { line1: '1 Test Street', line2: 'Flat 2', town: 'Exampleton', postcode: 'EX1 1AA' } });
    await j.safeContact({ kind: 'no', details: 'Write to my sister instead' });
    await j.needs(['bsl', 'other'], { other: 'Short sentences please' });
    await j.expectPage('check');
    await j.choose('worriedAtCheck', 'no', { record: false });
    const { service } = options;
    if (service) {
      service.execute("CREATE TRIGGER refuse_cases BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'refused for the test'); END");
      try {
        await j.submit('Send complaint');
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sorry, your complaint has not been sent');
        await w.record({ variant: 'not-sent' });
      } finally {
        service.execute('DROP TRIGGER IF EXISTS refuse_cases');
      }
      await page.getByRole('button', { name: 'Try sending again' }).click();
    } else {
      await j.submit('Send complaint');
    }
    await j.confirmation();
  },

  /** An advocate's complaint where every part belongs to another council, and they choose not to send it. */
  async 'not-sending'(w) {
    const j = w.journey();
    const { page } = w;
    const p = createPerson();
    await j.start();
    await j.danger('no');
    await j.worried('no');
    await j.who('advocate');
    await j.advocate('Coram Voice', 'yes');
    await j.expectPage('child-1');
    await page.locator('[name="child1Name"]').fill(p.childNames[0] ?? '');
    await page.locator('[name="child1Age"]').fill('12');
    await j.choose('child1Council', 'another');
    await page.locator('[name="child1OtherCouncil"]').fill('Northshire Council');
    await j.submit();
    await j.expectPage('more-children-1');
    await j.choose('moreChildren', 'no');
    await j.submit();
    await j.service(['looked_after']);
    await j.elsewhere('no');
    await j.expectPage('not-sending');
    // Changing their mind: back to the one page, send anyway, and on to the advocate's own
    // question about contacting the young person, as far as check answers.
    await page.getByRole('main').getByRole('link', { name: 'go back to your answers' }).click();
    await j.elsewhere('yes');
    await j.whatHappened(`Her placement moved without notice (${p.tag}).`);
    await j.when({ kind: 'ongoing' });
    await j.putRight('A say in where she lives.');
    await j.courtPolice('no');
    await j.complainedBefore('not_sure');
    await j.documents('no');
    await j.yourName(p.fullName);
    await j.contact({ email: p.email });
    await j.safeContact({ kind: 'yes' });
    await j.reachYoungPerson({ kind: 'both', how: 'Through her foster carer' });
    await j.needs(['none']);
    await j.expectPage('check');
  },

  /** Stage 2, late, with a reference that fails its check first and a date in the future. */
  async review(w) {
    const j = w.journey();
    const { page } = w;
    const p = createPerson();
    await startFrom(j, 'ask for your complaint to be looked at again', '/review', '/review/reference');
    await page.locator('[name="reference"]').fill('CSC-7K4M-2P9X');
    await w.submitForError({ variant: 'check-character', server: true });
    await page.locator('[name="reference"]').fill(createReferenceNumber({ prefix: council.referencePrefix, random: randomBytes }));
    await j.submit();
    await j.expectPage('/review/stage');
    await j.choose('stage', 'stage2');
    await j.submit();
    await j.expectPage('/review/reply-date');
    await page.locator('[name="replyReceived-day"]').fill('1');
    await page.locator('[name="replyReceived-month"]').fill('1');
    await page.locator('[name="replyReceived-year"]').fill(String(daysAgo(0).year + 1));
    await w.submitForError({ variant: 'future' });
    await j.date('replyReceived', daysAgo(60));
    await j.submit();
    await j.expectPage('/review/why-now');
    await j.type('whyNow', 'I was in hospital.');
    await j.submit();
    await j.expectPage('/review/your-name');
    await j.type('fullName', p.fullName);
    await j.submit();
    await answerContact(j, '/review', { email: p.email });
    await j.expectPage('/review/why');
    await j.type('whyUnhappy', 'The reply did not answer my questions.');
    await j.submit();
    await j.expectPage('/review/put-right');
    await j.type('outcomeWanted', 'An investigation.');
    await j.submit();
    await j.documents('no', '/review/documents');
    await j.expectPage('/review/check');
    await j.choose('worriedAtCheck', 'no', { record: false });
    await j.choose('wantsAcknowledgement', 'no', { record: false });
    await j.submit('Send request');
    await j.expectPage('/review/confirmation');
  },

  /** An adult asking for an advocate for a child, then a child asking for one for themselves. */
  async advocate(w) {
    const j = w.journey();
    const p = createPerson();
    await startFrom(j, 'ask for an advocate', '/advocate', '/advocate/who');
    await j.choose('requester', 'adult');
    await j.submit();
    await j.expectPage('/advocate/child-agreement');
    await j.choose('childAgreement', 'no');
    await j.submit();
    await j.expectPage('/advocate/complaint');
    await j.choose('complaintMade', 'yes');
    await j.type('complaintReference', 'CSC-7AFQ-VEYZ');
    await j.submit();
    await j.expectPage('/advocate/about-child');
    await j.type('childName', p.childNames[0] ?? '');
    await j.type('childAge', '9');
    await j.choose('childCouncil', 'this');
    await j.submit();
    await j.expectPage('/advocate/your-name');
    await j.type('fullName', p.fullName);
    await j.type('relationship', 'Teacher');
    await j.submit();
    await answerContact(j, '/advocate', { phone: '07700 900123' });
    await j.expectPage('/advocate/anything-else');
    await j.submit();
    await j.expectPage('/advocate/check');
    await j.choose('worriedAtCheck', 'no', { record: false });
    await j.submit('Send request');
    await j.expectPage('/advocate/confirmation');

    w.variant = 'child';
    await w.page.goto('/advocate/start');
    await j.expectPage('/advocate/who');
    await j.choose('requester', 'child');
    await j.submit();
    await j.expectPage('/advocate/complaint');
    await j.choose('complaintMade', 'not_yet');
    await j.submit();
    await j.expectPage('/advocate/about-you');
    await j.type('age', '13');
    await j.choose('council', 'this');
    await j.submit();
    await j.expectPage('/advocate/your-name');
    await j.type('fullName', p.fullName);
    await j.submit();
    await answerContact(j, '/advocate', { email: p.email });
    await j.expectPage('/advocate/anything-else');
    await j.type('notes', 'After school is best.');
    await j.submit();
    await j.expectPage('/advocate/check');
    await j.choose('worriedAtCheck', 'no', { record: false });
    await j.choose('wantsAcknowledgement', 'yes', { record: false });
    await j.submit('Send request');
    await j.expectPage('/advocate/confirmation');
    w.variant = undefined;
  },

  /** A compliment with a reply wanted, first without an email address or phone number. */
  async feedback(w) {
    const j = w.journey();
    const { page } = w;
    const p = createPerson();
    await startFrom(j, 'Give a compliment or feedback', '/feedback', '/feedback/feedback');
    await j.choose('feedbackKind', 'compliment');
    await j.type('message', 'Our social worker listened.');
    await j.submit();
    await j.expectPage('/feedback/reply');
    await j.choose('wantsReply', 'yes');
    await page.locator('[name="replyName"]').fill(p.fullName);
    await w.submitForError({ variant: 'no-email-or-phone', server: true });
    await page.locator('[name="replyPhone"]').fill('07700 900982');
    await j.submit();
    await j.expectPage('/feedback/check');
    await j.submit('Send feedback');
    await j.expectPage('/feedback/confirmation');
  },
};

/**
 * Walks the service (every walk unless `walks` names some), calling `check` on every page state
 * met, and returns the states in the order met.
 */
export async function visitEveryPage(page: Page, check: CheckPage, options: VisitOptions = {}): Promise<PageState[]> {
  const walker = new Walker(page, check);
  for (const name of WALKS) {
    if (options.walks && !options.walks.includes(name)) continue;
    walker.walk = name;
    await walks[name](walker, options);
  }
  return walker.states;
}

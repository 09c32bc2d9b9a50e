import type { Page } from '@playwright/test';
import type { CaseRecord } from '../../src/domain/case-record.ts';
import { formatTeamEmail } from '../../src/domain/email/complaint.ts';
import type { Route } from '../../src/domain/screening-types.ts';
import { expectNoAxeViolations } from '../helpers/axe.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { createPerson, daysAgo, Journey, monthsAgo, type Person } from '../helpers/journey.ts';
import { expect, test, type Service } from '../helpers/service.ts';
import { council, countCases, expectSentCase, interceptNeutralSite } from './sent-case.ts';

/**
 * Every kind of person through the whole complaint journey, once with JavaScript and once
 * without, reading back what the complaints team (and the safeguarding mailbox and the
 * complainant, when due) receives over SMTP. Between them the journeys cover each branch of the
 * question pages; axe runs on every page and every error state.
 */

interface RoleJourney {
  role: string;
  /** What this journey covers beyond its role. */
  covers: string;
  route: Route;
  safeguarding: boolean;
  /** Whether the complainant's acknowledgement must arrive. */
  acknowledged: boolean;
  /** Whether an advocate is asked for, so the provider is sent a referral. */
  advocateReferral?: boolean;
  /** Compare the team's email with the one formatted from the stored case. */
  exactEmail?: boolean;
  run(j: Journey, person: Person): Promise<{ reference: string; children: string[]; complaintText: string[]; emails: string[] }>;
}

const frontDoor = council.contacts.frontDoor.phone;

const journeys: RoleJourney[] = [
  {
    role: 'child',
    covers: 'month-and-year date, advocate wanted, email contact, an interpreter, acknowledgement',
    route: 'statutory',
    safeguarding: false,
    acknowledged: true,
    advocateReferral: true,
    async run(j, p) {
      const happened = `My placement review was cancelled three times (${p.tag}).`;
      const better = `A review meeting that actually happens (${p.tag}).`;
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('child');
      await j.aboutYou(14, 'this');
      await j.service(['looked_after']);
      await j.advocacy('yes');
      await j.whatHappened(happened);
      await j.when({ kind: 'month', date: monthsAgo(1) });
      await j.putRight(better);
      await j.courtPolice('no');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ email: p.email });
      await j.safeContact({ kind: 'yes' });
      await j.needs(['interpreter'], { language: 'Polish' });
      const reference = await j.checkAndSend({ atRisk: 'no', acknowledgement: 'yes' });
      return { reference, children: [], complaintText: [happened, better], emails: [p.email] };
    },
  },
  {
    role: 'care_leaver',
    covers: 'exact date over 12 months ago (found out later, why not sooner), phone contact, contact with care',
    route: 'statutory',
    safeguarding: false,
    acknowledged: false,
    async run(j, p) {
      const happened = `My pathway plan was never written (${p.tag}).`;
      const better = `A pathway plan and an apology (${p.tag}).`;
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('care_leaver');
      await j.aboutYou(20, 'this');
      await j.service(['leaving_care']);
      await j.advocacy('no');
      await j.whatHappened(happened);
      await j.when({ kind: 'exact', date: daysAgo(800) });
      await j.foundOut({ kind: 'later', month: monthsAgo(2) });
      await j.whyNotSooner(['only_just_found_out', 'illness_or_mental_health'], `I was in hospital (${p.tag}).`);
      await j.putRight(better);
      await j.courtPolice('not_sure');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ phone: '07700 900982' });
      await j.safeContact({ kind: 'with_care', details: 'Only call after 4pm, do not leave a voicemail' });
      await j.needs(['none']);
      const reference = await j.checkAndSend({ atRisk: 'no' });
      return { reference, children: [], complaintText: [happened, better], emails: [] };
    },
  },
  {
    role: 'parent',
    covers: 'two children (date of birth and age), still happening, court or police involved, post, not safe to contact as given, BSL',
    route: 'statutory',
    safeguarding: false,
    acknowledged: false,
    async run(j, p) {
      const happened = `No assessment for months despite repeated requests (${p.tag}).`;
      const better = `An assessment for both children (${p.tag}).`;
      const [first = '', second = ''] = p.childNames;
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('parent');
      await j.childAgreement('not_asked');
      await j.children([
        { name: first, dob: { day: 3, month: 4, year: 2015 }, council: 'this' },
        { name: second, age: 9, council: 'this' },
      ]);
      await j.service(['children_in_need']);
      await j.provider('no');
      await j.whatHappened(happened);
      await j.when({ kind: 'ongoing' });
      await j.putRight(better);
      await j.courtPolice('yes');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ address: { line1: '1 Test Street', line2: 'Flat 2', town: 'Exampleton', postcode: 'EX1 1AA' } });
      await j.safeContact({ kind: 'no', details: 'Write to my sister instead' });
      await j.needs(['bsl']);
      const reference = await j.checkAndSend({ atRisk: 'no' });
      return { reference, children: [first, second], complaintText: [happened, better], emails: [] };
    },
  },
  {
    role: 'parental_responsibility',
    covers: "'not sure' of service and date (triage), complained before, email but contact with care (no acknowledgement asked), large print",
    route: 'triage',
    safeguarding: false,
    acknowledged: false,
    async run(j, p) {
      const happened = `Nobody tells me what is happening with the plan (${p.tag}).`;
      const better = `Regular updates (${p.tag}).`;
      const [child = ''] = p.childNames;
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('parental_responsibility');
      await j.childAgreement('yes');
      await j.children([{ name: child, age: 12, council: 'not_sure' }]);
      await j.service(['not_sure']);
      await j.provider('not_sure');
      await j.whatHappened(happened);
      await j.when({ kind: 'not_sure' });
      await j.putRight(better);
      await j.courtPolice('no');
      await j.complainedBefore('yes_ongoing', 'CSC-7K4M-2P9X');
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ email: p.email });
      await j.safeContact({ kind: 'with_care', details: 'Email only, never phone' });
      await j.needs(['large_print']);
      const reference = await j.checkAndSend({ atRisk: 'no' });
      return { reference, children: [child], complaintText: [happened, better], emails: [p.email] };
    },
  },
  {
    role: 'foster_carer',
    covers: 'exact recent date, a commissioned provider, email and phone, acknowledgement declined, the exact team email',
    route: 'statutory',
    safeguarding: false,
    acknowledged: false,
    exactEmail: true,
    async run(j, p) {
      const happened = `My allowance was stopped without notice (${p.tag}).`;
      const better = `Back pay and a written explanation (${p.tag}).`;
      const [child = ''] = p.childNames;
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('foster_carer');
      await j.childAgreement('too_young');
      await j.children([{ name: child, dob: { day: 14, month: 2, year: 2023 }, council: 'this' }]);
      await j.service(['fostering_support']);
      await j.provider('yes');
      await j.whatHappened(happened);
      await j.when({ kind: 'exact', date: daysAgo(10) });
      await j.putRight(better);
      await j.courtPolice('no');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ email: p.email, phone: '01632 960 001' });
      await j.safeContact({ kind: 'yes' });
      await j.needs(['none']);
      const reference = await j.checkAndSend({ atRisk: 'no', acknowledgement: 'no' });
      return { reference, children: [child], complaintText: [happened, better], emails: [p.email] };
    },
  },
  {
    role: 'special_guardian',
    covers: 'a child in danger (999 page, then carry on), other communication needs',
    route: 'statutory',
    safeguarding: true,
    acknowledged: false,
    async run(j, p) {
      const happened = `Support payments under the plan stopped (${p.tag}).`;
      const better = `The payments restored (${p.tag}).`;
      const [child = ''] = p.childNames;
      await j.start();
      await j.danger('yes');
      await j.emergencyThenCarryOn();
      await j.worried('no');
      await j.who('special_guardian');
      await j.childAgreement('yes');
      await j.children([{ name: child, age: 7, council: 'this' }]);
      await j.service(['special_guardianship']);
      await j.provider('no');
      await j.whatHappened(happened);
      await j.when({ kind: 'month', date: monthsAgo(3) });
      await j.putRight(better);
      await j.courtPolice('no');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ phone: '07700 900123' });
      await j.safeContact({ kind: 'yes' });
      await j.needs(['other'], { other: 'Please use short sentences' });
      // Said yes to danger already, so check answers does not ask about risk again.
      const reference = await j.checkAndSend({});
      return { reference, children: [child], complaintText: [happened, better], emails: [] };
    },
  },
  {
    role: 'adoption',
    covers: 'worried a child is being harmed (get help, then continue), complained before through all stages, acknowledgement',
    route: 'statutory',
    safeguarding: true,
    acknowledged: true,
    async run(j, p) {
      const happened = `The adoption support plan was never agreed (${p.tag}).`;
      const better = `An agreed support plan (${p.tag}).`;
      const [child = ''] = p.childNames;
      await j.start();
      await j.danger('no');
      await j.worried('yes');
      await j.getHelpThenContinue(frontDoor);
      await j.who('adoption');
      await j.childAgreement('not_safe');
      await j.children([{ name: child, age: 11, council: 'this' }]);
      await j.service(['adoption_support']);
      await j.provider('no');
      await j.whatHappened(happened);
      await j.when({ kind: 'exact', date: daysAgo(30) });
      await j.putRight(better);
      await j.courtPolice('no');
      await j.complainedBefore('yes_completed');
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ email: p.email });
      await j.safeContact({ kind: 'yes' });
      await j.needs(['none']);
      const reference = await j.checkAndSend({ acknowledgement: 'yes' });
      return { reference, children: [child], complaintText: [happened, better], emails: [p.email] };
    },
  },
  {
    role: 'advocate',
    covers: "statutory and corporate parts (split), 'anyone at risk' yes on check answers alone",
    route: 'split',
    safeguarding: true,
    acknowledged: false,
    async run(j, p) {
      const happened = `Contact with her brother was stopped (${p.tag}).`;
      const better = `Contact restored (${p.tag}).`;
      const [child = ''] = p.childNames;
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('advocate');
      await j.advocate('Coram Voice', 'yes');
      await j.children([{ name: child, age: 15, council: 'this' }]);
      await j.service(['looked_after', 'early_help']);
      await j.provider('no');
      await j.whatHappened(happened);
      await j.when({ kind: 'month', date: monthsAgo(0) });
      await j.putRight(better);
      await j.courtPolice('no');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ email: p.email });
      await j.safeContact({ kind: 'yes' });
      await j.reachYoungPerson({ kind: 'both', how: `Through her foster carer (${p.tag})` });
      await j.needs(['easy_read']);
      const reference = await j.checkAndSend({ atRisk: 'yes', acknowledgement: 'no' });
      return { reference, children: [child], complaintText: [happened, better], emails: [p.email] };
    },
  },
  {
    role: 'relative_or_other',
    covers: "'Do any of these apply to you?', a school only (sent anyway, so signposted)",
    route: 'signpost',
    safeguarding: false,
    acknowledged: false,
    async run(j, p) {
      const happened = `The school excluded him without telling anyone (${p.tag}).`;
      const better = `A meeting with the head teacher (${p.tag}).`;
      const [child = ''] = p.childNames;
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('relative_or_other');
      await j.relationship('Grandmother', 'none');
      await j.childAgreement('yes');
      await j.children([{ name: child, age: 10, council: 'this' }]);
      await j.service(['school']);
      await j.elsewhere('yes');
      await j.whatHappened(happened);
      await j.when({ kind: 'exact', date: daysAgo(5) });
      await j.putRight(better);
      await j.courtPolice('no');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ phone: '01632 960 002' });
      await j.safeContact({ kind: 'yes' });
      await j.needs(['none']);
      const reference = await j.checkAndSend({ atRisk: 'no' });
      return { reference, children: [child], complaintText: [happened, better], emails: [] };
    },
  },
];

/** The case as the service stored it (plain JSON: the tests run without ENCRYPTION_KEY). */
function readStoredCase(service: Service, reference: string): CaseRecord {
  const text = String(service.query('SELECT record FROM cases WHERE reference = ?', reference)[0]?.['record'] ?? '');
  expect(text, 'the case is stored').not.toBe('');
  expect(text.startsWith('enc:'), 'stored as plain JSON without ENCRYPTION_KEY').toBe(false);
  return JSON.parse(text) as CaseRecord;
}

/** Only what SMTP transfer may change: CRLF line endings and the final newline. */
const normaliseTransfer = (text: string) => text.replace(/\r\n/g, '\n').replace(/\n+$/, '');

for (const mode of [
  { name: 'with JavaScript', javaScriptEnabled: true },
  { name: 'without JavaScript', javaScriptEnabled: false },
]) {
  test.describe(`complaint journeys ${mode.name}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled });
    test.beforeEach(async ({ context }) => interceptNeutralSite(context));

    for (const journey of journeys) {
      test(`${journey.role}: ${journey.covers}`, async ({ page, service }) => {
        // About twenty pages, each checked with axe, then the emails: well over the default allowance.
        test.setTimeout(240_000);
        const person = createPerson();
        const j = new Journey(page);
        const sent = await journey.run(j, person);
        expect(j.browserErrors, 'every page hydrates cleanly, with nothing thrown').toEqual([]);

        const team = await expectSentCase(page, service, sent.reference, {
          route: journey.route,
          safeguarding: journey.safeguarding,
          ...(journey.acknowledged ? { acknowledgementTo: person.email } : {}),
          advocateReferral: journey.advocateReferral ?? false,
          noMailTo: journey.acknowledged ? [] : sent.emails,
          complainant: person.fullName,
          children: sent.children,
          tag: person.tag,
          complaintText: sent.complaintText,
          rows: j.rows,
        });

        if (journey.exactEmail) {
          const record = readStoredCase(service, sent.reference);
          expect(normaliseTransfer(team.text)).toBe(normaliseTransfer(formatTeamEmail(record, council, createTestCopy(council).t).text));
        }
      });
    }

    test('a school only, and the person will contact the school instead: nothing is sent', async ({ page, service }) => {
      const person = createPerson();
      const [child = ''] = person.childNames;
      const j = new Journey(page);
      const casesBefore = countCases(service);
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('parent');
      await j.childAgreement('yes');
      await j.children([{ name: child, age: 8, council: 'this' }]);
      await j.service(['school']);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your complaint needs to go somewhere else');
      await j.elsewhere('no');
      await j.expectPage('not-sending');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Where to take your complaint');
      await expect(page.getByRole('link', { name: 'How to complain about a school' })).toHaveAttribute('href', council.signposts.school.url ?? '');

      await new Promise((r) => setTimeout(r, 800));
      expect(countCases(service)).toBe(casesBefore);
      expect(service.mails.filter((m) => m.text.includes(child) || m.text.includes(person.tag))).toHaveLength(0);
    });

    test('an empty or wrong answer shows the GOV.UK error pattern and keeps what was typed', async ({ page }) => {
      const person = createPerson();
      const [child = ''] = person.childNames;
      const j = new Journey(page);
      await j.start();

      // A question page sent with nothing chosen. Without JavaScript the server answers 422; with
      // it, the island shows the same errors from the same schema before anything is sent.
      const posts: number[] = [];
      page.on('response', (r) => {
        if (r.request().method() === 'POST') posts.push(r.status());
      });
      await j.submit();
      await expectErrorState(page, [{ message: 'Select yes if you or any child is in danger right now', field: 'dangerNow' }]);
      await expect(page).toHaveTitle(/^Error: Are you, or any child, in danger right now\? – /);
      expect(posts).toEqual(mode.javaScriptEnabled ? [] : [422]);
      if (mode.javaScriptEnabled) await expect(page.locator('.govuk-error-summary')).toBeFocused();
      await expectNoAxeViolations(page);
      await j.choose('dangerNow', 'no');
      await j.submit();

      await j.worried('no');
      await j.who('parent');
      await j.childAgreement('yes');

      // Some boxes filled, some not: the filled ones come back as typed.
      await j.expectPage('child-1');
      await page.locator('[name="child1Name"]').fill(child);
      await page.locator('[name="child1Dob-day"]').fill('31');
      await page.locator('[name="child1Dob-month"]').fill('2');
      await page.locator('[name="child1Dob-year"]').fill('2015');
      posts.length = 0;
      await j.submit();
      await expectErrorState(page, [
        { message: "The child's date of birth must be a real date", field: 'child1Dob-day' },
        { message: 'Select which council looks after the child', field: 'child1Council' },
      ]);
      expect(posts).toEqual(mode.javaScriptEnabled ? [] : [422]);
      await expect(page).toHaveTitle(/^Error: About the child – /);
      await expect(page.locator('[name="child1Name"]')).toHaveValue(child);
      await expect(page.locator('[name="child1Dob-day"]')).toHaveValue('31');
      await expect(page.locator('[name="child1Dob-year"]')).toHaveValue('2015');
      await expectNoAxeViolations(page);
    });
  });
}

/** The GOV.UK error summary (an alert, linking to each field) and the same message by each field. */
async function expectErrorState(page: Page, errors: { message: string; field: string }[]): Promise<void> {
  const summary = page.getByRole('alert');
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('heading', { level: 2 })).toHaveText('There is a problem');
  const links = summary.getByRole('link');
  await expect(links).toHaveCount(errors.length);
  for (const [i, error] of errors.entries()) {
    await expect(links.nth(i)).toHaveText(error.message);
    await expect(links.nth(i)).toHaveAttribute('href', `#${error.field}`);
    await expect(page.locator(`#${error.field}`)).toHaveCount(1);
    await expect(page.locator('.govuk-error-message').filter({ hasText: error.message })).toHaveText(`Error: ${error.message}`);
  }
}

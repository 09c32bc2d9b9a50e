import { expect } from '@playwright/test';
import { createPerson, Journey, monthsAgo } from '../helpers/journey.ts';
import { test } from '../helpers/service.ts';
import { council } from './sent-case.ts';

/**
 * Reaching people the way that is safe for them: a child may be reached only through an adult
 * they trust, an advocate says whether we contact the young person too, someone who has already
 * said a child is in danger is not asked again, and every phone number can be dialled from a phone.
 * With JavaScript on and off.
 */

const teamMailFor = (reference: string) => (m: { recipients: string[]; subject: string }) =>
  m.recipients.includes(council.mail.complaintsTeam) && m.subject.includes(reference);

for (const javaScriptEnabled of [false, true]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a child can be reached only through an adult they trust, and the team is told who and how', async ({ page, service }) => {
      test.setTimeout(180_000);
      const p = createPerson();
      const who = `Sam ${p.tag}, my social worker`;
      const how = '07700 900456';
      const j = new Journey(page, { axe: false });
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('child');
      await j.aboutYou(12, 'this');
      await j.service(['looked_after']);
      await j.advocacy('no');
      await j.whatHappened(`My review keeps being cancelled (${p.tag}).`);
      await j.when({ kind: 'month', date: monthsAgo(1) });
      await j.putRight('A review that happens.');
      await j.courtPolice('no');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName(p.fullName);

      await j.expectPage('contact');
      await expect(page.getByRole('main')).toContainText('We will only contact you in the ways you choose here');
      await j.choose('contactMethods', 'trusted');
      await j.type('trustedWho', who);
      await j.type('trustedHow', how);
      await j.submit();
      await j.safeContact({ kind: 'yes' });
      await j.needs(['none']);

      await j.expectPage('check');
      const rows = page.locator('.govuk-summary-list__row');
      await expect(rows.filter({ hasText: 'How can we contact you?' })).toContainText('Through someone I trust');
      await expect(rows.filter({ hasText: 'Who are they?' })).toContainText(who);
      const reference = await j.checkAndSend({ atRisk: 'no' });

      const team = await service.waitForMail(teamMailFor(reference));
      expect(team.text).toContain(who);
      expect(team.text).toContain(how);
    });

    test('an advocate says the young person may be contacted too, and how; the team is told', async ({ page, service }) => {
      test.setTimeout(180_000);
      const p = createPerson();
      const [child = ''] = p.childNames;
      const how = `Through her foster carer, never at school (${p.tag})`;
      const j = new Journey(page, { axe: false });
      await j.start();
      await j.danger('no');
      await j.worried('no');
      await j.who('advocate');
      await j.advocate('Coram Voice', 'yes');
      await j.children([{ name: child, age: 15, council: 'this' }]);
      await j.service(['looked_after']);
      await j.provider('no');
      await j.whatHappened(`Her contact was stopped (${p.tag}).`);
      await j.when({ kind: 'month', date: monthsAgo(1) });
      await j.putRight('Contact restored.');
      await j.courtPolice('no');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName(p.fullName);
      await j.contact({ email: p.email });
      await j.safeContact({ kind: 'yes' });

      // Both at once are refused until they say how to reach the young person safely.
      await j.expectPage('reach-young-person');
      await j.choose('reachYoungPerson', 'both');
      await j.submit();
      await expect(page.locator('.govuk-error-summary')).toContainText('Tell us how we can reach the young person safely');
      await j.type('youngPersonContact', how);
      await j.submit();
      await j.needs(['none']);
      const reference = await j.checkAndSend({ atRisk: 'no', acknowledgement: 'no' });

      const team = await service.waitForMail(teamMailFor(reference));
      expect(team.text).toContain(how);
    });

    test('someone who said a child is being harmed is not asked about risk again before Send', async ({ page }) => {
      const j = new Journey(page, { axe: false });
      await j.start();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Are you, or any child, in danger right now?');
      await j.danger('no');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Are you worried that you or any child is being harmed?');
      await j.worried('yes');
      await j.getHelpThenContinue(council.contacts.frontDoor.phone);
      await j.who('parent');
      await j.childAgreement('yes');
      await j.children([{ name: createPerson().childNames[0] ?? '', age: 9, council: 'this' }]);
      await j.service(['looked_after']);
      await j.provider('no');
      await j.whatHappened('Nobody visits.');
      await j.when({ kind: 'ongoing' });
      await j.putRight('Visits.');
      await j.courtPolice('no');
      await j.complainedBefore('no');
      await j.documents('no');
      await j.yourName('Robin Test');
      await j.contact({ phone: '07700 900982' });
      await j.safeContact({ kind: 'yes' });
      await j.needs(['none']);
      await j.expectPage('check');
      await expect(page.locator('input[name="worriedAtCheck"]')).toHaveCount(0);
      await expect(page.getByRole('main')).toContainText('Our complaints inbox is not read straight away.');
    });

    test('phone numbers are links that dial them', async ({ page }) => {
      const dial = (phone: string) => `tel:${phone.replace(/[^0-9+]/g, '')}`;
      const { complaints, frontDoor, outOfHours, nspcc } = council.contacts;
      await page.goto('/');
      const main = page.getByRole('main');
      await expect(main.getByRole('link', { name: complaints.phone }).first()).toHaveAttribute('href', dial(complaints.phone));
      await expect(main.getByRole('link', { name: frontDoor.phone }).first()).toHaveAttribute('href', dial(frontDoor.phone));
      await expect(page.locator('.app-safety-banner').getByRole('link', { name: outOfHours.phone })).toHaveAttribute('href', dial(outOfHours.phone));
      await page.goto('/help');
      await expect(page.getByRole('main').getByRole('link', { name: frontDoor.phone })).toHaveAttribute('href', dial(frontDoor.phone));
      await expect(page.getByRole('main').getByRole('link', { name: nspcc.phone })).toHaveAttribute('href', dial(nspcc.phone));
    });
  });
}

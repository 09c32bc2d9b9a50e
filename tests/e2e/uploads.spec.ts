import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from '../helpers/axe.ts';
import { EICAR, startClamd, type TestClamd } from '../helpers/clamd.ts';
import { createPerson, Journey, monthsAgo, type Person } from '../helpers/journey.ts';
import { expect, startService, test as serviceTest, type Service } from '../helpers/service.ts';
import { EXECUTABLE, PDF, PNG, TEXT } from '../fixtures/files.ts';

/**
 * Sending documents and photos with a complaint, GOV.UK's file upload pattern without
 * JavaScript: one file per post, "Add another file", Remove, and every refusal the person can
 * meet (no file, empty, too big, not an accepted type, a virus, the scanner down), each a GOV.UK
 * error with axe clean. The service scans with a real clamd, and the team's email received over
 * SMTP carries the files byte for byte.
 */

const test = serviceTest.extend<object, { clamd: TestClamd; service: Service }>({
  clamd: [
    async ({}, use) => {
      const clamd = await startClamd();
      try {
        await use(clamd);
      } finally {
        await clamd.dispose();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  service: [
    async ({ clamd }, use) => {
      const service = await startService({ CLAMAV_URL: clamd.url });
      try {
        await use(service);
      } finally {
        await service.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A parent's complaint up to "Do you want to send any documents or photos?", answered yes. */
async function answerUpToFiles(j: Journey, person: Person): Promise<void> {
  await j.start();
  await j.danger('no');
  await j.worried('no');
  await j.who('parent');
  await j.childAgreement('yes');
  await j.children([{ name: person.childNames[0] ?? '', age: 6, council: 'this' }]);
  await j.service(['looked_after']);
  await j.provider('no');
  await j.whatHappened(`Nobody came to the review (${person.tag}).`);
  await j.when({ kind: 'month', date: monthsAgo(1) });
  await j.putRight(`A new review (${person.tag}).`);
  await j.courtPolice('no');
  await j.complainedBefore('no');
  await j.documents('yes');
  await j.expectPage('files');
}

/** Chooses a file and presses the add button. */
async function addFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer } | undefined, button = /^Add (another )?file$/) {
  if (file) await page.getByLabel(/Upload (a|another) file/).setInputFiles(file);
  await page.getByRole('button', { name: button }).click();
}

/** The page shows this error in the summary and at the file input, with the GOV.UK title prefix; axe is clean. */
async function expectFileError(page: Page, message: string): Promise<void> {
  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.locator('.govuk-error-summary');
  await expect(summary.getByRole('link', { name: message })).toHaveAttribute('href', '#file');
  await expect(page.locator('#file-error')).toHaveText(`Error: ${message}`);
  await expectNoAxeViolations(page);
}

const filesAdded = (page: Page) => page.locator('.govuk-summary-list__key');
const summaryLinks = (page: Page) => page.locator('.govuk-error-summary').getByRole('link');

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a parent adds, removes and adds files, meets every refusal, and the team receives the files byte for byte', async ({ page, service, clamd }) => {
    test.setTimeout(3 * 60_000);
    const person = createPerson();
    const j = new Journey(page);
    await answerUpToFiles(j, person);

    // Add without choosing a file.
    await addFile(page, undefined, /^Add file$/);
    await expectFileError(page, 'Select a file');

    await addFile(page, { name: 'C:\\fakepath\\letter.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(filesAdded(page)).toHaveText(['letter.pdf']);
    await expect(page.getByRole('heading', { name: 'You have added 1 file' })).toBeVisible();
    await expectNoAxeViolations(page);

    await addFile(page, { name: 'photo.png', mimeType: 'image/png', buffer: PNG });
    await expect(filesAdded(page)).toHaveText(['letter.pdf', 'photo.png']);

    // Remove is a POST with the CSRF token: the button names the file for screen readers.
    await page.getByRole('button', { name: 'Remove photo.png' }).click();
    await expect(filesAdded(page)).toHaveText(['letter.pdf']);
    await expectNoAxeViolations(page);

    await addFile(page, { name: 'report.pdf', mimeType: 'application/pdf', buffer: EXECUTABLE });
    await expectFileError(page, 'The selected file must be a PDF, JPG, PNG, HEIC, DOCX or TXT');

    await addFile(page, { name: 'blank.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await expectFileError(page, 'The selected file is empty');

    await addFile(page, { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]) });
    await expectFileError(page, 'The selected file must be smaller than 10MB');

    await addFile(page, { name: 'notes.txt', mimeType: 'text/plain', buffer: EICAR });
    await expectFileError(page, 'The selected file contains a virus. Delete it from your device and choose a different file, or continue without it');

    await clamd.stop();
    try {
      await addFile(page, { name: 'minutes.txt', mimeType: 'text/plain', buffer: TEXT });
      await expectFileError(page, 'The selected file could not be checked for viruses. Try again, or continue without it');
      // Nothing already given was lost.
      await expect(filesAdded(page)).toHaveText(['letter.pdf']);
    } finally {
      await clamd.start();
    }
    await addFile(page, { name: 'minutes.txt', mimeType: 'text/plain', buffer: TEXT });
    await expect(filesAdded(page)).toHaveText(['letter.pdf', 'minutes.txt']);

    await j.submit('Continue');
    await j.yourName(person.fullName);
    await j.contact({ email: person.email });
    await j.safeContact({ kind: 'yes' });
    await j.needs(['none']);
    await j.expectPage('check');
    // Check answers lists the files, with a way back to the files page to change them.
    const row = page.locator('.govuk-summary-list__row').filter({ hasText: 'Documents and photos added' });
    await expect(row.locator('.govuk-summary-list__value')).toHaveText(/letter\.pdf\s*minutes\.txt/);
    await expect(row.getByRole('link', { name: /Change/ })).toHaveAttribute('href', '/complaint/files?change=1');
    await j.choose('worriedAtCheck', 'no', { record: false });
    await j.choose('wantsAcknowledgement', 'yes', { record: false });
    await j.submit('Send complaint');
    await j.expectPage('confirmation');
    const reference = (await page.locator('.govuk-panel__body strong').innerText()).trim();

    const team = await service.waitForMail((m) => m.messageId.startsWith(`<${reference}.team@`), 20_000);
    const files = team.attachments.filter((a) => !a.filename.startsWith(reference));
    expect(files.map((a) => a.filename)).toEqual(['letter.pdf', 'minutes.txt']);
    expect(files[0]!.bytes.equals(PDF)).toBe(true);
    expect(files[1]!.bytes.equals(TEXT)).toBe(true);
    expect(team.text).toContain(`letter.pdf (${PDF.byteLength} bytes, SHA-256 ${sha256(PDF)})`);
    expect(team.text).toContain('Each file was checked for viruses when it was sent.');
    const json = JSON.parse(team.attachments.find((a) => a.filename === `${reference}.json`)?.content ?? '{}') as { files?: unknown };
    expect(json.files).toEqual([
      { name: 'letter.pdf', type: 'pdf', size: PDF.byteLength, sha256: sha256(PDF), scanned: true, attached: true },
      { name: 'minutes.txt', type: 'txt', size: TEXT.byteLength, sha256: sha256(TEXT), scanned: true, attached: true },
    ]);

    const acknowledgement = await service.waitForMail((m) => m.messageId.startsWith(`<${reference}.acknowledgement@`), 20_000);
    expect(acknowledgement.attachments).toEqual([]);
    expect(acknowledgement.text).not.toContain('letter.pdf');
    // The files left the session with the case: nothing is held that no case owns.
    expect(service.query('SELECT COUNT(*) AS n FROM uploads WHERE reference IS NULL')).toEqual([{ n: 0 }]);
  });

  test('a person who changes their mind to "no" sends no files', async ({ page, service }) => {
    const person = createPerson();
    const j = new Journey(page);
    await answerUpToFiles(j, person);
    await addFile(page, { name: 'letter.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(filesAdded(page)).toHaveText(['letter.pdf']);
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await j.documents('no');
    await j.yourName(person.fullName);
    await j.contact({ phone: '07700 900982' });
    await j.safeContact({ kind: 'yes' });
    await j.needs(['none']);
    await j.expectPage('check');
    await j.choose('worriedAtCheck', 'no', { record: false });
    await j.submit('Send complaint');
    await j.expectPage('confirmation');
    const reference = (await page.locator('.govuk-panel__body strong').innerText()).trim();
    const team = await service.waitForMail((m) => m.messageId.startsWith(`<${reference}.team@`), 20_000);
    expect(team.attachments.map((a) => a.filename)).toEqual([`${reference}.json`, `${reference}.csv`]);
    // The file given before the "no" went with the session, not with the case.
    expect(service.query('SELECT COUNT(*) AS n FROM uploads WHERE reference = ? OR reference IS NULL', reference)).toEqual([{ n: 0 }]);
  });
});

test.describe('with JavaScript', () => {
  test('a parent chooses several files at once, and each shows its progress and its own outcome', async ({ page }) => {
    const person = createPerson();
    const j = new Journey(page);
    await answerUpToFiles(j, person);
    const input = page.getByLabel(/Upload a file/);
    await expect(input).toHaveAttribute('multiple', '');
    await input.setInputFiles([
      { name: 'letter.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: EXECUTABLE },
      { name: 'photo.png', mimeType: 'image/png', buffer: PNG },
      { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]) },
    ]);
    await page.getByRole('button', { name: 'Add file' }).click();

    const lines = page.locator('.app-upload-status');
    await expect(lines).toHaveCount(4);
    await expect(lines.nth(0)).toContainText('letter.pdf');
    await expect(lines.nth(0)).toContainText('Added');
    await expect(lines.nth(1)).toContainText('The selected file must be a PDF, JPG, PNG, HEIC, DOCX or TXT');
    await expect(lines.nth(2)).toContainText('Added');
    await expect(lines.nth(3)).toContainText('The selected file must be smaller than 10MB');
    await expect(page.getByRole('progressbar', { name: 'photo.png' })).toHaveAttribute('value', '100');
    // The list of files added is the server's, refreshed in place.
    await expect(filesAdded(page)).toHaveText(['letter.pdf', 'photo.png']);
    await expect(page.getByRole('button', { name: 'Add another file' })).toBeVisible();
    await expect(summaryLinks(page)).toHaveText([
      'report.pdf: The selected file must be a PDF, JPG, PNG, HEIC, DOCX or TXT',
      'scan.pdf: The selected file must be smaller than 10MB',
    ]);
    // Each link goes to its own file's message.
    await expect(page.locator((await summaryLinks(page).nth(0).getAttribute('href')) ?? '')).toHaveText(
      'Error: The selected file must be a PDF, JPG, PNG, HEIC, DOCX or TXT',
    );
    await expect(page.locator((await summaryLinks(page).nth(1).getAttribute('href')) ?? '')).toHaveText('Error: The selected file must be smaller than 10MB');
    await expectNoAxeViolations(page);

    await page.getByLabel(/Upload another file/).setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: EICAR }]);
    await page.getByRole('button', { name: 'Add another file' }).click();
    await expect(lines).toHaveCount(1);
    await expect(lines.nth(0)).toContainText('The selected file contains a virus');
    // The summary is this batch's alone.
    await expect(summaryLinks(page)).toHaveText([
      'notes.txt: The selected file contains a virus. Delete it from your device and choose a different file, or continue without it',
    ]);
    await expectNoAxeViolations(page);

    // Remove and Continue are the same forms as without JavaScript.
    await page.getByRole('button', { name: 'Remove letter.pdf' }).click();
    await expect(filesAdded(page)).toHaveText(['photo.png']);
    await j.submit('Continue');
    await j.expectPage('your-name');
  });

  test('a parent who chooses a file of the wrong type with a good one is told which, in an error summary, until a later batch is all taken', async ({
    page,
  }) => {
    const person = createPerson();
    const j = new Journey(page);
    await answerUpToFiles(j, person);
    await page.getByLabel(/Upload a file/).setInputFiles([
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: EXECUTABLE },
      { name: 'letter.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);
    await page.getByRole('button', { name: 'Add file' }).click();

    const summary = page.locator('.govuk-error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await expect(summaryLinks(page)).toHaveText(['report.pdf: The selected file must be a PDF, JPG, PNG, HEIC, DOCX or TXT']);
    await expect(page).toHaveTitle(/^Error: Add documents or photos – /);
    // The summary comes with the lines for each file, not instead of them.
    await expect(page.locator('.app-upload-status')).toHaveText([/report\.pdf.*must be a PDF/, /letter\.pdf.*Added/]);
    await expect(filesAdded(page)).toHaveText(['letter.pdf']);
    await expectNoAxeViolations(page);

    // Its link goes to that file's message in its line, which takes focus, from the keyboard as from a click.
    const message = page.locator('.app-upload-status').filter({ hasText: 'report.pdf' }).locator('.govuk-error-message');
    await expect(message).toHaveText('Error: The selected file must be a PDF, JPG, PNG, HEIC, DOCX or TXT');
    await expect(summaryLinks(page)).toHaveAttribute('href', `#${await message.getAttribute('id')}`);
    await expect(message).toHaveAttribute('tabindex', '-1');
    await summaryLinks(page).focus();
    await page.keyboard.press('Enter');
    await expect(message).toBeFocused();
    await expect(page).not.toHaveURL(/#/);
    await summary.focus();
    await summaryLinks(page).click();
    await expect(message).toBeFocused();
    await expectNoAxeViolations(page);

    await page.getByLabel(/Upload another file/).setInputFiles([{ name: 'photo.png', mimeType: 'image/png', buffer: PNG }]);
    await page.getByRole('button', { name: 'Add another file' }).click();
    await expect(filesAdded(page)).toHaveText(['letter.pdf', 'photo.png']);
    await expect(summary).toHaveCount(0);
    await expect(page).toHaveTitle(/^Add documents or photos – /);
    await expectNoAxeViolations(page);
  });
});

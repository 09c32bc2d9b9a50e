import { execFile } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { test as base, expect } from '@playwright/test';
import { createReferenceNumber } from '../../src/domain/reference-number.ts';
import { createPerson, Journey } from '../helpers/journey.ts';
import { startService, type Service } from '../helpers/service.ts';
import { council } from './sent-case.ts';

/**
 * A journey added as one data file and its words (tests/fixtures/extra-journeys), built into the
 * service without a line of the engine or the pages changed, runs like the service's own: start
 * page, questions with errors, check answers, Send, a confirmation with a reference, and the
 * team's email with the answers, with JavaScript on and off.
 */

const repoRoot = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** The service built with the fixture journey, one build and one service per worker. */
const test = base.extend<object, { service: Service }>({
  service: [
    async ({}, use) => {
      const outDir = await mkdtemp(join(tmpdir(), 'complaints-extra-build-'));
      await run(process.execPath, [join(repoRoot, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir], {
        cwd: repoRoot,
        env: { ...process.env, EXTRA_JOURNEYS: 'tests/fixtures/extra-journeys' },
        timeout: 180_000,
      });
      const service = await startService({}, { distDir: outDir });
      try {
        await use(service);
      } finally {
        await service.stop();
        await rm(outDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  baseURL: async ({ service }, use) => {
    await use(service.baseURL);
  },
});

const randomBytes = (count: number) => webcrypto.getRandomValues(new Uint8Array(count));

for (const javaScriptEnabled of [false, true]) {
  test.describe(`a journey added as data, with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('asks its questions, refuses a wrong answer, and sends the answers to the team', async ({ page, service }) => {
      const person = createPerson();
      const reference = createReferenceNumber({ prefix: council.referencePrefix, random: randomBytes });
      const j = new Journey(page);

      await page.goto('/copy-of-complaint');
      await j.expectPage('/copy-of-complaint');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ask for a copy of your complaint');
      await page.getByRole('button', { name: 'Start now' }).click();

      await j.expectPage('/copy-of-complaint/reference');
      await j.submit();
      await expect(page.getByRole('alert')).toContainText('Enter your complaint reference number');
      await expect(page).toHaveTitle(/^Error: What is your complaint reference number\? – Ask for a copy of your complaint – /);
      await j.type('reference', 'CSC-NOT-REAL');
      await j.submit();
      await expect(page.getByRole('alert')).toContainText('Check your reference number');
      j.rows.length = 0;
      await j.type('reference', reference);
      await j.submit();

      await j.expectPage('/copy-of-complaint/format');
      await j.choose('format', 'post');
      await j.submit();
      await j.expectPage('/copy-of-complaint/your-name');
      await j.type('fullName', person.fullName);
      await j.submit();
      await j.expectPage('/copy-of-complaint/contact');
      await j.choose('contactMethods', 'email');
      await j.type('email', person.email);
      await j.submit();
      await j.expectPage('/copy-of-complaint/safe-contact');
      await j.choose('safeToContact', 'yes');
      await j.submit();

      await j.expectPage('/copy-of-complaint/check');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending your request');
      await expect(page.getByRole('main')).toContainText(person.fullName);
      await j.choose('worriedAtCheck', 'no', { record: false });
      await j.choose('wantsAcknowledgement', 'yes', { record: false });
      await j.submit('Send request');

      await j.expectPage('/copy-of-complaint/confirmation');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
      const sent = (await page.locator('.govuk-panel__body strong').innerText()).trim();
      expect(sent).toMatch(/^CSC-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

      const team = await service.waitForMail((m) => m.messageId === `<${sent}.team@${council.mail.messageIdDomain}>`);
      expect(team.recipients).toEqual([council.mail.complaintsTeam]);
      expect(team.subject).toBe(`Ask for a copy of your complaint – ${sent}`);
      for (const row of j.rows) {
        expect(team.text).toContain(row.question);
        expect(team.text).toContain(row.answer);
      }
      const acknowledgement = await service.waitForMail((m) => m.messageId === `<${sent}.acknowledgement@${council.mail.messageIdDomain}>`);
      expect(acknowledgement.recipients).toEqual([person.email]);
      expect(acknowledgement.text).not.toContain(reference);
    });
  });
}

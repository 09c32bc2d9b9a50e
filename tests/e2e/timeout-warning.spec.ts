import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from '../helpers/axe.ts';
import { Journey } from '../helpers/journey.ts';
import { expect, test, type Service } from '../helpers/service.ts';

/**
 * Before time runs out: with JavaScript, the timeout warning opens 5 minutes before the answers
 * would be deleted (on Playwright's fake clock), takes focus, passes axe, and "Stay on this page"
 * or Escape keeps the session on the server; when time runs out the page says the answers have
 * been deleted and offers saved answers back. Without JavaScript that page is all there is.
 */

/** The session id in the browser's cookie, to read the session's row. */
async function sessionId(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'sid');
  return decodeURIComponent(cookie?.value ?? '').replace(/\.[^.]*$/, '');
}

const expiresAt = (service: Service, id: string) => Number(service.query('SELECT expires_at FROM sessions WHERE id = ?', id)[0]?.['expires_at']);

test.describe('with JavaScript', () => {
  test.use({ javaScriptEnabled: true });

  test('warns 5 minutes before the answers are deleted, keeps them on "Stay on this page" or Escape, and says when they have gone', async ({
    page,
    service,
  }) => {
    await page.clock.install();
    const j = new Journey(page, { axe: false });
    await j.start();
    await j.danger('no');
    await j.expectPage('worried');
    const id = await sessionId(page);
    const dialog = page.getByRole('dialog', { name: 'Your answers will be deleted soon' });
    await expect(dialog).toBeHidden();

    // 120 minutes after the last answer the answers go; the warning comes at 115.
    await page.clock.fastForward('01:54:00');
    await expect(dialog).toBeHidden();
    await page.clock.fastForward('01:05');
    await expect(dialog).toBeVisible();
    await expect(dialog).toBeFocused();
    await expect(dialog).toContainText('we will delete your answers in 5 minutes if you do nothing');
    await expectNoAxeViolations(page);

    const before = expiresAt(service, id);
    const kept = page.waitForResponse((r) => r.url().endsWith('/session/extend') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Stay on this page' }).click();
    expect((await kept).status()).toBe(204);
    await expect(dialog).toBeHidden();
    expect(expiresAt(service, id)).toBeGreaterThan(before);

    // Escape means stay, too.
    await page.clock.fastForward('01:56:00');
    await expect(dialog).toBeVisible();
    const keptAgain = page.waitForResponse((r) => r.url().endsWith('/session/extend'));
    await page.keyboard.press('Escape');
    expect((await keptAgain).status()).toBe(204);
    await expect(dialog).toBeHidden();

    // Nobody there: the server deletes the answers, and the page, loaded again, says so.
    await page.clock.fastForward('01:56:00');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('in 4 minutes');
    service.execute('UPDATE sessions SET expires_at = ? WHERE id = ?', Date.now() - 1000, id);
    await page.clock.fastForward('04:01');
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/session-expired');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your answers have been deleted');
    await expect(page.getByRole('link', { name: 'come back to your saved answers' })).toHaveAttribute('href', '/resume');
    await expectNoAxeViolations(page);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('shows no warning, and the page after the answers were deleted offers saved answers back', async ({ page, service }) => {
    const j = new Journey(page, { axe: false });
    await j.start();
    await j.danger('no');
    await j.expectPage('worried');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    service.execute('UPDATE sessions SET expires_at = ? WHERE id = ?', Date.now() - 1000, await sessionId(page));
    await page.reload();
    await expect(page).toHaveURL((url) => url.pathname === '/complaint/session-expired');
    await expect(page.getByRole('link', { name: 'come back to your saved answers' })).toHaveAttribute('href', '/resume');
  });
});

import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from '../helpers/axe.ts';
import { KeyboardUser } from '../helpers/keyboard.ts';

/**
 * The accessibility checks themselves. A page with a text box that has no label and light grey
 * text on white must fail expectNoAxeViolations, naming axe's rules `label` and `color-contrast`,
 * and the same page put right must pass, both ways the check runs: on the page itself (JavaScript
 * on) and on a copy of a page opened without JavaScript. And the keyboard user must notice a link
 * whose focus indicator has been taken away.
 */

const page = (options: { broken: boolean }) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Gate test</title></head>
  <body>
    <script>document.body.classList.add('js-enabled')</script>
    <main>
      <h1>Gate test</h1>
      <p style="color: ${options.broken ? '#d8d8d8' : '#0b0c0c'}; background: #ffffff">Light grey text on white is hard to read.</p>
      ${options.broken ? '' : '<label for="name">Your name</label>'}
      <input type="text" id="name" name="name">
    </main>
  </body>
</html>`;

/** Runs the check and returns what it threw, or undefined if it passed. */
async function runCheck(check: Promise<void>): Promise<string | undefined> {
  try {
    await check;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The rule ids in the check's report: each violation's line starts with its id and its impact. */
const ruleIdsIn = (report: string) => [...report.matchAll(/^(\S+) \((?:minor|moderate|serious|critical|no impact given)\):/gm)].map((m) => m[1]).sort();

test.describe('with JavaScript', () => {
  test.use({ javaScriptEnabled: true });

  test('fails a page with an unlabelled text box and light grey text, and passes it put right', async ({ page: browserPage }) => {
    await browserPage.setContent(page({ broken: true }));
    const report = await runCheck(expectNoAxeViolations(browserPage));
    expect(report, 'the broken page fails').toBeDefined();
    expect(ruleIdsIn(report ?? '')).toEqual(['color-contrast', 'label']);

    await browserPage.setContent(page({ broken: false }));
    expect(await runCheck(expectNoAxeViolations(browserPage)), 'the page put right passes').toBeUndefined();
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('fails the same broken page opened without JavaScript, checked through its copy', async ({ page: browserPage }) => {
    // Opened at an address (routed here, never on the network) so the check can copy it.
    for (const broken of [true, false]) {
      const url = `http://gate.invalid/${broken ? 'broken' : 'fixed'}`;
      await browserPage.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page({ broken }) }));
      await browserPage.goto(url);
      await expect(browserPage.locator('body.js-enabled')).toHaveCount(0);
      const report = await runCheck(expectNoAxeViolations(browserPage));
      if (broken) expect(ruleIdsIn(report ?? '')).toEqual(['color-contrast', 'label']);
      else expect(report, 'the page put right passes').toBeUndefined();
    }
  });
});

test.describe('the keyboard user', () => {
  test.use({ javaScriptEnabled: true });

  test("notices a link that shows no focus, and not one that shows GOV.UK's", async ({ page: browserPage }) => {
    await browserPage.setContent(`<!doctype html><html lang="en"><head><title>Focus</title><style>
      a { color: #1d70b8; outline: none; }
      a.good:focus { background-color: #ffdd00; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; color: #0b0c0c; }
    </style></head><body><main><a class="good" href="#one">Shows focus</a> <a class="bad" href="#two">Hides focus</a> <a class="good" href="#three">Shows focus too</a></main></body></html>`);
    const kb = new KeyboardUser(browserPage);
    await kb.tabTo(browserPage.locator('a[href="#three"]'));
    await kb.press('Shift+Tab');
    // Tab reaches it (no indicator), Tab leaves it (it looked no different), Shift+Tab comes back.
    expect(kb.problems).toEqual([
      'blank: <a> "Hides focus" shows no yellow focus indicator',
      'blank: <a> "Hides focus" looks the same with and without focus',
      'blank: <a> "Hides focus" shows no yellow focus indicator',
    ]);
  });
});

import type { Browser, Page } from '@playwright/test';

/**
 * Checks of one page as it stands, beyond what axe checks, each returning the problems found
 * (an empty list when there are none) so a test can gather every page's problems and report
 * them together.
 */

/** Every input, select and textarea has a label with words, or sits in a fieldset whose legend has words. */
export async function findUnlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const control of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')) {
      if (control instanceof HTMLInputElement && control.type === 'hidden') continue;
      const labelled = [...(control.labels ?? [])].some((label) => (label.textContent ?? '').trim() !== '');
      const legend = control.closest('fieldset')?.querySelector(':scope > legend');
      if (!labelled && !(legend && (legend.textContent ?? '').trim() !== ''))
        problems.push(`<${control.localName} name="${control.getAttribute('name') ?? ''}"> has no label`);
    }
    return problems;
  });
}

/** GOV.UK's autocomplete tokens (and input types) for the name and contact questions, by field name. */
const CONTACT_FIELDS: Record<string, { autocomplete: string; type?: string }> = {
  fullName: { autocomplete: 'name' },
  replyName: { autocomplete: 'name' },
  email: { autocomplete: 'email', type: 'email' },
  replyEmail: { autocomplete: 'email', type: 'email' },
  phone: { autocomplete: 'tel', type: 'tel' },
  replyPhone: { autocomplete: 'tel', type: 'tel' },
  addressLine1: { autocomplete: 'address-line1' },
  addressLine2: { autocomplete: 'address-line2' },
  addressTown: { autocomplete: 'address-level2' },
  addressPostcode: { autocomplete: 'postal-code' },
};

/** The fields every journey's "How can we contact you?" page must have. */
const CONTACT_PAGE_FIELDS = ['email', 'phone', 'addressLine1', 'addressLine2', 'addressTown', 'addressPostcode'];

/**
 * Name, email, phone and address fields carry the autocomplete token GOV.UK's patterns give
 * them, so browsers and password managers can fill them in; a contact page has them all.
 */
export async function findAutocompleteProblems(page: Page): Promise<string[]> {
  const found = await page.evaluate((names) => {
    return [...document.querySelectorAll<HTMLInputElement>('input[name]')]
      .filter((input) => names.includes(input.name))
      .map((input) => ({ name: input.name, autocomplete: input.getAttribute('autocomplete') ?? '', type: input.getAttribute('type') ?? 'text' }));
  }, Object.keys(CONTACT_FIELDS));
  const problems: string[] = [];
  for (const field of found) {
    const expected = CONTACT_FIELDS[field.name];
    if (!expected) continue;
    if (field.autocomplete !== expected.autocomplete) problems.push(`${field.name} has autocomplete="${field.autocomplete}", not "${expected.autocomplete}"`);
    if (expected.type && field.type !== expected.type) problems.push(`${field.name} has type="${field.type}", not "${expected.type}"`);
  }
  if (new URL(page.url()).pathname.endsWith('/contact')) {
    for (const name of CONTACT_PAGE_FIELDS) if (!found.some((f) => f.name === name)) problems.push(`the contact page has no ${name} field`);
  }
  return problems;
}

/**
 * The GOV.UK error pattern, as assistive technology meets it: the title starts "Error: ", the
 * summary is an alert whose links each lead to a control, and every message by a field starts
 * with a visually hidden "Error:" and is read out with its control through aria-describedby (on
 * the input itself, or on the fieldset of a group of radios, checkboxes or date boxes).
 */
export async function findErrorAnnouncementProblems(page: Page): Promise<string[]> {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const summary = document.querySelector('.govuk-error-summary');
    if (!summary) return ['there is no error summary'];
    if (!summary.matches('[role="alert"]') && !summary.querySelector('[role="alert"]')) found.push('the error summary is not a role="alert"');
    const links = [...summary.querySelectorAll<HTMLAnchorElement>('a[href]')];
    if (links.length === 0) found.push('the error summary has no links');
    for (const link of links) {
      const id = decodeURIComponent(link.getAttribute('href') ?? '').replace(/^#/, '');
      const target = document.getElementById(id);
      if (!target || !target.matches('input, select, textarea'))
        found.push(`the summary link "${link.textContent?.trim()}" does not lead to a control (#${id})`);
    }
    const messages = [...document.querySelectorAll<HTMLElement>('.govuk-error-message')].filter((m) => m.offsetParent !== null);
    if (messages.length === 0) found.push('no error message is shown by a field');
    for (const message of messages) {
      const text = (message.textContent ?? '').replace(/\s+/g, ' ').trim();
      const prefix = message.querySelector('.govuk-visually-hidden');
      if (!prefix || (prefix.textContent ?? '').trim() !== 'Error:' || !text.startsWith('Error:'))
        found.push(`"${text}" does not start with a visually hidden "Error:"`);
      if (!message.id) {
        found.push(`"${text}" has no id to be referenced by`);
        continue;
      }
      const describing = [...document.querySelectorAll('[aria-describedby]')].filter((el) =>
        (el.getAttribute('aria-describedby') ?? '').split(/\s+/).includes(message.id),
      );
      const control = describing.find((el) => el.matches('input, select, textarea') || (el.matches('fieldset') && el.querySelector('input, select, textarea')));
      if (!control) found.push(`"${text}" is not in the aria-describedby of its input or fieldset`);
    }
    return found;
  });
  const title = await page.title();
  if (!title.startsWith('Error: ')) problems.push(`the title "${title}" does not start with "Error: "`);
  return problems;
}

/** The page's title and its main heading, to check titles say what the page is. */
export async function readTitleAndHeading(page: Page): Promise<{ title: string; heading: string }> {
  return {
    title: await page.title(),
    heading: (await page.locator('h1').first().innerText()).replace(/\s+/g, ' ').trim(),
  };
}

/**
 * WCAG 1.4.10 Reflow: the page does not scroll sideways, and no visible text runs past the right
 * edge of the window or is cut off by a box that hides its overflow. Visually hidden text (for
 * screen readers) is cut to a pixel on purpose and is left out.
 */
export async function findReflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways: ${root.scrollWidth}px of content in ${root.clientWidth}px`);
    const width = root.clientWidth;
    const clipsOnPurpose = (el: Element): boolean => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.clipPath !== 'none' || (style.clip !== 'auto' && style.clip !== '') || e.getAttribute('aria-hidden') === 'true') return true;
      }
      return false;
    };
    const clippingBoxes = (el: Element): Element[] => {
      const boxes: Element[] = [];
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        const overflow = getComputedStyle(e).overflowX;
        if (overflow === 'hidden' || overflow === 'clip') boxes.push(e);
      }
      return boxes;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const reported = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      const parent = node.parentElement;
      if (!text || !parent || reported.has(parent)) continue;
      const style = getComputedStyle(parent);
      if (style.display === 'none' || style.visibility !== 'visible' || parent.closest('script, style, noscript, template')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || clipsOnPurpose(parent)) continue;
      const label = `"${text.slice(0, 50)}" (<${parent.localName} class="${parent.className}">)`;
      if (rect.right > width + 1 || rect.left < -1) {
        problems.push(`${label} runs outside the window: ${Math.round(rect.left)}px to ${Math.round(rect.right)}px of ${width}px`);
        reported.add(parent);
        continue;
      }
      for (const box of clippingBoxes(parent)) {
        const edge = box.getBoundingClientRect();
        if (rect.right > edge.right + 1 || rect.left < edge.left - 1) {
          problems.push(`${label} is cut off by <${box.localName} class="${box.className}">`);
          reported.add(parent);
          break;
        }
      }
    }
    return problems;
  });
}

/** The scripts one page load ran: each file with its bytes on the wire and unpacked, and inline script bytes. */
export interface PageScripts {
  files: { url: string; transferred: number; decoded: number }[];
  inlineBytes: number;
}

/**
 * Reads the scripts this page load fetched from the browser's resource timing (so the browser
 * cache must be off for the first-visit size) and measures the inline ones.
 */
export async function readPageScripts(page: Page): Promise<PageScripts> {
  return page.evaluate(() => {
    const files = performance
      .getEntriesByType('resource')
      .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming && /\.m?js$/.test(new URL(e.name).pathname))
      .map((e) => ({ url: e.name, transferred: e.transferSize, decoded: e.decodedBodySize }));
    const inlineBytes = [...document.querySelectorAll('script:not([src])')]
      .filter((s) => ['', 'module', 'text/javascript'].includes(s.getAttribute('type') ?? ''))
      .reduce((sum, s) => sum + new TextEncoder().encode(s.textContent ?? '').length, 0);
    return { files, inlineBytes };
  });
}

/** A second window that shows a frozen copy of another page's DOM, for checks at another size. */
export interface PageCopier {
  /** The window the copies are shown in. */
  page: Page;
  /** Shows a copy of `page` as it is now (its DOM, at its address, with its stylesheets). */
  copy(page: Page): Promise<Page>;
}

/**
 * Opens a window of its own (viewport and device scale factor as given) for copies of pages: the
 * DOM as it stands, served at the same address so the stylesheets load as they do there. Scripts
 * are off in it, so the copy keeps the state the original's scripts left (revealed questions, the
 * error summary) and nothing runs twice.
 */
export async function openPageCopier(
  browser: Browser,
  options: { viewport: { width: number; height: number }; deviceScaleFactor: number },
): Promise<PageCopier> {
  const context = await browser.newContext({ ...options, javaScriptEnabled: false });
  const shown = { url: '', html: '' };
  await context.route(
    (url) => url.href === shown.url,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: shown.html }),
  );
  const window = await context.newPage();
  return {
    page: window,
    async copy(page) {
      // The route never sees a fragment (#field), so the copy's address has none.
      shown.url = page.url().replace(/#.*$/, '');
      shown.html = await page.content();
      await window.goto(shown.url, { waitUntil: 'load' });
      return window;
    },
  };
}

import { expect, type Locator, type Page } from '@playwright/test';
import { waitForHydration } from './journey.ts';

/**
 * A person who uses only the keyboard: Tab and Shift+Tab to move, arrow keys within a group of
 * radios, Space to choose, Enter to follow a link or press a button, and typing into whatever
 * has focus. Nothing is clicked and no box is filled without focus on it.
 *
 * After every key, and whenever the page moves focus itself, the focused element is looked at: it
 * must show GOV.UK's yellow focus indicator (in its outline, shadow or background, or for a radio
 * or checkbox on the circle or box drawn before its label), and the element focus left must look
 * different now that it has lost focus, so the indicator is something focus adds.
 */

/** govuk-frontend's $govuk-focus-colour, #ffdd00, as computed styles give it. */
const FOCUS_YELLOW = 'rgb(255, 221, 0)';

/** More presses than any page here needs to reach its last control. */
const TAB_LIMIT = 80;

/**
 * govuk-frontend's Button, where a page asks for its double-click guard, ignores a second press
 * within a second of the first on the same page.
 */
const PREVENT_DOUBLE_CLICK_MS = 1_100;

interface FocusSeen {
  focused: string | null;
  yellow: boolean;
  /** The element focus left, if it looks exactly as it did with focus. */
  unchanged: string | null;
}

/** Runs in the page: describes the focused element and compares the one focus left with how it looked focused. */
function probeFocus(yellow: string): FocusSeen {
  interface Probe {
    element: Element | null;
    look: string;
  }
  const store = window as unknown as { focusProbe?: Probe };
  const describe = (el: Element): string => {
    const name = el.getAttribute('name');
    const value = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox') ? ` value="${el.value}"` : '';
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `<${el.localName}${el.id ? `#${el.id}` : ''}${name ? ` name="${name}"` : ''}${value}>${text ? ` "${text}"` : ''}`;
  };
  const lookOf = (el: Element): string => {
    const styles = [getComputedStyle(el)];
    // A GOV.UK radio or checkbox hides the real input and draws its own on the label.
    if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
      for (const label of el.labels ?? []) styles.push(getComputedStyle(label, '::before'), getComputedStyle(label, '::after'));
    }
    return styles
      .map((s) => [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine, s.borderTopColor].join(' '))
      .join(' | ');
  };
  const probe = (store.focusProbe ??= { element: null, look: '' });
  const active = document.activeElement;
  const left = probe.element;
  const unchanged = left && left !== active && left.isConnected && lookOf(left) === probe.look ? describe(left) : null;
  if (!active || active === document.body || active === document.documentElement) {
    probe.element = null;
    return { focused: null, yellow: false, unchanged };
  }
  probe.element = active;
  probe.look = lookOf(active);
  return { focused: describe(active), yellow: probe.look.includes(yellow), unchanged };
}

export class KeyboardUser {
  readonly page: Page;
  /** Every problem with focus seen so far, with the page it was on. */
  readonly problems: string[] = [];
  /** How many elements focus rested on (a check that the looking happened). */
  stops = 0;
  private lastButtonPress = 0;

  constructor(page: Page) {
    this.page = page;
  }

  private where(): string {
    return new URL(this.page.url()).pathname;
  }

  /** Looks at the focused element now: after a key, or after the page moved focus itself. */
  async lookAtFocus(): Promise<void> {
    const seen = await this.page.evaluate(probeFocus, FOCUS_YELLOW);
    if (seen.unchanged) this.problems.push(`${this.where()}: ${seen.unchanged} looks the same with and without focus`);
    if (!seen.focused) return;
    this.stops += 1;
    if (!seen.yellow) this.problems.push(`${this.where()}: ${seen.focused} shows no yellow focus indicator`);
  }

  /** Presses one key (as Playwright names it: 'Tab', 'Shift+Tab', 'ArrowDown', 'Space', 'Enter'). */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
    await this.lookAtFocus();
  }

  private async isFocused(target: Locator): Promise<boolean> {
    return (await target.and(this.page.locator(':focus')).count()) > 0;
  }

  /** Presses Tab (or Shift+Tab) until `target`, or one of the elements it matches, has focus. */
  async tabTo(target: Locator, options: { backwards?: boolean } = {}): Promise<void> {
    for (let presses = 0; presses < TAB_LIMIT; presses++) {
      if (await this.isFocused(target)) return;
      await this.press(options.backwards ? 'Shift+Tab' : 'Tab');
    }
    if (await this.isFocused(target)) return;
    throw new Error(`${TAB_LIMIT} presses of ${options.backwards ? 'Shift+Tab' : 'Tab'} on ${this.where()} did not reach ${target.toString()}`);
  }

  /**
   * Tabs to a link or button and presses Enter. Focus is looked at again where the press leads
   * (a new page is looked at as it is tabbed through; an error summary by followFirstErrorLink).
   */
  async activate(target: Locator): Promise<void> {
    await this.tabTo(target);
    if ((await target.getAttribute('data-prevent-double-click')) === 'true') {
      const since = Date.now() - this.lastButtonPress;
      if (since < PREVENT_DOUBLE_CLICK_MS) await this.page.waitForTimeout(PREVENT_DOUBLE_CLICK_MS - since);
      this.lastButtonPress = Date.now();
    }
    await this.page.keyboard.press('Enter');
  }

  /** Tabs into a group of radios, then moves with the arrow keys (which choose) or Space to the answer. */
  async chooseRadio(name: string, value: string): Promise<void> {
    const group = this.page.locator(`input[type="radio"][name="${name}"]`);
    await this.tabTo(group);
    const count = await group.count();
    for (let moves = 0; moves <= count; moves++) {
      const focused = group.and(this.page.locator(':focus'));
      if ((await focused.getAttribute('value')) === value) {
        if (!(await focused.isChecked())) await this.press('Space');
        await expect(this.page.locator(`input[name="${name}"][value="${value}"]`)).toBeChecked();
        return;
      }
      await this.press('ArrowDown');
    }
    throw new Error(`The arrow keys did not reach the "${value}" answer of ${name} on ${this.where()}`);
  }

  /** Tabs to one checkbox and ticks it with Space. */
  async tick(name: string, value: string): Promise<void> {
    const box = this.page.locator(`input[type="checkbox"][name="${name}"][value="${value}"]`);
    await this.tabTo(box);
    await this.press('Space');
    await expect(box).toBeChecked();
  }

  /** Tabs to a text box (unless it has focus already) and types into it. */
  async typeInto(name: string, text: string): Promise<void> {
    const box = this.page.locator(`[name="${name}"]`);
    await this.tabTo(box);
    await this.page.keyboard.type(text);
    await expect(box).toHaveValue(text);
  }

  /** Waits for the page at `path` to load and, with JavaScript, for its form to take over. */
  async arrive(path: string): Promise<void> {
    await expect(this.page).toHaveURL((url) => url.pathname === path);
    await this.page.waitForLoadState('load');
    await waitForHydration(this.page);
  }

  /**
   * After a failed submit, GOV.UK puts focus on the error summary; the first link in it, followed
   * with Tab and Enter, puts focus on the field itself (not just scrolls to it).
   */
  async followFirstErrorLink(fieldId: string): Promise<void> {
    const summary = this.page.locator('.govuk-error-summary');
    await expect(summary, `focus is on the error summary on ${this.where()}`).toBeFocused();
    await waitForHydration(this.page);
    await this.lookAtFocus();
    await this.activate(summary.getByRole('link').first());
    await expect(this.page.locator(`[id="${fieldId}"]`), `the summary link puts focus on #${fieldId}`).toBeFocused();
    await this.lookAtFocus();
  }
}

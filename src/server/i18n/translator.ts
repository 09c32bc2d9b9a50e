import { createInstance, type i18n } from 'i18next';
import type { CopyValues, Translate, Words } from '../../domain/copy.ts';
import type { Catalogue } from './catalogue.ts';
import type { Facts } from './facts.ts';
import { escapeMarkdown, markdown } from './markdown.ts';

/**
 * Words for one locale, through i18next (the library DEFRA's forms engine uses): plural forms
 * (`_one`, `_other`), the child's wording as a context (`_child`), council facts as default values,
 * and lists joined in the catalogue's own words. Sentences may carry **bold** and [links](/path)
 * in Markdown, rendered by `rich`, with every value escaped so a fact cannot become markup.
 */

export interface Copy extends Words {
  /** The locale's tag, for `<html lang>`. */
  readonly locale: string;
  /** A sentence as inline HTML: `**bold**` and `[links](/path)`, nothing else, values escaped. */
  readonly rich: (key: string, values?: CopyValues) => string;
}

/** A key the catalogue does not have, or a sentence given too few values: a mistake in code or copy. */
export class MissingCopyError extends Error {
  override name = 'MissingCopyError';
}

export interface CopyOptions {
  catalogue: Catalogue;
  /** The BCP 47 tag, e.g. en-GB: it decides plural rules and number formats. */
  locale: string;
  facts: Facts;
  /**
   * Throw on a missing key or value (development and tests); in production the key is shown and
   * `onMissing` told, because a wrong word is better than a 500 page for someone mid-complaint.
   */
  strict: boolean;
  /** Told the key (or placeholder) that was missing; never the sentence, which may hold a value. */
  onMissing?: (copyKey: string) => void;
}

/**
 * Joins a list with the catalogue's words. It fills the templates itself rather than calling
 * i18next again: a nested call from inside a formatter resets the interpolator's scan, so a value
 * holding "{{...}}" (anything a person typed) would be read as a placeholder.
 */
function joinList(instance: i18n, locale: string, items: unknown, word: 'and' | 'or'): string {
  const list = (Array.isArray(items) ? items : [items]).map(String).filter((s) => s !== '');
  if (list.length <= 1) return list.join('');
  const raw = (key: string) => String(instance.getResource(locale, 'translation', `common.list.${key}`) ?? '');
  const fill: Record<string, string> = { head: list.slice(0, -1).join(raw('separator')), last: list.at(-1)! };
  return raw(word).replace(/\{\{\s*(head|last)\s*\}\}/g, (_, name: string) => fill[name]!);
}

/** Words for one locale, ready to use; made once at start-up. */
export function createCopy(options: CopyOptions): Copy {
  const { locale, strict } = options;
  const report = (copyKey: string, problem: string) => {
    if (strict) throw new MissingCopyError(problem);
    options.onMissing?.(copyKey);
  };
  const instance = createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { [locale]: { translation: options.catalogue } },
    initAsync: false,
    returnNull: false,
    returnEmptyString: true,
    keySeparator: '.',
    nsSeparator: false,
    interpolation: {
      // Pages escape HTML when they render; emails escape in their HTML renderer. Rich sentences
      // switch this on per call, with Markdown escaping instead of HTML escaping.
      escapeValue: false,
      escape: escapeMarkdown,
      defaultVariables: options.facts,
      skipOnVariables: true,
    },
    parseMissingKeyHandler: (key: string) => {
      report(key, `the catalogue has no sentence "${key}" (content/locales/${locale.split('-')[0]})`);
      return key;
    },
    missingInterpolationHandler: (text: string, match: RegExpExecArray) => {
      report(match[0], `the sentence "${text}" needs a value for ${match[0]}`);
      return '';
    },
  });
  instance.services.formatter?.add('and', (value) => joinList(instance, locale, value, 'and'));
  instance.services.formatter?.add('or', (value) => joinList(instance, locale, value, 'or'));

  const translate: Translate = (key, values) => instance.t(key, values as Record<string, unknown>) as string;
  const escaped = (key: string, values?: CopyValues) =>
    instance.t(key, { ...(values as Record<string, unknown>), interpolation: { escapeValue: true } }) as string;
  const rich = (key: string, values?: CopyValues) => markdown.renderInline(escaped(key, values));
  const blocks = (key: string, values?: CopyValues) => markdown.render(escaped(key, values));
  // Looked up directly (not instance.exists, which also tries fallbacks): the exact form asked for.
  const hasForm = (key: string) => instance.getResource(locale, 'translation', key) !== undefined;
  return {
    locale,
    t: onceForConstantSentences(translate, hasForm),
    rich: onceForConstantSentences(rich, hasForm),
    blocks: onceForConstantSentences(blocks, hasForm),
    has: (key) => instance.exists(key),
  };
}

/**
 * A sentence asked for without values of its own reads the same for the life of the process (the
 * catalogue, the council's wording and its facts are fixed at start-up), so it is put into words,
 * and through Markdown, once: a profile of the start page found a third of its CPU there. So does
 * a sentence whose only value is a context naming a form the catalogue has (`_noHours` where a
 * council publishes no opening hours, `_child` on the child's path): the safety banner on every
 * page is one, and making it afresh was 7% of a question page's CPU. Only those are kept; a
 * sentence with values (a name, a date, a count), or a context the catalogue does not have, is
 * made afresh every time, so nothing a person typed is held beyond their request and what is kept
 * is bounded by the catalogue.
 */
function onceForConstantSentences(render: Translate, hasForm: (key: string) => boolean): Translate {
  const made = new Map<string, string>();
  return (key, values) => {
    const kept = keptAs(key, values, hasForm);
    if (kept === undefined) return render(key, values);
    let sentence = made.get(kept);
    if (sentence === undefined) {
      sentence = render(key, values);
      made.set(kept, sentence);
    }
    return sentence;
  };
}

/** Under what a sentence is kept, or undefined when it is to be made afresh (onceForConstantSentences). */
function keptAs(key: string, values: CopyValues | undefined, hasForm: (key: string) => boolean): string | undefined {
  if (values === undefined) return key;
  const names = Object.keys(values);
  if (names.length === 0) return key;
  const { context } = values;
  if (names.length === 1 && typeof context === 'string' && hasForm(`${key}_${context}`)) return `${key}\u0000${context}`;
  return undefined;
}

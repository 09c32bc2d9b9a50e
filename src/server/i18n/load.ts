import { resolve } from 'node:path';
import type { Council } from '../../domain/council.ts';
import { applyWording, CopyConfigError, readCatalogue, withExtraAreas } from './catalogue.ts';
import { toCouncilFacts, toFactNames } from './facts.ts';
import { PSEUDO_LOCALE, toPseudoCatalogue } from './pseudo.ts';
import { createCopy, type Copy } from './translator.ts';

/** The catalogue, relative to the project folder the service runs from. */
export const LOCALES_DIR = resolve('content', 'locales');

/** Each locale's catalogue folder and the tag that decides its plural rules and number formats. */
const LOCALE_TAGS: Record<string, string> = { en: 'en-GB' };

export interface LoadCopyOptions {
  council: Council;
  /** Where the council came from, for messages. */
  councilSource: string;
  /** A catalogue locale (`en`), or the pseudo-locale made from English. */
  locale: string;
  settings: { retentionDays: number; sessionMinutes: number };
  strict: boolean;
  onMissing?: (copyKey: string) => void;
  localesDir?: string;
  /** Catalogue areas a build adds with its extra journeys, as YAML text by area. */
  extraAreas?: Readonly<Record<string, string>>;
}

/**
 * Reads the catalogue, applies the council's wording (refusing unknown keys and placeholders) and
 * makes the words for the chosen locale. Throws `CopyConfigError` naming every problem.
 */
export function loadCopy(options: LoadCopyOptions): Copy {
  const { council, locale } = options;
  const pseudo = locale === PSEUDO_LOCALE;
  const base = pseudo ? 'en' : locale;
  const tag = LOCALE_TAGS[base];
  if (!tag) throw new CopyConfigError('LOCALE', [`"${locale}" is not a locale of this service`], `Use one of ${Object.keys(LOCALE_TAGS).join(', ')}.`);
  const unknown = Object.keys(council.wording).filter((l) => !(l in LOCALE_TAGS));
  if (unknown.length) {
    throw new CopyConfigError(
      options.councilSource,
      unknown.map((l) => `wording.${l}: there is no catalogue for "${l}"`),
      `Use ${Object.keys(LOCALE_TAGS).join(', ')}.`,
    );
  }
  const facts = toCouncilFacts(council, options.settings);
  const catalogue = applyWording(
    withExtraAreas(readCatalogue(options.localesDir ?? LOCALES_DIR, base), options.extraAreas ?? {}),
    council.wording[base] ?? {},
    {
      source: options.councilSource,
      facts: toFactNames(facts),
    },
  );
  return createCopy({
    catalogue: pseudo ? toPseudoCatalogue(catalogue) : catalogue,
    locale: pseudo ? PSEUDO_LOCALE : tag,
    facts,
    strict: options.strict,
    ...(options.onMissing ? { onMissing: options.onMissing } : {}),
  });
}

import type { Catalogue } from './catalogue.ts';

/**
 * A pseudo-locale: every sentence of the catalogue with its letters swapped for accented ones
 * ("Ŵĥàţ ĥàƥƥéñéð?"), placeholders and link targets untouched. Served with `LOCALE=en-XA`, it makes
 * any word that did not come from the catalogue stand out as plain ASCII: the test that renders every
 * page and email under it fails on such a word (after DEFRA's x-pirate locale).
 */

export const PSEUDO_LOCALE = 'en-XA';

const LOWER = 'àƀçðéƒĝĥîĵķļɱñöƥǫŕšţûṽŵẋýž';
const UPPER = 'ÀƁÇÐÉƑĜĤÎĴĶĻṀÑÖƤǪŔŠŢÛṼŴẊÝŽ';

function accent(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => {
    const code = c.charCodeAt(0);
    return code >= 97 ? (LOWER[code - 97] ?? c) : (UPPER[code - 65] ?? c);
  });
}

// Placeholders ({{name}}, and govuk-frontend's %{count}), references to other sentences ($t(key))
// and Markdown link targets ("](https://…)") are code, not words: they pass through unchanged.
const UNTOUCHED = /(\{\{[^}]*\}\}|%\{[^}]*\}|\$t\([^)]*\)|\]\([^)]*\))/;

/** One sentence in the pseudo-locale. */
export function toPseudoText(text: string): string {
  return text
    .split(UNTOUCHED)
    .map((part, i) => (i % 2 === 1 ? part : accent(part)))
    .join('');
}

/** The whole catalogue in the pseudo-locale. */
export function toPseudoCatalogue(catalogue: Catalogue): Catalogue {
  const out: Catalogue = {};
  for (const [key, value] of Object.entries(catalogue)) out[key] = typeof value === 'string' ? toPseudoText(value) : toPseudoCatalogue(value);
  return out;
}

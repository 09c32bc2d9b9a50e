import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Translate } from '../domain/copy.ts';
import type { Council } from '../domain/council.ts';
import { formatDuration, toCouncilFacts, toFlatFacts } from './i18n/facts.ts';
import { PSEUDO_LOCALE, toPseudoText } from './i18n/pseudo.ts';
import { escapeMarkdown, markdown } from './i18n/markdown.ts';
import type { Copy } from './i18n/translator.ts';

/**
 * Long-form copy lives in content/pages/*.md (front matter: title, description), read from disk on
 * first use so a change is a restart, not a rebuild. Council facts are written as {{placeholders}}
 * and filled from the council configuration, so no number or contact is ever typed into the copy.
 * Raw HTML in the Markdown is off: placeholders are escaped like any text.
 */

/** The pages, relative to the project folder the service runs from. */
export const PAGES_DIR = resolve('content', 'pages');

export interface ContentPage {
  slug: string;
  title: string;
  description: string;
  html: string;
}

/** Thrown when a page names a placeholder that does not exist: a copy mistake, caught by the tests. */
export class UnknownPlaceholderError extends Error {
  override name = 'UnknownPlaceholderError';
}

/** The values content pages may use, by placeholder name: the council's facts and how long answers are kept. */
export function toContentVariables(council: Council, settings: { retentionDays: number; sessionMinutes: number }, t: Translate): Record<string, string> {
  const { frontDoor } = council.contacts;
  return {
    ...toFlatFacts(toCouncilFacts(council, settings)),
    sessionHours: formatDuration(t, settings.sessionMinutes),
    // Councils may leave the front door's hours out; a page's list of numbers must still read well.
    'frontDoor.hoursAfterPhone': frontDoor.hours ? t('common.hoursAfterPhone', { hours: frontDoor.hours }) : '',
  };
}

function fill(text: string, vars: Record<string, string>, slug: string): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new UnknownPlaceholderError(`content/pages/${slug}.md uses {{${name}}}, which is not a known value`);
    return escapeMarkdown(value);
  });
}

/**
 * Every content page in `dir`, rendered with these values. `words` rewrites the copy before it is
 * filled in: the pseudo-locale accents it, so long-form copy is held to the catalogue's test too.
 */
export function renderContentPages(vars: Record<string, string>, dir = PAGES_DIR, words: (text: string) => string = (text) => text): Map<string, ContentPage> {
  const pages = new Map<string, ContentPage>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    const slug = file.replace(/\.md$/, '');
    const source = words(readFileSync(join(dir, file), 'utf8'));
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source);
    const meta = (match ? parse(match[1] ?? '') : {}) as { title?: string; description?: string };
    const body = match ? (match[2] ?? '') : source;
    pages.set(slug, {
      slug,
      title: fill(meta.title ?? slug, vars, slug),
      description: fill(meta.description ?? '', vars, slug),
      html: markdown.render(fill(body, vars, slug)),
    });
  }
  return pages;
}

/** A page in the pseudo-locale: its front matter's keys and its Markdown stay as they are, its words are accented. */
function toPseudoMarkdown(source: string): string {
  const match = /^(---\n)([\s\S]*?)(\n---\n)([\s\S]*)$/.exec(source);
  if (!match) return toPseudoText(source);
  const meta = (match[2] ?? '').replace(/^(\w+): (.*)$/gm, (_, key: string, value: string) => `${key}: ${toPseudoText(value)}`);
  return `${match[1]}${meta}${match[3]}${toPseudoText(match[4] ?? '')}`;
}

/**
 * The content pages for a council and this deployment, rendered once at start-up (the values never
 * change while running), so a page naming a fact the council's file does not give (a front door
 * without hours, say) stops start-up with the page and placeholder named, instead of a 500 later.
 */
export function loadContentPages(council: Council, settings: { retentionDays: number; sessionMinutes: number }, copy: Copy): Map<string, ContentPage> {
  const pseudo = copy.locale === PSEUDO_LOCALE;
  return renderContentPages(toContentVariables(council, settings, copy.t), PAGES_DIR, pseudo ? toPseudoMarkdown : undefined);
}

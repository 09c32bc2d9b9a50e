import MarkdownIt from 'markdown-it';
import markdownItGovuk from 'markdown-it-govuk';
import { parse } from 'yaml';
import type { Council } from '../domain/council.ts';

/**
 * Long-form copy lives in content/pages/*.md (front matter: title, description). Council facts are
 * written as {{placeholders}} and filled from the council configuration, so no number or contact is
 * ever typed into the copy. Raw HTML in the Markdown is off: placeholders are escaped like any text.
 */

const files = import.meta.glob<string>('/content/pages/*.md', { query: '?raw', import: 'default', eager: true });

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

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false }).use(markdownItGovuk, {
  headingsStartWith: 'l',
});

/** The values content pages may use, by placeholder name. */
export function toContentVariables(council: Council, extra: { retentionDays: number; sessionMinutes: number }): Record<string, string> {
  const { contacts, timescales } = council;
  const hours = extra.sessionMinutes / 60;
  const vars: Record<string, string> = {
    'council.name': council.name,
    'council.shortName': council.shortName,
    'council.serviceName': council.serviceName,
    timeLimitMonths: String(timescales.timeLimitMonths),
    retentionDays: String(extra.retentionDays),
    sessionHours: Number.isInteger(hours) ? `${hours} hour${hours === 1 ? '' : 's'}` : `${extra.sessionMinutes} minutes`,
    'complaints.addressOneLine': contacts.complaints.address.join(', '),
  };
  const add = (prefix: string, value: Record<string, unknown>) => {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' || typeof v === 'number') vars[`${prefix}.${key}`] = String(v);
    }
  };
  add('statutory', timescales.statutory);
  add('corporate', timescales.corporate);
  for (const [name, value] of Object.entries(contacts)) add(name, value as Record<string, unknown>);
  return vars;
}

function fill(text: string, vars: Record<string, string>, slug: string): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new UnknownPlaceholderError(`content/pages/${slug}.md uses {{${name}}}, which is not a known value`);
    // Markdown punctuation in a council value must stay text.
    return value.replace(/([\\`*_[\]<>#|])/g, '\\$1');
  });
}

const rendered = new Map<string, Map<string, ContentPage>>();

/** Every content page for these values, rendered once and then reused (the values never change while running). */
export function getContentPages(vars: Record<string, string>): Map<string, ContentPage> {
  const key = JSON.stringify(vars);
  let pages = rendered.get(key);
  if (!pages) {
    pages = renderContentPages(vars);
    rendered.set(key, pages);
  }
  return pages;
}

/** Every content page, rendered for one council. */
export function renderContentPages(vars: Record<string, string>): Map<string, ContentPage> {
  const pages = new Map<string, ContentPage>();
  for (const [path, source] of Object.entries(files)) {
    const slug = path.split('/').pop()!.replace(/\.md$/, '');
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

import MarkdownIt from 'markdown-it';
import markdownItGovuk from 'markdown-it-govuk';

/** One Markdown engine for sentences and content pages: raw HTML off, GOV.UK classes on links, lists and headings. */
export const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false }).use(markdownItGovuk, { headingsStartWith: 'l' });

/**
 * Backslash-escapes what Markdown would read as markup (or `&` as the start of an entity), so a
 * value stays text.
 * @example escapeMarkdown('Smith & *Co*') // 'Smith \\& \\*Co\\*'
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/([\\`*_[\]<>#|!()&~])/g, '\\$1');
}

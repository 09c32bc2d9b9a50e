/**
 * Small, total helpers for putting a person's text into HTML. Everything a complainant typed is
 * treated as text, never markup, so it is escaped on the way in and nowhere else.
 */

const htmlEntities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // `&#39;` rather than `&apos;`: HTML 4 and some older mail clients do not know `&apos;`.
  "'": '&#39;',
};

/**
 * Escapes the five characters that can end text or an attribute value in HTML.
 * @example escapeHtml('<b>"Tom" & \'Jerry\'</b>') // '&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEntities[character] ?? character);
}

/**
 * Tidies typed text the way GOV.UK Forms does before showing it: line endings become `\n`, the
 * text is trimmed, and any run of blank lines becomes exactly one blank line.
 * Ported from forms-runner `SesEmailFormatter#normalize_whitespace`:
 * https://github.com/alphagov/forms-runner/blob/36b80f3cdbc2549ae8edafe94151a86e02c139d7/app/lib/ses_email_formatter.rb
 * @example normaliseLineBreaks('  one\r\n\r\n\r\n two  ') // 'one\n\ntwo'
 */
export function normaliseLineBreaks(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*(?:\n[ \t]*)+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

/**
 * Typed text as escaped HTML paragraphs: a blank line (or a run of them) starts a new `<p>`, a
 * single line break becomes `<br>`. Empty text gives an empty string.
 * @example toHtmlParagraphs('a\nb\n\n\nc') // '<p>a<br>b</p><p>c</p>'
 * @example toHtmlParagraphs('<b>', 'margin:0') // '<p style="margin:0">&lt;b&gt;</p>'
 */
export function toHtmlParagraphs(text: string, style?: string): string {
  const tidy = normaliseLineBreaks(text);
  if (tidy === '') return '';
  const open = style ? `<p style="${escapeHtml(style)}">` : '<p>';
  return tidy
    .split('\n\n')
    .map((paragraph) => open + paragraph.split('\n').map(escapeHtml).join('<br>') + '</p>')
    .join('');
}

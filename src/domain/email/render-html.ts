import { escapeHtml, normaliseLineBreaks, toHtmlParagraphs } from '../html.ts';
import type { EmailBlock } from './blocks.ts';

// Inline styles only: Outlook and Gmail drop <style> blocks or parts of them. Colours are
// GOV.UK's text, border and error colours, which pass WCAG AA contrast on white.
const fontStyle = 'font-family: Arial, Helvetica, sans-serif; color: #0b0c0c;';
const paragraphStyle = `${fontStyle} font-size: 16px; line-height: 1.4; margin: 0 0 15px 0;`;
const styles = {
  h2: `${fontStyle} font-size: 24px; line-height: 1.25; font-weight: bold; margin: 30px 0 15px 0;`,
  h3: `${fontStyle} font-size: 19px; line-height: 1.3; font-weight: bold; margin: 20px 0 10px 0;`,
  p: paragraphStyle,
  a: 'color: #1d70b8; text-decoration: underline;',
  question: `${fontStyle} font-size: 16px; line-height: 1.4; font-weight: bold; margin: 20px 0 5px 0;`,
  table: 'border-collapse: collapse; width: 100%; margin: 0 0 20px 0;',
  th: `${fontStyle} font-size: 16px; line-height: 1.4; font-weight: bold; text-align: left; vertical-align: top; padding: 8px 20px 8px 0; border-bottom: 1px solid #b1b4b6; width: 35%;`,
  td: `${fontStyle} font-size: 16px; line-height: 1.4; text-align: left; vertical-align: top; padding: 8px 0; border-bottom: 1px solid #b1b4b6;`,
  urgentCell: 'border: 5px solid #d4351c; padding: 15px 20px;',
  urgentTitle: `font-family: Arial, Helvetica, sans-serif; color: #d4351c; font-size: 27px; line-height: 1.2; font-weight: bold; margin: 0 0 15px 0;`,
  warningCell: 'border: 5px solid #0b0c0c; padding: 15px 20px;',
  warningTitle: `${fontStyle} font-size: 19px; line-height: 1.3; font-weight: bold; margin: 0 0 10px 0;`,
  insetCell: 'border-left: 10px solid #b1b4b6; padding: 15px;',
  ul: `${fontStyle} font-size: 16px; line-height: 1.4; margin: 0 0 20px 0; padding-left: 20px;`,
  li: 'margin: 0 0 5px 0;',
  hr: 'border: 0; height: 1px; background: #b1b4b6; margin: 30px 0;',
} as const;

/** Escaped text with single line breaks as `<br>`, for table cells and list items. */
const toHtmlLines = (text: string): string => normaliseLineBreaks(text).split('\n').map(escapeHtml).join('<br>');

// A one-cell table draws a box in every client, including Outlook's Word engine, which ignores
// borders and padding on <div>.
const boxed = (cellStyle: string, inner: string): string =>
  `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="${styles.table}"><tr><td style="${cellStyle}">${inner}</td></tr></table>`;

function toHtmlBlock(block: EmailBlock): string {
  switch (block.type) {
    case 'heading':
      return block.level === 2 ? `<h2 style="${styles.h2}">${escapeHtml(block.text)}</h2>` : `<h3 style="${styles.h3}">${escapeHtml(block.text)}</h3>`;
    case 'paragraph':
      return toHtmlParagraphs(block.text, styles.p);
    case 'link':
      return `<p style="${styles.p}"><a href="${escapeHtml(block.href)}" style="${styles.a}">${escapeHtml(block.href)}</a></p>`;
    case 'keyValue':
      return (
        `<table cellpadding="0" cellspacing="0" border="0" style="${styles.table}">` +
        block.rows
          .map(
            ({ key, value }) =>
              `<tr><th scope="row" style="${styles.th}">${escapeHtml(key)}</th><td style="${styles.td}">${toHtmlLines(value) || '-'}</td></tr>`,
          )
          .join('') +
        '</table>'
      );
    case 'alert': {
      const urgent = block.tone === 'urgent';
      const title = `<p style="${urgent ? styles.urgentTitle : styles.warningTitle}">${escapeHtml(block.title)}</p>`;
      const lines = block.lines.map((line) => toHtmlParagraphs(line, styles.p)).join('');
      return boxed(urgent ? styles.urgentCell : styles.warningCell, title + lines);
    }
    case 'inset':
      return boxed(styles.insetCell, block.lines.map((l) => toHtmlParagraphs(l, styles.p)).join(''));
    case 'list':
      return `<ul style="${styles.ul}">${block.items
        .map((item) => (typeof item === 'string' ? toHtmlLines(item) : `<strong>${escapeHtml(item.title)}</strong><br>${toHtmlLines(item.text)}`))
        .map((item) => `<li style="${styles.li}">${item}</li>`)
        .join('')}</ul>`;
    case 'answer':
      return `<h4 style="${styles.question}">${escapeHtml(normaliseLineBreaks(block.question))}</h4>${
        toHtmlParagraphs(block.answer, styles.p) || `<p style="${styles.p}">${escapeHtml(block.unanswered)}</p>`
      }`;
    case 'rule':
      return `<hr style="${styles.hr}">`;
  }
}

/** Renders blocks as inline-styled HTML to sit inside a document `formatBlocksAsHtml` made. */
export function formatBlocksAsHtmlFragment(blocks: readonly EmailBlock[]): string {
  return blocks.map(toHtmlBlock).join('\n');
}

/**
 * Renders blocks as a complete, inline-styled HTML document; `title` becomes the document title.
 * Every word in the blocks is escaped, so nothing a person typed can become markup.
 */
export function formatBlocksAsHtml(blocks: readonly EmailBlock[], title: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body style="margin: 0; padding: 0; background: #ffffff;">',
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse: collapse;"><tr>',
    `<td style="padding: 20px; ${fontStyle} font-size: 16px; line-height: 1.4;">`,
    ...blocks.map(toHtmlBlock),
    '</td>',
    '</tr></table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

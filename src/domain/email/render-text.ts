import { normaliseLineBreaks } from '../html.ts';
import type { EmailBlock } from './blocks.ts';

const textRule = '-'.repeat(60);
const urgentTextRule = '*'.repeat(60);

const indentContinuation = (text: string, indent: string): string => text.split('\n').join(`\n${indent}`);

function toTextBlock(block: EmailBlock): string {
  switch (block.type) {
    case 'heading':
      return `${block.text}\n${(block.level === 2 ? '=' : '-').repeat(Math.max(3, [...block.text].length))}`;
    case 'paragraph':
      return normaliseLineBreaks(block.text);
    case 'link':
      return block.href;
    case 'keyValue':
      return block.rows.map(({ key, value }) => `${key}: ${indentContinuation(normaliseLineBreaks(value) || '-', '  ')}`).join('\n');
    case 'alert': {
      const body = [`*** ${block.title} ***`, ...block.lines.map(normaliseLineBreaks)].join('\n');
      return block.tone === 'urgent' ? `${urgentTextRule}\n${body}\n${urgentTextRule}` : body;
    }
    case 'inset':
      return block.lines
        .map((line) =>
          normaliseLineBreaks(line)
            .split('\n')
            .map((l) => (l ? `| ${l}` : '|'))
            .join('\n'),
        )
        .join('\n|\n');
    case 'list':
      return block.items
        .map((item) => (typeof item === 'string' ? normaliseLineBreaks(item) : `${item.title}\n${normaliseLineBreaks(item.text)}`))
        .map((item) => `- ${indentContinuation(item, '  ')}`)
        .join('\n');
    case 'answer':
      return `${normaliseLineBreaks(block.question)}\n${normaliseLineBreaks(block.answer) || block.unanswered}`;
    case 'rule':
      return textRule;
  }
}

/**
 * Renders blocks as the plain-text part of an email: underlined headings, "Key: value" rows,
 * asterisk-ruled urgent alerts and "|"-marked insets, so it reads well without formatting.
 * @example formatBlocksAsText([{ type: 'paragraph', text: 'Hello' }]) // 'Hello\n'
 */
export function formatBlocksAsText(blocks: readonly EmailBlock[]): string {
  return blocks.map(toTextBlock).join('\n\n') + '\n';
}

import { describe, expect, it } from 'vitest';
import type { EmailBlock } from '../../../../src/domain/email/blocks.ts';
import { formatBlocksAsHtml } from '../../../../src/domain/email/render-html.ts';
import { formatBlocksAsText } from '../../../../src/domain/email/render-text.ts';
import { toVisibleText, wordsOf } from '../../../helpers/email-text.ts';

describe('formatBlocksAsHtml', () => {
  it('puts every block in the body of one HTML document with the title escaped', () => {
    const html = formatBlocksAsHtml([{ type: 'paragraph', text: 'Hello' }], 'A <title>');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<title>A &lt;title&gt;</title>');
    expect(html).toMatch(/<body[^>]*>[\s\S]*Hello[\s\S]*<\/body>/);
  });

  it('says the same words as the plain text for every kind of block', () => {
    const blocks: EmailBlock[] = [
      { type: 'alert', tone: 'urgent', title: 'Urgent title', lines: ['first line', 'second <line>'] },
      { type: 'alert', tone: 'warning', title: 'Warning title', lines: ['careful now'] },
      { type: 'heading', level: 2, text: 'Big heading' },
      { type: 'heading', level: 3, text: 'Small heading' },
      { type: 'paragraph', text: 'para one\n\npara two' },
      { type: 'keyValue', rows: [{ key: 'Key', value: 'value\nmore' }] },
      { type: 'inset', lines: ['inset words'] },
      { type: 'list', items: ['plain item', { title: 'Item title', text: 'item text' }] },
      { type: 'answer', question: 'A question?', answer: 'An answer', unanswered: '[Not answered]' },
      { type: 'answer', question: 'Skipped?', answer: '', unanswered: '[Not answered]' },
      { type: 'rule' },
    ];
    expect(wordsOf(toVisibleText(formatBlocksAsHtml(blocks, 'ignored')))).toEqual(wordsOf(formatBlocksAsText(blocks)));
  });
});

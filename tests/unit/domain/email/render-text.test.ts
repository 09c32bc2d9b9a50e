import { describe, expect, it } from 'vitest';
import { formatBlocksAsText } from '../../../../src/domain/email/render-text.ts';

describe('formatBlocksAsText', () => {
  it('marks an urgent alert so it stands out without formatting', () => {
    const text = formatBlocksAsText([{ type: 'alert', tone: 'urgent', title: 'SAFEGUARDING', lines: ['Call today.'] }]);
    expect(text).toBe(`${'*'.repeat(60)}\n*** SAFEGUARDING ***\nCall today.\n${'*'.repeat(60)}\n`);
  });

  it('indents the continuation lines of a multi-line value', () => {
    expect(formatBlocksAsText([{ type: 'keyValue', rows: [{ key: 'Address', value: '1 High St\nTown' }] }])).toBe('Address: 1 High St\n  Town\n');
  });
});

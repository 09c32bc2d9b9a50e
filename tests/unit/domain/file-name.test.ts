import { describe, expect, it } from 'vitest';
import { formatFileSize, toSafeFileName } from '../../../src/domain/file-name.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

const { t } = createTestCopy(exampleCouncil());

describe('toSafeFileName', () => {
  it.each([
    // A name as it is, with the extension its bytes showed.
    ['care plan.pdf', 'pdf', 'care plan.pdf'],
    // Old browsers send the whole path.
    ['C:\\Users\\sam\\Documents\\letter.PDF', 'pdf', 'letter.pdf'],
    ['../../etc/passwd', 'txt', 'passwd.txt'],
    // A header or a line of the email must not be broken by a name.
    ['note\r\nBcc: someone@example.com.txt', 'txt', 'note Bcc someone@example.com.txt'],
    ['<b onmouseover=alert(1)>hi.png', 'png', 'b onmouseover alert(1) hi.png'],
    // The "/" of a closing tag is a path separator: only what follows it is kept.
    ['<script>alert(1)</script>.png', 'png', 'script.png'],
    // A program named as a PDF: the name keeps the bytes' kind only.
    ['photo.jpg.exe', 'jpeg', 'photo.jpg.jpg'],
    ['...', 'pdf', 'file.pdf'],
    ['', 'docx', 'file.docx'],
  ] as const)('makes %j safe', (raw, kind, expected) => {
    expect(toSafeFileName(raw, kind)).toBe(expected);
  });

  it('shortens a very long name', () => {
    expect(toSafeFileName(`${'a'.repeat(500)}.pdf`, 'pdf')).toHaveLength(98);
  });
});

describe('formatFileSize', () => {
  it.each([
    [1, '1 byte'],
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1536, '1.5 KB'],
    [2_500_000, '2.4 MB'],
  ])('writes %i as %s', (bytes, text) => {
    expect(formatFileSize(bytes, t)).toBe(text);
  });
});

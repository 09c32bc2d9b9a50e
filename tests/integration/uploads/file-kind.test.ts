import { describe, expect, it } from 'vitest';
import { detectFileKind, isPlainText } from '../../../src/server/uploads/file-kind.ts';
import { DOCX, EXECUTABLE, HEIC, JPEG, PDF, PNG, TEXT, ZIP } from '../../fixtures/files.ts';
import { EICAR } from '../../helpers/clamd.ts';

describe('detectFileKind', () => {
  it.each([
    ['a PDF', PDF, 'pdf'],
    ['a PNG', PNG, 'png'],
    ['a JPEG', JPEG, 'jpeg'],
    ['a Word document', DOCX, 'docx'],
    ['a HEIC photo', HEIC, 'heic'],
    ['UTF-8 text', TEXT, 'txt'],
    // What file-type calls XML is still only text here.
    ['XML', Buffer.from('<?xml version="1.0"?><note>hello</note>\n'), 'txt'],
    ['an executable, whatever it is called', EXECUTABLE, undefined],
    ['text with a NUL in it', Buffer.from('hello\0world'), undefined],
    ['bytes that are not UTF-8', Buffer.from([0x68, 0x69, 0xff, 0xfe]), undefined],
    ['the start of a ZIP', Buffer.from('504b0304140000000000', 'hex'), undefined],
    ['a whole ZIP that is not a Word document', ZIP, undefined],
  ])('finds %s', async (_what, bytes, kind) => {
    expect(await detectFileKind(bytes)).toBe(kind);
  });

  it('takes the EICAR file (printable text) for text: the scanner, not the type check, refuses it', async () => {
    expect(await detectFileKind(EICAR)).toBe('txt');
  });
});

describe('isPlainText', () => {
  it.each([
    ['tabs, line and form feeds and carriage returns', Buffer.from('a\tb\r\nc\fd'), true],
    ['an escape character', Buffer.from('a\u001bb'), false],
    ['DEL', Buffer.from('a\u007fb'), false],
  ])('with %s is %s', (_what, bytes, expected) => {
    expect(isPlainText(bytes)).toBe(expected);
  });
});

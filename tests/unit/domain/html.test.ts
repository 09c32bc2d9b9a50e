import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, normaliseLineBreaks, toHtmlParagraphs } from '../../../src/domain/html.ts';

describe('escapeHtml', () => {
  it.each([
    // Each of the five characters on its own.
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
    // A script tag becomes visible text.
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    // Breaking out of an attribute and opening a new tag.
    ['"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    // An entity the person typed is shown as typed, not decoded.
    ['&lt;b&gt;', '&amp;lt;b&amp;gt;'],
    // Nothing to escape.
    ['Plain words, 12 of them: fine.', 'Plain words, 12 of them: fine.'],
    ['', ''],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it('never leaves a character that could start a tag or end an attribute', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(escapeHtml(text)).not.toMatch(/[<>"']/);
      }),
    );
  });
});

describe('normaliseLineBreaks', () => {
  it.each([
    // Windows and old Mac line endings become \n.
    ['one\r\ntwo\rthree', 'one\ntwo\nthree'],
    // A run of blank lines becomes one blank line.
    ['one\n\n\n\ntwo', 'one\n\ntwo'],
    // Lines holding only spaces or tabs count as blank.
    ['one\n \t \n  \ntwo', 'one\n\ntwo'],
    // Leading and trailing space goes, around the text and each paragraph.
    ['  \n one \n\n two  \n ', 'one\n\ntwo'],
    // Single line breaks stay.
    ['a\nb', 'a\nb'],
    ['   ', ''],
  ])('tidies %j to %j', (input, expected) => {
    expect(normaliseLineBreaks(input)).toBe(expected);
  });
});

describe('toHtmlParagraphs', () => {
  it.each([
    // A single line break becomes <br>.
    ['a\nb', '<p>a<br>b</p>'],
    // A blank line starts a new paragraph; a run of them is one break.
    ['a\r\n\r\n\r\n\r\nb', '<p>a</p><p>b</p>'],
    // Text is escaped inside the paragraphs.
    ['<script>\n"x" & \'y\'', '<p>&lt;script&gt;<br>&quot;x&quot; &amp; &#39;y&#39;</p>'],
    // Nothing to show gives nothing, not an empty paragraph.
    ['', ''],
    [' \n\t\n ', ''],
  ])('turns %j into %j', (input, expected) => {
    expect(toHtmlParagraphs(input)).toBe(expected);
  });

  it('adds an escaped style attribute to every paragraph', () => {
    expect(toHtmlParagraphs('a\n\nb', 'margin: 0; font-family: "Arial"')).toBe(
      '<p style="margin: 0; font-family: &quot;Arial&quot;">a</p><p style="margin: 0; font-family: &quot;Arial&quot;">b</p>',
    );
  });

  it('produces no markup but its own paragraphs and line breaks, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const withoutOwnTags = toHtmlParagraphs(text).replace(/<\/?p>|<br>/g, '');
        expect(withoutOwnTags).not.toMatch(/[<>"']/);
      }),
    );
  });
});

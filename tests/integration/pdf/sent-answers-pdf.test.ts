import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import type { AnswerRow } from '../../../src/domain/case-record.ts';
import { renderSentAnswersPdf, UNDRAWABLE_PLACEHOLDER } from '../../../src/server/pdf/sent-answers-pdf.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

/**
 * The person's PDF copy prints names and answers in any of the scripts people in England write
 * their names in most often, not only Western European letters: each is read back out of the PDF
 * as it went in. What its font cannot draw (Arabic, emoji…) it says it cannot, rather than leave
 * empty boxes and nothing in the PDF's text.
 */

const NAMES = ['Łucja Wiśniewska', 'Ştefan Ćosić', 'Γιώργος Παπαδόπουλος', 'Олександр Шевченко', 'Nguyễn Thị Hương', 'Zoë O’Brien-Ní Bhriain'];

const council = exampleCouncil();
/** The catalogue's words, filled in as the download route fills them. */
const UNDRAWABLE_NOTE = createTestCopy(council).t('journey.sentAnswers.pdf.undrawable', { placeholder: UNDRAWABLE_PLACEHOLDER });

async function textOf(bytes: Buffer): Promise<string> {
  const { text } = await new PDFParse({ data: new Uint8Array(bytes) }).getText();
  return text.normalize('NFC');
}

/** The PDF's text for a copy with these answers, all under one question. */
async function copyWith(answers: readonly string[]): Promise<string> {
  const rows: AnswerRow[] = answers.map((answer) => ({ section: 'About the child', question: 'Child’s name', answer }));
  const bytes = await renderSentAnswersPdf({
    lang: 'en-GB',
    title: 'Your complaint',
    intro: ['Reference: CSC-7K4M-2P9X'],
    rows,
    note: 'Keep this copy somewhere safe. It cost £0.',
    undrawableNote: UNDRAWABLE_NOTE,
    author: council.name,
  });
  return textOf(bytes);
}

describe('the PDF copy of what was sent', () => {
  it('prints names in Latin, Greek, Cyrillic and Vietnamese letters as typed', async () => {
    const text = await copyWith(NAMES);
    for (const name of NAMES) expect(text).toContain(name);
    expect(text).toContain('It cost £0.');
    expect(text).toContain('CSC-7K4M-2P9X');
  });

  it('says nothing about letters it could not show when it could show them all', async () => {
    const text = await copyWith([...NAMES, 'Line one\nline two', 'A tab\there']);
    expect(text.replace(/\s+/g, ' ')).not.toContain(UNDRAWABLE_NOTE);
    expect(text).not.toContain('\uFFFD');
    expect(text).not.toContain('\u0000');
    expect(text).toContain('A tab here');
  });

  it('says some letters could not be shown, and marks where, for an Arabic name and emoji', async () => {
    const text = await copyWith(['محمد Khan', 'Thank you 👍🏽 for 👨‍👩‍👧', 'Ayşe Yılmaz']);
    // As one line: the page wraps it.
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(UNDRAWABLE_NOTE);
    expect(UNDRAWABLE_NOTE).toBe(
      `Some letters or symbols could not be shown in this copy and appear as \uFFFD. ${council.name} received your answers exactly as you typed them.`,
    );
    // The note comes before the answers, where it is read first.
    expect(flat.indexOf(UNDRAWABLE_NOTE)).toBeLessThan(flat.indexOf('About the child'));
    // Each run of letters or symbols it cannot draw is one placeholder; the rest is as typed.
    expect(text).toContain('\uFFFD Khan');
    expect(text).toContain('Thank you \uFFFD for \uFFFD');
    expect(text).toContain('Ayşe Yılmaz');
    expect(text).not.toContain('\u0000');
  });
});

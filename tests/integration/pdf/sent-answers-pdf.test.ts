import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { renderSentAnswersPdf } from '../../../src/server/pdf/sent-answers-pdf.ts';

/**
 * The person's PDF copy prints names and answers in any of the scripts people in England write
 * their names in most often, not only Western European letters: each is read back out of the PDF
 * as it went in.
 */

const NAMES = ['Łucja Wiśniewska', 'Ştefan Ćosić', 'Γιώργος Παπαδόπουλος', 'Олександр Шевченко', 'Nguyễn Thị Hương', 'Zoë O’Brien-Ní Bhriain'];

async function textOf(bytes: Buffer): Promise<string> {
  const { text } = await new PDFParse({ data: new Uint8Array(bytes) }).getText();
  return text.normalize('NFC');
}

describe('the PDF copy of what was sent', () => {
  it('prints names in Latin, Greek, Cyrillic and Vietnamese letters as typed', async () => {
    const bytes = await renderSentAnswersPdf({
      lang: 'en-GB',
      title: 'Your complaint',
      intro: ['Reference: CSC-7K4M-2P9X'],
      rows: NAMES.map((name) => ({ section: 'About the child', question: 'Child’s name', answer: name })),
      note: 'Keep this copy somewhere safe. It cost £0.',
      author: 'Example Borough Council',
    });
    const text = await textOf(bytes);
    for (const name of NAMES) expect(text).toContain(name);
    expect(text).toContain('It cost £0.');
    expect(text).toContain('CSC-7K4M-2P9X');
  });
});

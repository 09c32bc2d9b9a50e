import PDFDocument from 'pdfkit';
import type { AnswerRow } from '../../domain/case-record.ts';
import { pdfFonts, type Weight } from './fonts.ts';

/**
 * The person's copy of what they sent, as a PDF made on the server with pdfkit: a tagged PDF
 * (headings, paragraphs and the document's language and title marked up), so a screen reader
 * reads it in order and it reflows, with the reference, the date it was sent and the answers as
 * check answers showed them. Every word comes in from the catalogue; nothing here is English.
 */

export interface SentAnswersPdf {
  /** BCP 47, e.g. en-GB: the document's language for screen readers. */
  lang: string;
  title: string;
  /** Lines under the title: the reference, the date sent. */
  intro: readonly string[];
  rows: readonly AnswerRow[];
  /** A closing paragraph: keep it safe. */
  note: string;
  /** The council's name, as the document's author. */
  author: string;
}

const MARGIN = 56;

/**
 * Without glyph composition (OpenType `ccmp`), a letter such as ị is set as the one glyph the font
 * has for it; composed from i and a dot, the dot carries no character and the PDF's text (what a
 * screen reader reads and what copying gives) gets a stray code in place of the letter. fontkit
 * takes a map of features to turn off, which pdfkit passes through but its types do not list.
 */
const TEXT_OPTIONS = { features: { ccmp: false } } as unknown as PDFKit.Mixins.TextOptions;

/** Renders the PDF and resolves with its bytes. */
export function renderSentAnswersPdf(content: SentAnswersPdf): Promise<Buffer> {
  const doc = new PDFDocument({
    pdfVersion: '1.7',
    tagged: true,
    lang: content.lang,
    displayTitle: true,
    size: 'A4',
    margin: MARGIN,
    info: { Title: content.title, Author: content.author },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  for (const font of pdfFonts()) doc.registerFont(font.name, font.bytes);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const block = (type: string, weight: Weight, size: number, text: string, gapAfter: number) => {
    root.add(
      doc.struct(type, {}, () => {
        doc.font(weight).fontSize(size).text(text, TEXT_OPTIONS);
      }),
    );
    doc.moveDown(gapAfter);
  };

  block('H1', 'bold', 20, content.title, 0.5);
  for (const line of content.intro) block('P', 'regular', 12, line, 0.3);
  doc.moveDown(0.5);
  let section: string | undefined;
  for (const row of content.rows) {
    if (row.section !== section) {
      section = row.section;
      doc.moveDown(0.5);
      block('H2', 'bold', 15, row.section, 0.4);
    }
    block('H3', 'bold', 12, row.question, 0.15);
    block('P', 'regular', 12, row.answer, 0.6);
  }
  doc.moveDown(0.5);
  block('P', 'regular', 11, content.note, 0);
  root.end();
  doc.end();
  return done;
}

import PDFDocument from 'pdfkit';
import type { AnswerRow } from '../../domain/case-record.ts';

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

  const root = doc.struct('Document');
  doc.addStructure(root);
  const block = (type: string, font: string, size: number, text: string, gapAfter: number) => {
    root.add(
      doc.struct(type, {}, () => {
        doc.font(font).fontSize(size).text(text);
      }),
    );
    doc.moveDown(gapAfter);
  };

  block('H1', 'Helvetica-Bold', 20, content.title, 0.5);
  for (const line of content.intro) block('P', 'Helvetica', 12, line, 0.3);
  doc.moveDown(0.5);
  let section: string | undefined;
  for (const row of content.rows) {
    if (row.section !== section) {
      section = row.section;
      doc.moveDown(0.5);
      block('H2', 'Helvetica-Bold', 15, row.section, 0.4);
    }
    block('H3', 'Helvetica-Bold', 12, row.question, 0.15);
    block('P', 'Helvetica', 12, row.answer, 0.6);
  }
  doc.moveDown(0.5);
  block('P', 'Helvetica', 11, content.note, 0);
  root.end();
  doc.end();
  return done;
}

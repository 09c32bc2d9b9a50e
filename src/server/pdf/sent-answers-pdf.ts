import PDFDocument from 'pdfkit';
import type { AnswerRow } from '../../domain/case-record.ts';
import { canDrawCharacter, pdfFonts, type Weight } from './fonts.ts';

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
  /**
   * A paragraph under the intro, printed only when some of the text has letters or symbols the
   * font cannot draw: they show as U+FFFD, and the council received them as typed.
   */
  undrawableNote: string;
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

/** Noto Sans has it, and it is Unicode's own sign for "a character that cannot be shown". */
export const UNDRAWABLE_PLACEHOLDER = '\uFFFD';
/** Line breaks, which pdfkit acts on rather than draws. */
const BREAKS = new Set(['\n', '\r']);
/** Spaces the font has no glyph for, such as a tab, are still spaces, not missing letters. */
const SPACE = /^\s$/u;
/** Marks and the zero-width joiner belong to the character before them, as in 👍🏽 or 👨‍👩‍👧. */
const JOINED = /^[\p{M}\u200D]$/u;

/**
 * The text with each run of characters the font cannot draw as one placeholder, so the PDF's text
 * layer (what a screen reader reads, what copying gives) says something is missing rather than
 * holding nothing, and a long Arabic name is one sign rather than a row of them.
 */
function toDrawable(text: string): { text: string; changed: boolean } {
  let drawn = '';
  let inRun = false;
  let changed = false;
  for (const char of text) {
    const canDraw = BREAKS.has(char) || canDrawCharacter(char.codePointAt(0) ?? 0);
    if (canDraw && !(inRun && JOINED.test(char))) {
      drawn += char;
      inRun = false;
    } else if (SPACE.test(char)) {
      drawn += ' ';
      inRun = false;
    } else {
      if (!inRun) drawn += UNDRAWABLE_PLACEHOLDER;
      inRun = true;
      changed = true;
    }
  }
  return { text: drawn, changed };
}

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

  const drawn = {
    title: toDrawable(content.title),
    intro: content.intro.map(toDrawable),
    rows: content.rows.map((row) => ({ section: toDrawable(row.section), question: toDrawable(row.question), answer: toDrawable(row.answer) })),
  };
  const anyChanged = [drawn.title, ...drawn.intro, ...drawn.rows.flatMap((row) => [row.section, row.question, row.answer])].some((part) => part.changed);

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

  block('H1', 'bold', 20, drawn.title.text, 0.5);
  for (const line of drawn.intro) block('P', 'regular', 12, line.text, 0.3);
  if (anyChanged) {
    doc.moveDown(0.3);
    block('P', 'regular', 12, content.undrawableNote, 0.3);
  }
  doc.moveDown(0.5);
  let section: string | undefined;
  for (const row of drawn.rows) {
    if (row.section.text !== section) {
      section = row.section.text;
      doc.moveDown(0.5);
      block('H2', 'bold', 15, row.section.text, 0.4);
    }
    block('H3', 'bold', 12, row.question.text, 0.15);
    block('P', 'regular', 12, row.answer.text, 0.6);
  }
  doc.moveDown(0.5);
  block('P', 'regular', 11, content.note, 0);
  root.end();
  doc.end();
  return done;
}

import type { AnswerRow } from '../case-record.ts';
import type { Translate } from '../copy.ts';
import type { EmailBlock } from './blocks.ts';

/**
 * The person's answers as the team reads them: in the order they were given, under the section
 * headings they saw, with a reminder that they were typed by someone outside the council.
 */

/** Who typed the answers: the person complaining, or whoever sent another kind of form. */
export type TypedBy = 'complainant' | 'sender';

/** "Check these answers look safe before you use them", set apart before the answers. */
export function toCheckAnswersInset(t: Translate, typedBy: TypedBy): EmailBlock {
  return { type: 'inset', lines: [t('emails.answers.checkSafe'), t(`emails.answers.typedBy.${typedBy}`)] };
}

/**
 * The start of something a person wrote, on one line, for a summary or a banner: white space run
 * together, and cut at a word (with "…") when it is longer than `maxLength` characters.
 * @example formatExcerpt('A long\n\nanswer', 8) // 'A long…'
 */
export function formatExcerpt(text: string, maxLength: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= maxLength) return line;
  const cut = line.slice(0, maxLength);
  const space = cut.lastIndexOf(' ');
  // A very long "word" (a pasted link) is cut where it is, rather than leaving almost nothing.
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** One question and its answer, "[Not answered]" when it was left blank. */
export function toAnswerBlock(t: Translate, question: string, answer: string): EmailBlock {
  return { type: 'answer', question, answer, unanswered: t('emails.answers.notAnswered') };
}

/**
 * The answers under their heading, with a sub-heading each time the section changes. The
 * "check these answers look safe" inset goes before the heading in a complaint's emails, where
 * it follows the children, and straight after it in the others.
 */
export function toAnswerBlocks(t: Translate, rows: readonly AnswerRow[], typedBy: TypedBy, inset: 'beforeHeading' | 'afterHeading'): EmailBlock[] {
  const heading: EmailBlock = { type: 'heading', level: 2, text: t('emails.answers.heading') };
  const check = toCheckAnswersInset(t, typedBy);
  const blocks: EmailBlock[] = inset === 'beforeHeading' ? [check, heading] : [heading, check];
  let section: string | undefined;
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      blocks.push({ type: 'heading', level: 3, text: row.section });
    }
    blocks.push(toAnswerBlock(t, row.question, row.answer));
  }
  if (rows.length === 0) blocks.push({ type: 'paragraph', text: t('emails.answers.none') });
  return blocks;
}

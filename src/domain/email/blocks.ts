import type { Translate } from '../copy.ts';

/**
 * The block model every email is built from. An email is first built as a list of blocks, each
 * holding its words already taken from the catalogue, and then rendered twice, as plain text
 * (`render-text.ts`) and as HTML (`render-html.ts`), so the two parts cannot say different things.
 */

/** One label and its value; the value may span several lines. */
export interface KeyValueRow {
  key: string;
  value: string;
}

/** A row labelled with the catalogue's sentence `key`. */
export function toRow(t: Translate, key: string, value: string): KeyValueRow {
  return { key: t(key), value };
}

/** A list item: plain text, or a short title (bold in HTML) with text under it. */
export type ListItem = string | { title: string; text: string };

/** One piece of an email body, rendered the same way in plain text and HTML. */
export type EmailBlock =
  | { type: 'heading'; level: 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  /** A web address of this service's own, shown as a link in HTML and written out in plain text. */
  | { type: 'link'; href: string }
  | { type: 'keyValue'; rows: KeyValueRow[] }
  /** A boxed notice: `urgent` for safeguarding, `warning` for anything staff must read before acting. */
  | { type: 'alert'; tone: 'urgent' | 'warning'; title: string; lines: string[] }
  /** GOV.UK inset text: set apart, but not a warning. */
  | { type: 'inset'; lines: string[] }
  | { type: 'list'; items: ListItem[] }
  /** A question and the person's answer, as on check answers; `unanswered` stands in for a blank answer. */
  | { type: 'answer'; question: string; answer: string; unanswered: string }
  | { type: 'rule' };

/** An attachment, as the outbox stores it. */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** A rendered email without its envelope. */
export interface FormattedEmail {
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
}

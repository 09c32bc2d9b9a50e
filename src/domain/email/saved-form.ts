import type { Translate } from '../copy.ts';
import type { EmailBlock, FormattedEmail } from './blocks.ts';
import { toFormattedEmail } from './envelope.ts';

/**
 * "Your saved form": the email a person may ask for when they save their answers, with their
 * return code and the address to come back to. It may be read in a shared inbox, so it never says
 * what the form is about, never holds an answer, and never the word they chose: the code without
 * the word opens nothing, and five wrong words lock it.
 */
export interface SavedFormEmail {
  code: string;
  /** `/resume` on the service's public address; the code never goes in an address. */
  resumeUrl: string;
  /** When it was saved and how long it is kept, already written as dates. */
  savedOn: string;
  keptUntil: string;
}

export function formatSavedFormEmail(t: Translate, email: SavedFormEmail): FormattedEmail {
  const blocks: EmailBlock[] = [
    { type: 'paragraph', text: t('emails.savedForm.intro', { savedOn: email.savedOn }) },
    { type: 'paragraph', text: t('emails.savedForm.howToComeBack') },
    { type: 'link', href: email.resumeUrl },
    { type: 'inset', lines: [t('emails.savedForm.codeIs', { code: email.code })] },
    { type: 'paragraph', text: t('emails.savedForm.notIncluded') },
    { type: 'paragraph', text: t('emails.savedForm.keptUntil', { keptUntil: email.keptUntil }) },
    { type: 'paragraph', text: t('emails.savedForm.newCode') },
    { type: 'paragraph', text: t('emails.savedForm.notExpected') },
    { type: 'rule' },
    { type: 'paragraph', text: t('emails.noReply') },
  ];
  return toFormattedEmail(t('emails.savedForm.subject'), blocks);
}

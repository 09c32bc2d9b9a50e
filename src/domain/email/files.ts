import { toCaseFiles, type FileNote } from '../case-files.ts';
import type { Translate } from '../copy.ts';
import { formatFileSize } from '../file-name.ts';
import type { EmailBlock } from './blocks.ts';
import type { OutgoingEmail } from './envelope.ts';
import { formatBlocksAsHtmlFragment } from './render-html.ts';
import { formatBlocksAsText } from './render-text.ts';

/**
 * The files a person sent, as the team's email lists them: name, size and SHA-256 in the body and
 * in the JSON attachment, whether they are attached or held by the service (too big for one
 * email), and a warning when no virus scanner checked them. Only the team's email carries them.
 */

/** How many bytes the files add to an email: base64 makes 3 bytes 4, plus MIME headers and line breaks. */
export function toAttachedSize(files: readonly FileNote[]): number {
  return files.reduce((total, file) => total + Math.ceil(file.size / 3) * 4 * (78 / 76) + 512, 0);
}

/** The email's section about the files. */
export function toFileBlocks(t: Translate, files: readonly FileNote[], options: { held: boolean; reference: string }): EmailBlock[] {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const unscanned = files.some((file) => file.scan === 'not_scanned');
  return [
    { type: 'rule' },
    { type: 'heading', level: 2, text: t('uploads.email.heading') },
    ...(unscanned ? [{ type: 'alert', tone: 'warning', title: t('uploads.email.notScanned'), lines: [] } satisfies EmailBlock] : []),
    { type: 'paragraph', text: t('uploads.email.intro', { count: files.length }) },
    {
      type: 'list',
      items: files.map((file) => t('uploads.email.row', { name: file.name, size: formatFileSize(file.size, t), sha256: file.sha256 })),
    },
    {
      type: 'paragraph',
      text: options.held ? t('uploads.email.held', { size: formatFileSize(total, t), reference: options.reference }) : t('uploads.email.attached'),
    },
    ...(unscanned ? [] : [{ type: 'paragraph', text: t('uploads.email.scanned') } satisfies EmailBlock]),
  ];
}

/**
 * The team's email with the files section added after its body and the files listed in its JSON
 * attachment (`files`: the case document's list, each also saying whether it is `attached`).
 */
export function withFiles(email: OutgoingEmail, t: Translate, files: readonly FileNote[], options: { held: boolean; reference: string }): OutgoingEmail {
  if (files.length === 0) return email;
  const blocks = toFileBlocks(t, files, options);
  const end = email.html.lastIndexOf('</td>');
  const html = end === -1 ? email.html : `${email.html.slice(0, end)}${formatBlocksAsHtmlFragment(blocks)}\n${email.html.slice(end)}`;
  const listed = toCaseFiles(files).map((file) => ({ ...file, attached: !options.held }));
  const attachments = email.attachments.map((attachment) => {
    if (attachment.contentType !== 'application/json') return attachment;
    const document = JSON.parse(attachment.content) as Record<string, unknown>;
    return { ...attachment, content: JSON.stringify({ ...document, files: listed }, null, 2) + '\n' };
  });
  return { ...email, text: `${email.text.trimEnd()}\n\n${formatBlocksAsText(blocks)}\n`, html, attachments };
}

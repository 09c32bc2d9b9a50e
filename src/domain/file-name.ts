import type { Translate } from './copy.ts';

/**
 * A file's name as a person's browser sent it, made safe to show on a page, to list in an email
 * and to attach: the browser may send a whole path, and a hostile client anything at all.
 */

/** Longest name kept, in characters: enough for any real document, short enough for a mail header. */
export const MAX_FILE_NAME_LENGTH = 100;

/** The extension each kind of file is attached with, whatever the name said. */
export const fileExtensions = { pdf: 'pdf', jpeg: 'jpg', png: 'png', heic: 'heic', docx: 'docx', txt: 'txt' } as const;

export type FileKind = keyof typeof fileExtensions;

/**
 * The last part of a path, without control characters (CR and LF included), characters that mean
 * something in HTML or a path, or leading dots; the extension is the one the bytes showed, and a
 * name with nothing left becomes `file`.
 * @example toSafeFileName('C:\\Users\\me\\<b>letter</b>.PDF', 'pdf') // 'b letter b.pdf'
 */
export function toSafeFileName(raw: string, kind: FileKind): string {
  const last = raw.split(/[/\\]/).at(-1) ?? '';
  const stem = last
    .normalize('NFC')
    .replace(/\.[^.]*$/, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029<>"'`&:*?|;=%{}$]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const short = [...stem]
    .slice(0, MAX_FILE_NAME_LENGTH - 6)
    .join('')
    .trim();
  return `${short || 'file'}.${fileExtensions[kind]}`;
}

/**
 * A size as people read it, in the catalogue's units (`uploads.size.*`): bytes under 1 KB, then KB
 * and MB to one decimal place.
 * @example formatFileSize(2_500_000, t) // '2.4 MB'
 */
export function formatFileSize(bytes: number, t: Translate): string {
  if (bytes < 1024) return t('uploads.size.bytes', { count: bytes });
  if (bytes < 1024 * 1024) return t('uploads.size.kb', { size: (bytes / 1024).toFixed(1) });
  return t('uploads.size.mb', { size: (bytes / (1024 * 1024)).toFixed(1) });
}

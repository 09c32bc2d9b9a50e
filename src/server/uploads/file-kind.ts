import { fileTypeFromBuffer } from 'file-type';
import type { UploadKind } from '../store/types.ts';

/**
 * What a file is, from its bytes alone: the name and the browser's content type are whatever the
 * sender chose. `file-type` reads magic numbers (and looks inside ZIP containers for DOCX); plain
 * text has none, so it is text when it is valid UTF-8 with no NUL and no control characters other
 * than tab, line feed, form feed and carriage return.
 */

const BY_MIME: Readonly<Record<string, UploadKind>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/heic': 'heic',
  'image/heif': 'heic',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/** The MIME type each kind is attached with. */
export const mimeTypes: Readonly<Record<UploadKind, string>> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True for bytes that read as plain text. */
export function isPlainText(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte === 0x7f || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d)) return false;
  }
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The kind of an accepted file, or undefined for any other (an executable named .pdf included). */
export async function detectFileKind(bytes: Uint8Array): Promise<UploadKind | undefined> {
  const found = await fileTypeFromBuffer(bytes);
  const kind = found ? BY_MIME[found.mime] : undefined;
  // file-type also recognises some text formats (XML, for one): kept as text, never as what they claim.
  return kind ?? (isPlainText(bytes) ? 'txt' : undefined);
}

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
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return false;
  }
  // In UTF-8 a control byte is always its own character, so looking in the decoded text (a native
  // scan) finds exactly the bytes a loop over them would, about 50 times faster for a 4 MB file.
  return !CONTROL_CHARACTERS.test(text);
}

/** Control characters other than tab, line feed, form feed and carriage return. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** The kind of an accepted file, or undefined for any other (an executable named .pdf included). */
export async function detectFileKind(bytes: Uint8Array): Promise<UploadKind | undefined> {
  const found = await fileTypeFromBuffer(bytes);
  const kind = found ? BY_MIME[found.mime] : undefined;
  // file-type also recognises some text formats (XML, for one): kept as text, never as what they claim.
  return kind ?? (isPlainText(bytes) ? 'txt' : undefined);
}

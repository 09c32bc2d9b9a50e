import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';

/**
 * Reads the upload form's one multipart post as it streams in, with busboy: its few small fields
 * and at most one file, refusing as soon as a limit is passed rather than after buffering the
 * lot. Every other form keeps the general 64 KB limit (server/http.ts).
 */

export interface UploadPostLimits {
  /** The largest file accepted, in bytes. */
  maxFileBytes: number;
}

export type UploadPost =
  | { ok: true; fields: Record<string, string>; file?: { name: string; bytes: Uint8Array } }
  /** `file_too_large`: the file passed the limit; `unreadable`: not multipart, malformed, or more parts than the form has. */
  | { ok: false; code: 'file_too_large' | 'unreadable' };

/** The form has a CSRF token and a button: a few fields, one file. */
const MAX_FIELDS = 8;
const MAX_FIELD_BYTES = 1024;
const MAX_PARTS = MAX_FIELDS + 1;
/** Part headers carry a file name and a content type. */
const MAX_HEADER_PAIRS = 8;

/** Reads an upload post; never throws for anything the client sent. */
export function readUploadPost(request: Request, limits: UploadPostLimits): Promise<UploadPost> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type) || !request.body) return Promise.resolve({ ok: false, code: 'unreadable' });
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': type },
        limits: { fileSize: limits.maxFileBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_PARTS, headerPairs: MAX_HEADER_PAIRS },
        defParamCharset: 'utf8',
      });
    } catch {
      // No boundary, or a content type busboy does not know.
      resolve({ ok: false, code: 'unreadable' });
      return;
    }
    const body = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
    const fields: Record<string, string> = {};
    let file: { name: string; bytes: Uint8Array } | undefined;
    let settled = false;
    const finish = (outcome: UploadPost) => {
      if (settled) return;
      settled = true;
      body.unpipe(parser);
      // The rest of a refused body is not read here: the server drains it after the page (scripts/unread-body.mjs).
      if (!outcome.ok) body.destroy();
      resolve(outcome);
    };
    const refuse = () => finish({ ok: false, code: 'unreadable' });

    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return refuse();
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || file !== undefined) {
        stream.resume();
        return refuse();
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        stream.resume();
        finish({ ok: false, code: 'file_too_large' });
      });
      stream.on('end', () => {
        if (settled) return;
        file = { name: info.filename ?? '', bytes: Buffer.concat(chunks) };
      });
    });
    parser.on('partsLimit', refuse);
    parser.on('filesLimit', refuse);
    parser.on('fieldsLimit', refuse);
    parser.on('error', refuse);
    parser.on('close', () => finish({ ok: true, fields, ...(file ? { file } : {}) }));
    body.on('error', refuse);
    body.pipe(parser);
  });
}

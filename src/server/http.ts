import { formDataToObject } from '../forms/form-data.ts';
import type { RawValues } from '../forms/page-schema.ts';
import { isValidCsrfToken } from './session.ts';
import type { SessionRecord } from './store/types.ts';

/** Why a posted form was refused before its answers were looked at. */
export type RefusedPost = 'csrf' | 'honeypot' | 'unreadable' | 'too_large';

/** The largest form post accepted; the longest answer (what happened) is 5,000 characters. */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * Reads at most `limit` bytes of a body, so a client that sends no Content-Length (chunked) cannot
 * make the server buffer an unbounded post.
 */
async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | 'too_large'> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return 'too_large';
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** A post refused before its answers were looked at; a filled-in honeypot keeps what was typed, to show it again. */
export type RefusedPostResult = { ok: false; reason: Exclude<RefusedPost, 'honeypot'> } | { ok: false; reason: 'honeypot'; raw: RawValues };

/**
 * Reads a posted form: refuses a missing or wrong CSRF token, a filled-in honeypot, or a body that
 * is not form data. Returns the cleaned values otherwise.
 */
export async function readPostedForm(request: Request, session: SessionRecord): Promise<{ ok: true; raw: RawValues } | RefusedPostResult> {
  return readForm(request, (formData) => isValidCsrfToken(session, formData.get('csrfToken')));
}

/**
 * Reads a form posted where there is no session to hold a CSRF token (`/resume`): the middleware
 * has already refused posts from other origins. Otherwise as readPostedForm.
 */
export function readSessionlessForm(request: Request): Promise<{ ok: true; raw: RawValues } | RefusedPostResult> {
  return readForm(request, () => true);
}

async function readForm(request: Request, tokenIsValid: (formData: FormData) => boolean): Promise<{ ok: true; raw: RawValues } | RefusedPostResult> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type) && !/^multipart\/form-data\b/i.test(type)) {
    return { ok: false, reason: 'unreadable' };
  }
  const body = await readBodyWithin(request, MAX_FORM_BYTES);
  if (body === 'too_large') return { ok: false, reason: 'too_large' };
  let formData: FormData;
  try {
    formData = await new Response(body, { headers: { 'content-type': type } }).formData();
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (!tokenIsValid(formData)) return { ok: false, reason: 'csrf' };
  const raw = formDataToObject(formData);
  const honeypot = formData.get('website');
  // Browsers and password managers that fill in forms fill this box too: the person must be told,
  // with what they typed, rather than lose it (the page, not this reader, decides what to show).
  if (typeof honeypot === 'string' && honeypot.trim() !== '') return { ok: false, reason: 'honeypot', raw };
  return { ok: true, raw };
}

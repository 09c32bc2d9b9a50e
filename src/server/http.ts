import { formDataToObject } from '../forms/form-data.ts';
import type { RawValues } from '../forms/page-schema.ts';
import { isValidCsrfToken } from './session.ts';
import type { SessionRecord } from './store/types.ts';

/** Why a posted form was refused before its answers were looked at. */
export type RefusedPost = 'csrf' | 'honeypot' | 'unreadable';

/**
 * Reads a posted form: refuses a missing or wrong CSRF token, a filled-in honeypot, or a body that
 * is not form data. Returns the cleaned values otherwise.
 */
export async function readPostedForm(
  request: Request,
  session: SessionRecord,
): Promise<{ ok: true; raw: RawValues } | { ok: false; reason: RefusedPost }> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (!isValidCsrfToken(session, formData.get('csrfToken'))) return { ok: false, reason: 'csrf' };
  const honeypot = formData.get('website');
  if (typeof honeypot === 'string' && honeypot.trim() !== '') return { ok: false, reason: 'honeypot' };
  return { ok: true, raw: formDataToObject(formData) };
}

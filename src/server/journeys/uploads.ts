import { createHash } from 'node:crypto';
import { childContext, type CopyValues } from '../../domain/copy.ts';
import { toSafeFileName } from '../../domain/file-name.ts';
import type { Journey } from '../../forms/engine/journey.ts';
import { CHECK, nextStep, previousStep, redirectForStep, withAnswer } from '../../forms/engine/walk.ts';
import { FILES_STEP } from '../../forms/uploads.ts';
import { MAX_FORM_BYTES, readPostedForm } from '../http.ts';
import { isValidCsrfToken } from '../session.ts';
import type { SessionRecord, UploadInfo } from '../store/index.ts';
import { detectFileKind } from '../uploads/file-kind.ts';
import { readUploadPost } from '../uploads/multipart.ts';
import { isJourneySession, saveAnswers, toJourneyContext, type JourneyLocals } from './session.ts';

/**
 * The page that takes documents and photos (GOV.UK's file upload pattern, one file per post so it
 * works without JavaScript): "Add file" posts one file as multipart form data, which is checked
 * (size, type from its bytes, clamd) and kept with the session; each file listed has a Remove
 * button (a POST with the CSRF token); Continue moves on. Nothing typed elsewhere is touched, so
 * a refused file never costs an answer.
 */

const MB = 1024 * 1024;

/** Why a file was not added, as the catalogue's `uploads.errors.<code>`. */
export type UploadErrorCode = 'required' | 'empty' | 'wrong_type' | 'too_large' | 'virus' | 'not_checked' | 'too_many_files' | 'total_too_large' | 'unreadable';

/** HTTP status of the page that shows each error. */
const ERROR_STATUS: Readonly<Record<UploadErrorCode, number>> = {
  required: 422,
  empty: 422,
  wrong_type: 422,
  too_large: 413,
  virus: 422,
  not_checked: 503,
  too_many_files: 422,
  total_too_large: 422,
  unreadable: 422,
};

export interface FilesPage {
  kind: 'files';
  status: number;
  files: UploadInfo[];
  error: UploadErrorCode | undefined;
  /** Values for the page's sentences: the limits, and the child's wording on the child's path. */
  values: CopyValues;
  action: string;
  backHref: string;
  csrfToken: string;
  /** Whether another file may be added (fewer than the most allowed). */
  canAdd: boolean;
  /** The largest file, for the enhanced page to say so before sending one. */
  maxFileBytes: number;
}

type Redirect = { kind: 'redirect'; location: string };
export type FilesOutcome = Redirect | { kind: 'rewrite'; location: string } | FilesPage | { kind: 'json'; status: number; body: object };

const at = (journey: Journey, page: string, suffix = '') => `/${journey.path}/${page}${suffix}`;

/** The council's limits in bytes. */
export function uploadLimits(council: JourneyLocals['runtime']['council']) {
  const { maxFiles, maxFileMb, maxTotalMb } = council.uploads;
  return { maxFiles, maxFileBytes: maxFileMb * MB, maxTotalBytes: maxTotalMb * MB };
}

/** Whether a request is a multipart upload to a files page, which may be larger than other posts. */
export function isUploadPost(path: string, contentType: string | null): boolean {
  return /^\/[a-z-]+\/files$/.test(path) && /^multipart\/form-data\b/i.test(contentType ?? '');
}

/** `/<journey>/files`: GET lists the files; POST adds one, removes one, or continues. */
export async function handleFilesPage(options: { journey: Journey; locals: JourneyLocals; request: Request; url: URL; now: Date }): Promise<FilesOutcome> {
  const { journey, locals, request, url, now } = options;
  const wantsJson = (request.headers.get('accept') ?? '').startsWith('application/json');
  const { session } = locals;
  if (!session) return { kind: 'redirect', location: locals.sessionExpired ? at(journey, 'session-expired') : journey.startPage };
  if (session.submittedReference) return { kind: 'redirect', location: at(journey, 'confirmation') };
  if (!isJourneySession(journey, session)) return { kind: 'redirect', location: journey.startPage };

  const { council, store, log } = locals.runtime;
  const ctx = toJourneyContext(session, council, now);
  const elsewhere = redirectForStep(journey, ctx, FILES_STEP);
  if (elsewhere) return { kind: 'redirect', location: at(journey, elsewhere) };
  const changing = url.searchParams.get('change') === '1';
  const suffix = changing ? '?change=1' : '';
  const self = at(journey, FILES_STEP, suffix);
  const limits = uploadLimits(council);
  const values: CopyValues = {
    ...childContext(journey.isChild?.(ctx) ?? false),
    maxFiles: limits.maxFiles,
    maxFileMb: council.uploads.maxFileMb,
    maxTotalMb: council.uploads.maxTotalMb,
  };

  let error: UploadErrorCode | undefined;
  if (request.method === 'POST') {
    if (isUploadPost(url.pathname, request.headers.get('content-type'))) {
      const added = await addFile(locals, session, request, limits);
      if (added === 'csrf') return { kind: 'redirect', location: self };
      // The enhanced page posts each file here in turn and shows each one's outcome in the catalogue's words.
      if (wantsJson) {
        return added === 'added'
          ? { kind: 'json', status: 200, body: { ok: true } }
          : {
              kind: 'json',
              status: ERROR_STATUS[added],
              body: { ok: false, error: added, message: locals.runtime.copy.t(`uploads.errors.${added}`, values) },
            };
      }
      if (added === 'added') return { kind: 'redirect', location: self };
      error = added;
    } else {
      const posted = await readPostedForm(request, session);
      if (!posted.ok) return posted.reason === 'too_large' ? { kind: 'rewrite', location: '/too-large' } : { kind: 'redirect', location: self };
      if (posted.raw['action'] === 'remove' && typeof posted.raw['fileId'] === 'string') {
        await store.removeUpload(session.id, posted.raw['fileId']);
        return { kind: 'redirect', location: self };
      }
      if (posted.raw['action'] === 'continue') {
        const held = await store.listUploads(session.id);
        const next = withAnswer(journey, ctx, FILES_STEP, { fileNames: held.map((file) => file.name).join('\n') });
        await saveAnswers(locals, session, next.answers, now);
        const to = nextStep(journey, next, FILES_STEP, changing);
        return { kind: 'redirect', location: at(journey, to, to === CHECK ? '' : suffix) };
      }
      return { kind: 'redirect', location: self };
    }
    log.info('file not added', { path: url.pathname, uploadError: error });
  }

  const files = await store.listUploads(session.id);
  const back = changing ? CHECK : previousStep(journey, ctx, FILES_STEP);
  return {
    kind: 'files',
    status: error ? ERROR_STATUS[error] : 200,
    files,
    error,
    values,
    maxFileBytes: limits.maxFileBytes,
    action: self,
    backHref: back ? at(journey, back) : journey.startPage,
    csrfToken: session.csrfToken,
    canAdd: files.length < limits.maxFiles,
  };
}

/** Reads, checks, scans and keeps one posted file. */
async function addFile(
  locals: JourneyLocals,
  session: SessionRecord,
  request: Request,
  limits: ReturnType<typeof uploadLimits>,
): Promise<'added' | 'csrf' | UploadErrorCode> {
  const { store, log, scanner } = locals.runtime;
  // One file per post: a body declared larger than the largest file and the form around it cannot
  // hold a file that would be accepted, so it is refused before any of it is read.
  if (Number(request.headers.get('content-length') ?? 0) > limits.maxFileBytes + MAX_FORM_BYTES) return 'too_large';
  const posted = await readUploadPost(request, { maxFileBytes: limits.maxFileBytes });
  if (!posted.ok) return posted.code === 'file_too_large' ? 'too_large' : 'unreadable';
  if (!isValidCsrfToken(session, posted.fields['csrfToken'])) return 'csrf';
  const file = posted.file;
  // A browser posts an empty part with no name when no file was chosen.
  if (!file || (file.name === '' && file.bytes.byteLength === 0)) return 'required';
  if (file.bytes.byteLength === 0) return 'empty';
  const kind = await detectFileKind(file.bytes);
  if (!kind) return 'wrong_type';

  let scan: 'clean' | 'not_scanned' = 'not_scanned';
  if (scanner) {
    const outcome = await scanner.scan(file.bytes);
    if (outcome.kind === 'infected') {
      log.warn('uploaded file refused: virus found', { signature: outcome.signature });
      return 'virus';
    }
    if (outcome.kind === 'unavailable') {
      log.error('virus scanner unavailable; file not added', { scannerError: outcome.reason });
      return 'not_checked';
    }
    scan = 'clean';
  } else {
    log.warn('file kept WITHOUT a virus scan: CLAMAV_URL is not set (never allowed in production)', {});
  }

  const added = await store.addUpload(
    session.id,
    {
      name: toSafeFileName(file.name, kind),
      kind,
      size: file.bytes.byteLength,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      scan,
      createdAt: Date.now(),
      content: file.bytes,
    },
    limits,
  );
  return added.ok ? 'added' : added.code;
}

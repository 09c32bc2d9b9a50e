/** A case with this reference already exists: the caller makes a new reference and submits again. */
export class ReferenceTakenError extends Error {
  override name = 'ReferenceTakenError';
  readonly reference: string;
  constructor(reference: string) {
    super(`a case with reference ${reference} already exists`);
    this.reference = reference;
  }
}

/**
 * The database is held by someone else (another process's lock, a queue of writes) and did not
 * answer in time. Nothing was written; the request may be tried again in a moment.
 */
export class StoreBusyError extends Error {
  override name = 'StoreBusyError';
}

/** A file the case's emails list was removed before Send committed: nothing was written, and Send can be pressed again. */
export class UploadMissingError extends Error {
  override name = 'UploadMissingError';
  constructor(id: string) {
    super(`uploaded file ${id.slice(0, 6)}… is no longer held by the session`);
  }
}

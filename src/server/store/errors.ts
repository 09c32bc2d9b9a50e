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

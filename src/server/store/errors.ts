/** A case with this reference already exists: the caller makes a new reference and submits again. */
export class ReferenceTakenError extends Error {
  override name = 'ReferenceTakenError';
  readonly reference: string;
  constructor(reference: string) {
    super(`a case with reference ${reference} already exists`);
    this.reference = reference;
  }
}

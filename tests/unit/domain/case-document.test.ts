import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { caseSchemaPath, toCaseSchemaText } from '../../../scripts/case-schema.ts';
import { caseDocumentSchema, caseDocumentSchemaId, withCaseFiles, type CaseDocument } from '../../../src/domain/case-document.ts';
import type { FileNote } from '../../../src/domain/case-files.ts';
import { completeJourneys, createJourneyContext } from '../../fixtures/journeys.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

const copy = createTestCopy(exampleCouncil());
const published = readFileSync(resolve(import.meta.dirname, '../../..', caseSchemaPath), 'utf8');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(published) as object);

/** The document each journey's Send builds, from a complete journey of it. */
const documents = completeJourneys.map(({ name, journey, answers, check }) => {
  const ctx = createJourneyContext(answers);
  const built = journey.submission.build({
    ctx,
    check,
    reference: 'CSC-7K4M-2P9X',
    now: new Date('2026-11-23T10:15:00.000Z'),
    t: copy.t,
    rows: [{ section: 'About you', question: 'Your name', answer: 'Chris' }],
    referenceKnown: true,
  });
  // Through JSON, as the webhook sends it.
  return { name, kind: journey.submission.kind, built: built.document, document: JSON.parse(JSON.stringify(built.document)) as unknown };
});

const LETTER: FileNote = { name: 'letter.pdf', kind: 'pdf', size: 1234, sha256: 'a'.repeat(64), scan: 'clean' };
const PHOTO: FileNote = { name: 'photo.heic', kind: 'heic', size: 56789, sha256: 'b'.repeat(64), scan: 'not_scanned' };
const throughJson = (document: CaseDocument) => JSON.parse(JSON.stringify(document)) as Record<string, unknown> & { case: Record<string, unknown> };

describe('the published case JSON Schema', () => {
  it('is the one generated from the zod schema (run `npm run case-schema` after changing it)', () => {
    expect(published).toBe(toCaseSchemaText());
  });

  it('names the document it describes', () => {
    expect(JSON.parse(published)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: caseDocumentSchemaId });
  });
});

describe.each(documents)('the case document of $name', ({ kind, document }) => {
  it('validates against the published JSON Schema', () => {
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it('parses with the zod schema', () => {
    expect(caseDocumentSchema.safeParse(document).success).toBe(true);
  });

  it('says its kind, reference, council and version', () => {
    expect(document).toMatchObject({
      $schema: caseDocumentSchemaId,
      schemaVersion: 1,
      kind,
      reference: 'CSC-7K4M-2P9X',
      council: { slug: 'example-borough' },
      submittedAt: '2026-11-23T10:15:00.000Z',
    });
  });

  it('holds sentences, never catalogue messages', () => {
    expect(JSON.stringify(document)).not.toMatch(/"key":/);
  });
});

describe('withCaseFiles', () => {
  // The journeys that ask for files.
  const asking = documents.filter(({ kind }) => kind === 'complaint' || kind === 'escalation');

  it.each(asking)('lists the files in the case of $name, and the published schema accepts it', ({ built }) => {
    const document = throughJson(withCaseFiles(built, [LETTER, PHOTO]));
    expect(document.case['files']).toEqual([
      { name: 'letter.pdf', type: 'pdf', size: 1234, sha256: 'a'.repeat(64), scanned: true },
      { name: 'photo.heic', type: 'heic', size: 56789, sha256: 'b'.repeat(64), scanned: false },
    ]);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(caseDocumentSchema.safeParse(document).success).toBe(true);
  });

  it('leaves a case with no files without the property', () => {
    expect(throughJson(withCaseFiles(documents[0]!.built, [])).case).not.toHaveProperty('files');
  });

  it.each([
    ['a file whose SHA-256 is not 64 hex digits', { sha256: 'ABC' }],
    ['a file of a type the service does not take', { type: 'exe' }],
    ['a file without its size', { size: undefined }],
  ])('makes the JSON Schema refuse %s', (_name, change) => {
    const document = throughJson(withCaseFiles(documents[0]!.built, [LETTER]));
    const files = document.case['files'] as Record<string, unknown>[];
    expect(validate(JSON.parse(JSON.stringify({ ...document, case: { ...document.case, files: [{ ...files[0], ...change }] } })))).toBe(false);
  });
});

describe('the JSON Schema refuses', () => {
  const [first] = documents;
  it.each([
    ['a document without a reference', (d: Record<string, unknown>) => ({ ...d, reference: undefined })],
    ['a kind it does not know', (d: Record<string, unknown>) => ({ ...d, kind: 'letter' })],
    ['a complaint with an unknown route', (d: Record<string, unknown>) => ({ ...d, case: { ...(d['case'] as object), route: 'somewhere' } })],
    ['another version', (d: Record<string, unknown>) => ({ ...d, schemaVersion: 2 })],
  ])('%s', (_name, change) => {
    expect(validate(JSON.parse(JSON.stringify(change(first!.document as Record<string, unknown>))))).toBe(false);
  });
});

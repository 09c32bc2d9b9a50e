/**
 * Writes the published JSON Schema of the case document (`schemas/case.v<version>.schema.json`)
 * from its zod schema, the one source of truth:
 *
 *   npm run case-schema
 *
 * A unit test fails when the file and the zod schema differ, so the file in the repository is
 * always the schema the service sends.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { caseDocumentSchema, caseDocumentSchemaId, caseDocumentVersion } from '../src/domain/case-document.ts';

/** Where the file for this version lives, from the repository root. */
export const caseSchemaPath = `schemas/case.v${caseDocumentVersion}.schema.json`;

/** The JSON Schema text, as the file holds it. */
export function toCaseSchemaText(): string {
  const { $schema, ...rest } = z.toJSONSchema(caseDocumentSchema, { target: 'draft-2020-12' });
  return JSON.stringify({ $schema, $id: caseDocumentSchemaId, ...rest }, null, 2) + '\n';
}

if (import.meta.main) {
  const path = join(resolve(import.meta.dirname, '..'), caseSchemaPath);
  writeFileSync(path, toCaseSchemaText());
  process.stdout.write(`Wrote ${caseSchemaPath}\n`);
}

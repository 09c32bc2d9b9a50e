import { z } from 'zod';
import { fileExtensions, type FileKind } from './file-name.ts';

/**
 * The files a person sent with a case, as a case-management system is told of them: the team's
 * email lists them in its JSON attachment and the webhook's case document in its `case`, both
 * from here, so an importer reads one shape whichever channel brought the case. The bytes travel
 * separately (attached to the team's email, or held by the service for staff to fetch).
 */

/** A file as the service keeps it with a case, without its bytes. */
export interface FileNote {
  name: string;
  kind: FileKind;
  size: number;
  sha256: string;
  scan: 'clean' | 'not_scanned';
}

// Object.keys loses the literal types; the keys are FileKind by construction.
const fileKinds = Object.keys(fileExtensions) as [FileKind, ...FileKind[]];

/** One file sent with a case, as a case document lists it. */
export const caseFileSchema = z.object({
  name: z.string().describe("The file's name made safe, with the extension its bytes showed (not the one it was sent with)."),
  type: z.enum(fileKinds).describe('What its bytes showed it to be.'),
  size: z.number().int().nonnegative().describe('In bytes.'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('SHA-256 of its bytes, in lower-case hex, to check a copy against.'),
  scanned: z.boolean().describe('Whether a virus scanner found it clean; false: nobody checked it, so open it only once it has been scanned.'),
});

export type CaseFile = z.output<typeof caseFileSchema>;

/** The files as a case document lists them, in the order they were added. */
export function toCaseFiles(files: readonly FileNote[]): CaseFile[] {
  return files.map((file) => ({ name: file.name, type: file.kind, size: file.size, sha256: file.sha256, scanned: file.scan === 'clean' }));
}

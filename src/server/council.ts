import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CouncilConfigError, parseCouncil, type Council } from '../domain/council.ts';
import type { MailConfig } from './config.ts';

/**
 * The council file is read from disk at start-up (not bundled), so a council changes a phone
 * number or a sentence with a restart. `COUNCIL_FILE` points at a file outside the repository;
 * otherwise `COUNCIL` names one of `content/councils/*.yaml`.
 */

/** The shipped council files, relative to the project folder the service runs from. */
export const COUNCILS_DIR = resolve('content', 'councils');

/** Thrown when COUNCIL or COUNCIL_FILE names a file that does not exist. */
export class UnknownCouncilError extends Error {
  override name = 'UnknownCouncilError';
}

/** Reads and validates one council file; throws `CouncilConfigError` naming every bad field. */
export function readCouncilFile(path: string): Council {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UnknownCouncilError(`The council file ${path} cannot be read. Check COUNCIL_FILE (or COUNCIL) names an existing file.`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new CouncilConfigError(path, [`not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`]);
  }
  return parseCouncil(raw, path);
}

/** Where this deployment's council file is. */
export function toCouncilFilePath(slug: string, councilFile: string | undefined): string {
  if (councilFile) return councilFile;
  const path = join(COUNCILS_DIR, `${slug}.yaml`);
  if (!existsSync(path)) {
    const shipped = existsSync(COUNCILS_DIR)
      ? readdirSync(COUNCILS_DIR)
          .filter((f) => f.endsWith('.yaml'))
          .map((f) => f.replace(/\.yaml$/, ''))
      : [];
    throw new UnknownCouncilError(
      `COUNCIL is "${slug}", but there is no content/councils/${slug}.yaml. Shipped councils: ${shipped.join(', ') || 'none'}. Or set COUNCIL_FILE to a council file elsewhere.`,
    );
  }
  return path;
}

/** The council with the mailbox overrides from the environment applied. */
export function withMailOverrides(council: Council, mail: MailConfig): Council {
  return {
    ...council,
    mail: {
      ...council.mail,
      ...(mail.from ? { from: mail.from } : {}),
      ...(mail.complaintsTeam ? { complaintsTeam: mail.complaintsTeam } : {}),
      ...(mail.safeguarding ? { safeguarding: mail.safeguarding } : {}),
      ...(mail.alerts ? { alerts: mail.alerts } : {}),
    },
  };
}

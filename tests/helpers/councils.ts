import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseCouncil, type Council } from '../../src/domain/council.ts';

/** Loads and validates a council YAML file, as the build does. */
export function loadCouncilFile(path: string): Council {
  return parseCouncil(parse(readFileSync(path, 'utf8')), path);
}

/** The shipped example council, with the DOMAIN.md defaults. */
export const exampleCouncil = (): Council => loadCouncilFile('content/councils/example-borough.yaml');

/** A test council that differs from the defaults, to prove nothing is hard-coded. */
export const testCouncil = (): Council => loadCouncilFile('tests/fixtures/councils/test-council.yaml');

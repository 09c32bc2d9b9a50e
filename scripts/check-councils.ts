// Validates every council file before a build, so a bad file stops the build with a message that
// names the field and what to do.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CouncilConfigError, parseCouncil } from '../src/domain/council.ts';

const dir = join(import.meta.dirname, '..', 'content', 'councils');
let failed = false;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
  const path = join('content', 'councils', file);
  try {
    const council = parseCouncil(parse(readFileSync(join(dir, file), 'utf8')), path);
    if (`${council.slug}.yaml` !== file) {
      throw new CouncilConfigError(path, [`slug: is "${council.slug}" but the file is ${file}; make them the same`]);
    }
  } catch (error) {
    failed = true;
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
}
if (failed) process.exit(1);

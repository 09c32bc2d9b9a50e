// Checks council files before they are deployed: `npm run check-council -- path/to/council.yaml`
// (every file in content/councils when no path is given). A file passes when its facts validate
// and every sentence under "wording:" names a sentence of the catalogue and fills in only values
// that sentence is given, exactly as the service checks it at start-up.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CouncilConfigError } from '../src/domain/council.ts';
import { COUNCILS_DIR, readCouncilFile } from '../src/server/council.ts';
import { loadContentPages } from '../src/server/content.ts';
import { loadCopy } from '../src/server/i18n/load.ts';

const given = process.argv.slice(2);
const files = given.length
  ? given
  : readdirSync(COUNCILS_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(COUNCILS_DIR, f));
let failed = false;
for (const path of files) {
  try {
    const council = readCouncilFile(path);
    if (!given.length && `${council.slug}.yaml` !== basename(path)) {
      throw new CouncilConfigError(path, [`slug: is "${council.slug}" but the file is ${basename(path)}; make them the same`]);
    }
    const settings = { retentionDays: council.retentionDays, sessionMinutes: 120 };
    loadContentPages(council, settings, loadCopy({ council, councilSource: path, locale: 'en', settings, strict: false }));
    if (given.length) process.stdout.write(`${path}: ready to use\n`);
  } catch (error) {
    failed = true;
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
}
if (failed) process.exit(1);

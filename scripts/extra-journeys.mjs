// Journeys a build adds from outside src/: EXTRA_JOURNEYS names a folder whose *.ts files each
// export a `journey`, with their words in <area>.yml files beside them (the file name is the
// catalogue area, as in content/locales/en). The service's own journeys never need it; tests use
// it to prove a new journey runs on the engine without changing it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ID = 'virtual:extra-journeys';

/** A Vite plugin providing `virtual:extra-journeys`: `extraJourneys` and `extraWords` (area → YAML text). */
export function extraJourneys(dir = process.env.EXTRA_JOURNEYS) {
  return {
    name: 'extra-journeys',
    resolveId: (id) => (id === ID ? `\0${ID}` : undefined),
    load(id) {
      if (id !== `\0${ID}`) return undefined;
      if (!dir) return 'export const extraJourneys = []; export const extraWords = {};';
      const folder = resolve(dir);
      const files = readdirSync(folder).sort();
      const modules = files.filter((f) => f.endsWith('.ts'));
      const words = Object.fromEntries(files.filter((f) => f.endsWith('.yml')).map((f) => [f.replace(/\.yml$/, ''), readFileSync(join(folder, f), 'utf8')]));
      return [
        ...modules.map((f, i) => `import { journey as j${i} } from ${JSON.stringify(join(folder, f))};`),
        `export const extraJourneys = [${modules.map((_, i) => `j${i}`).join(', ')}];`,
        `export const extraWords = ${JSON.stringify(words)};`,
      ].join('\n');
    },
  };
}

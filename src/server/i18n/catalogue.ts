import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { formatProblemList } from '../../domain/problem-list.ts';

/**
 * The catalogue of words: `content/locales/<locale>/<area>.yml`, one file per area of the service
 * (common, complaint, review, emails…), each file's keys under its own name, so
 * `content/locales/en/complaint.yml` holds `complaint.*`. Read once at start-up, so a change is a
 * restart, not a rebuild. A council rewords any sentence in its own file (`wording:`), checked here
 * against the catalogue so a mistyped key or a lost placeholder stops start-up instead of showing
 * the wrong words.
 */

/** Nested keys down to sentences. */
export interface Catalogue {
  [key: string]: string | Catalogue;
}

/** A catalogue file or a council's wording that cannot be used, with one line per problem. */
export class CopyConfigError extends Error {
  override name = 'CopyConfigError';
  readonly problems: string[];
  constructor(source: string, problems: string[], advice: string) {
    super(formatProblemList(`The wording in ${source} cannot be used:`, problems, advice));
    this.problems = problems;
  }
}

const AREA = /^[a-z][a-z0-9-]*$/;

/** Checks that parsed YAML is nested keys down to strings; returns problems with their key paths. */
function toCatalogue(value: unknown, path: string, problems: string[]): Catalogue {
  const out: Catalogue = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${path}: must be keys with sentences under them`);
    return out;
  }
  for (const [key, child] of Object.entries(value)) {
    const here = `${path}.${key}`;
    if (typeof child === 'string') out[key] = child;
    else if (typeof child === 'number') out[key] = String(child);
    else out[key] = toCatalogue(child, here, problems);
  }
  return out;
}

/** Reads every area file of one locale. */
export function readCatalogue(localesDir: string, locale: string): Catalogue {
  const dir = join(localesDir, locale);
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.yml'))
      .sort();
  } catch {
    throw new CopyConfigError(
      dir,
      [`no catalogue for the locale "${locale}"`],
      `Add ${dir}/*.yml, or run the service from the project folder so it finds content/.`,
    );
  }
  const catalogue: Catalogue = {};
  const problems: string[] = [];
  for (const file of files) {
    const area = basename(file, '.yml');
    if (!AREA.test(area)) {
      problems.push(`${file}: name files in lower case, like complaint.yml`);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      continue;
    }
    catalogue[area] = toCatalogue(parsed ?? {}, area, problems);
  }
  if (problems.length) throw new CopyConfigError(dir, problems, 'Fix these files in content/locales.');
  return catalogue;
}

/** Adds areas given as YAML text (a build's extra journeys); an area may not replace one the catalogue has. */
export function withExtraAreas(catalogue: Catalogue, areas: Readonly<Record<string, string>>): Catalogue {
  const problems: string[] = [];
  const out: Catalogue = { ...catalogue };
  for (const [area, text] of Object.entries(areas)) {
    if (area in catalogue || !AREA.test(area)) {
      problems.push(`${area}.yml: the area "${area}" is taken or badly named; use a new lower-case name`);
      continue;
    }
    out[area] = toCatalogue(parse(text) ?? {}, area, problems);
  }
  if (problems.length) throw new CopyConfigError('the extra journeys', problems, 'Fix the words beside the journeys in EXTRA_JOURNEYS.');
  return out;
}

/** Every sentence by its dotted key. */
export function flattenCatalogue(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flattenCatalogue(value, path)) out.set(k, v);
  }
  return out;
}

/**
 * The names a sentence fills in: `{{name}}`, `{{items, list}}`, and `$t(other.key)` references.
 * @example placeholdersOf('Call {{frontDoor.phone}} by {{date}}') // Set { 'frontDoor.phone', 'date' }
 */
export function placeholdersOf(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)) names.add(match[1] ?? '');
  for (const match of text.matchAll(/\$t\(([^),]+)/g)) names.add(`$t(${match[1] ?? ''})`);
  return names;
}

/** Sets one sentence in a nested catalogue, returning a copy. */
function withSentence(catalogue: Catalogue, path: readonly string[], text: string): Catalogue {
  const [head = '', ...rest] = path;
  if (rest.length === 0) return { ...catalogue, [head]: text };
  const child = catalogue[head];
  return { ...catalogue, [head]: withSentence(typeof child === 'object' ? child : {}, rest, text) };
}

/**
 * Applies a council's rewording. Each key must name an existing sentence (or add the child's form,
 * `…_child`, of one), and may only fill in values the sentence already had or
 * council facts, because nothing else is passed to it.
 */
export function applyWording(
  catalogue: Catalogue,
  wording: Readonly<Record<string, string>>,
  options: { source: string; facts: ReadonlySet<string> },
): Catalogue {
  const sentences = flattenCatalogue(catalogue);
  const problems: string[] = [];
  let out = catalogue;
  for (const [key, text] of Object.entries(wording)) {
    // A council may add the child's wording for a sentence that has none yet.
    const original = sentences.get(key) ?? (key.endsWith('_child') ? sentences.get(key.slice(0, -'_child'.length)) : undefined);
    if (original === undefined) {
      const near = [...sentences.keys()].filter((k) => k.split('.').slice(0, -1).join('.') === key.split('.').slice(0, -1).join('.'));
      problems.push(`wording "${key}": there is no such sentence${near.length ? `; sentences here are ${near.slice(0, 6).join(', ')}` : ''}`);
      continue;
    }
    const allowed = placeholdersOf(original);
    const unknown = [...placeholdersOf(text)].filter((name) => !allowed.has(name) && !options.facts.has(name));
    if (unknown.length) {
      problems.push(
        `wording "${key}": uses ${unknown.map((n) => (n.startsWith('$t(') ? n : `{{${n}}}`)).join(', ')}, which this sentence is not given; it may use ${[...allowed].map((n) => `{{${n}}}`).join(', ') || 'no values'} and council facts`,
      );
      continue;
    }
    out = withSentence(out, key.split('.'), text);
  }
  if (problems.length)
    throw new CopyConfigError(
      options.source,
      problems,
      'Fix the keys under "wording:" (see README, "Changing the wording"); `npm run check-council -- <file>` checks a file before you deploy it.',
    );
  return out;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every import specifier in a TypeScript file (static, dynamic and re-exports). */
function importsOf(source: string): string[] {
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s*['"]([^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

// The import direction of STYLE.md: domain is pure; forms add zod-built schemas on top of domain;
// islands never reach the server.
const rules: { folder: string; allowed: (specifier: string, file: string) => boolean }[] = [
  {
    folder: 'src/domain',
    allowed: (s) => (s.startsWith('./') && !s.includes('..')) || s === 'zod' || s === 'date-holidays',
  },
  {
    folder: 'src/forms',
    allowed: (s) => s.startsWith('./') || s.startsWith('../domain/') || s === 'zod',
  },
  {
    folder: 'src/islands',
    allowed: (s) => !s.includes('/server/') && !s.startsWith('node:') && !s.startsWith('astro'),
  },
];

describe('import boundaries', () => {
  it.each(rules)('$folder imports only what its layer may', ({ folder, allowed }) => {
    const offending = filesUnder(folder).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((specifier) => !allowed(specifier, file))
        .map((specifier) => `${relative('.', file)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('finds the imports it is checking (the scan is not empty)', () => {
    const specifiers = filesUnder('src/domain').flatMap((file) => importsOf(readFileSync(file, 'utf8')));
    expect(specifiers).toContain('zod');
    expect(specifiers).toContain('date-holidays');
    expect(importsOf("import { x } from 'node:fs';")).toEqual(['node:fs']);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { keepPageModules, pageModulesOnce } from '../../../scripts/page-modules-once.mjs';

/**
 * Astro's server page map, made once per page module instead of on every request
 * (scripts/page-modules-once.mjs). The map below has the shape Astro's page plugin writes
 * (astro/dist/vite-plugin-pages/pages.js); the build itself fails if Astro stops writing it.
 */

const folder = mkdtempSync(join(tmpdir(), 'page-modules-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function astroPageMap(pages: readonly string[]): string {
  return [
    ...pages.map((page, i) => `const _page${i} = () => import(${JSON.stringify(pathToFileURL(page).href)});`),
    `const pageMap = new Map([\n    ${pages.map((_page, i) => `[${JSON.stringify(`src/pages/${i}.astro`)}, _page${i}]`).join(',\n    ')}\n]);\n\nexport { pageMap };`,
  ].join('\n');
}

async function loadPageMap(code: string, name: string): Promise<Map<string, () => Promise<{ page: string }>>> {
  const file = join(folder, name);
  writeFileSync(file, code);
  return ((await import(pathToFileURL(file).href)) as { pageMap: Map<string, () => Promise<{ page: string }>> }).pageMap;
}

const pages = ['a', 'b'].map((page) => {
  const file = join(folder, `${page}.mjs`);
  writeFileSync(file, `export const page = ${JSON.stringify(page)};`);
  return file;
});

/** What the plugin's hooks need of Vite's context. */
const contextIn = (environment: string) => ({
  environment: { name: environment },
  error(message: string): never {
    throw new Error(message);
  },
});

describe('page modules imported once', () => {
  it("keeps each loader's first import: every later call gets the same module without importing again", async () => {
    const { code, loaders } = keepPageModules(astroPageMap(pages));
    expect(loaders).toBe(2);
    const pageMap = await loadPageMap(code, 'kept.mjs');
    for (const [index, load] of [...pageMap.values()].entries()) {
      const first = load();
      expect(load()).toBe(first);
      expect((await first).page).toBe(['a', 'b'][index]);
    }
  });

  it('tries a page again after its import failed, as Node would: a file missing for a moment is not missing for good', async () => {
    const later = join(folder, 'later.mjs');
    const { code } = keepPageModules(astroPageMap([later]));
    const load = (await loadPageMap(code, 'retried.mjs')).values().next().value!;
    await expect(load()).rejects.toThrow();
    writeFileSync(later, 'export const page = "later";');
    expect((await load()).page).toBe('later');
  });

  it("changes only Astro's page map, and only in the server build", () => {
    const plugin = pageModulesOnce();
    const code = astroPageMap(pages);
    expect(plugin.transform.call(contextIn('ssr'), code, '\0virtual:astro:pages')?.code).toContain('_page0Module ??= import(');
    expect(plugin.transform.call(contextIn('ssr'), code, '/work/src/pages/index.astro')).toBeUndefined();
    expect(plugin.transform.call(contextIn('prerender'), code, '\0virtual:astro:pages')).toBeUndefined();
    expect(plugin.apply).toBe('build');
  });

  it("fails the build when Astro's page map has another shape or is not met", () => {
    expect(() => pageModulesOnce().transform.call(contextIn('ssr'), 'export const pageMap = new Map();', '\0virtual:astro:pages')).toThrow(/no page loaders/);
    // One loader written another way would otherwise go on importing afresh, unnoticed.
    const oneOtherwise = astroPageMap(pages).replace('const _page1 = () => import(', 'const _page1 = async () => import(');
    expect(() => pageModulesOnce().transform.call(contextIn('ssr'), oneOtherwise, '\0virtual:astro:pages')).toThrow(/1 page loader\(s\) not of the form/);
    expect(() => pageModulesOnce().buildEnd.call(contextIn('ssr'), undefined)).toThrow(/not found in the server build/);
    // Met in one build, and not in the next one in the same process (a watch rebuild, say).
    const plugin = pageModulesOnce();
    plugin.transform.call(contextIn('ssr'), astroPageMap(pages), '\0virtual:astro:pages');
    expect(() => plugin.buildEnd.call(contextIn('ssr'), undefined)).not.toThrow();
    plugin.buildStart();
    expect(() => plugin.buildEnd.call(contextIn('ssr'), undefined)).toThrow(/not found in the server build/);
    // Not met in the client build is expected; and a build already failing is not failed again.
    expect(() => pageModulesOnce().buildEnd.call(contextIn('client'), undefined)).not.toThrow();
    expect(() => pageModulesOnce().buildEnd.call(contextIn('ssr'), new Error('earlier'))).not.toThrow();
  });
});

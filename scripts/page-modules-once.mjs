// Astro's server build gives each page a loader, `() => import("…")`, and calls it on every
// request. Node answers a repeated import() of a module it has loaded from its cache, but only
// after resolving the specifier and looking the module up again each time: 5–10% of the CPU of
// an answer, a question page, the start page or a redirect, in paired runs. This Vite plugin
// makes each loader keep the promise of its first import. Only in the build: in development the
// loaders must import afresh so that an edited page is reloaded.
//
// The build fails unless every loader in Astro's page map has this shape, so an upgrade that
// changes it is noticed rather than silently slower.

/** The module Astro generates for its page map (astro/dist/vite-plugin-pages/pages.js). */
const PAGES_MODULE = '\0virtual:astro:pages';
const LOADER = /^const (_page\d+) = \(\) => import\(("[^"\n]+")\);$/gm;

/**
 * The page map's code with each loader keeping its first import, how many loaders it changed, and
 * how many imports it left as they were (none, in the shape Astro writes today). A failed import
 * is not kept: a file that could not be read (a deploy in progress, no file handles left) is
 * tried again on the next request, as Node itself would.
 */
export function keepPageModules(code) {
  let loaders = 0;
  const kept = code.replace(LOADER, (_line, name, specifier) => {
    loaders += 1;
    const module = `${name}Module`;
    return `let ${module}; const ${name} = () => (${module} ??= import(${specifier}).catch((error) => { ${module} = undefined; throw error; }));`;
  });
  const left = kept.match(/(?<!\?\?= )import\(/g)?.length ?? 0;
  return { code: kept, loaders, left };
}

/** The Vite plugin: Astro's server page map with each page module imported once. */
export function pageModulesOnce() {
  let met = false;
  return {
    name: 'page-modules-once',
    apply: 'build',
    enforce: 'post',
    buildStart() {
      met = false;
    },
    transform(code, id) {
      // The prerender build has its own page map, empty here: no page is prerendered.
      if (id !== PAGES_MODULE || this.environment?.name !== 'ssr') return undefined;
      const { code: kept, loaders, left } = keepPageModules(code);
      if (loaders === 0 || left > 0) {
        this.error(
          `Astro's page map has ${left > 0 ? `${left} page loader(s)` : 'no page loaders'} not of the form "const _pageN = () => import(…)": see scripts/page-modules-once.mjs`,
        );
      }
      met = true;
      return { code: kept, map: null };
    },
    buildEnd(error) {
      if (error === undefined && this.environment?.name === 'ssr' && !met) {
        this.error(`Astro's page map (${PAGES_MODULE.slice(1)}) was not found in the server build: see scripts/page-modules-once.mjs`);
      }
    },
  };
}

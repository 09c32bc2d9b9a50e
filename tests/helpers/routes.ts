import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { repoRoot } from './server-process.ts';

/**
 * The site's routes, read from the files under src/pages, so a page added later is covered by
 * every test that walks them without anyone remembering to list it.
 */

/** Content page slugs (content/pages/*.md), which `[page]` serves. */
export function listContentSlugs(): string[] {
  return readdirSync(join(repoRoot, 'content/pages'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => name.replace(/\.md$/, ''))
    .sort();
}

/**
 * Every route under src/pages as a path (`/complaint/check`, `/review`), with dynamic segments
 * such as `/complaint/[step]` passed to `expand`, which returns the paths to use for them (none
 * to leave the route out). `[page]` at the root becomes each content page.
 */
export function listRoutes(expand: (route: string) => readonly string[] = () => []): string[] {
  const pagesDir = join(repoRoot, 'src/pages');
  const routes = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      if (!/\.(astro|ts|tsx|md)$/.test(name)) continue;
      const route = `/${relative(pagesDir, path).split(sep).join('/')}`.replace(/\.(astro|ts|tsx|md)$/, '').replace(/\/?index$/, '') || '/';
      if (route === '/[page]') for (const slug of listContentSlugs()) routes.add(`/${slug}`);
      else if (route.includes('[')) for (const expanded of expand(route)) routes.add(expanded);
      else routes.add(route);
    }
  };
  walk(pagesDir);
  return [...routes].sort();
}

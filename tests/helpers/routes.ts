import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Journey } from '../../src/forms/engine/journey.ts';
import { serviceJourneys } from '../../src/forms/journeys/index.ts';
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

/** The pages of a journey that are not questions: those shown between questions, and the page it stops at. */
export function pagesBetweenQuestions(journey: Journey): string[] {
  return [...(journey.interruptions ?? []).map((i) => i.page), ...(journey.stop ? [journey.stop.page] : [])];
}

/**
 * Every route under src/pages as a path (`/complaint/check`, `/review`). `[journey]` becomes each
 * of the service's journeys, and `[page]` at the root each content page and each journey's start
 * page. Other dynamic segments, such as `/complaint/[step]`, are passed to `expand`, which returns
 * the paths to use for them (none to leave the route out).
 */
export function listRoutes(expand: (route: string) => readonly string[] = () => []): string[] {
  const pagesDir = join(repoRoot, 'src/pages');
  const routes = new Set<string>();
  const add = (route: string) => {
    if (!route.includes('[')) routes.add(route);
    else for (const expanded of expand(route)) routes.add(expanded);
  };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      if (!/\.(astro|ts|tsx|md)$/.test(name)) continue;
      const route = `/${relative(pagesDir, path).split(sep).join('/')}`.replace(/\.(astro|ts|tsx|md)$/, '').replace(/\/?index$/, '') || '/';
      if (route === '/[page]')
        for (const slug of [...listContentSlugs(), ...serviceJourneys.map((j) => j.startPage.slice(1)).filter(Boolean)]) routes.add(`/${slug}`);
      else if (route.includes('[journey]')) for (const journey of serviceJourneys) add(route.replace('[journey]', journey.path));
      else add(route);
    }
  };
  walk(pagesDir);
  return [...routes].sort();
}

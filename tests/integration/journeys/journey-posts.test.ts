import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journeyPostPage } from '../../../src/server/journeys/journey-posts.ts';
import { journeys } from '../../../src/server/journeys/registry.ts';
import { OWN_ROUTE_PAGES } from '../../../src/server/journeys/step-route.ts';
import { repoRoot } from '../../helpers/server-process.ts';

/**
 * Which posts the server takes before Astro (src/server/journeys/journey-posts.ts): every answer
 * Astro would route to `/[journey]/[step]`, and nothing it routes anywhere else. The system test
 * tests/system/journey-posts.test.ts checks that what it answers is what Astro would have.
 */

const FORM = 'application/x-www-form-urlencoded';

describe('the posts the server takes before Astro', () => {
  it('knows every journey page that has a route of its own (src/pages/[journey]/), which Astro never sends to the step route', () => {
    const files = readdirSync(join(repoRoot, 'src/pages/[journey]'))
      .filter((file) => file !== '[step].astro')
      .map((file) => file.replace(/\.(astro|ts)$/, ''));
    expect([...OWN_ROUTE_PAGES].sort()).toEqual(files.sort());
  });

  it('takes a form post to every question, page between questions and stop page of every journey, and to no page with a route of its own', () => {
    for (const journey of journeys.all) {
      const pages = [
        ...journey.steps.map((step) => step.id),
        ...(journey.interruptions ?? []).map((i) => i.page),
        ...(journey.stop ? [journey.stop.page] : []),
      ];
      for (const page of pages) {
        const expected = OWN_ROUTE_PAGES.has(page) ? undefined : page;
        expect(journeyPostPage('POST', FORM, `/${journey.path}/${page}`), `/${journey.path}/${page}`).toBe(expected);
        expect(journeyPostPage('POST', `${FORM}; charset=UTF-8`, `/${journey.path}/${page}?change=1`)).toBe(expected);
      }
      for (const page of OWN_ROUTE_PAGES) expect(journeyPostPage('POST', FORM, `/${journey.path}/${page}`)).toBeUndefined();
    }
  });

  it('leaves everything else to Astro: other methods and encodings, other addresses, unknown pages', () => {
    expect(journeyPostPage('POST', FORM, '/complaint/danger')).toBe('danger');
    expect(journeyPostPage('GET', FORM, '/complaint/danger')).toBeUndefined();
    expect(journeyPostPage('POST', 'multipart/form-data; boundary=x', '/complaint/danger')).toBeUndefined();
    expect(journeyPostPage('POST', undefined, '/complaint/danger')).toBeUndefined();
    expect(journeyPostPage('POST', FORM, '/complaint/danger/')).toBeUndefined();
    expect(journeyPostPage('POST', FORM, '/complaint/no-such-page')).toBeUndefined();
    expect(journeyPostPage('POST', FORM, '/no-such-journey/danger')).toBeUndefined();
    expect(journeyPostPage('POST', FORM, '/session/extend')).toBeUndefined();
    expect(journeyPostPage('POST', FORM, '/complaint/%64anger')).toBeUndefined();
    // Not pages, though every object has them.
    for (const name of ['constructor', 'tostring', 'valueof', 'hasownproperty']) expect(journeyPostPage('POST', FORM, `/complaint/${name}`)).toBeUndefined();
  });
});

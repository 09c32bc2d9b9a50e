import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceJourneys } from '../../src/forms/journeys/index.ts';
import { createRawClient, sendRaw } from '../helpers/raw-http.ts';
import { repoRoot, startServerProcess, stopAllServerProcesses, type ServerProcess } from '../helpers/server-process.ts';
import { createDataDir, NO_RATE_LIMIT } from './support.ts';

/** Start pages and long-form pages: the ones the service renders once and answers from memory after. */
const samePages = [
  ...new Set(serviceJourneys.map((journey) => journey.startPage)),
  '/',
  ...readdirSync(join(repoRoot, 'content/pages'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `/${name.slice(0, -3)}`),
];

/**
 * Rendered once, they must not depend on who asks (src/server/rendered-pages.ts): each is asked
 * first by someone in the middle of a complaint, whose render is never kept, then by someone with
 * no session, whose render is, then by the first person again.
 */
describe('pages the same for everyone', () => {
  let dataDir: ReturnType<typeof createDataDir>;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = createDataDir('rendered-pages');
    server = await startServerProcess({ env: { DATA_DIR: dataDir.path, ...NO_RATE_LIMIT } });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    dataDir?.remove();
  });

  it('are the same for someone in a complaint as for someone with no session, before and after they are kept', async () => {
    const person = createRawClient(server.baseUrl);
    expect((await person.get('/complaint/start')).status).toBe(303);
    expect(person.cookies.has('sid')).toBe(true);
    for (const path of samePages) {
      const inComplaint = await person.get(path);
      const noSession = await sendRaw(server.baseUrl, { method: 'GET', path });
      const kept = await person.get(path);
      expect({ path, statuses: [inComplaint.status, noSession.status, kept.status] }).toEqual({ path, statuses: [200, 200, 200] });
      expect(noSession.body, path).toBe(inComplaint.body);
      expect(kept.body, path).toBe(inComplaint.body);
      // What belongs to each response is made for each: its own request id.
      expect(new Set([inComplaint, noSession, kept].map((r) => r.headers['x-request-id'])).size, path).toBe(3);
    }
    expect(samePages.length).toBeGreaterThan(5);
  });

  it('keep nothing of the address or headers that first asked: a query, a language, a cookie', async () => {
    const mark = 'MARK-7Q2X';
    const first = await sendRaw(server.baseUrl, {
      method: 'GET',
      path: `/accessibility?q=${mark}&lang=${mark}`,
      headers: { 'accept-language': `x-${mark.toLowerCase()}`, cookie: `theme=${mark}`, referer: `https://example.com/${mark}` },
    });
    const later = await sendRaw(server.baseUrl, { method: 'GET', path: '/accessibility' });
    expect([first.status, later.status]).toEqual([200, 200]);
    expect(first.body).not.toContain(mark);
    expect(later.body).toBe(first.body);
    expect(JSON.stringify(later.headers)).not.toContain(mark);
  });

  it('answer HEAD with the headers of the page and no body, and an unknown address with "not found" each time', async () => {
    const page = await sendRaw(server.baseUrl, { method: 'GET', path: '/' });
    const head = await fetch(`${server.baseUrl}/`, { method: 'HEAD' });
    expect([head.status, await head.text(), head.headers.get('content-type')]).toEqual([200, '', page.headers['content-type']]);
    for (let i = 0; i < 2; i++) expect((await sendRaw(server.baseUrl, { method: 'GET', path: '/no-such-page' })).status).toBe(404);
  });
});

import { describe, expect, it } from 'vitest';
import { createRenderedPages } from '../../src/server/rendered-pages.ts';

/** A render that counts itself and answers with this page. */
function renderer(page: { status?: number; body?: string; headers?: Record<string, string> } = {}) {
  const calls = { count: 0 };
  const render = () => {
    calls.count += 1;
    return Promise.resolve(
      new Response(page.body ?? `<h1>Make a complaint</h1>`, {
        status: page.status ?? 200,
        headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': "script-src 'sha256-abc'", ...page.headers },
      }),
    );
  };
  return { render, calls };
}

const nobody = () => false;

describe('pages rendered once', () => {
  it('answers start and long-form pages, for GET and HEAD only', () => {
    const pages = createRenderedPages();
    expect(pages.applies('GET', '/')).toBe(true);
    expect(pages.applies('HEAD', '/[page]')).toBe(true);
    expect(pages.applies('POST', '/')).toBe(false);
    expect(pages.applies('GET', '/[journey]/[step]')).toBe(false);
    expect(pages.applies('GET', '/resume')).toBe(false);
  });

  it('renders a page once and answers every later request with the same status, headers and bytes', async () => {
    const pages = createRenderedPages();
    const { render, calls } = renderer();
    const first = await pages.respond('GET', '/', render, nobody);
    const second = await pages.respond('GET', '/', render, nobody);
    expect(calls.count).toBe(1);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.text()).toBe(await first.text());
    expect(second.headers.get('content-security-policy')).toBe("script-src 'sha256-abc'");
    // Each response has headers of its own: adding one to this response changes no other.
    second.headers.set('X-Request-Id', 'one');
    expect((await pages.respond('GET', '/', render, nobody)).headers.get('X-Request-Id')).toBeNull();
  });

  it('keeps each address apart', async () => {
    const pages = createRenderedPages();
    await pages.respond('GET', '/help', renderer({ body: 'help' }).render, nobody);
    expect(await (await pages.respond('GET', '/privacy', renderer({ body: 'privacy' }).render, nobody)).text()).toBe('privacy');
    expect(await (await pages.respond('GET', '/help', renderer({ body: 'not again' }).render, nobody)).text()).toBe('help');
  });

  it('keeps an address with and without a closing slash as one page', async () => {
    const pages = createRenderedPages();
    const { render, calls } = renderer();
    await pages.respond('GET', '/help/', render, nobody);
    await pages.respond('GET', '/help', render, nobody);
    await pages.respond('GET', '/help//', render, nobody);
    expect(calls.count).toBe(1);
  });

  it('answers HEAD without a body, and keeps nothing from a HEAD', async () => {
    const pages = createRenderedPages();
    const { render, calls } = renderer();
    await pages.respond('HEAD', '/', render, nobody);
    await pages.respond('GET', '/', render, nobody);
    expect(calls.count).toBe(2);
    const head = await pages.respond('HEAD', '/', render, nobody);
    expect(calls.count).toBe(2);
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it('never keeps a page that was not found, failed, set a cookie or was rendered for someone with a session', async () => {
    const pages = createRenderedPages();
    for (const page of [{ status: 404 }, { status: 500 }, { headers: { 'Set-Cookie': 'sid=abc' } }]) {
      const { render, calls } = renderer(page);
      await pages.respond('GET', '/somewhere', render, nobody);
      await pages.respond('GET', '/somewhere', render, nobody);
      expect(calls.count, JSON.stringify(page)).toBe(2);
    }
    const { render, calls } = renderer();
    await pages.respond('GET', '/set-by-astro', render, () => true);
    await pages.respond('GET', '/set-by-astro', render, () => true);
    expect(calls.count).toBe(2);
  });
});

/**
 * Start pages and long-form pages are made only from the council file and the catalogue, both
 * loaded once at start-up, so the same address always renders the same page. Each is rendered the
 * first time it is asked for and answered from memory after; the middleware still adds the
 * headers that belong to each response (a request id, the security headers).
 */

/** Route patterns whose pages depend on nothing but the address: no session, no query, no form. */
const SAME_FOR_EVERYONE = new Set(['/', '/[page]']);

/** More than the service has such pages; an address that renders no page (a 404) is never kept. */
const MAX_PAGES = 100;

interface RenderedPage {
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
}

export interface RenderedPages {
  /** Whether a request for this route may be answered from memory. */
  applies(method: string, routePattern: string): boolean;
  /**
   * The page as first rendered for this address, rendering it with `render` if it is not kept yet.
   * `personal` says whether the request had a session or rendering set a cookie: such a render is
   * answered but never kept, so nothing of one person's can reach another.
   */
  respond(method: string, path: string, render: () => Promise<Response>, personal: () => boolean): Promise<Response>;
}

export function createRenderedPages(): RenderedPages {
  const kept = new Map<string, RenderedPage>();
  const toResponse = (method: string, page: RenderedPage) =>
    new Response(method === 'HEAD' ? null : page.body, { status: page.status, headers: new Headers(page.headers) });
  return {
    applies: (method, routePattern) => (method === 'GET' || method === 'HEAD') && SAME_FOR_EVERYONE.has(routePattern),
    async respond(method, address, render, personal) {
      // "/help/" is the same page as "/help" (Astro matches both): one entry for the two.
      const path = address.replace(/\/+$/, '') || '/';
      const known = kept.get(path);
      if (known) return toResponse(method, known);
      const response = await render();
      // Only a whole page, asked for with GET (a HEAD's body is empty), that sets nothing for one person.
      if (method !== 'GET' || response.status !== 200 || response.headers.has('set-cookie') || personal() || kept.size >= MAX_PAGES) return response;
      const page: RenderedPage = { status: response.status, headers: [...response.headers], body: new Uint8Array(await response.arrayBuffer()) };
      kept.set(path, page);
      return toResponse(method, page);
    },
  };
}

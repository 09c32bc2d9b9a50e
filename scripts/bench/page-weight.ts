import http, { type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/**
 * Page weight as a browser on a first visit pays it: each page's HTML and every stylesheet and
 * script it loads (the island's modules followed through their imports), each distinct asset
 * once, counted as compressed body bytes on the wire with `Accept-Encoding: br, gzip`. Images a
 * stylesheet names are left out: a browser fetches them only when a rule using them applies.
 */

/** A response read without decoding, as it crossed the wire. */
export interface RawResponse {
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  /** Body bytes as sent (compressed when the server compressed). */
  wireBytes: number;
  /** The decoded body. */
  body: Buffer;
}

/** Asks like a browser does (`Accept-Encoding: br, gzip`) and counts the body as it arrives, before decoding it. */
export function fetchRaw(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const request = http.get(url, { headers: { 'accept-encoding': 'br, gzip', ...headers }, timeout: 15_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', fail);
      response.once('end', () => {
        const wire = Buffer.concat(chunks);
        const encoding = response.headers['content-encoding'];
        try {
          const body = encoding === 'br' ? brotliDecompressSync(wire) : encoding === 'gzip' ? gunzipSync(wire) : wire;
          done({ url, status: response.statusCode ?? 0, headers: response.headers, wireBytes: wire.length, body });
        } catch (error) {
          fail(error);
        }
      });
    });
    request.once('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.once('error', fail);
  });
}

/** What kind of file an asset is, for the weight columns. */
export type AssetKind = 'css' | 'js' | 'other';

/** One file a page loads. */
export interface AssetWeight {
  path: string;
  kind: AssetKind;
  wireBytes: number;
  rawBytes: number;
  contentEncoding: string | null;
  cacheControl: string | null;
}

/** One page on a first visit. */
export interface PageWeight {
  label: string;
  path: string;
  /** Whether the page hydrates a form island (React). */
  hasIsland: boolean;
  html: { wireBytes: number; rawBytes: number; contentEncoding: string | null };
  /** Distinct assets, in the order found. */
  assets: string[];
  /** HTML + CSS + JS, compressed: what the budget counts. */
  totalWireBytes: number;
  totalRawBytes: number;
  cssWireBytes: number;
  jsWireBytes: number;
  /** Favicon and the like: reported, not counted in the budget. */
  otherWireBytes: number;
}

const decodeEntities = (value: string) =>
  value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** Same-origin files an HTML page makes the browser load at once: stylesheets, scripts, module preloads, island modules, the icon. */
export function findPageAssets(html: string): string[] {
  const found: string[] = [];
  const add = (value: string | undefined) => {
    if (value === undefined || value === '') return;
    const path = decodeEntities(value);
    if (path.startsWith('/') && !path.startsWith('//') && !found.includes(path)) found.push(path);
  };
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = /\brel="([^"]*)"/i.exec(tag)?.[1]?.toLowerCase() ?? '';
    if (/\b(stylesheet|modulepreload|icon|preload)\b/.test(rel)) add(/\bhref="([^"]*)"/i.exec(tag)?.[1]);
  }
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) add(/\bsrc="([^"]*)"/i.exec(tag)?.[1]);
  return found;
}

/** Modules a JavaScript module imports, statically or dynamically, as absolute paths on the same origin. */
export function findModuleImports(source: string, modulePath: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/(?:\bimport\s*\(\s*|\bimport\s*|\bfrom\s*)["']([^"']+\.m?js)["']/g)) {
    const specifier = match[1];
    if (specifier === undefined) continue;
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')) {
      found.add(new URL(specifier, `http://origin${modulePath}`).pathname);
    }
  }
  return [...found];
}

const toKind = (path: string, contentType: string | undefined): AssetKind =>
  /\.css$/.test(path) || contentType?.startsWith('text/css') ? 'css' : /\.m?js$/.test(path) || /javascript/.test(contentType ?? '') ? 'js' : 'other';

/** Fetches each asset once per run and remembers it, so every page sharing it costs one request. */
export function createAssetCache(baseUrl: string): (path: string) => Promise<AssetWeight & { body: Buffer }> {
  const cache = new Map<string, Promise<AssetWeight & { body: Buffer }>>();
  return (path) => {
    let entry = cache.get(path);
    if (entry === undefined) {
      entry = fetchRaw(baseUrl + path).then((response) => {
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
        return {
          path,
          kind: toKind(path, response.headers['content-type']),
          wireBytes: response.wireBytes,
          rawBytes: response.body.length,
          contentEncoding: response.headers['content-encoding'] ?? null,
          cacheControl: response.headers['cache-control'] ?? null,
          body: response.body,
        };
      });
      cache.set(path, entry);
    }
    return entry;
  };
}

/** Weighs a page whose HTML has been fetched: follows its assets and their imports, each once. */
export async function weighPage(
  label: string,
  page: RawResponse,
  fetchAsset: (path: string) => Promise<AssetWeight & { body: Buffer }>,
): Promise<{ weight: PageWeight; assets: AssetWeight[] }> {
  const html = page.body.toString('utf8');
  const queue = findPageAssets(html);
  const assets: AssetWeight[] = [];
  for (let index = 0; index < queue.length; index += 1) {
    const asset = await fetchAsset(queue[index]!);
    const { body, ...weight } = asset;
    assets.push(weight);
    if (asset.kind === 'js') {
      for (const imported of findModuleImports(body.toString('utf8'), asset.path)) {
        if (!queue.includes(imported)) queue.push(imported);
      }
    }
  }
  const sum = (kind: AssetKind, field: 'wireBytes' | 'rawBytes') =>
    assets.filter((asset) => asset.kind === kind).reduce((total, asset) => total + asset[field], 0);
  const cssWireBytes = sum('css', 'wireBytes');
  const jsWireBytes = sum('js', 'wireBytes');
  return {
    weight: {
      label,
      path: new URL(page.url).pathname,
      hasIsland: /\bdata-island=/i.test(html),
      html: { wireBytes: page.wireBytes, rawBytes: page.body.length, contentEncoding: page.headers['content-encoding'] ?? null },
      assets: queue,
      totalWireBytes: page.wireBytes + cssWireBytes + jsWireBytes,
      totalRawBytes: page.body.length + sum('css', 'rawBytes') + sum('js', 'rawBytes'),
      cssWireBytes,
      jsWireBytes,
      otherWireBytes: sum('other', 'wireBytes'),
    },
    assets,
  };
}

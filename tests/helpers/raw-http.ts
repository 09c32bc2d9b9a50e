import http, { type IncomingHttpHeaders } from 'node:http';

/**
 * HTTP at the byte level, for requests a browser would never make: any body, any content type,
 * chunked or with a Content-Length, no Origin or a forged one, and sent from a chosen loopback
 * address (the whole of 127.0.0.0/8 reaches a server on 127.0.0.1 on Linux), so one machine can
 * play two clients to a limit that counts per client address. Every request opens its own
 * connection, so a refused upload cannot leave a half-read body in front of the next request.
 */

/** A response, read in full. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every Set-Cookie line, as sent. */
  setCookies: string[];
  /** The Location header as a path (with its query), or null. */
  location: string | null;
  body: string;
}

export interface RawRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/complaint/danger?change=1`. */
  path: string;
  headers?: Record<string, string>;
  /**
   * A Buffer or string is sent with a Content-Length; a list of chunks is sent with
   * `Transfer-Encoding: chunked` and no Content-Length.
   */
  body?: Buffer | string | readonly Buffer[];
  /** The client's own address, e.g. `127.0.0.2`. */
  localAddress?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Sends one request on a new connection and reads the whole answer. */
export function sendRaw(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(request.path, baseUrl);
  const headers: Record<string, string | number> = { connection: 'close', ...request.headers };
  const body = request.body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) headers['content-length'] = Buffer.byteLength(body);
  return new Promise<RawResponse>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: false,
        ...(request.localAddress === undefined ? {} : { localAddress: request.localAddress }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const location = res.headers.location;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            setCookies: res.headers['set-cookie'] ?? [],
            location: location === undefined ? null : toPath(location, url),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.setTimeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => req.destroy(new Error(`${request.method} ${request.path} timed out`)));
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else {
      for (const chunk of body) req.write(chunk);
      req.end();
    }
  });
}

function toPath(location: string, base: URL): string {
  const target = new URL(location, base);
  return target.origin === base.origin ? `${target.pathname}${target.search}` : target.href;
}

/** One visitor: its own cookie jar and, optionally, its own loopback address. */
export interface RawClient {
  readonly baseUrl: string;
  readonly cookies: Map<string, string>;
  readonly localAddress: string | undefined;
  get(path: string, headers?: Record<string, string>): Promise<RawResponse>;
  /**
   * Posts a body as it is, with this content type (none when null) and the site's own Origin
   * unless `headers` says otherwise; a header given as null is not sent at all.
   */
  post(path: string, body: RawRequest['body'], contentType: string | null, headers?: Record<string, string | null>): Promise<RawResponse>;
  /** Posts fields as application/x-www-form-urlencoded with the site's own Origin. */
  postForm(path: string, fields: Record<string, string | readonly string[]>): Promise<RawResponse>;
}

/** Creates a visitor with an empty cookie jar; the jar follows Set-Cookie as a browser would. */
export function createRawClient(baseUrl: string, options: { localAddress?: string } = {}): RawClient {
  const cookies = new Map<string, string>();
  const origin = new URL(baseUrl).origin;
  const send = async (request: RawRequest): Promise<RawResponse> => {
    const headers: Record<string, string> = {};
    if (cookies.size > 0) headers['cookie'] = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await sendRaw(baseUrl, {
      ...request,
      headers: { ...headers, ...request.headers },
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    });
    for (const line of response.setCookies) {
      const cookie = parseSetCookie(line);
      if (cookie === undefined) continue;
      if (cookie.expired) cookies.delete(cookie.name);
      else cookies.set(cookie.name, cookie.value);
    }
    return response;
  };
  return {
    baseUrl,
    cookies,
    localAddress: options.localAddress,
    get: (path, headers = {}) => send({ method: 'GET', path, headers }),
    post: (path, body, contentType, headers = {}) => {
      const merged: Record<string, string | null> = { origin, ...(contentType === null ? {} : { 'content-type': contentType }), ...headers };
      const sent = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== null));
      return send({ method: 'POST', path, body, headers: sent });
    },
    postForm: (path, fields) => {
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) for (const one of typeof value === 'string' ? [value] : value) form.append(name, one);
      return send({
        method: 'POST',
        path,
        body: form.toString(),
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      });
    },
  };
}

/** A Set-Cookie line taken apart: name, value, attributes (lower-cased names) and whether it deletes the cookie. */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
  expired: boolean;
}

/** Parses one Set-Cookie line; undefined when it has no name. */
export function parseSetCookie(line: string): SetCookie | undefined {
  const [pair = '', ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const at = part.indexOf('=');
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase();
    if (key !== '') attributes.set(key, at === -1 ? '' : part.slice(at + 1).trim());
  }
  const value = pair.slice(eq + 1).trim();
  const expires = attributes.get('expires');
  const expired = value === '' || attributes.get('max-age') === '0' || (expires !== undefined && Date.parse(expires) < Date.now());
  return { name: pair.slice(0, eq).trim(), value, attributes, expired };
}

/** The page's <title> text, entities left as sent. */
export function readTitle(html: string): string | undefined {
  return /<title>([\s\S]*?)<\/title>/.exec(html)?.[1]?.trim();
}

/** The page's first <h1> as plain text. */
export function readHeading(html: string): string | undefined {
  return /<h1[^>]*>([\s\S]*?)<\/h1>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

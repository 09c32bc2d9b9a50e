import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startServerProcess, stopAllServerProcesses, type ServerProcess } from '../helpers/server-process.ts';
import { createDataDir } from './support.ts';

/**
 * The stylesheet and scripts come from memory, compressed at build time: each encoding a browser
 * accepts gives back exactly the built file, cached for a year, with the same baseline security
 * headers as the pages.
 */

const assetsDir = join(repoRoot, 'dist/client/_astro');

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(baseUrl: string, path: string, options: { method?: string; acceptEncoding?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        agent: false,
        headers: options.acceptEncoding === undefined ? {} : { 'accept-encoding': options.acceptEncoding },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  let server: ServerProcess;
  let dataDir: ReturnType<typeof createDataDir>;
  const stylesheet = readdirSync(assetsDir).find((name) => name.endsWith('.css'))!;
  const original = readFileSync(join(assetsDir, stylesheet));

  beforeAll(async () => {
    dataDir = createDataDir('static-files');
    server = await startServerProcess({ env: { DATA_DIR: dataDir.path } });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    dataDir?.remove();
  });

  it.each([
    { acceptEncoding: 'gzip, deflate, br, zstd', encoding: 'br', decode: brotliDecompressSync },
    { acceptEncoding: 'gzip', encoding: 'gzip', decode: gunzipSync },
    { acceptEncoding: 'br;q=0, gzip', encoding: 'gzip', decode: gunzipSync },
    { acceptEncoding: 'identity', encoding: undefined, decode: (body: Buffer) => body },
    { acceptEncoding: undefined, encoding: undefined, decode: (body: Buffer) => body },
  ])('sends the stylesheet for Accept-Encoding: $acceptEncoding as $encoding, byte for byte the built file', async ({ acceptEncoding, encoding, decode }) => {
    const answer = await request(server.baseUrl, `/_astro/${stylesheet}`, acceptEncoding === undefined ? {} : { acceptEncoding });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe(encoding);
    expect(decode(answer.body).equals(original)).toBe(true);
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    if (encoding) expect(answer.body.length).toBeLessThan(original.length / 3);
    expect(answer.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.headers['vary']).toBe('Accept-Encoding');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('answers HEAD with the headers and no body, and ignores a query string', async () => {
    const head = await request(server.baseUrl, `/_astro/${stylesheet}?v=2`, { method: 'HEAD', acceptEncoding: 'br' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(readFileSync(join(assetsDir, `${stylesheet}.br`)).length);
  });

  it('gives an asset that does not exist, or a compressed copy asked for by name, the GOV.UK page not found', async () => {
    for (const path of ['/_astro/missing.js', `/_astro/${stylesheet}.br`]) {
      const answer = await request(server.baseUrl, path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.body.toString('utf8')).toContain('Page not found');
    }
  });
});

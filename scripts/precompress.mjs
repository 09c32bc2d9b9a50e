// Run after `astro build`: writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside
// each text asset in dist/client, so the server sends assets compressed as small as they can be
// without compressing them per request (scripts/static-files.mjs serves the copies).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.css', '.js', '.mjs', '.json', '.svg', '.txt', '.webmanifest']);
/** Below this a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 512;

const clientDir = resolve(import.meta.dirname, '../dist/client');
let written = 0;
for (const entry of readdirSync(clientDir, { withFileTypes: true, recursive: true })) {
  const path = join(entry.parentPath, entry.name);
  if (!entry.isFile() || !COMPRESSIBLE.has(extname(path))) continue;
  const body = readFileSync(path);
  if (body.length < MIN_BYTES) continue;
  writeFileSync(`${path}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
  writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
  written += 1;
}
process.stdout.write(`Precompressed ${written} assets in dist/client (brotli and gzip).\n`);

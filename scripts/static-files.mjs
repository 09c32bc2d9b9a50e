// The built site's static files (dist/client: the stylesheet, the scripts, the icon), read into
// memory once at start-up with the brotli and gzip copies the build made of them
// (scripts/precompress.mjs), and served from there. A page request is then one Map lookup, not
// a file-system lookup; an asset is never compressed again per request.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import Negotiator from 'negotiator';

const CONTENT_TYPES = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The encodings the build writes beside a file, in the order they are preferred. */
export const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
];

/** Assets with a content hash in their names never change under their URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (the icon) may change with a deploy. */
const REVALIDATE = 'public, max-age=3600';

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Reads every file under `clientDir` into a map from URL path to its bytes, type and compressed copies. */
export function loadStaticFiles(clientDir) {
  const files = new Map();
  const paths = listFiles(clientDir);
  const present = new Set(paths);
  for (const path of paths) {
    if (PRECOMPRESSED.some(({ suffix }) => path.endsWith(suffix) && present.has(path.slice(0, -suffix.length)))) continue;
    const urlPath = `/${relative(clientDir, path).split(sep).join('/')}`;
    const encoded = {};
    for (const { encoding, suffix } of PRECOMPRESSED) if (present.has(`${path}${suffix}`)) encoded[encoding] = readFileSync(`${path}${suffix}`);
    files.set(urlPath, {
      body: readFileSync(path),
      encoded,
      type: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      cacheControl: urlPath.startsWith('/_astro/') ? IMMUTABLE : REVALIDATE,
    });
  }
  return files;
}

/**
 * Answers a GET or HEAD for a static file and returns true; returns false for anything else
 * (pages, unknown paths), which the caller hands to the app.
 */
export function serveStaticFile(files, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const file = files.get(query === -1 ? url : url.slice(0, query));
  if (file === undefined) return false;
  const available = PRECOMPRESSED.map(({ encoding }) => encoding).filter((encoding) => file.encoded[encoding] !== undefined);
  const encoding = available.length > 0 ? new Negotiator(req).encoding([...available, 'identity'], { preferred: available }) : undefined;
  const body = encoding && encoding !== 'identity' ? file.encoded[encoding] : file.body;
  res.statusCode = 200;
  res.setHeader('Content-Type', file.type);
  res.setHeader('Cache-Control', file.cacheControl);
  res.setHeader('Content-Length', body.length);
  if (available.length > 0) res.setHeader('Vary', 'Accept-Encoding');
  if (encoding && encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { findFreePort, startProcess, type StartedProcess } from './processes.ts';

/** A page as the service sent it, to be sent again byte for byte by the baseline server. */
export interface CapturedPage {
  headers: Record<string, string>;
  body: string;
}

/** Average sizes of what the service stores for one sent complaint, so the baseline writes as much. */
export interface RowSizes {
  summary: number;
  record: number;
  payload: number;
  sessionData: number;
}

/** The path of a page with nothing to load, on the baseline server. */
export const EMPTY_PAGE_PATH = '/lighthouse-baseline';

/** What Lighthouse scores on this machine when the page itself costs nothing. */
export const EMPTY_PAGE_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<meta name="description" content="A page with nothing to load."><link rel="icon" href="data:,"><title>Baseline</title></head>' +
  '<body><main><h1>Baseline</h1><p>A page with nothing to load, served by a bare Node.js HTTP server.</p></main></body></html>';

// Set per connection or by the compression middleware, which the baseline runs too.
const NOT_COPIED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'vary']);

/** The headers of a captured response that the baseline should send again. */
export function toReplayHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_COPIED.has(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

export interface BaselineOptions {
  /** Folder for its pages file and database. */
  workDir: string;
  pages: Record<string, CapturedPage>;
  /** Enables POST /complaint/check with a SQLite file here. */
  dbPath?: string;
  rowSizes?: RowSizes;
  /** Enables POST /complaint/files, each body copied to a file in this folder (made if need be). */
  uploadDir?: string;
  repoRoot: string;
}

/** Starts the baseline server as its own process; resolves when it answers, with the time that took. */
export async function startBaselineServer(options: BaselineOptions): Promise<{ process: StartedProcess; startupMs: number }> {
  const pagesFile = join(options.workDir, `baseline-pages-${Date.now()}.json`);
  writeFileSync(pagesFile, JSON.stringify(options.pages));
  const port = await findFreePort();
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: 'production',
    PORT: String(port),
    BASELINE_PAGES: pagesFile,
  };
  if (options.dbPath !== undefined) env['BASELINE_DB'] = options.dbPath;
  if (options.rowSizes !== undefined) env['BASELINE_ROW_SIZES'] = JSON.stringify(options.rowSizes);
  if (options.uploadDir !== undefined) {
    mkdirSync(options.uploadDir, { recursive: true });
    env['BASELINE_UPLOADS'] = options.uploadDir;
  }
  return startProcess({
    name: 'the baseline server',
    script: 'scripts/bench/baseline-server.ts',
    cwd: options.repoRoot,
    env,
    port,
    readyPath: '/health',
  });
}

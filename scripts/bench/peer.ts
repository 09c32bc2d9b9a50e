import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createHttpClient, type HttpClient } from '../../tests/helpers/http-journey.ts';
import { toCookieHeader } from './journey.ts';
import type { AnswerSession } from './load.ts';
import { findFreePort, startProcess, type StartedProcess } from './processes.ts';

/**
 * The peer form engine measured beside the service: hmpo-form-wizard serving the service's first
 * question (scripts/bench/peers/hmpo/server.ts), in its own process like the baseline.
 */

/** The peer's pages that stand for the service's. */
export const PEER_PATHS = { start: '/', question: '/danger' } as const;

/** The valid answer the answer load posts to the peer's question, and where the wizard sends it. */
export const PEER_ANSWER = { path: '/danger', fields: { dangerNow: 'no' }, next: '/done' } as const;

/** The peer's name and versions, and how it runs, for the report. */
export function describePeer(repoRoot: string): string {
  const require = createRequire(join(repoRoot, 'package.json'));
  const version = (name: string) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  return (
    `hmpo-form-wizard ${version('hmpo-form-wizard')} on express ${version('express')}, express-session ${version('express-session')}, ` +
    `nunjucks ${version('nunjucks')} with govuk-frontend ${version('govuk-frontend')}'s macros and page template, the wizard's own CSRF check, ` +
    "govuk-frontend's CSS and JS from express.static (immutable) and the same compression middleware (brotli quality 5, 64 KB window). " +
    "Its sessions live in express-session's MemoryStore, so an answer costs it no store write, where the service writes each one to SQLite (on disk with the next synced write, lost by no crash of the process). " +
    'It runs on the same Node.js with its default options, as HMPO deploys it; the service with those of its own npm start'
  );
}

/** The inside of a page's <main>, for the peer's start page to carry the same words as the service's. */
export function toMainContent(html: string): string | undefined {
  return /<main\b[^>]*>([\s\S]*)<\/main>/i.exec(html)?.[1];
}

/** Starts the peer as its own process; resolves when it answers, with the time that took. */
export async function startHmpoPeer(options: {
  repoRoot: string;
  workDir: string;
  startContent?: string;
}): Promise<{ process: StartedProcess; startupMs: number }> {
  const port = await findFreePort();
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: 'production',
    PORT: String(port),
    SESSION_SECRET: 'bench-peer-session-secret',
  };
  if (options.startContent !== undefined) {
    const file = join(options.workDir, `peer-start-${Date.now()}.html`);
    writeFileSync(file, options.startContent);
    env['PEER_START_CONTENT'] = file;
  }
  return startProcess({
    name: 'the peer (hmpo-form-wizard)',
    script: 'scripts/bench/peers/hmpo/server.ts',
    cwd: options.repoRoot,
    env,
    port,
    readyPath: '/health',
  });
}

/** The CSRF token in the peer's form (hmpo-form-wizard names it x-csrf-token). */
const readPeerCsrfToken = (html: string) => /<input\b[^>]*\bname="x-csrf-token"[^>]*\bvalue="([^"]*)"/.exec(html)?.[1];

/** Opens the peer's question in a new session: the client holding its cookies, and a valid answer with the session's CSRF token. */
async function openPeerQuestion(baseUrl: string): Promise<{ client: HttpClient; session: AnswerSession }> {
  const client = createHttpClient();
  const page = await client.get(baseUrl, PEER_ANSWER.path);
  const csrfToken = page.status === 200 ? readPeerCsrfToken(page.html) : undefined;
  if (csrfToken === undefined || client.cookies.size === 0) {
    throw new Error(`The peer's ${PEER_ANSWER.path} answered ${page.status} without a session cookie and a CSRF token`);
  }
  const body = new URLSearchParams({ 'x-csrf-token': csrfToken, ...PEER_ANSWER.fields }).toString();
  return { client, session: { cookie: toCookieHeader(client), body } };
}

/** The cookie header of a new session standing on the peer's question. */
export async function startPeerSession(baseUrl: string): Promise<string> {
  return (await openPeerQuestion(baseUrl)).session.cookie;
}

/** Sessions standing on the peer's question; the first answers once, to check the wizard takes the answer and redirects. */
export async function preparePeerSessions(baseUrl: string, count: number): Promise<AnswerSession[]> {
  const sessions: AnswerSession[] = [];
  for (let index = 0; index < count; index += 1) {
    const { client, session } = await openPeerQuestion(baseUrl);
    if (index === 0) {
      const answered = await client.post(baseUrl, PEER_ANSWER.path, Object.fromEntries(new URLSearchParams(session.body)));
      if (answered.status !== 302 || answered.location !== PEER_ANSWER.next) {
        throw new Error(
          `The peer answered a valid answer with ${answered.status}${answered.location ? ` to ${answered.location}` : ''}, not a 302 to ${PEER_ANSWER.next}`,
        );
      }
    }
    sessions.push(session);
  }
  return sessions;
}

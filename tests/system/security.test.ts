import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingHttpHeaders } from 'node:http';
import { serviceJourneys } from '../../src/forms/journeys/index.ts';
import { MAX_FORM_BYTES } from '../../src/server/http.ts';
import { exampleCouncil } from '../helpers/councils.ts';
import { readCsrfToken } from '../helpers/http-journey.ts';
import { createRawClient, parseSetCookie, readHeading, sendRaw, type RawClient, type RawResponse } from '../helpers/raw-http.ts';
import { listRoutes, pagesBetweenQuestions } from '../helpers/routes.ts';
import { findFreePort, startServerProcess, stopAllServerProcesses, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { createDataDir, NO_RATE_LIMIT, productionEnv, withSqlite } from './support.ts';

/**
 * The service's defences, proved against the built server over real HTTP: cross-site posts and
 * CSRF, the body cap, the per-client rate limit, security headers, cookie flags, the session's
 * life (rotated at the start, destroyed on exit) and the error pages.
 */

const council = exampleCouncil();
const RATE_LIMIT = 5;
const FORM = 'application/x-www-form-urlencoded';

/** A visitor who has started a complaint and holds the first page's CSRF token. */
async function startComplaint(baseUrl: string, options: { localAddress?: string } = {}): Promise<{ client: RawClient; token: string }> {
  const client = createRawClient(baseUrl, options);
  const start = await client.get('/complaint/start');
  expect(start.status).toBe(303);
  const page = await client.get('/complaint/danger');
  const token = readCsrfToken(page.body);
  expect(token).toBeDefined();
  return { client, token: token! };
}

/** Whether the answer to "is a child in danger" was saved: the next page opens only once it has been. */
async function isDangerAnswered(client: RawClient): Promise<boolean> {
  const next = await client.get('/complaint/worried');
  if (next.status === 200) return true;
  expect(next.status, 'the next page sends the visitor back to the unanswered question').toBe(303);
  expect(next.location).toBe('/complaint/danger');
  return false;
}

/** Posts are counted in windows of a clock minute; a flood that straddled two would start counting again. */
async function awayFromMinuteEnd(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
}

const sessionIdOf = (client: RawClient): string => client.cookies.get('sid')!.split('.')[0]!;

/** The directives of a Content-Security-Policy, each with its sources, in order (a repeated directive appears twice). */
function parseCsp(header: string | undefined): [string, string[]][] {
  return (header ?? '')
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      const [name = '', ...sources] = d.split(/\s+/);
      return [name.toLowerCase(), sources];
    });
}

/** Everything missing from or wrong in a response's security headers. */
function findHeaderProblems(headers: IncomingHttpHeaders, production: boolean): string[] {
  const problems: string[] = [];
  const csp = parseCsp(headers['content-security-policy'] as string | undefined);
  const directive = (name: string) => csp.find(([n]) => n === name)?.[1];
  if (csp.length === 0) problems.push('no Content-Security-Policy');
  const scripts = directive('script-src') ?? directive('default-src');
  if (scripts === undefined) problems.push('CSP restricts no scripts');
  else if (scripts.some((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'" || s === '*')) problems.push(`CSP script-src allows ${scripts.join(' ')}`);
  if (directive('default-src')?.join(' ') !== "'self'") problems.push(`CSP default-src is ${directive('default-src')?.join(' ')}`);
  if (directive('frame-ancestors')?.join(' ') !== "'none'") problems.push(`CSP frame-ancestors is ${directive('frame-ancestors')?.join(' ')}`);
  if (headers['x-content-type-options'] !== 'nosniff') problems.push(`X-Content-Type-Options is ${headers['x-content-type-options']}`);
  if (headers['referrer-policy'] !== 'no-referrer') problems.push(`Referrer-Policy is ${headers['referrer-policy']}`);
  if (headers['x-frame-options'] !== 'DENY') problems.push(`X-Frame-Options is ${headers['x-frame-options']}`);
  const permissions = headers['permissions-policy'] as string | undefined;
  for (const feature of ['camera', 'microphone', 'geolocation']) {
    if (!new RegExp(`(^|[ ,])${feature}=\\(\\)`).test(permissions ?? '')) problems.push(`Permissions-Policy does not turn off ${feature}: ${permissions}`);
  }
  const hsts = headers['strict-transport-security'] as string | undefined;
  if (production) {
    const maxAge = Number(/max-age=(\d+)/.exec(hsts ?? '')?.[1] ?? 0);
    if (maxAge < 31_536_000) problems.push(`Strict-Transport-Security is ${hsts}`);
  } else if (hsts !== undefined) problems.push(`Strict-Transport-Security sent outside production: ${hsts}`);
  return problems;
}

/** A route's response and the problems with its headers, labelled for a failure message. */
interface HeaderCheck {
  label: string;
  status: number;
  problems: string[];
}

describe('the service’s defences', () => {
  let smtp: TestSmtpServer;
  const dataDirs: ReturnType<typeof createDataDir>[] = [];
  let dev: ServerProcess;
  let devDataDir: string;
  let limited: ServerProcess;
  let production: ServerProcess;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const dir = (name: string) => {
      const created = createDataDir(`security-${name}`);
      dataDirs.push(created);
      return created.path;
    };
    devDataDir = dir('dev');
    const productionPort = await findFreePort();
    [dev, limited, production] = await Promise.all([
      startServerProcess({ env: { DATA_DIR: devDataDir, ...NO_RATE_LIMIT } }),
      startServerProcess({ env: { DATA_DIR: dir('limited'), RATE_LIMIT_POSTS_PER_MINUTE: String(RATE_LIMIT) } }),
      startServerProcess({ env: { ...productionEnv({ port: productionPort, dataDir: dir('production'), smtpUrl: smtp.url }), ...NO_RATE_LIMIT } }),
    ]);
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await smtp?.stop();
    for (const dir of dataDirs) dir.remove();
  });

  describe('cross-site posts', () => {
    // Astro's checkOrigin refuses a form post whose Origin is not the site's own, before any page code runs.
    it.each([
      { origin: 'https://evil.example', why: 'another site' },
      { origin: 'null', why: 'a sandboxed frame or a privacy-minded browser' },
      { origin: undefined, why: 'no Origin at all' },
      { origin: 'http://localhost:PORT', why: 'the same server under another host name' },
      { origin: 'https://127.0.0.1:PORT', why: 'the same host over another scheme' },
      { origin: 'http://127.0.0.1:1', why: 'the same host on another port' },
    ])('refuses a form post from $why with 403 and saves nothing', async ({ origin }) => {
      const { client, token } = await startComplaint(dev.baseUrl);
      const response = await client.post('/complaint/danger', `csrfToken=${token}&dangerNow=no`, FORM, {
        origin: origin?.replace('PORT', String(dev.port)) ?? null,
      });
      expect(response.status).toBe(403);
      expect(await isDangerAnswered(client)).toBe(false);
    });

    it('saves the same post from the site itself', async () => {
      const { client, token } = await startComplaint(dev.baseUrl);
      const response = await client.post('/complaint/danger', `csrfToken=${token}&dangerNow=no`, FORM);
      expect(response.status).toBe(303);
      expect(response.location).toBe('/complaint/worried');
      expect(await isDangerAnswered(client)).toBe(true);
    });

    // checkOrigin only looks at the content types a plain HTML form can send; anything else must
    // still be refused by the page (it is not form data), so nothing is saved.
    it.each(['application/json', 'text/xml', 'application/octet-stream'])('saves nothing from a cross-site %s post', async (type) => {
      const { client, token } = await startComplaint(dev.baseUrl);
      const body = type === 'application/json' ? JSON.stringify({ csrfToken: token, dangerNow: 'no' }) : `csrfToken=${token}&dangerNow=no`;
      const response = await client.post('/complaint/danger', body, type, { origin: 'https://evil.example' });
      expect(response.status).toBeLessThan(500);
      expect(await isDangerAnswered(client)).toBe(false);
    });
  });

  describe('the CSRF token', () => {
    it.each([
      { mode: 'missing', body: (_token: string, _other: string) => 'dangerNow=no' },
      { mode: 'empty', body: () => 'csrfToken=&dangerNow=no' },
      { mode: 'wrong by one character', body: (token: string) => `csrfToken=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}&dangerNow=no` },
      { mode: 'cut short', body: (token: string) => `csrfToken=${token.slice(0, 8)}&dangerNow=no` },
      { mode: "another visitor's", body: (_token: string, other: string) => `csrfToken=${other}&dangerNow=no` },
      { mode: 'wrong, then right', body: (token: string) => `csrfToken=WRONG${token.slice(5)}&csrfToken=${token}&dangerNow=no` },
      { mode: 'sent as JSON', body: (token: string) => JSON.stringify({ csrfToken: token, dangerNow: 'no' }), type: 'application/json' },
    ])('refuses a post whose token is $mode and saves nothing', async ({ body, type }) => {
      const { client, token } = await startComplaint(dev.baseUrl);
      const { token: other } = await startComplaint(dev.baseUrl);
      const response = await client.post('/complaint/danger', body(token, other), type ?? FORM);
      expect(response.status).toBe(303);
      expect(response.location).toMatch(/^\/complaint\/(session-expired|danger)$/);
      expect(await isDangerAnswered(client)).toBe(false);
    });
  });

  describe('the 64 KB body cap', () => {
    const padded = (token: string, size: number) => {
      const start = `csrfToken=${token}&dangerNow=no&padding=`;
      return start + 'a'.repeat(size - start.length);
    };

    it('answers a post with a Content-Length over 64 KB with the "too long" page and status 413, saving nothing', async () => {
      const { client, token } = await startComplaint(dev.baseUrl);
      const response = await client.post('/complaint/danger', padded(token, MAX_FORM_BYTES + 1), FORM);
      expect(response.status).toBe(413);
      expect(readHeading(response.body)).toBe('Your answer is too long to send');
      expect(await isDangerAnswered(client)).toBe(false);
    });

    it('stops reading a chunked post at 64 KB and answers with the "too long" page and status 413, saving nothing', async () => {
      const { client, token } = await startComplaint(dev.baseUrl);
      const body = Buffer.from(padded(token, MAX_FORM_BYTES + 10_000));
      const response = await client.post('/complaint/danger', [body.subarray(0, 40_000), body.subarray(40_000)], FORM);
      expect(response.status).toBe(413);
      expect(readHeading(response.body)).toBe('Your answer is too long to send');
      expect(await isDangerAnswered(client)).toBe(false);
    });

    it.each([
      { how: 'with a Content-Length', chunked: false },
      { how: 'chunked', chunked: true },
    ])('accepts a post just under 64 KB $how', async ({ chunked }) => {
      const { client, token } = await startComplaint(dev.baseUrl);
      const body = Buffer.from(padded(token, MAX_FORM_BYTES - 100));
      const response = await client.post('/complaint/danger', chunked ? [body.subarray(0, 30_000), body.subarray(30_000)] : body, FORM);
      expect(response.status).toBe(303);
      expect(response.location).toBe('/complaint/worried');
      expect(await isDangerAnswered(client)).toBe(true);
    });
  });

  describe('the rate limit on posts', () => {
    // Every loopback address reaches the server, so each test is a new client with an address of its own.
    const flood = async (client: RawClient, token: string, posts: number): Promise<number[]> => {
      const statuses: number[] = [];
      for (let i = 0; i < posts; i++) statuses.push((await client.post('/complaint/danger', `csrfToken=${token}&dangerNow=`, FORM)).status);
      return statuses;
    };

    it('shows one client "too many attempts" (429) after the limit while another client carries on', async () => {
      await awayFromMinuteEnd();
      const { client: first, token } = await startComplaint(limited.baseUrl, { localAddress: '127.0.0.2' });
      expect(await flood(first, token, RATE_LIMIT)).toEqual(Array(RATE_LIMIT).fill(422));

      const refused = await first.post('/complaint/danger', `csrfToken=${token}&dangerNow=no`, FORM);
      expect(refused.status).toBe(429);
      expect(readHeading(refused.body)).toBe('There have been too many attempts');
      expect(refused.headers['retry-after']).toBe('60');
      expect(await isDangerAnswered(first)).toBe(false);
      // Reading is not limited: the person can still see their answers and the other ways to complain.
      expect((await first.get('/complaint/danger')).status).toBe(200);

      const { client: second, token: secondToken } = await startComplaint(limited.baseUrl, { localAddress: '127.0.0.3' });
      const allowed = await second.post('/complaint/danger', `csrfToken=${secondToken}&dangerNow=no`, FORM);
      expect(allowed.status).toBe(303);
      expect(await isDangerAnswered(second)).toBe(true);
    });

    // The limit keys on the connection's address; headers a client writes itself must not buy it a fresh count.
    it.each([
      { header: 'x-forwarded-for', value: (n: number) => `10.0.0.${n}` },
      { header: 'x-real-ip', value: (n: number) => `10.0.1.${n}` },
      { header: 'forwarded', value: (n: number) => `for=10.0.2.${n}` },
    ])('keeps limiting a client that sends a made-up $header', async ({ header, value }) => {
      await awayFromMinuteEnd();
      const address = `127.0.${['x-forwarded-for', 'x-real-ip', 'forwarded'].indexOf(header) + 1}.9`;
      const { client, token } = await startComplaint(limited.baseUrl, { localAddress: address });
      const statuses: number[] = [];
      for (let i = 0; i <= RATE_LIMIT + 2; i++) {
        statuses.push((await client.post('/complaint/danger', `csrfToken=${token}&dangerNow=`, FORM, { [header]: value(i) })).status);
      }
      expect(statuses.slice(RATE_LIMIT)).toEqual([429, 429, 429]);
    });
  });

  describe('security headers', () => {
    /**
     * Each journey's `[step]` route stands for its first questions (three of the complaint's, two of
     * the others'), the pages it shows between them and the page it stops at, and one that does not exist.
     */
    const questionPages: Record<string, string[]> = Object.fromEntries(
      serviceJourneys.map((journey) => [
        `/${journey.path}/[step]`,
        [...journey.steps.slice(0, journey.id === 'complaint' ? 3 : 2).map((s) => s.id), ...pagesBetweenQuestions(journey)],
      ]),
    );
    const expandRoute = (route: string) => [...(questionPages[route] ?? []), 'no-such-step'].map((id) => route.replace('[step]', id));

    /** GETs every route, fresh and within a started complaint, plus the error and refusal answers. */
    async function checkEveryRoute(server: ServerProcess, isProduction: boolean): Promise<HeaderCheck[]> {
      const routes = listRoutes(expandRoute);
      const checks: HeaderCheck[] = [];
      const record = (label: string, response: RawResponse) =>
        checks.push({ label, status: response.status, problems: findHeaderProblems(response.headers, isProduction) });
      const { client, token } = await startComplaint(server.baseUrl);
      record('POST with errors (422)', await client.post('/complaint/danger', `csrfToken=${token}&dangerNow=maybe`, FORM));
      record('POST too large (413)', await client.post('/complaint/danger', `csrfToken=${token}&x=${'a'.repeat(MAX_FORM_BYTES)}`, FORM));
      record('POST with a wrong token (303)', await client.post('/complaint/danger', `csrfToken=x&dangerNow=no`, FORM));
      record('POST accepted (303)', await client.post('/complaint/danger', `csrfToken=${token}&dangerNow=no`, FORM));
      // Exit last: it ends the session the other requests run in.
      const ordered = [...routes.filter((r) => r !== '/exit'), '/no-such-page', '/complaint/no-such-step', '/exit'];
      for (const route of ordered) {
        record(`GET ${route} (no session)`, await sendRaw(server.baseUrl, { method: 'GET', path: route }));
        record(`GET ${route} (in a complaint)`, await client.get(route));
      }
      return checks;
    }

    it('sends them on every route outside production, without Strict-Transport-Security', async () => {
      const checks = await checkEveryRoute(dev, false);
      expect(checks.length).toBeGreaterThan(40);
      // /500 is the error page itself and /busy the store's "try again", each answering 5xx by design.
      expect(checks.filter((c) => c.status >= 500 && !c.label.includes(' /500 ') && !c.label.includes(' /busy '))).toEqual([]);
      expect(checks.filter((c) => c.problems.length > 0)).toEqual([]);
    });

    it('sends them on every route in production, with Strict-Transport-Security', async () => {
      const checks = await checkEveryRoute(production, true);
      expect(checks.filter((c) => c.status >= 500 && !c.label.includes(' /500 ') && !c.label.includes(' /busy '))).toEqual([]);
      expect(checks.filter((c) => c.problems.length > 0)).toEqual([]);
    });

    it('sends them with "too many attempts" (429)', async () => {
      await awayFromMinuteEnd();
      const { client, token } = await startComplaint(limited.baseUrl, { localAddress: '127.0.0.4' });
      let response: RawResponse | undefined;
      for (let i = 0; i <= RATE_LIMIT; i++) response = await client.post('/complaint/danger', `csrfToken=${token}&dangerNow=`, FORM);
      expect(response!.status).toBe(429);
      expect(findHeaderProblems(response!.headers, false)).toEqual([]);
    });

    it('sends them with the refusal of a cross-site post (403)', async () => {
      const { client, token } = await startComplaint(dev.baseUrl);
      const response = await client.post('/complaint/danger', `csrfToken=${token}&dangerNow=no`, FORM, { origin: 'https://evil.example' });
      expect(response.status).toBe(403);
      expect(findHeaderProblems(response.headers, false)).toEqual([]);
    });

    it('sends X-Content-Type-Options: nosniff with the static files (styles, scripts, icon)', async () => {
      const page = await sendRaw(dev.baseUrl, { method: 'GET', path: '/' });
      const assets = [...page.body.matchAll(/(?:href|src)="(\/(?:_astro\/[^"]+|favicon\.svg))"/g)].map((m) => m[1]!);
      expect(assets.length).toBeGreaterThan(0);
      const missing: string[] = [];
      for (const asset of new Set(assets)) {
        const response = await sendRaw(dev.baseUrl, { method: 'GET', path: asset });
        expect(response.status, asset).toBe(200);
        if (response.headers['x-content-type-options'] !== 'nosniff') missing.push(asset);
      }
      expect(missing).toEqual([]);
    });

    it('names each Content-Security-Policy directive once, on rewritten pages too', async () => {
      const duplicated: string[] = [];
      for (const path of ['/', '/no-such-page', '/complaint/no-such-step', '/too-large']) {
        const response = await sendRaw(dev.baseUrl, { method: 'GET', path });
        const names = parseCsp(response.headers['content-security-policy'] as string | undefined).map(([name]) => name);
        const repeats = names.filter((name, index) => names.indexOf(name) !== index);
        if (repeats.length > 0) duplicated.push(`${path}: ${[...new Set(repeats)].join(', ')}`);
      }
      expect(duplicated).toEqual([]);
    });
  });

  describe('the session cookie', () => {
    const readSid = (response: RawResponse) => {
      const line = response.setCookies.find((l) => l.startsWith('sid='));
      expect(line, 'a Set-Cookie for sid').toBeDefined();
      return parseSetCookie(line!)!;
    };

    it('is HttpOnly, SameSite=Lax and for the whole site, not Secure outside production, and ends with the browser', async () => {
      const cookie = readSid(await sendRaw(dev.baseUrl, { method: 'GET', path: '/complaint/start' }));
      expect(cookie.attributes.has('httponly')).toBe(true);
      expect(cookie.attributes.get('samesite')?.toLowerCase()).toBe('lax');
      expect(cookie.attributes.get('path')).toBe('/');
      expect(cookie.attributes.has('secure')).toBe(false);
      expect(cookie.attributes.has('max-age') || cookie.attributes.has('expires')).toBe(false);
    });

    it('is also Secure in production, when set and when cleared by Exit', async () => {
      const client = createRawClient(production.baseUrl);
      const set = readSid(await client.get('/complaint/start'));
      const cleared = readSid(await client.get('/exit'));
      for (const cookie of [set, cleared]) {
        expect(cookie.attributes.has('secure')).toBe(true);
        expect(cookie.attributes.has('httponly')).toBe(true);
        expect(cookie.attributes.get('samesite')?.toLowerCase()).toBe('lax');
      }
      expect(cleared.expired).toBe(true);
    });

    it.each([
      { what: 'an unsigned id', cookie: (id: string, _value: string) => id },
      { what: 'a forged signature', cookie: (id: string) => `${id}.${'A'.repeat(43)}` },
      { what: 'a signature from another id', cookie: (_id: string, value: string) => `someone-else.${value.split('.')[1]}` },
    ])('is ignored when it carries $what', async ({ cookie }) => {
      const { client } = await startComplaint(dev.baseUrl);
      const value = client.cookies.get('sid')!;
      const forged = createRawClient(dev.baseUrl);
      forged.cookies.set('sid', cookie(sessionIdOf(client), value));
      const response = await forged.get('/complaint/danger');
      expect(response.status).toBe(303);
      expect(response.location).toBe('/complaint/session-expired');
    });
  });

  describe('the session', () => {
    const sessionCount = () => withSqlite(devDataDir, (db) => Number((db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n));

    it('gets a new id when the journey starts, and the old id stops working', async () => {
      const { client, token } = await startComplaint(dev.baseUrl);
      await client.post('/complaint/danger', `csrfToken=${token}&dangerNow=no`, FORM);
      expect(await isDangerAnswered(client)).toBe(true);
      const before = client.cookies.get('sid')!;

      const restart = await client.get('/complaint/start');
      expect(restart.status).toBe(303);
      const after = client.cookies.get('sid')!;
      expect(sessionIdOf(client)).not.toBe(before.split('.')[0]);
      // The new session starts empty.
      expect(await isDangerAnswered(client)).toBe(false);

      const old = createRawClient(dev.baseUrl);
      old.cookies.set('sid', before);
      const stale = await old.get('/complaint/worried');
      expect(stale.status).toBe(303);
      expect(stale.location).toBe('/complaint/session-expired');
      const stalePost = await old.post('/complaint/danger', `csrfToken=${token}&dangerNow=no`, FORM);
      expect(stalePost.location).toBe('/complaint/session-expired');
      expect(after).not.toBe(before);
    });

    it.each(['GET', 'POST'] as const)('is destroyed by Exit this page (%s), which sends the visitor to a neutral site', async (method) => {
      const { client, token } = await startComplaint(dev.baseUrl);
      await client.post('/complaint/danger', `csrfToken=${token}&dangerNow=no`, FORM);
      const value = client.cookies.get('sid')!;
      const id = sessionIdOf(client);
      const rows = () => withSqlite(devDataDir, (db) => Number((db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE id = ?').get(id) as { n: number }).n));
      expect(rows()).toBe(1);
      const total = sessionCount();

      const exit = method === 'GET' ? await client.get('/exit') : await client.post('/exit', `csrfToken=${token}`, FORM);
      expect(exit.status).toBe(303);
      expect(exit.location).toBe(council.exitUrl);
      expect(exit.headers['clear-site-data']).toContain('"storage"');
      expect(client.cookies.has('sid')).toBe(false);
      expect(rows()).toBe(0);
      expect(sessionCount()).toBe(total - 1);

      // Back in the browser after leaving: the old cookie leads nowhere near the answers.
      const back = createRawClient(dev.baseUrl);
      back.cookies.set('sid', value);
      const page = await back.get('/complaint/worried');
      expect(page.status).toBe(303);
      expect(page.location).toBe('/complaint/session-expired');
    });
  });

  describe('error pages', () => {
    const complaintsContact = council.contacts.complaints;

    /** Everything a GOV.UK-style error page must show and must not. */
    function expectErrorPage(response: RawResponse, heading: string): void {
      const requestId = response.headers['x-request-id'] as string | undefined;
      expect(requestId, 'an X-Request-Id header').toMatch(/^[0-9a-f-]{36}$/);
      expect(response.body).toContain('class="govuk-template"');
      expect(response.body).toContain('govuk-footer');
      expect(readHeading(response.body)).toBe(heading);
      expect(response.body).toContain(`Request reference: ${requestId}`);
      // The other ways to complain.
      expect(response.body).toContain(complaintsContact.phone);
      expect(response.body).toContain(`mailto:${complaintsContact.email}`);
      // Never a stack trace or an error's own words.
      expect(response.body).not.toMatch(/\bat [^\n<]*\.(m?js|ts|astro):\d+/);
      expect(response.body).not.toMatch(/(TypeError|RangeError|SyntaxError|ReferenceError|Error):/);
      expect(response.body).not.toMatch(/node_modules|dist\/server|Invalid time value/);
    }

    it.each(['/no-such-page', '/complaint/no-such-step', '/a/b/c.php', '/review/no-such-step', '/%3Cscript%3E'])(
      'answers %s with the 404 page',
      async (path) => {
        const response = await sendRaw(dev.baseUrl, { method: 'GET', path });
        expect(response.status).toBe(404);
        expectErrorPage(response, 'Page not found');
      },
    );

    /** A started complaint whose stored answers hold a month that is not a date: every question page then fails to render. */
    async function startBrokenComplaint(data: string): Promise<RawClient> {
      const { client } = await startComplaint(dev.baseUrl);
      const id = sessionIdOf(client);
      withSqlite(devDataDir, (db) => db.prepare('UPDATE sessions SET data = ? WHERE id = ?').run(data, id));
      return client;
    }
    const unrenderable = JSON.stringify({ journey: 'complaint', answers: { when: { whenKind: 'month', whenMonth: 'not-a-month' } } });

    it('answers a page that fails to render with the 500 page: GOV.UK style, a request reference matching X-Request-Id, other ways to complain, no stack trace', async () => {
      const client = await startBrokenComplaint(unrenderable);
      const response = await client.get('/complaint/danger');
      expect(response.status).toBe(500);
      expectErrorPage(response, 'Sorry, there is a problem with the service');
      expect(findHeaderProblems(response.headers, false)).toEqual([]);
    });

    it('writes the 500 page’s request reference to the log, so staff can find what went wrong', async () => {
      const client = await startBrokenComplaint(unrenderable);
      const response = await client.get('/complaint/danger');
      expect(response.status).toBe(500);
      const requestId = response.headers['x-request-id'] as string;
      await new Promise((r) => setTimeout(r, 200));
      expect(`${dev.stdout}\n${dev.stderr}`).toContain(requestId);
    });

    // A session row that cannot be read (a damaged row, or data written under another ENCRYPTION_KEY)
    // fails while the request is being set up, before any page code runs.
    it('treats a session that cannot be read like an expired one: the "answers deleted" page, with the security headers, and a log line', async () => {
      const client = await startBrokenComplaint('{"answers":');
      const response = await client.get('/complaint/danger');
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/complaint/session-expired');
      expect(findHeaderProblems(response.headers, false)).toEqual([]);
      const requestId = response.headers['x-request-id'] as string;
      await new Promise((r) => setTimeout(r, 200));
      const logLine = `${dev.stdout}\n${dev.stderr}`.split('\n').find((line) => line.includes('session unreadable'));
      expect(logLine).toBeDefined();
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

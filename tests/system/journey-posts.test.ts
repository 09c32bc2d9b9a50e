import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsrfToken } from '../helpers/http-journey.ts';
import { createRawClient, readTitle, type RawClient, type RawResponse } from '../helpers/raw-http.ts';
import { findFreePort, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { createDataDir, productionEnv } from './support.ts';

/**
 * Answers to a journey's questions are taken by the server before Astro
 * (src/server/journeys/journey-posts.ts), and only form posts
 * (application/x-www-form-urlencoded) are: the same answer sent as multipart/form-data, which the
 * engine reads just the same, still goes through Astro's middleware. So each post below is sent
 * both ways, by two people standing on the same question, and the two answers must be the same:
 * status, where it leads, every header, and the page itself. Once in development, where the
 * page's origin is the Host header's, and once in production, where it is PUBLIC_URL.
 */

const QUESTION = '/complaint/worried';
/** Varies per request or per connection, or with the body's encoding. */
const UNCOMPARED_HEADERS = new Set(['date', 'x-request-id', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-encoding', 'vary']);

/** Posts allowed from one address in a minute: each person below posts from an address of their own. */
const POSTS_PER_MINUTE = 6;
let addresses = 0;
/** A loopback address no one else here has used (Linux answers the whole of 127.0.0.0/8). */
const nextAddress = () => {
  addresses += 1;
  return `127.0.${Math.floor(addresses / 250) + 10}.${(addresses % 250) + 1}`;
};

/** A person who has answered the first question and is looking at the second, with its token. */
async function personAtWorried(baseUrl: string): Promise<{ client: RawClient; token: string }> {
  const client = createRawClient(baseUrl, { localAddress: nextAddress() });
  expect((await client.get('/complaint/start')).status).toBe(303);
  const danger = readCsrfToken((await client.get('/complaint/danger')).body)!;
  expect((await client.postForm('/complaint/danger', { csrfToken: danger, dangerNow: 'no' })).location).toBe(QUESTION);
  return { client, token: readCsrfToken((await client.get(QUESTION)).body)! };
}

function multipart(fields: Record<string, string>): { body: string; contentType: string } {
  const boundary = '----journey-posts-test';
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** What must match, with each person's own token written the same. */
function comparable(response: RawResponse, token: string) {
  const headers = Object.entries(response.headers)
    .filter(([name]) => !UNCOMPARED_HEADERS.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  // The timeout warning counts down from each person's last save, a second apart or not.
  const body = response.body.replaceAll(token, 'TOKEN').replace(/data-expires-in="\d+"/g, 'data-expires-in="N"');
  return { status: response.status, location: response.location, headers, body };
}

describe.each(['development', 'production'] as const)('in %s, an answer taken by the server and the same answer through Astro', (mode) => {
  let server: ServerProcess;
  let dataDir: ReturnType<typeof createDataDir>;

  beforeAll(async () => {
    dataDir = createDataDir(`journey-posts-${mode}`);
    const env =
      mode === 'production'
        ? // No message is sent here: nothing listens at the mail address.
          productionEnv({ port: await findFreePort(), dataDir: dataDir.path, smtpUrl: 'smtp://127.0.0.1:9' })
        : { DATA_DIR: dataDir.path };
    server = await startServerProcess({ env: { ...env, RATE_LIMIT_POSTS_PER_MINUTE: String(POSTS_PER_MINUTE) } });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    dataDir?.remove();
  });

  /** Sends the same fields both ways, each from its own person at the question, and returns both answers. */
  async function bothWays(fields: (token: string) => Record<string, string>, options: { path?: string; origin?: string } = {}) {
    const path = options.path ?? QUESTION;
    const headers: Record<string, string> = options.origin === undefined ? {} : { origin: options.origin };
    const form = await personAtWorried(server.baseUrl);
    const parts = await personAtWorried(server.baseUrl);
    const encoded = new URLSearchParams(fields(form.token)).toString();
    const taken = await form.client.post(path, encoded, 'application/x-www-form-urlencoded', headers);
    const { body, contentType } = multipart(fields(parts.token));
    const throughAstro = await parts.client.post(path, body, contentType, headers);
    return { taken: comparable(taken, form.token), throughAstro: comparable(throughAstro, parts.token), raw: taken };
  }

  it.each([
    ['a valid answer', (token: string) => ({ csrfToken: token, worriedAboutHarm: 'no' }), 303],
    ['no answer: the page with its error', (token: string) => ({ csrfToken: token }), 422],
    ['a stale tab’s token: the same page again, nothing saved', () => ({ csrfToken: 'not-the-token', worriedAboutHarm: 'no' }), 303],
    ['the hidden box filled in: the page again, nothing saved', (token: string) => ({ csrfToken: token, worriedAboutHarm: 'no', website: 'x' }), 422],
    ['Save and come back later', (token: string) => ({ csrfToken: token, action: 'save' }), 303],
  ])('%s', async (_name, fields, status) => {
    const { taken, throughAstro, raw } = await bothWays(fields);
    expect(taken.status).toBe(status);
    expect(taken).toEqual(throughAstro);
    // The one difference, and the sign of which answered: the server's path ends a redirect with
    // Content-Length: 0, Astro with an empty chunked body.
    if (status === 303) expect(raw.headers['content-length']).toBe('0');
  });

  it('a change from check answers (?change=1)', async () => {
    const change = await bothWays((token) => ({ csrfToken: token, worriedAboutHarm: 'no' }), { path: `${QUESTION}?change=1` });
    expect(change.taken).toEqual(change.throughAstro);
  });

  it('a post from another site: refused with the GOV.UK page, and logged once', async () => {
    const logged = () => `${server.stdout}${server.stderr}`.split('"msg":"cross-site post refused"').length - 1;
    const before = logged();
    const { taken, throughAstro } = await bothWays((token) => ({ csrfToken: token, worriedAboutHarm: 'no' }), { origin: 'https://elsewhere.example' });
    expect(taken.status).toBe(403);
    expect(taken).toEqual(throughAstro);
    await waitFor(() => logged() - before >= 2, { timeoutMs: 5_000, describe: () => `${logged() - before} lines logged` });
    // A third post through Astro, logged after the two: by then every line of theirs is in.
    await createRawClient(server.baseUrl, { localAddress: nextAddress() }).post(QUESTION, 'x=1', 'multipart/form-data; boundary=x', {
      origin: 'https://elsewhere.example',
    });
    await waitFor(() => logged() - before >= 3, { timeoutMs: 5_000, describe: () => `${logged() - before} lines logged` });
    expect(logged() - before).toBe(3);
  });

  it('each post is counted once against the limit for its address', async () => {
    // Posts are counted per clock minute: start where all seven fit in one.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
    const { client, token } = await personAtWorried(server.baseUrl);
    // The first answer was one post; these are the rest of the minute's allowance.
    for (let post = 2; post <= POSTS_PER_MINUTE; post += 1) {
      expect((await client.postForm(QUESTION, { csrfToken: token, worriedAboutHarm: 'no' })).status, `post ${post}`).toBe(303);
    }
    const refused = await client.postForm(QUESTION, { csrfToken: token, worriedAboutHarm: 'no' });
    expect(refused.status).toBe(429);
  });

  it('without a session: sent to the start page, as through Astro', async () => {
    const stranger = createRawClient(server.baseUrl, { localAddress: nextAddress() });
    const taken = await stranger.post(QUESTION, 'worriedAboutHarm=no', 'application/x-www-form-urlencoded');
    const { body, contentType } = multipart({ worriedAboutHarm: 'no' });
    const throughAstro = await createRawClient(server.baseUrl, { localAddress: nextAddress() }).post(QUESTION, body, contentType);
    expect([taken.status, taken.location]).toEqual([303, '/']);
    expect(comparable(taken, '')).toEqual(comparable(throughAstro, ''));
  });

  it('with an empty session cookie: no session, as Astro reads it, so the start page and not "your answers have gone"', async () => {
    const taken = await createRawClient(server.baseUrl, { localAddress: nextAddress() }).post(
      QUESTION,
      'worriedAboutHarm=no',
      'application/x-www-form-urlencoded',
      {
        cookie: 'sid=',
      },
    );
    const { body, contentType } = multipart({ worriedAboutHarm: 'no' });
    const throughAstro = await createRawClient(server.baseUrl, { localAddress: nextAddress() }).post(QUESTION, body, contentType, { cookie: 'sid=' });
    expect([taken.status, taken.location]).toEqual([303, '/']);
    expect(comparable(taken, '')).toEqual(comparable(throughAstro, ''));
  });

  it('a form longer than any form, sent without a length: the "too large" page (413), the rest of it drained', async () => {
    const { client, token } = await personAtWorried(server.baseUrl);
    const chunk = Buffer.from(`csrfToken=${token}&worriedAboutHarm=no&other=${'x'.repeat(16 * 1024)}`);
    const refused = await client.post(QUESTION, [chunk, ...Array.from({ length: 8 }, () => Buffer.alloc(16 * 1024, 'x'))], 'application/x-www-form-urlencoded');
    expect(refused.status).toBe(413);
    expect(readTitle(refused.body)).toMatch(/^Your answer is too long to send/);
    // Nothing was saved: the question still waits for its answer.
    expect((await client.get(QUESTION)).status).toBe(200);
  });

  it('a page named like something every object has ("constructor") is not found, by either path', async () => {
    const { client, token } = await personAtWorried(server.baseUrl);
    expect((await client.get('/complaint/constructor')).status).toBe(404);
    expect((await client.postForm('/complaint/constructor', { csrfToken: token })).status).toBe(404);
  });

  it('each answer is its own request: its own id, in the header the logs use', async () => {
    const { client, token } = await personAtWorried(server.baseUrl);
    const first = await client.postForm(QUESTION, { csrfToken: token, worriedAboutHarm: 'no' });
    const again = await client.postForm(QUESTION, { csrfToken: token, worriedAboutHarm: 'no' });
    expect(first.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });
});

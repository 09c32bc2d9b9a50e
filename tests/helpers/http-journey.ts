import { toLondonDateTime } from '../../src/domain/dates.ts';

/**
 * The complaint journey driven with plain HTTP, as a browser without JavaScript drives it: a
 * cookie jar, the CSRF token read from each page's form, an `Origin` header on every POST, and
 * each 303 followed to the page it names. Every request has a timeout, so a test that drives
 * journeys in a loop cannot hang on a server that stopped answering.
 */

/** Posted form fields; a list is sent as the same name repeated (checkboxes). */
export type FormFields = Record<string, string | string[]>;

/** One question page and the answers posted to it. */
export interface AnsweredStep {
  step: string;
  fields: FormFields;
}

/** What a person answers, page by page, and then on check answers. */
export interface JourneyScript {
  steps: AnsweredStep[];
  check: FormFields;
}

/** One response, read in full. */
export interface PageResponse {
  status: number;
  /** The path requested. */
  path: string;
  /** The Location header of a redirect, as a path; null otherwise. */
  location: string | null;
  html: string;
  /** From sending the request to reading the whole body. */
  ms: number;
}

/** The journey did not go where it should: says where it stopped and what the server answered. */
export class JourneyStoppedError extends Error {
  override name = 'JourneyStoppedError';
  readonly status: number;
  readonly path: string;
  readonly page: string;
  constructor(expected: string, response: PageResponse) {
    const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/
      .exec(response.html)?.[1]
      ?.replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    super(
      `Expected ${expected}, but ${response.path} answered ${response.status}` +
        (response.location ? ` redirecting to ${response.location}` : '') +
        (heading ? ` with the page "${heading}"` : ''),
    );
    this.status = response.status;
    this.path = response.path;
    this.page = response.html;
  }
}

/** A browser's worth of state for one person: the cookies the service set. */
export interface HttpClient {
  readonly cookies: Map<string, string>;
  get(baseUrl: string, path: string): Promise<PageResponse>;
  /** Posts the fields as application/x-www-form-urlencoded, with the Origin of `baseUrl`. */
  post(baseUrl: string, path: string, fields: FormFields): Promise<PageResponse>;
}

/** The reference format shown on the confirmation page and used in Message-IDs. */
export const REFERENCE_PATTERN = /CSC-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;

const DEFAULT_TIMEOUT_MS = 15_000;

/** Creates a client with an empty cookie jar. Cookies are sent to every server it talks to, as instances behind one host name share them. */
export function createHttpClient(options: { timeoutMs?: number } = {}): HttpClient {
  const cookies = new Map<string, string>();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const request = async (baseUrl: string, path: string, init: { method: 'GET' | 'POST'; body?: string }): Promise<PageResponse> => {
    const url = new URL(path, baseUrl);
    const headers: Record<string, string> = {};
    if (cookies.size > 0) headers['cookie'] = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['origin'] = url.origin;
    }
    const started = performance.now();
    const response = await fetch(url, {
      method: init.method,
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const html = await response.text();
    const ms = performance.now() - started;
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
    }
    const location = response.headers.get('location');
    return {
      status: response.status,
      path: url.pathname,
      location: location === null ? null : new URL(location, url).pathname,
      html,
      ms,
    };
  };

  return {
    cookies,
    get: (baseUrl, path) => request(baseUrl, path, { method: 'GET' }),
    post: (baseUrl, path, fields) => {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) {
        for (const one of typeof value === 'string' ? [value] : value) body.append(name, one);
      }
      return request(baseUrl, path, { method: 'POST', body: body.toString() });
    },
  };
}

/** The CSRF token in a page's form, or undefined when the page has no form. */
export function readCsrfToken(html: string): string | undefined {
  const input = /<input\b[^>]*\bname="csrfToken"[^>]*>/.exec(html)?.[0];
  return input === undefined ? undefined : /\bvalue="([^"]*)"/.exec(input)?.[1];
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', '#39': "'", '#x27': "'", lt: '<', gt: '>' };

/** The hidden inputs of the first form on a page that posts to `action`, as a browser would send them. */
export function readHiddenFields(html: string, action: string): FormFields {
  const form = new RegExp(`<form\\b[^>]*\\baction="${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const [input] of form.matchAll(/<input\b[^>]*>/g)) {
    if (!/\btype="hidden"/.test(input)) continue;
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(input)?.[1] ?? '';
    if (name !== undefined) fields[name] = value.replace(/&(amp|quot|#39|#x27|lt|gt);/g, (_, entity: string) => ENTITIES[entity] ?? '');
  }
  return fields;
}

/** The reference on a confirmation page, or undefined. */
export function readReference(html: string): string | undefined {
  return REFERENCE_PATTERN.exec(html)?.[0];
}

/** The month before last in England, so the answer is in the past and well within 12 months whatever today is. */
function recentMonth(now: Date): { month: string; year: string } {
  const [year, month] = toLondonDateTime(now).date.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - 2;
  return { month: String((index % 12) + 1), year: String(Math.floor(index / 12)) };
}

/**
 * A parent's complaint about one child in the council's care, with an acknowledgement by email:
 * each case owes exactly two emails, the team's and the acknowledgement.
 */
export function createParentJourney(options: { fullName?: string; email?: string; now?: Date } = {}): JourneyScript {
  const when = recentMonth(options.now ?? new Date());
  return {
    steps: [
      { step: 'danger', fields: { dangerNow: 'no' } },
      { step: 'worried', fields: { worriedAboutHarm: 'no' } },
      { step: 'who', fields: { role: 'parent' } },
      { step: 'child-agreement', fields: { childAgreement: 'yes' } },
      { step: 'child-1', fields: { child1Name: 'AB', child1Age: '9', child1Council: 'this' } },
      { step: 'more-children-1', fields: { moreChildren: 'no' } },
      { step: 'service', fields: { services: ['looked_after'] } },
      { step: 'provider', fields: { commissionedProvider: 'no' } },
      { step: 'what-happened', fields: { whatHappened: 'The review meeting was cancelled three times and nobody told us why.' } },
      { step: 'when', fields: { whenKind: 'month', 'whenMonth-month': when.month, 'whenMonth-year': when.year } },
      { step: 'put-right', fields: { outcomeWanted: 'A new date for the review and an explanation.' } },
      { step: 'court-police', fields: { proceedings: 'no' } },
      { step: 'complained-before', fields: { previousComplaint: 'no' } },
      { step: 'documents', fields: { sendDocuments: 'no' } },
      { step: 'your-name', fields: { fullName: options.fullName ?? 'Sam Parent' } },
      { step: 'contact', fields: { contactMethods: ['email'], email: options.email ?? 'sam.parent@example.com' } },
      { step: 'safe-contact', fields: { safeToContact: 'yes' } },
      { step: 'needs', fields: { communicationNeeds: ['none'] } },
    ],
    check: { worriedAtCheck: 'no', wantsAcknowledgement: 'yes' },
  };
}

const expectRedirect = (response: PageResponse, to: string): void => {
  if (response.status !== 303 || response.location !== to) throw new JourneyStoppedError(`a 303 to ${to}`, response);
};

/** Starts a fresh journey (new session cookie) and checks it lands on the first question. */
export async function startJourney(client: HttpClient, baseUrl: string): Promise<void> {
  const response = await client.get(baseUrl, '/complaint/start');
  expectRedirect(response, '/complaint/danger');
  if (!client.cookies.has('sid')) throw new JourneyStoppedError('a session cookie', response);
}

/** Opens a page of the journey and returns its CSRF token; fails if the service sends the person elsewhere. */
export async function openPage(client: HttpClient, baseUrl: string, path: string): Promise<string> {
  const response = await client.get(baseUrl, path);
  const token = response.status === 200 ? readCsrfToken(response.html) : undefined;
  if (token === undefined) throw new JourneyStoppedError(`${path} with a form`, response);
  return token;
}

/**
 * Answers each page in turn, checking every answer leads to the next page in the list, and the
 * last to `then` (check answers unless told otherwise, for a journey answered in parts).
 */
export async function answerSteps(client: HttpClient, baseUrl: string, steps: readonly AnsweredStep[], then = 'check'): Promise<void> {
  for (const [index, { step, fields }] of steps.entries()) {
    const path = `/complaint/${step}`;
    const csrfToken = await openPage(client, baseUrl, path);
    const response = await client.post(baseUrl, path, { csrfToken, ...fields });
    expectRedirect(response, `/complaint/${steps[index + 1]?.step ?? then}`);
  }
}

/** Opens check answers and presses Send; returns the response to the Send itself. */
export async function pressSend(client: HttpClient, baseUrl: string, check: FormFields): Promise<PageResponse> {
  const csrfToken = await openPage(client, baseUrl, '/complaint/check');
  return client.post(baseUrl, '/complaint/check', { csrfToken, ...check });
}

/** Opens the confirmation page and returns the reference it shows. */
export async function readConfirmation(client: HttpClient, baseUrl: string): Promise<string> {
  const response = await client.get(baseUrl, '/complaint/confirmation');
  const reference = response.status === 200 ? readReference(response.html) : undefined;
  if (reference === undefined) throw new JourneyStoppedError('the confirmation page with a reference', response);
  return reference;
}

/** A sent complaint: the reference the person was shown and how long the Send took to answer. */
export interface SentComplaint {
  reference: string;
  sendMs: number;
}

/** Drives a whole journey in a new session and returns the reference shown, with the Send's response time. */
export async function runComplaintJourney(baseUrl: string, script: JourneyScript = createParentJourney()): Promise<SentComplaint> {
  const client = createHttpClient();
  await startJourney(client, baseUrl);
  await answerSteps(client, baseUrl, script.steps);
  const sent = await pressSend(client, baseUrl, script.check);
  expectRedirect(sent, '/complaint/confirmation');
  return { reference: await readConfirmation(client, baseUrl), sendMs: sent.ms };
}

/** Sends one complaint in a new session and returns the reference shown on the confirmation page; throws where it stopped otherwise. */
export async function sendComplaint(baseUrl: string, script?: JourneyScript): Promise<string> {
  return (await runComplaintJourney(baseUrl, script)).reference;
}

/** Runs `task` for 0..count-1 with at most `limit` running at once; results in index order. */
export async function runWithConcurrency<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await task(index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  return results;
}

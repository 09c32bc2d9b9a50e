import { randomInt } from 'node:crypto';
import http from 'node:http';
import { answerSteps, createHttpClient, createParentJourney, openPage, startJourney, type HttpClient } from '../../tests/helpers/http-journey.ts';
import { toUploadBody, UPLOAD_BOUNDARY } from '../../tests/helpers/http-upload.ts';

/**
 * Upload throughput: files posted one at a time to the files page, each read as it streams,
 * typed from its bytes, scanned by a real clamd and stored (encrypted when a key is set), against
 * the baseline server (baseline-server.ts), which copies the same posts to files and syncs each to
 * disk. Both run in processes of their own, write under the same temporary folder, and take the
 * same bodies from the same client, in turn, one at a time.
 */

export interface UploadFigures {
  files: number;
  fileBytes: number;
  /** Files the service did not take (any answer but "added"). */
  refused: number;
  serviceSeconds: number;
  baselineSeconds: number;
}

const MB = 1024 * 1024;

/** Printable text of `size` bytes, different every time, so the scanner has real content to read. */
function toTextFile(size: number): Buffer {
  const line = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) line[i] = i % 80 === 79 ? 0x0a : 0x61 + randomInt(26);
  return line;
}

/** A person standing on the files page, with the page's CSRF token. */
async function openFilesPage(baseUrl: string): Promise<{ client: HttpClient; csrfToken: string }> {
  const client = createHttpClient({ timeoutMs: 60_000 });
  const steps = createParentJourney().steps;
  await startJourney(client, baseUrl);
  await answerSteps(
    client,
    baseUrl,
    [
      ...steps.slice(
        0,
        steps.findIndex((s) => s.step === 'documents'),
      ),
      { step: 'documents', fields: { sendDocuments: 'yes' } },
    ],
    'files',
  );
  return { client, csrfToken: await openPage(client, baseUrl, '/complaint/files') };
}

/**
 * One post of an upload as the browser's form makes it, timed from the first byte sent to the end
 * of the answer. Through node:http rather than fetch: fetch spent about 55 ms of each 4 MB post on
 * this machine against about 14 ms for node:http, most of the baseline's own time, so with fetch
 * the baseline's figure measured the client.
 */
function timedPost(client: HttpClient, baseUrl: string, body: Uint8Array): Promise<{ ms: number; status: number }> {
  const url = new URL('/complaint/files', baseUrl);
  const headers = {
    cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    origin: url.origin,
    'content-type': `multipart/form-data; boundary=${UPLOAD_BOUNDARY}`,
    'content-length': String(body.byteLength),
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, { method: 'POST', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0 }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Posts `files` files of `fileBytes` to the service and the same bodies to the baseline, in turn. */
export async function measureUploads(serviceUrl: string, baselineUrl: string, options: { files: number; fileBytes: number }): Promise<UploadFigures> {
  // A session takes at most 10 files and 25 MB (the council's defaults); one more session warms up.
  const perSession = Math.max(1, Math.min(10, Math.floor((25 * MB) / options.fileBytes)));
  const [warmUp, ...sessions] = await Promise.all(Array.from({ length: 1 + Math.ceil(options.files / perSession) }, () => openFilesPage(serviceUrl)));
  const bodies = Array.from({ length: options.files }, (_, n) => {
    const session = sessions[Math.floor(n / perSession)]!;
    return { session, body: toUploadBody(session.csrfToken, `filename="notes-${n}.txt"`, toTextFile(options.fileBytes)) };
  });

  // Untimed: the first post to a process pays for compiling its upload path.
  const warmUpBody = toUploadBody(warmUp!.csrfToken, 'filename="warm-up.txt"', toTextFile(options.fileBytes));
  for (const baseUrl of [serviceUrl, baselineUrl]) await timedPost(warmUp!.client, baseUrl, warmUpBody);

  let refused = 0;
  let serviceMs = 0;
  let baselineMs = 0;
  for (const [n, { session, body }] of bodies.entries()) {
    const toService = async () => {
      const post = await timedPost(session.client, serviceUrl, body);
      serviceMs += post.ms;
      if (post.status !== 303) refused += 1;
    };
    const toBaseline = async () => {
      const post = await timedPost(session.client, baselineUrl, body);
      baselineMs += post.ms;
      if (post.status !== 303) throw new Error(`The baseline answered an upload with ${post.status}, not 303: its figure would mean nothing.`);
    };
    // Each file to both, each going first every other time: both meet the same moments of a shared
    // machine's load, and neither always follows the other's disk writes.
    if (n % 2 === 0) {
      await toService();
      await toBaseline();
    } else {
      await toBaseline();
      await toService();
    }
  }
  return { files: options.files, fileBytes: options.fileBytes, refused, serviceSeconds: serviceMs / 1000, baselineSeconds: baselineMs / 1000 };
}

import { randomInt } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { answerSteps, createHttpClient, createParentJourney, openPage, startJourney, type HttpClient } from '../../tests/helpers/http-journey.ts';
import { postToFilesPage, toUploadBody, UPLOAD_BOUNDARY } from '../../tests/helpers/http-upload.ts';

/**
 * Upload throughput: files posted one at a time to the files page, each read as it streams,
 * typed from its bytes, scanned by a real clamd and stored (encrypted when a key is set), against
 * a bare node:http server in the same run that only copies the same posts to disk.
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

/** Posts `files` files of `fileBytes` to the service, then the same bodies to a copy-to-disk server. */
export async function measureUploads(baseUrl: string, options: { files: number; fileBytes: number; workDir: string }): Promise<UploadFigures> {
  // A session takes at most 10 files and 25 MB (the council's defaults).
  const perSession = Math.max(1, Math.min(10, Math.floor((25 * MB) / options.fileBytes)));
  const sessions = await Promise.all(Array.from({ length: Math.ceil(options.files / perSession) }, () => openFilesPage(baseUrl)));
  const bodies = Array.from({ length: options.files }, (_, n) => {
    const session = sessions[Math.floor(n / perSession)]!;
    return { session, body: toUploadBody(session.csrfToken, `filename="notes-${n}.txt"`, toTextFile(options.fileBytes)) };
  });

  let refused = 0;
  const started = performance.now();
  for (const { session, body } of bodies) {
    const answer = await postToFilesPage(session.client, baseUrl, body);
    if (answer.status !== 303) refused += 1;
  }
  const serviceSeconds = (performance.now() - started) / 1000;

  let written = 0;
  const baseline = createServer((request, response) => {
    written += 1;
    pipeline(request, createWriteStream(join(options.workDir, `upload-${written}.bin`)))
      .then(() => response.writeHead(303, { Location: '/complaint/files' }).end())
      .catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
  const address = baseline.address();
  const baselineUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const copyStarted = performance.now();
  for (const { session, body } of bodies) {
    await postToFilesPage(session.client, baselineUrl, body, { 'content-type': `multipart/form-data; boundary=${UPLOAD_BOUNDARY}` });
  }
  const baselineSeconds = (performance.now() - copyStarted) / 1000;
  await new Promise((resolve) => baseline.close(resolve));
  return { files: options.files, fileBytes: options.fileBytes, refused, serviceSeconds, baselineSeconds };
}

import type { HttpClient } from './http-journey.ts';

/**
 * Posting to a journey's files page without a browser, as the browser's form does: multipart form
 * data with the session cookie and the page's Origin, or any other body a hostile client chooses.
 */

export const UPLOAD_BOUNDARY = '----complaints-upload-boundary';

export interface UploadResponse {
  status: number;
  html: string;
  location: string | null;
}

/** Posts a raw body to `path` as the client (cookie and Origin), multipart unless `headers` say otherwise. */
export async function postToFilesPage(
  client: HttpClient,
  baseUrl: string,
  body: BodyInit,
  headers: Record<string, string> = {},
  path = '/complaint/files',
): Promise<UploadResponse> {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: {
      cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      origin: new URL(baseUrl).origin,
      'content-type': `multipart/form-data; boundary=${UPLOAD_BOUNDARY}`,
      ...headers,
    },
    body,
    redirect: 'manual',
    // A streamed body (ReadableStream) needs it; undici's RequestInit types do not list it.
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

/** One form field as a multipart part. */
export const multipartField = (name: string, value: string): string =>
  `--${UPLOAD_BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

/** The end of a multipart body. */
export const MULTIPART_END = `--${UPLOAD_BOUNDARY}--\r\n`;

/** The body "Add file" posts: the CSRF token, the button, and one file under `disposition` (`filename="…"`). */
export function toUploadBody(csrfToken: string, disposition: string, bytes: Buffer): Uint8Array<ArrayBuffer> {
  // A copy in a plain ArrayBuffer, which fetch takes as a body.
  const body = Buffer.concat([
    Buffer.from(multipartField('csrfToken', csrfToken) + multipartField('action', 'add')),
    Buffer.from(`--${UPLOAD_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n${MULTIPART_END}`),
  ]);
  return new Uint8Array(body);
}

import { describe, expect, it } from 'vitest';
import { readUploadPost } from '../../../src/server/uploads/multipart.ts';
import { PDF } from '../../fixtures/files.ts';

const BOUNDARY = '----complaints-test-boundary';
const LIMITS = { maxFileBytes: 1024 };

function post(body: Buffer | string, type = `multipart/form-data; boundary=${BOUNDARY}`): Request {
  return new Request('http://127.0.0.1/complaint/files', {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

const field = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePart = (filename: string, bytes: Buffer, name = 'file') =>
  Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`),
    bytes,
    Buffer.from('\r\n'),
  ]);
const end = `--${BOUNDARY}--\r\n`;

describe('readUploadPost', () => {
  it('reads the fields and the one file', async () => {
    const body = Buffer.concat([Buffer.from(field('csrfToken', 'abc') + field('action', 'add')), filePart('letter.pdf', PDF), Buffer.from(end)]);
    const read = await readUploadPost(post(body), { maxFileBytes: 10_000 });
    expect(read.ok && read.fields).toEqual({ csrfToken: 'abc', action: 'add' });
    expect(read.ok && read.file?.name).toBe('letter.pdf');
    expect(read.ok && Buffer.from(read.file!.bytes).equals(PDF)).toBe(true);
  });

  it('keeps only the last part of a name sent with a path', async () => {
    const body = Buffer.concat([filePart('..\\..\\etc/passwd.pdf', PDF), Buffer.from(end)]);
    const read = await readUploadPost(post(body), { maxFileBytes: 10_000 });
    expect(read.ok && read.file?.name).toBe('passwd.pdf');
  });

  it('stops reading a file at the limit', async () => {
    const body = Buffer.concat([filePart('big.pdf', Buffer.alloc(LIMITS.maxFileBytes + 1, 'a')), Buffer.from(end)]);
    expect(await readUploadPost(post(body), LIMITS)).toEqual({ ok: false, code: 'file_too_large' });
  });

  it('refuses a second file', async () => {
    const body = Buffer.concat([filePart('a.pdf', PDF), filePart('b.pdf', PDF), Buffer.from(end)]);
    expect(await readUploadPost(post(body), { maxFileBytes: 10_000 })).toEqual({ ok: false, code: 'unreadable' });
  });

  it('refuses a file under another name than the form’s', async () => {
    const body = Buffer.concat([filePart('a.pdf', PDF, 'other'), Buffer.from(end)]);
    expect(await readUploadPost(post(body), { maxFileBytes: 10_000 })).toEqual({ ok: false, code: 'unreadable' });
  });

  it('refuses thousands of tiny parts', async () => {
    const body = Array.from({ length: 5000 }, (_, n) => field(`f${n}`, 'x')).join('') + end;
    expect(await readUploadPost(post(body), LIMITS)).toEqual({ ok: false, code: 'unreadable' });
  });

  it('refuses a field far longer than the form’s', async () => {
    const body = field('csrfToken', 'x'.repeat(100_000)) + end;
    expect(await readUploadPost(post(body), LIMITS)).toEqual({ ok: false, code: 'unreadable' });
  });

  it('refuses a part whose headers never end', async () => {
    const body = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\nX-Padding: ${'y'.repeat(100_000)}`;
    expect(await readUploadPost(post(body), LIMITS)).toEqual({ ok: false, code: 'unreadable' });
  });

  it.each([
    ['no boundary', 'multipart/form-data', field('a', 'b') + end],
    ['a body that stops half way', `multipart/form-data; boundary=${BOUNDARY}`, `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nhalf`],
    ['not multipart at all', 'application/x-www-form-urlencoded', 'a=b'],
    ['garbage', `multipart/form-data; boundary=${BOUNDARY}`, '\u0000\u0001garbage\r\n\r\n--'],
  ])('refuses %s', async (_what, type, body) => {
    expect(await readUploadPost(post(body, type), LIMITS)).toEqual({ ok: false, code: 'unreadable' });
  });
});

import fc from 'fast-check';
import { normaliseText } from '../../src/forms/form-data.ts';

/**
 * Hostile input for the service's forms, as fast-check arbitraries: text from every Unicode plane
 * (astral characters and lone surrogates included), line breaks and NUL, markup and script, SQL,
 * mail-header and spreadsheet-formula injection, huge values, names repeated thousands of times,
 * and bodies in the wrong shape (JSON, text/plain, multipart with a file, no content type, bytes
 * that are not UTF-8), with the CSRF token right, wrong, missing or doubled.
 *
 * Markers: a page that echoes a value unescaped would show `<fz-…` as a tag or `data-fz="` as an
 * attribute, so a test can look for those two strings in any response.
 */

/** Written into markup payloads; found unescaped in a response, it is an injection. */
export const TAG_MARKER = '<fz-';
/** Written into attribute-breaking payloads; found in a response, a quote was not escaped. */
export const ATTRIBUTE_MARKER = 'data-fz="';

/** Values that have broken web forms, mail headers, spreadsheets and databases before. */
export const injectionPayloads: readonly string[] = [
  '<script>alert("fz")</script><fz-script>',
  '"><fz-img src=x onerror=alert(1)>',
  "'><fz-svg onload=alert(1)>",
  '" data-fz="1" autofocus onfocus="alert(1)',
  '\' data-fz="1',
  '</textarea><fz-after-textarea>',
  '</title><fz-after-title>',
  '<!--<fz-comment>-->',
  '<![CDATA[<fz-cdata>]]>',
  '<fz-a href="javascript:alert(1)">x</fz-a>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}<%= 7*7 %>#{7*7}',
  "' OR '1'='1' --",
  "Robert'); DROP TABLE sessions;--",
  '1; DELETE FROM cases WHERE 1=1; --',
  "\\'; SELECT sqlite_version(); --",
  'x\r\nBcc: fz-victim@evil.example',
  'x\nSubject: fz-injected',
  'x\r\n\r\n<fz-body>',
  '=HYPERLINK("https://evil.example","fz")',
  '+1+1',
  '-2+3',
  '@SUM(1+1)',
  '\t=1+1',
  '\r=1+1',
  '%0d%0aBcc:fz@evil.example',
  '../../../../etc/passwd',
  '__proto__',
  '{"__proto__":{"fz":1}}',
  '\u0000<fz-nul>\u0000',
  '\u202Egnp.exe<fz-rtl>',
  '\uFEFF\u200B\u2028\u2029<fz-separators>',
  'Zoë Łukasz Åsa 李小龍 محمد 🧒🏽👨‍👩‍👧 𝕏',
  'e\u0301\u0301\u0301 a\u030A',
];

/** Single characters that change how text is cut into lines or read. */
const breakingCharacters = [
  '\r',
  '\n',
  '\r\n',
  '\u0000',
  '\t',
  '\u000B',
  '\u000C',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u00A0',
  '\u2028',
  '\u2029',
  '\u202A',
  '\u202E',
  '\u2066',
  '\u200B',
  '\u200D',
  '\uFEFF',
  '\uFFFD',
  '<',
  '>',
  '"',
  "'",
  '&',
  '%',
  '=',
];

/** Any code point, from every plane, astral included. */
export const anyUnicodeArb = fc.string({ unit: 'binary', maxLength: 120 });

/** UTF-16 halves on their own: not text at all, and not encodable as UTF-8. */
export const loneSurrogatesArb = fc.string({
  unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 12,
});

const breakingArb = fc.string({ unit: fc.constantFrom(...breakingCharacters), minLength: 1, maxLength: 40 });

/** A piece repeated to a length between a few thousand characters and past the 64 KB body cap. */
export const hugeTextArb = fc
  .tuple(fc.constantFrom('a', 'é', '<fz-huge>', '🧒', 'x\r\n', '=1+1,'), fc.integer({ min: 2_000, max: 70_000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** Text anyone might post, from harmless to hostile, up to a few hundred characters. */
export const hostileTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: anyUnicodeArb },
  { weight: 3, arbitrary: fc.constantFrom(...injectionPayloads) },
  { weight: 1, arbitrary: loneSurrogatesArb },
  { weight: 1, arbitrary: breakingArb },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(anyUnicodeArb, fc.constantFrom(...injectionPayloads), loneSurrogatesArb, breakingArb), { minLength: 1, maxLength: 5 })
      .map((parts) => parts.join('')),
  },
);

/**
 * Free text a form should accept: no lone surrogates, and once cleaned as the server cleans it
 * (`normaliseText`, then trimmed) not empty and at most `maxLength` characters. Hostile all the
 * same: markup, injections and characters from every plane.
 */
export function acceptableTextArb(maxLength: number): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: Math.min(maxLength, 80) }) },
      { weight: 3, arbitrary: fc.constantFrom(...injectionPayloads) },
      {
        weight: 4,
        arbitrary: fc
          .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom(...injectionPayloads)), { minLength: 1, maxLength: 6 })
          .map((parts) => parts.join(' ')),
      },
    )
    .map((text) => fitText(`${text}`, maxLength))
    .filter((text) => toAcceptedText(text) !== '');
}

/** What the server keeps of a posted text value: cleaned as it cleans every value, then trimmed. */
export function toAcceptedText(posted: string): string {
  return normaliseText(posted).trim();
}

/** Cuts text (by whole code points) until what the server keeps of it is at most `maxLength` UTF-16 units. */
export function fitText(text: string, maxLength: number): string {
  let points = [...normaliseText(text)];
  while (points.length > 0 && toAcceptedText(points.join('')).length > maxLength) points = points.slice(0, -1);
  return points.join('');
}

/** Plain addresses that any mail server takes: letters, digits and the usual punctuation, ASCII only. */
export const plainEmailArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9](?:[a-z0-9._+-]{0,20}[a-z0-9])?$/),
    fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,15}[a-z0-9])?$/),
    fc.constantFrom('example', 'example.org', 'example.co.uk', 'test'),
  )
  .map(([local, host, tld]) => `${local.replace(/\.{2,}/g, '.')}@${host}.${tld}`);

// ---------------------------------------------------------------------------------------------
// Hostile posts

/** How the body is shaped; only the first two are what a browser sends. */
export const bodyKinds = [
  'urlencoded',
  'multipart',
  'multipart-with-file',
  'json',
  'text-plain',
  'no-content-type',
  'urlencoded-odd-charset',
  'not-utf8',
] as const;
export type BodyKind = (typeof bodyKinds)[number];

/** What happens to the CSRF token. */
export const csrfModes = ['valid', 'missing', 'wrong', 'empty', 'doubled-wrong-first', 'doubled-valid-first', 'truncated'] as const;
export type CsrfMode = (typeof csrfModes)[number];

/** One hostile post, before the session's CSRF token is known. */
export interface HostilePost {
  kind: BodyKind;
  csrf: CsrfMode;
  /** Name and value pairs in order; a name may repeat. */
  fields: [string, string][];
  /** A name posted many times over with the same value. */
  repeated: { name: string; value: string; times: number } | null;
  /** One field with a value of thousands of characters, sometimes past the body cap. */
  huge: [string, string] | null;
  /** Appended to the path: nothing, the change-answer flag, or something hostile. */
  query: string;
  /** Sent with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked: boolean;
}

/**
 * Hostile posts for a page whose fields have these names (date parts included, e.g. `whenDate-day`),
 * with these option values for its radios and checkboxes: mostly the page's own names with hostile
 * or sometimes valid values, plus names nobody asked for.
 */
export function hostilePostArb(fieldNames: readonly string[], optionValues: readonly string[] = []): fc.Arbitrary<HostilePost> {
  const nameArb = fc.oneof(
    { weight: 6, arbitrary: fieldNames.length > 0 ? fc.constantFrom(...fieldNames) : fc.constant('answer') },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'website', 'csrfToken', 'services[]', '') },
    { weight: 1, arbitrary: hostileTextArb.map((name) => name.slice(0, 200)) },
  );
  const valueArb = fc.oneof(
    { weight: 6, arbitrary: hostileTextArb },
    { weight: 2, arbitrary: optionValues.length > 0 ? fc.constantFrom(...optionValues) : fc.constant('yes') },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '0', '-1', '99999999999999999999', '1e309', 'NaN', '29', '2', '2026', '31') },
  );
  return fc.record({
    kind: fc.oneof({ weight: 6, arbitrary: fc.constant<BodyKind>('urlencoded') }, { weight: 4, arbitrary: fc.constantFrom(...bodyKinds) }),
    csrf: fc.oneof({ weight: 5, arbitrary: fc.constant<CsrfMode>('valid') }, { weight: 3, arbitrary: fc.constantFrom(...csrfModes) }),
    fields: fc.array(fc.tuple(nameArb, valueArb), { maxLength: 12 }),
    repeated: rarely(
      fc.record({
        name: nameArb.map((name) => name.slice(0, 40)),
        value: fc.oneof(
          fc.constantFrom('x', 'yes', '<fz-rep>', 'é'),
          anyUnicodeArb.map((v) => v.slice(0, 8)),
        ),
        times: fc.integer({ min: 100, max: 5_000 }),
      }),
      5,
    ),
    huge: rarely(fc.tuple(nameArb, hugeTextArb), 6),
    query: fc.oneof(
      { weight: 6, arbitrary: fc.constant('') },
      { weight: 2, arbitrary: fc.constant('?change=1') },
      { weight: 1, arbitrary: hostileTextArb.map((q) => `?change=${encodeURIComponent(q.replace(/[\uD800-\uDFFF]/g, '').slice(0, 300))}`) },
    ),
    chunked: fc.boolean(),
  });
}

/** The value once in `oneIn` times, null otherwise. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arbitrary });

/** Percent-encodes text as a browser would for a form, except that a lone surrogate becomes its raw three bytes (not UTF-8). */
function percentEncode(text: string): string {
  if (text.isWellFormed()) return encodeURIComponent(text);
  let out = '';
  for (const bytes of toWtf8Units(text)) {
    if (bytes.length === 1 && /[A-Za-z0-9*\-._]/.test(String.fromCharCode(bytes[0]!))) out += String.fromCharCode(bytes[0]!);
    else if (bytes.length === 1 && bytes[0] === 0x20) out += '+';
    else out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

/** Each code point as bytes: UTF-8, with lone surrogates as the three bytes UTF-8 forbids. */
function toWtf8Units(text: string): number[][] {
  const units: number[][] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) units.push([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]);
    else units.push([...Buffer.from(char, 'utf8')]);
  }
  return units;
}

/** Raw bytes for text, lone surrogates included as they are. */
function toWtf8Buffer(text: string): Buffer {
  if (text.isWellFormed()) return Buffer.from(text, 'utf8');
  return Buffer.from(toWtf8Units(text).flat());
}

/** The body, content type and every string value a hostile post sends. */
export interface EncodedPost {
  contentType: string | null;
  body: Buffer | Buffer[];
  /** Every value sent, for looking for them echoed unescaped in the response. */
  values: string[];
  /** The bytes sent, counted. */
  size: number;
}

/** Builds the request for a hostile post with the session's real CSRF token. */
export function encodeHostilePost(post: HostilePost, csrfToken: string): EncodedPost {
  const pairs: [string, string][] = [];
  const wrongToken = `${csrfToken.slice(0, -1)}${csrfToken.endsWith('A') ? 'B' : 'A'}`;
  switch (post.csrf) {
    case 'valid':
      pairs.push(['csrfToken', csrfToken]);
      break;
    case 'wrong':
      pairs.push(['csrfToken', wrongToken]);
      break;
    case 'empty':
      pairs.push(['csrfToken', '']);
      break;
    case 'doubled-wrong-first':
      pairs.push(['csrfToken', wrongToken], ['csrfToken', csrfToken]);
      break;
    case 'doubled-valid-first':
      pairs.push(['csrfToken', csrfToken], ['csrfToken', wrongToken]);
      break;
    case 'truncated':
      pairs.push(['csrfToken', csrfToken.slice(0, 10)]);
      break;
    case 'missing':
      break;
  }
  pairs.push(...post.fields);
  if (post.huge) pairs.push(post.huge);
  const values = pairs.filter(([name]) => name !== 'csrfToken').flatMap(([name, value]) => [name, value]);
  let repeatedTail = '';
  if (post.repeated) {
    values.push(post.repeated.name, post.repeated.value);
    const one = `&${percentEncode(post.repeated.name)}=${percentEncode(post.repeated.value)}`;
    // Thousands of repeats, but not megabytes: past the cap is the huge field's job.
    repeatedTail = one.repeat(Math.min(post.repeated.times, Math.floor(120_000 / one.length)));
  }

  let contentType: string | null;
  let bytes: Buffer;
  switch (post.kind) {
    case 'urlencoded':
    case 'no-content-type':
    case 'urlencoded-odd-charset': {
      contentType =
        post.kind === 'urlencoded'
          ? 'application/x-www-form-urlencoded'
          : post.kind === 'no-content-type'
            ? null
            : 'APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-16le';
      bytes = Buffer.from(pairs.map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`).join('&') + repeatedTail, 'latin1');
      break;
    }
    case 'not-utf8': {
      contentType = 'application/x-www-form-urlencoded';
      // Bytes as they are, not percent-encoded: overlong forms, stray continuation bytes, 0xFF.
      const junk = Buffer.from([0xc0, 0xaf, 0x80, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x3c, 0x00]);
      bytes = Buffer.concat([
        Buffer.from(pairs.map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`).join('&'), 'latin1'),
        Buffer.from('&whatHappened='),
        junk,
        Buffer.from(repeatedTail, 'latin1'),
      ]);
      break;
    }
    case 'multipart':
    case 'multipart-with-file': {
      const boundary = `----fz${Math.random().toString(16).slice(2)}`;
      contentType = `multipart/form-data; boundary=${boundary}`;
      const part = (name: string, value: string) =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeMultipartName(name)}"\r\n\r\n`, 'utf8'),
          toWtf8Buffer(value),
          Buffer.from('\r\n'),
        ]);
      const parts = pairs.map(([n, v]) => part(n, v));
      if (post.repeated) {
        const one = part(post.repeated.name, post.repeated.value);
        for (let i = 0; i < Math.min(post.repeated.times, 2_000); i++) parts.push(one);
      }
      if (post.kind === 'multipart-with-file') {
        const file = '<script>alert("fz-file")</script><fz-file>';
        values.push(file);
        parts.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="whatHappened"; filename="../../fz.html"\r\nContent-Type: text/html\r\n\r\n${file}\r\n`,
            'utf8',
          ),
        );
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      bytes = Buffer.concat(parts);
      break;
    }
    case 'json': {
      contentType = 'application/json';
      const object: Record<string, unknown> = {};
      for (const [n, v] of pairs) object[n] = v;
      bytes = Buffer.from(JSON.stringify(object), 'utf8');
      break;
    }
    case 'text-plain': {
      contentType = 'text/plain';
      bytes = Buffer.concat(pairs.map(([n, v]) => toWtf8Buffer(`${n}=${v}\r\n`)));
      break;
    }
  }
  const size = bytes.length;
  if (!post.chunked) return { contentType, body: bytes, values, size };
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16_384) chunks.push(bytes.subarray(offset, offset + 16_384));
  return { contentType, body: chunks.length > 0 ? chunks : [Buffer.alloc(0)], values, size };
}

/** A field name in a multipart header, escaped as browsers do (quote and line breaks). */
function escapeMultipartName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * The posted values, raw and as the server cleans them, that a response must never contain as
 * they are: those with a `<` and enough else besides that they cannot be an ordinary bit of the
 * page (a lone `<` or `</p>` is in every page anyway).
 */
export function findUnescapedEchoes(html: string, values: readonly string[]): string[] {
  const found = new Set<string>();
  for (const value of values) {
    for (const candidate of new Set([value, normaliseText(value), normaliseText(value).trim()])) {
      if (!candidate.includes('<')) continue;
      if (candidate.replace(/\s/g, '').length < 7) continue;
      if (html.includes(candidate)) found.add(candidate);
    }
  }
  if (html.includes(TAG_MARKER)) found.add(TAG_MARKER);
  if (html.includes(ATTRIBUTE_MARKER)) found.add(ATTRIBUTE_MARKER);
  return [...found];
}

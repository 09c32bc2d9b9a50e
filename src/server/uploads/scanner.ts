import { connect, type Socket } from 'node:net';

/**
 * A client for clamd's INSTREAM command (clamd(8), "INSTREAM"): the file is sent as chunks, each
 * prefixed by its length as a 4-byte big-endian number, ended by a zero-length chunk; clamd
 * answers one line, `stream: OK`, `stream: <signature> FOUND` or `… ERROR`. The `z` prefix makes
 * commands and the answer end with a NUL rather than a newline. No client on npm is both kept up
 * and small; the protocol is a few lines.
 */

export type ScanOutcome =
  | { kind: 'clean' }
  | { kind: 'infected'; signature: string }
  /** clamd could not be reached, timed out, or answered with an error: nobody knows whether the file is safe. */
  | { kind: 'unavailable'; reason: string };

export interface Scanner {
  scan(bytes: Uint8Array): Promise<ScanOutcome>;
}

/** clamd's default StreamMaxLength is 25 MB; chunks well below its buffer. */
const CHUNK_BYTES = 64 * 1024;
/** A 10 MB file scans in well under a second; this only catches a clamd that has hung. */
export const SCAN_TIMEOUT_MS = 30_000;

/** Where to reach clamd: `tcp://host:port` or `unix:///path/to/socket`. */
function toConnectOptions(url: URL): { host: string; port: number } | { path: string } {
  if (url.protocol === 'unix:') return { path: decodeURIComponent(url.pathname) };
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) };
}

/** Reads clamd's one answer line (NUL-terminated with the `z` prefix) as a scan outcome. */
export function parseClamdReply(reply: string): ScanOutcome {
  const line = reply.replace(/\0+$/, '').trim();
  if (line === 'stream: OK') return { kind: 'clean' };
  const found = /^stream: (.+) FOUND$/.exec(line);
  if (found) return { kind: 'infected', signature: found[1] ?? '' };
  // "INSTREAM size limit exceeded. ERROR", "… ERROR", or anything unexpected: not a verdict.
  return { kind: 'unavailable', reason: line.slice(0, 200) || 'empty reply' };
}

/** Creates a scanner for the clamd at `clamavUrl`; each scan opens its own connection. */
export function createClamdScanner(clamavUrl: string, timeoutMs = SCAN_TIMEOUT_MS): Scanner {
  const options = toConnectOptions(new URL(clamavUrl));
  return {
    scan: (bytes) =>
      new Promise<ScanOutcome>((resolve) => {
        const replies: Buffer[] = [];
        let settled = false;
        const finish = (outcome: ScanOutcome, socket: Socket) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          socket.destroy();
          resolve(outcome);
        };
        const socket = connect(options);
        const timer = setTimeout(() => finish({ kind: 'unavailable', reason: `no answer within ${timeoutMs} ms` }, socket), timeoutMs);
        socket.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'unavailable', reason: error.code ?? error.message }, socket));
        socket.on('data', (chunk: Buffer) => {
          replies.push(chunk);
          // The answer is complete at its NUL; clamd may close the connection then or later.
          if (chunk.includes(0)) finish(parseClamdReply(Buffer.concat(replies).toString('utf8')), socket);
        });
        socket.on('end', () => finish(parseClamdReply(Buffer.concat(replies).toString('utf8')), socket));
        socket.on('connect', () => {
          socket.write('zINSTREAM\0');
          for (let offset = 0; offset < bytes.byteLength; offset += CHUNK_BYTES) {
            const chunk = bytes.subarray(offset, Math.min(offset + CHUNK_BYTES, bytes.byteLength));
            const length = Buffer.alloc(4);
            length.writeUInt32BE(chunk.byteLength);
            socket.write(length);
            socket.write(chunk);
          }
          socket.write(Buffer.alloc(4));
        });
      }),
  };
}

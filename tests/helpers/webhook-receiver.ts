import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One post as the receiver took it: the Standard Webhooks headers, the body, and whether the library's verifier accepted it. */
export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** `Webhook.verify` accepted the signature and timestamp. */
  verified: boolean;
  /** What the receiver answered. */
  status: number;
}

/** A case-management system's receiving end: a real HTTP server on 127.0.0.1 that verifies every post. */
export interface TestWebhookReceiver {
  readonly url: string;
  readonly port: number;
  /** The secret it verifies with, in the form CASE_WEBHOOK_SECRET takes. */
  readonly secret: string;
  readonly received: ReceivedWebhook[];
  /** How to answer each post from now on: a status, or a redirect elsewhere; `hang` never answers. */
  answerWith(answer: number | { redirect: string } | 'hang'): void;
  /** Posts it verified and answered with a 2xx, by webhook-id: what a receiver that drops replays would keep. */
  accepted(): Map<string, ReceivedWebhook>;
  /** Resolves once it has accepted `count` distinct webhook-ids, or fails after the timeout. */
  waitForAccepted(count: number, timeoutMs?: number): Promise<Map<string, ReceivedWebhook>>;
  /** Closes the port, as an outage does. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** A fresh secret: 32 random bytes, as `whsec_` and base64. */
export function createWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Starts a receiver on a free port on 127.0.0.1 (or on `path` of it). */
export async function startWebhookReceiver(options: { secret?: string; path?: string } = {}): Promise<TestWebhookReceiver> {
  const secret = options.secret ?? createWebhookSecret();
  const verifier = new Webhook(secret);
  const received: ReceivedWebhook[] = [];
  const sockets = new Set<Socket>();
  let answer: number | { redirect: string } | 'hang' = 204;
  let server: Server | undefined;
  let port = 0;

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => String(request.headers[name] ?? '');
      const headers = {
        'webhook-id': header('webhook-id'),
        'webhook-timestamp': header('webhook-timestamp'),
        'webhook-signature': header('webhook-signature'),
      };
      let verified: boolean;
      try {
        verifier.verify(body, headers);
        verified = true;
      } catch {
        verified = false;
      }
      const status = typeof answer === 'number' ? answer : answer === 'hang' ? 0 : 307;
      received.push({ id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], body, verified, status });
      if (answer === 'hang') return;
      if (typeof answer === 'object') response.writeHead(307, { location: answer.redirect }).end();
      else response.writeHead(verified ? answer : 401).end();
    });
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer(handle);
      next.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        port = (next.address() as AddressInfo).port;
        server = next;
        resolve();
      });
    });
  await listen();

  const accepted = () => {
    const byId = new Map<string, ReceivedWebhook>();
    for (const post of received) if (post.verified && post.status >= 200 && post.status < 300 && !byId.has(post.id)) byId.set(post.id, post);
    return byId;
  };

  return {
    get url() {
      return `http://127.0.0.1:${port}${options.path ?? '/hooks/cases'}`;
    },
    get port() {
      return port;
    },
    secret,
    received,
    answerWith(next) {
      answer = next;
    },
    accepted,
    async waitForAccepted(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (accepted().size < count) {
        if (Date.now() > deadline)
          throw new Error(`Accepted ${accepted().size} of ${count} webhooks within ${timeoutMs} ms (${received.length} posts in all).`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return accepted();
    },
    async stop() {
      const closing = server;
      server = undefined;
      if (closing === undefined) return;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    start: () => (server === undefined ? listen() : Promise.resolve()),
  };
}

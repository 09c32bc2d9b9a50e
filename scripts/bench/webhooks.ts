/**
 * Webhooks delivered per second: cases written to a SQLite outbox, posted by one outbox worker
 * to a receiver on 127.0.0.1 that verifies every signature with standardwebhooks, as a
 * case-management system would. One worker sends one message per claim, as in the service.
 *
 *   node scripts/bench/webhooks.ts [count]
 */
import '../check-node.mjs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { createLogger } from '../../src/server/log.ts';
import { createMailTransport } from '../../src/server/mail/transport.ts';
import { createOutboxWorker } from '../../src/server/outbox/worker.ts';
import { createStore } from '../../src/server/store/index.ts';

const count = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'bench-webhooks-'));
const secret = `whsec_${randomBytes(32).toString('base64')}`;
const verifier = new Webhook(secret);
let verified = 0;
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    verifier.verify(Buffer.concat(chunks).toString('utf8'), request.headers as Record<string, string>);
    verified += 1;
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

try {
  const store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
  // About the size of a complaint's document with a few paragraphs of answers.
  const answer = 'The review meeting was cancelled three times and nobody told us why. '.repeat(20);
  for (let n = 0; n < count; n++) {
    const reference = `CSC-BNCH-${String(n).padStart(4, '0')}`;
    const body = JSON.stringify({ kind: 'complaint', reference, case: { answerRows: [{ section: 'What happened', question: 'What happened?', answer }] } });
    await store.submitCase({
      sessionId: null,
      reference,
      kind: 'complaint',
      createdAt: Date.now(),
      summary: { kind: 'request', journey: 'bench', reference },
      record: {},
      messages: [{ kind: 'webhook', messageId: `${reference}.complaint`, body }],
    });
  }
  const worker = createOutboxWorker({
    store,
    transport: createMailTransport({ dataDir: dir, from: 'bench@example.gov.uk' }),
    webhook: { url, secret },
    log: createLogger({ level: 'error' }),
    pollMs: 1000,
    workerId: 'bench',
  });
  const started = performance.now();
  const summary = await worker.runOnce();
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  await store.close();
  process.stdout.write(
    `${summary.delivered} of ${count} webhooks delivered and verified (${verified}) in ${seconds.toFixed(2)} s: ${Math.round(summary.delivered / seconds)} webhooks/s (one worker, SQLite, ~1.5 KB bodies)\n`,
  );
} finally {
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}

import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClamdScanner, parseClamdReply } from '../../../src/server/uploads/scanner.ts';
import { EICAR, startClamd, type TestClamd } from '../../helpers/clamd.ts';
import { PDF, textOfSize } from '../../fixtures/files.ts';

describe('parseClamdReply', () => {
  it.each([
    ['stream: OK\0', { kind: 'clean' }],
    ['stream: Eicar-Test-Signature FOUND\0', { kind: 'infected', signature: 'Eicar-Test-Signature' }],
    ['INSTREAM size limit exceeded. ERROR\0', { kind: 'unavailable', reason: 'INSTREAM size limit exceeded. ERROR' }],
    // A connection closed before any answer.
    ['', { kind: 'unavailable', reason: 'empty reply' }],
  ])('reads %j', (reply, outcome) => {
    expect(parseClamdReply(reply)).toEqual(outcome);
  });
});

describe('createClamdScanner against a real clamd', () => {
  let clamd: TestClamd;
  beforeAll(async () => {
    clamd = await startClamd();
  }, 90_000);
  afterAll(() => clamd?.dispose());

  it('finds the EICAR test file', async () => {
    expect(await createClamdScanner(clamd.url).scan(EICAR)).toEqual({ kind: 'infected', signature: 'eicar.com.UNOFFICIAL' });
  });

  it('passes a clean PDF', async () => {
    expect(await createClamdScanner(clamd.url).scan(PDF)).toEqual({ kind: 'clean' });
  });

  it('scans a file bigger than one chunk', async () => {
    expect(await createClamdScanner(clamd.url).scan(textOfSize(3 * 1024 * 1024 + 17))).toEqual({ kind: 'clean' });
  });

  it('scans files sent at the same time separately', async () => {
    const scanner = createClamdScanner(clamd.url);
    const outcomes = await Promise.all([PDF, EICAR, PDF, EICAR].map((file) => scanner.scan(file)));
    expect(outcomes.map((o) => o.kind)).toEqual(['clean', 'infected', 'clean', 'infected']);
  });
});

describe('createClamdScanner without a working clamd', () => {
  it('says the scanner is unavailable when nothing listens', async () => {
    const clamd = await startClamd();
    try {
      await clamd.stop();
      expect(await createClamdScanner(clamd.url).scan(PDF)).toEqual({ kind: 'unavailable', reason: 'ECONNREFUSED' });
      // And it is back when clamd is.
      await clamd.start();
      expect(await createClamdScanner(clamd.url).scan(PDF)).toEqual({ kind: 'clean' });
    } finally {
      await clamd.dispose();
    }
  }, 90_000);

  it('gives up on a scanner that never answers', async () => {
    const silent: Server = createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      expect(await createClamdScanner(`tcp://127.0.0.1:${port}`, 300).scan(PDF)).toEqual({ kind: 'unavailable', reason: 'no answer within 300 ms' });
    } finally {
      silent.close();
    }
  });
});

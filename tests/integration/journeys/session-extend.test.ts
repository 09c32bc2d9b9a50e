import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POST as extend } from '../../../src/pages/session/extend.ts';
import { loadConfig } from '../../../src/server/config.ts';
import type { Runtime } from '../../../src/server/runtime.ts';
import { createStore, type SessionRecord, type Store } from '../../../src/server/store/index.ts';

/** "Stay on this page" in the timeout warning: the session's expiry moves on only with its own CSRF token. */

const HOUR = 60 * 60 * 1000;
let dir: string;
let store: Store;
let runtime: Runtime;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'extend-test-'));
  const config = loadConfig({ DATA_DIR: dir });
  store = await createStore({ database: config.database });
  runtime = { config, store } as Runtime;
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const press = (session: SessionRecord | undefined, csrfToken: string) =>
  extend({
    locals: { runtime, session },
    request: new Request('http://localhost/session/extend', { method: 'POST', body: new URLSearchParams({ csrfToken }) }),
  } as never) as Promise<Response>;

describe('POST /session/extend', () => {
  it('moves the expiry on by the whole session time, keeping the answers', async () => {
    const now = Date.now();
    const session = await store.createSession({ now, expiresAt: now + 60_000, data: { journey: 'complaint', answers: { danger: { dangerNow: 'no' } } } });
    const response = await press(session, session.csrfToken);
    expect(response.status).toBe(204);
    const kept = await store.getSession(session.id, now);
    expect(kept?.expiresAt).toBeGreaterThanOrEqual(now + runtime.config.session.ttlMinutes * 60_000);
    expect(kept?.data).toEqual(session.data);
  });

  it('refuses a wrong token and leaves the expiry as it was', async () => {
    const now = Date.now();
    const session = await store.createSession({ now, expiresAt: now + HOUR, data: {} });
    expect((await press(session, 'not-the-token')).status).toBe(403);
    expect((await store.getSession(session.id, now))?.expiresAt).toBe(now + HOUR);
  });

  it('refuses when there is no session to keep', async () => {
    expect((await press(undefined, 'anything')).status).toBe(403);
  });
});

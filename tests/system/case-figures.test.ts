import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFiguresSchema } from '../../src/domain/case-figures.ts';
import type { Council } from '../../src/domain/council.ts';
import { serviceJourneys } from '../../src/forms/journeys/index.ts';
import { createStore } from '../../src/server/store/index.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil } from '../helpers/councils.ts';
import { createChooser, createJourneyModel, planWalk, replayWalk } from '../helpers/journey-walker.ts';
import { readHealth, startServerProcess, stopAllServerProcesses, waitFor, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { createDataDir, NO_RATE_LIMIT, printFigures, withSqlite } from './support.ts';

/**
 * The anonymous figures kept for the annual report, from the built service: full journeys of
 * every kind, each free-text answer and email address a distinctive marker, and the rows checked
 * to hold none of them, no reference and no date finer than the month; then retention deletes the
 * cases' personal data and the rows stay.
 */

const council: Council = exampleCouncil();
const copy = createTestCopy(council);
const WALKS_PER_JOURNEY = 6;
const DAY = 24 * 60 * 60 * 1000;

describe('anonymous case figures', () => {
  let smtp: TestSmtpServer;
  let server: ServerProcess;
  const dataDir = createDataDir('figures');

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startServerProcess({ env: { DATA_DIR: dataDir.path, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100', ...NO_RATE_LIMIT } });
  });

  afterAll(async () => {
    await stopAllServerProcesses();
    await smtp?.stop();
    dataDir.remove();
  });

  it('keep one row per case with none of what anyone typed, and outlive retention', async () => {
    const markers: string[] = [];
    const references: string[] = [];
    for (const [index, journey] of serviceJourneys.entries()) {
      const model = createJourneyModel(journey, copy);
      let sent = 0;
      for (let seed = 1 + index * 10_000; sent < WALKS_PER_JOURNEY && seed < 1 + index * 10_000 + 500; seed++) {
        const chooser = createChooser(seed, {
          // Every free-text box gets a marker of its own, the optional ones too.
          freeText: (field) => {
            const marker = `Zqx${markers.length}k`.slice(0, field.maxLength ?? 100);
            markers.push(marker);
            return marker;
          },
          email: () => {
            const marker = `zqmail${markers.length}@example.com`;
            markers.push(marker);
            return marker;
          },
        });
        const plan = planWalk(model, council, chooser, { preferences: { options: { sendAnyway: 'yes' } } });
        if (plan.end !== 'check') continue;
        const { reference } = await replayWalk(server.baseUrl, plan, { send: true });
        references.push(reference!);
        sent++;
      }
      expect(sent, `walks of ${journey.id} sent`).toBe(WALKS_PER_JOURNEY);
    }
    await waitFor(async () => (await readHealth(server.baseUrl)).body.outbox.depth === 0, { timeoutMs: 30_000, describe: () => 'the outbox to empty' });

    const rows = () => withSqlite(dataDir.path, (db) => db.prepare('SELECT * FROM case_figures').all() as Record<string, unknown>[]);
    const before = rows();
    expect(before).toHaveLength(references.length);
    const text = JSON.stringify(before);
    const found = markers.filter((marker) => text.includes(marker));
    expect(found).toEqual([]);
    expect(references.filter((reference) => text.includes(reference))).toEqual([]);
    // No date finer than the month, nor any time.
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/\d{2}:\d{2}/);
    for (const row of before) {
      expect(Object.keys(row).sort()).toEqual(['facts', 'id', 'kind', 'month']);
      expect(caseFiguresSchema.safeParse(JSON.parse(String(row['facts']))).success).toBe(true);
    }
    const kinds = new Set(before.map((row) => row['kind']));
    expect([...kinds].sort()).toEqual([...new Set(serviceJourneys.map((journey) => journey.submission.kind))].sort());

    // Retention a year on: the cases' personal data goes, the figures stay.
    const store = await createStore({ database: { kind: 'sqlite', path: join(dataDir.path, 'complaints.sqlite') } });
    try {
      const purged = await store.purge(Date.now() + 365 * DAY, { retentionMs: 30 * DAY });
      expect(purged.cases).toBe(references.length);
    } finally {
      await store.close();
    }
    expect(withSqlite(dataDir.path, (db) => db.prepare('SELECT COUNT(*) AS n FROM cases WHERE record IS NOT NULL').get())).toEqual({ n: 0 });
    expect(rows()).toEqual(before);
    printFigures('anonymous figures', {
      cases: references.length,
      markers: markers.length,
      'markers found in the figures': found.length,
      'rows after retention': rows().length,
    });
  });
});

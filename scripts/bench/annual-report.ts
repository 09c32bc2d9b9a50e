/**
 * How long `npm run report` takes over a year of anonymous figures: rows written to a SQLite
 * store (one case each), then the report read, counted, drawn and written, timed as a whole.
 *
 *   node scripts/bench/annual-report.ts [rows]
 */
import '../check-node.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monthsBetween } from '../../src/domain/annual-report.ts';
import { caseFiguresVersion, type CaseFigures } from '../../src/domain/case-figures.ts';
import { readCouncilFile, toCouncilFilePath } from '../../src/server/council.ts';
import { loadCopy } from '../../src/server/i18n/load.ts';
import { createStore } from '../../src/server/store/index.ts';
import { runReportCommand } from '../report.ts';

const rows = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
try {
  const councilSource = toCouncilFilePath('example-borough', undefined);
  const council = readCouncilFile(councilSource);
  const copy = loadCopy({ council, councilSource, locale: 'en', settings: { retentionDays: 30, sessionMinutes: 120 }, strict: true });
  const store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
  const months = monthsBetween('2026-04', '2027-03');
  const services = council.services.map((s) => s.id);
  for (let n = 0; n < rows; n++) {
    const reference = `CSC-BNCH-${String(n).padStart(5, '0')}`;
    const common = { version: caseFiguresVersion, month: months[n % 12]!, weekday: 'monday' } as const;
    const figures: CaseFigures =
      n % 5 === 4
        ? { ...common, kind: 'feedback', feedbackKind: 'compliment' }
        : {
            ...common,
            kind: 'complaint',
            route: n % 3 === 0 ? 'corporate' : 'statutory',
            rules: ['R5'],
            flags: [],
            category: 'parent',
            services: [services[n % services.length]!],
            path: 'adult',
            outOfTime: n % 7 === 0,
            advocacyRequested: false,
            safeguarding: n % 11 === 0,
          };
    await store.submitCase({
      sessionId: null,
      reference,
      kind: figures.kind === 'feedback' ? 'feedback' : 'complaint',
      createdAt: 0,
      summary: { kind: 'request', journey: 'bench', reference },
      record: {},
      messages: [],
      figures,
    });
  }
  const started = performance.now();
  await runReportCommand(['--from', '2026-04', '--to', '2027-03', '--out', join(dir, 'out')], {
    store,
    council,
    copy,
    now: new Date(),
    write: () => undefined,
  });
  const ms = performance.now() - started;
  await store.close();
  process.stdout.write(`Report over ${rows} rows (read, counted, 9 charts drawn, HTML and CSV written): ${Math.round(ms)} ms\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

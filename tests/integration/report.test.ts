import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReportCommand, type ReportCommandContext } from '../../scripts/report.ts';
import { toAnnualReport } from '../../src/domain/annual-report.ts';
import type { CaseFigures } from '../../src/domain/case-figures.ts';
import { renderAnnualReportHtml } from '../../src/server/report/html.ts';
import { createStore, type Store } from '../../src/server/store/index.ts';
import { complaintSummary } from '../fixtures/case-summaries.ts';
import { figuresYear, seedFiguresYear } from '../fixtures/case-figures.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil } from '../helpers/councils.ts';

/** `npm run report` against a real SQLite store holding a seeded year of figures. */

const council = exampleCouncil();
const copy = createTestCopy(council);

describe('npm run report', () => {
  let dir: string;
  let store: Store;
  let output: string;
  const context = (): ReportCommandContext => ({ store, council, copy, now: new Date('2027-04-02T09:00:00Z'), write: (text) => (output += text) });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-test-'));
    store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
    output = '';
    for (const [n, figures] of seedFiguresYear().entries()) {
      const reference = `CSC-RPRT-${String(n).padStart(4, '0')}`;
      await store.submitCase({
        sessionId: null,
        reference,
        kind: 'complaint',
        createdAt: 0,
        summary: complaintSummary(reference),
        record: {},
        messages: [],
        figures,
      });
    }
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a self-contained HTML report and a CSV for the months asked for', async () => {
    const out = join(dir, 'out');
    expect(await runReportCommand(['--from', figuresYear.from, '--to', figuresYear.to, '--out', out], context())).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['annual-report-2026-04-to-2027-03.csv', 'annual-report-2026-04-to-2027-03.html']);
    expect(output).toContain('195 cases counted.');
    const html = readFileSync(join(out, 'annual-report-2026-04-to-2027-03.html'), 'utf8');
    // Nothing to fetch and nothing to run: it opens the same from an email attachment or a USB stick.
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    expect(html.match(/<svg /g)).toHaveLength(9);
    expect(html.match(/<table /g)).toHaveLength(9);
    expect(html).toContain('<h1 class="govuk-heading-xl">Children&#39;s social care complaints: April 2026 to March 2027</h1>');
    expect(html).toContain('fewer than 5');
    expect(html).toContain('Made on Friday 2 April 2027');
    const csv = readFileSync(join(out, 'annual-report-2026-04-to-2027-03.csv'), 'utf8');
    expect(csv).toContain('Complaints by route,Total,120\r\n');
  });

  it.each([
    [['--from', '2026-04']],
    [['--from', '2027-03', '--to', '2026-04']],
    [['--from', '2026-13', '--to', '2027-03']],
    [['--from', '2026-04', '--to', '2027-03', '--format', 'pdf']],
  ])('refuses %j with the usage', async (args) => {
    expect(await runReportCommand(args, { ...context(), write: (text) => (output += text) })).toBe(1);
    expect(output).toContain('npm run report -- --from 2026-04 --to 2027-03');
  });
});

describe('the published report', () => {
  it('gives no count of all cases, from which a hidden one could be worked out by subtraction', async () => {
    const base = { version: 1 as const, month: '2026-05', weekday: 'monday' as const };
    const figures: CaseFigures[] = [
      ...seedFiguresYear().filter((f) => f.kind === 'complaint' && f.month === '2026-05'),
      ...Array.from({ length: 6 }, () => ({ ...base, kind: 'escalation' as const, stage: 2 as const, late: false, flags: [], safeguarding: false })),
      ...Array.from({ length: 2 }, () => ({ ...base, kind: 'escalation' as const, stage: 3 as const, late: false, flags: [], safeguarding: false })),
      ...Array.from({ length: 5 }, () => ({ ...base, kind: 'feedback' as const, feedbackKind: 'compliment' as const })),
    ];
    const report = toAnnualReport(figures, { from: '2026-04', to: '2027-03', council, t: copy.t });
    expect(report.tables.find((table) => table.id === 'stages')?.rows[2]).toMatchObject({ count: 2, hidden: true });
    // 10 complaints, 6 stage 2 requests and 5 compliments are shown: a total of 23 would give away the 2 stage 3 requests.
    const words = (await renderAnnualReportHtml(report, { t: copy.t, madeOn: 'today' })).replace(/<svg[\s\S]*?<\/svg>/g, '');
    expect(words).toContain('>10<');
    expect(words).not.toMatch(/\b23\b/);
  });
});

import { describe, expect, it } from 'vitest';
import { monthsBetween, showCount, toAnnualReport, toAnnualReportCsv, withSuppression, type AnnualReport } from '../../../src/domain/annual-report.ts';
import { figuresYear, seedFiguresYear } from '../../fixtures/case-figures.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

const council = exampleCouncil();
const { t } = createTestCopy(council);
const report = toAnnualReport(seedFiguresYear(), { ...figuresYear, council, t });

/** A table's rows as [label, what it shows], total last. */
const shown = (r: AnnualReport, id: string) => {
  const table = r.tables.find((candidate) => candidate.id === id)!;
  return [...table.rows, ...(table.total ? [table.total] : [])].map((cell) => [cell.label, cell.hidden ? 'hidden' : cell.count]);
};

describe('toAnnualReport over a seeded year', () => {
  it('counts only the months asked for', () => {
    expect(report.cases).toBe(195);
    expect(report.title).toBe("Children's social care complaints: April 2026 to March 2027");
  });

  it('counts complaints by route', () => {
    expect(shown(report, 'routes')).toEqual([
      ['Children Act procedure (statutory)', 72],
      ["Council's own procedure (corporate)", 36],
      ['Partly statutory, partly corporate', 12],
      ['Belongs to another organisation', 0],
      ['To be decided by the complaints manager', 0],
      ['Total', 120],
    ]);
  });

  it('counts stage 2 and 3 requests and the late ones, hiding the single stage 3 request', () => {
    expect(shown(report, 'stages')).toEqual([
      ['Stage 2 requests', 24],
      ['Stage 2 requests made late', 12],
      ['Stage 3 requests', 'hidden'],
      ['Stage 3 requests made late', 0],
    ]);
  });

  it('hides the late requests when the ones made in time, their difference from the stage count, are few', () => {
    const escalation = (late: boolean) => ({
      version: 1 as const,
      month: '2026-05',
      weekday: 'monday' as const,
      kind: 'escalation' as const,
      stage: 2 as const,
      late,
      flags: [],
      safeguarding: false,
    });
    const figures = [...Array.from({ length: 6 }, () => escalation(true)), escalation(false)];
    const stages = toAnnualReport(figures, { ...figuresYear, council, t });
    expect(shown(stages, 'stages').slice(0, 2)).toEqual([
      ['Stage 2 requests', 7],
      ['Stage 2 requests made late', 'hidden'],
    ]);
  });

  it('counts who complained', () => {
    const who = new Map(shown(report, 'who').map(([label, count]) => [label, count]));
    expect([who.get('A parent'), who.get('A foster carer'), who.get('A child or young person'), who.get('An advocate'), who.get('Total')]).toEqual([
      72, 36, 12, 0, 120,
    ]);
  });

  it('counts every service a complaint was about, by the council’s own labels', () => {
    const what = new Map(shown(report, 'what').map(([label, count]) => [label, count]));
    expect(what.get(council.services.find((s) => s.id === 'children_in_need')!.label)).toBe(72);
    expect(what.get(council.services.find((s) => s.id === 'fostering_support')!.label)).toBe(48);
    expect(what.get(council.services.find((s) => s.id === 'looked_after')!.label)).toBe(12);
  });

  it('counts complaints made after 12 months', () => {
    expect(shown(report, 'outOfTime')).toEqual([
      ['Within 12 months, or not known', 108],
      ['More than 12 months after', 12],
      ['Total', 120],
    ]);
  });

  it('counts requests for an advocate, hiding the two from children', () => {
    expect(shown(report, 'advocacy')).toEqual([
      ['Asked by the child or young person', 'hidden'],
      ['Asked by a care leaver', 0],
      ['Asked by an adult for a child', 0],
      ['Asked for inside a complaint', 12],
    ]);
  });

  it('counts safeguarding flags, compliments and months', () => {
    expect(shown(report, 'safeguarding')).toEqual([
      ['Complaints', 12],
      ['Stage 2 and 3 requests', 0],
      ['Requests for an advocate', 0],
    ]);
    expect(shown(report, 'feedback')).toEqual([
      ['Compliments', 36],
      ['Suggestions', 12],
      ['Other feedback', 0],
      ['Total', 48],
    ]);
    expect(shown(report, 'months')).toEqual([
      ...monthsBetween('2026-04', '2027-03').map((month) => [
        new Date(`${month}-01`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
        10,
      ]),
      ['Total', 120],
    ]);
    expect(shown(report, 'months')[0]).toEqual(['April 2026', 10]);
  });
});

describe('withSuppression', () => {
  it.each([
    // [counts, total, which are hidden]
    [[3, 10, 20], 33, [true, true, false]], // the smallest other count goes too, or 3 = 33 - 10 - 20
    [[3, 4, 20], 27, [true, true, false]], // two hidden already: neither can be worked out
    [[3, 10, 20], undefined, [true, false, false]], // no total to subtract from
    [[0, 5, 20], 25, [false, false, false]], // nothing is a count from 1 to 4; 0 says nothing of anyone
    [[1, 0, 0], 1, [true, false, false]], // the total hides itself
  ])('hides %j (total %s) as %j', (counts, total, hidden) => {
    const result = withSuppression(
      counts.map((count, n) => ({ label: `row ${n}`, count })),
      total === undefined ? undefined : { label: 'Total', count: total },
    );
    expect(result.rows.map((cell) => cell.hidden)).toEqual(hidden);
    if (total !== undefined) expect(result.total?.hidden).toBe(total > 0 && total < 5);
  });
});

describe('showCount', () => {
  it('never says "fewer than 5" of a count hidden only so that a small one cannot be worked out', () => {
    const { rows } = withSuppression(
      [3, 10, 20].map((count, n) => ({ label: `row ${n}`, count })),
      { label: 'Total', count: 33 },
    );
    expect(rows.map((cell) => showCount(cell, t))).toEqual(['fewer than 5', 'not shown', '20']);
  });
});

describe('toAnnualReportCsv', () => {
  const rows = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');

  it('gives one line per count, "fewer than 5" for hidden ones, with CRLF and a byte order mark', () => {
    const csv = toAnnualReportCsv(report, t);
    expect(csv.startsWith('\uFEFFTable,Row,Number\r\n')).toBe(true);
    expect(rows(csv)).toContain('Requests for stage 2 and stage 3,Stage 3 requests,fewer than 5');
    expect(rows(csv)).toContain('Complaints by route,Children Act procedure (statutory),72');
    expect(csv).not.toMatch(/[^\r]\n/);
  });

  it('cannot start a formula, whatever a council calls its services', () => {
    const hostile = { ...council, services: council.services.map((s, n) => (n === 0 ? { ...s, label: '=HYPERLINK("https://evil.example","x")' } : s)) };
    const csv = toAnnualReportCsv(toAnnualReport(seedFiguresYear(), { ...figuresYear, council: hostile, t }), t);
    const cells = rows(csv).flatMap((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    expect(cells.filter((cell) => /^"?[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
  });
});

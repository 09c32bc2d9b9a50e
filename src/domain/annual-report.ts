import { complainantRoles } from './answers.ts';
import { advocacyRequesters } from './advocacy.ts';
import type { CaseFigures } from './case-figures.ts';
import { toCsvCell } from './case-json.ts';
import type { Translate } from './copy.ts';
import type { Council } from './council.ts';
import { formatMonth } from './dates.ts';
import { feedbackKinds } from './feedback.ts';
import { routes } from './screening-types.ts';

/**
 * The annual report's figures (reg 13(3) of SI 2006/1738; the Ombudsman's Complaint Handling Code
 * §8.1 asks for the types of complaint, stages, timescales and what was not accepted), counted
 * from the anonymous rows of `case-figures.ts`. Pure: the words come in as `t`, and the HTML with
 * its charts is drawn on the server (`server/report/`).
 *
 * Small numbers are hidden so that no child can be recognised: a count from 1 to 4 is shown as
 * "fewer than 5". Where a table has a total and only one of its counts is hidden, the smallest
 * other count is hidden too, or the hidden one could be worked out by subtraction (the ONS's
 * "secondary suppression").
 */

/** Below this, a count is shown as "fewer than 5". */
export const SMALLEST_SHOWN_COUNT = 5;

export interface ReportCell {
  label: string;
  count: number;
  /** True when the count must not be shown or drawn. */
  hidden: boolean;
  /** Hidden though not small: only so that a small count cannot be worked out from a total. */
  hiddenWithSmall?: true;
}

export interface ReportTable {
  id: string;
  heading: string;
  /** A sentence under the heading saying what is counted. */
  description: string;
  /** The table's column headings: what each row is, and the count. */
  columns: [string, string];
  rows: ReportCell[];
  total?: ReportCell;
}

export interface AnnualReport {
  title: string;
  /** `YYYY-MM` to `YYYY-MM`, both included. */
  from: string;
  to: string;
  /** Every case the report counts. */
  cases: number;
  tables: ReportTable[];
}

/**
 * Every month from `from` to `to`, both included.
 * @example monthsBetween('2026-11', '2027-01') // ['2026-11', '2026-12', '2027-01']
 */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > to) break;
    months.push(current);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

/** Applies the small-number rule to a table's counts (and total), as the module comment says. */
export function withSuppression(
  rows: readonly { label: string; count: number }[],
  total?: { label: string; count: number },
): { rows: ReportCell[]; total?: ReportCell } {
  const small = (count: number) => count > 0 && count < SMALLEST_SHOWN_COUNT;
  const cells = rows.map((row) => ({ ...row, hidden: small(row.count) }));
  if (total !== undefined && cells.filter((cell) => cell.hidden).length === 1) {
    const next = cells.filter((cell) => !cell.hidden && cell.count > 0).sort((a, b) => a.count - b.count)[0];
    if (next !== undefined) Object.assign(next, { hidden: true, hiddenWithSmall: true });
  }
  return total === undefined ? { rows: cells } : { rows: cells, total: { ...total, hidden: small(total.count) } };
}

/** How a cell reads in a table or the CSV: the number, "fewer than 5", or "not shown" for a count hidden with a small one. */
export function showCount(cell: ReportCell, t: Translate): string {
  if (!cell.hidden) return String(cell.count);
  return cell.hiddenWithSmall ? t('report.notShown') : t('report.fewerThan', { count: SMALLEST_SHOWN_COUNT });
}

const countBy = <T>(items: readonly T[], keys: readonly string[], keyOf: (item: T) => string | readonly string[] | undefined) => {
  const counts = new Map<string, number>(keys.map((key) => [key, 0]));
  for (const item of items) {
    const found = keyOf(item);
    for (const key of found === undefined ? [] : typeof found === 'string' ? [found] : found) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
};

/** Counts the figures of the months from `from` to `to` into the report's tables, in its words. */
export function toAnnualReport(figures: readonly CaseFigures[], options: { from: string; to: string; council: Council; t: Translate }): AnnualReport {
  const { from, to, council, t } = options;
  const within = figures.filter((f) => f.month >= from && f.month <= to);
  const complaints = within.flatMap((f) => (f.kind === 'complaint' ? [f] : []));
  const escalations = within.flatMap((f) => (f.kind === 'escalation' ? [f] : []));
  const advocacy = within.flatMap((f) => (f.kind === 'advocacy' ? [f] : []));
  const feedback = within.flatMap((f) => (f.kind === 'feedback' ? [f] : []));
  const words = (key: string, values?: Record<string, string | number>) => t(`report.${key}`, values);

  const table = (id: string, counts: Map<string, number>, label: (key: string) => string, total?: number): ReportTable => {
    const rows = [...counts].map(([key, count]) => ({ label: label(key), count }));
    return {
      id,
      heading: words(`sections.${id}.heading`),
      description: words(`sections.${id}.description`),
      columns: [words(`sections.${id}.column`), words('count')],
      ...withSuppression(rows, total === undefined ? undefined : { label: words('total'), count: total }),
    };
  };

  const serviceLabel = new Map(council.services.map((service) => [service.id, service.label]));
  const stageRows = new Map<string, number>([
    ['2', escalations.filter((f) => f.stage === 2).length],
    ['2_late', escalations.filter((f) => f.stage === 2 && f.late).length],
    ['3', escalations.filter((f) => f.stage === 3).length],
    ['3_late', escalations.filter((f) => f.stage === 3 && f.late).length],
  ]);
  const safeguardingRows = new Map<string, number>([
    ['complaint', complaints.filter((f) => f.safeguarding).length],
    ['escalation', escalations.filter((f) => f.safeguarding).length],
    ['advocacy', advocacy.filter((f) => f.safeguarding).length],
  ]);
  const stagesTable = table('stages', stageRows, (key) => words(`stages.${key}`));
  // A stage's count is its late requests plus those in time, which have no row but could be worked
  // out by subtraction: when they are few, the late count goes too.
  for (const [all, late] of [
    [0, 1],
    [2, 3],
  ] as const) {
    const [allCell, lateCell] = [stagesTable.rows[all]!, stagesTable.rows[late]!];
    const inTime = allCell.count - lateCell.count;
    if (!allCell.hidden && !lateCell.hidden && inTime > 0 && inTime < SMALLEST_SHOWN_COUNT) Object.assign(lateCell, { hidden: true, hiddenWithSmall: true });
  }
  const advocacyRows = countBy(advocacy, advocacyRequesters, (f) => f.requester);
  advocacyRows.set('in_complaint', complaints.filter((f) => f.advocacyRequested).length);
  const months = monthsBetween(from, to);

  return {
    title: words('title', { from: formatMonth(from), to: formatMonth(to) }),
    from,
    to,
    cases: within.length,
    tables: [
      table(
        'routes',
        countBy(complaints, routes, (f) => f.route),
        (key) => words(`routes.${key}`),
        complaints.length,
      ),
      stagesTable,
      table(
        'who',
        countBy(complaints, complainantRoles, (f) => f.category),
        (key) => words(`categories.${key}`),
        complaints.length,
      ),
      table(
        'what',
        countBy(
          complaints,
          council.services.map((s) => s.id),
          (f) => f.services,
        ),
        (key) => serviceLabel.get(key) ?? key,
      ),
      table(
        'outOfTime',
        new Map([
          ['in_time', complaints.filter((f) => !f.outOfTime).length],
          ['out_of_time', complaints.filter((f) => f.outOfTime).length],
        ]),
        (key) => words(`outOfTime.${key}`),
        complaints.length,
      ),
      table('advocacy', advocacyRows, (key) => words(`advocacy.${key}`)),
      table('safeguarding', safeguardingRows, (key) => words(`kinds.${key}`)),
      table(
        'feedback',
        countBy(feedback, feedbackKinds, (f) => f.feedbackKind),
        (key) => words(`feedbackKinds.${key}`),
        feedback.length,
      ),
      table(
        'months',
        countBy(complaints, months, (f) => f.month),
        (month) => formatMonth(month),
        complaints.length,
      ),
    ],
  };
}

/**
 * The report as CSV: one line per count (table, row, count), safe to open in a spreadsheet (no
 * cell can start a formula, see `toCsvCell`), CRLF line ends and a byte order mark for Excel.
 */
export function toAnnualReportCsv(report: AnnualReport, t: Translate): string {
  const line = (cells: string[]) => cells.map(toCsvCell).join(',');
  const lines = [line([t('report.csv.table'), t('report.csv.row'), t('report.csv.count')])];
  for (const table of report.tables) {
    for (const cell of [...table.rows, ...(table.total ? [table.total] : [])]) lines.push(line([table.heading, cell.label, showCount(cell, t)]));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

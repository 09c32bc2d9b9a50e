import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { showCount, type AnnualReport, type ReportTable } from '../../domain/annual-report.ts';
import type { Translate } from '../../domain/copy.ts';
import { formatMonth } from '../../domain/dates.ts';
import { escapeHtml } from '../../domain/html.ts';

/**
 * The annual report as one self-contained HTML file: GOV.UK styles inline, each chart an inline
 * SVG drawn here by Vega-Lite (no script runs in the reader's browser), and under each chart a
 * table with the same figures, which is what a screen reader reads: the SVG is hidden from it.
 */

/** GOV.UK Frontend's colours and type scale, written out so the file needs nothing else. */
const STYLES = `
body { margin: 0; font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; background: #fff; -webkit-font-smoothing: antialiased; }
.govuk-width-container { max-width: 960px; margin: 0 15px; }
@media (min-width: 40.0625em) { .govuk-width-container { margin: 0 30px; } }
@media (min-width: 1020px) { .govuk-width-container { margin: 0 auto; } }
.govuk-main-wrapper { padding: 40px 0; display: block; }
.govuk-heading-xl { font-size: 2rem; line-height: 1.09; font-weight: 700; margin: 0 0 30px; }
.govuk-heading-l { font-size: 1.5rem; line-height: 1.11; font-weight: 700; margin: 40px 0 20px; }
@media (min-width: 40.0625em) { .govuk-heading-xl { font-size: 3rem; margin-bottom: 50px; } .govuk-heading-l { font-size: 2.25rem; } }
.govuk-body, .govuk-body-l { font-size: 1.1875rem; line-height: 1.32; margin: 0 0 20px; }
.govuk-body-l { font-size: 1.5rem; line-height: 1.25; }
.govuk-inset-text { padding: 15px; margin: 20px 0; border-left: 10px solid #b1b4b6; }
.govuk-table { width: 100%; border-spacing: 0; border-collapse: collapse; font-size: 1.1875rem; line-height: 1.32; margin-bottom: 40px; }
.govuk-table__caption { font-weight: 700; text-align: left; margin-bottom: 15px; }
.govuk-table__header, .govuk-table__cell { padding: 10px 20px 10px 0; border-bottom: 1px solid #b1b4b6; text-align: left; vertical-align: top; }
.govuk-table__header { font-weight: 700; }
.govuk-table__header--numeric, .govuk-table__cell--numeric { text-align: right; font-variant-numeric: tabular-nums; }
.app-chart { margin: 0 0 15px; max-width: 100%; overflow-x: auto; }
.app-chart svg { max-width: 100%; height: auto; }
`;

/** GOV.UK blue bars and black text: 5.1:1 against white, above the 3:1 WCAG asks of graphics. */
const CHART_CONFIG = {
  font: 'Arial, Helvetica, sans-serif',
  bar: { color: '#1d70b8' },
  axis: {
    labelColor: '#0b0c0c',
    titleColor: '#0b0c0c',
    labelFontSize: 14,
    titleFontSize: 14,
    labelLimit: 320,
    domainColor: '#505a5f',
    tickColor: '#505a5f',
    gridColor: '#b1b4b6',
  },
  view: { stroke: null },
  // The table under the chart is what assistive technology reads; the SVG is hidden from it.
  aria: false,
} as const;

/** One bar per row, hidden counts drawn as no bar at all, so a chart never shows what the table hides. */
async function drawChart(table: ReportTable, t: Translate): Promise<string> {
  const values = table.rows.map((row) => ({ label: row.label, count: row.hidden ? null : row.count }));
  const spec: TopLevelSpec = {
    width: 420,
    height: { step: 28 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      x: { field: 'count', type: 'quantitative', title: t('report.count'), axis: { tickMinStep: 1, format: 'd' } },
    },
    config: CHART_CONFIG,
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
  } finally {
    view.finalize();
  }
}

function renderTable(table: ReportTable, t: Translate): string {
  const [what, count] = table.columns.map(escapeHtml);
  const row = (cell: { label: string }, shown: string, tag: 'td' | 'th' = 'td') =>
    `<tr class="govuk-table__row"><${tag} scope="row" class="govuk-table__${tag === 'th' ? 'header' : 'cell'}">${escapeHtml(cell.label)}</${tag}><td class="govuk-table__cell govuk-table__cell--numeric">${escapeHtml(shown)}</td></tr>`;
  return [
    `<table class="govuk-table"><caption class="govuk-table__caption">${escapeHtml(table.heading)}</caption>`,
    `<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">${what}</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">${count}</th></tr></thead>`,
    '<tbody class="govuk-table__body">',
    ...table.rows.map((cell) => row(cell, showCount(cell, t), 'th')),
    ...(table.total ? [row(table.total, showCount(table.total, t), 'th')] : []),
    '</tbody></table>',
  ].join('\n');
}

/**
 * The whole report as one HTML document. It gives no count of all cases: with the tables' own
 * totals, that would let a hidden count (stage 3 requests, say) be worked out by subtraction.
 */
export async function renderAnnualReportHtml(report: AnnualReport, options: { t: Translate; madeOn: string; lang?: string }): Promise<string> {
  const { t } = options;
  const sections: string[] = [];
  for (const table of report.tables) {
    sections.push(
      [
        `<section aria-labelledby="${table.id}"><h2 class="govuk-heading-l" id="${table.id}">${escapeHtml(table.heading)}</h2>`,
        `<p class="govuk-body">${escapeHtml(table.description)}</p>`,
        `<figure class="app-chart">${await drawChart(table, t)}</figure>`,
        renderTable(table, t),
        '</section>',
      ].join('\n'),
    );
  }
  return `<!DOCTYPE html>
<html lang="${escapeHtml(options.lang ?? 'en-GB')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${STYLES}</style>
</head>
<body>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-xl">${escapeHtml(report.title)}</h1>
<p class="govuk-body-l">${escapeHtml(t('report.lead', { from: formatMonth(report.from), to: formatMonth(report.to) }))}</p>
${
  report.cases === 0
    ? `<p class="govuk-body">${escapeHtml(t('report.noData'))}</p>
`
    : ''
}<div class="govuk-inset-text">${escapeHtml(t('report.smallNumbers'))} ${escapeHtml(t('report.chartNote'))}</div>
${sections.join('\n')}
<p class="govuk-body">${escapeHtml(t('report.made', { date: options.madeOn }))}</p>
</main>
</div>
</body>
</html>
`;
}

/**
 * The annual report on children's social care complaints, from the anonymous figures the
 * service keeps for every case, run on the server with the service's environment:
 *
 *   npm run report -- --from 2026-04 --to 2027-03 [--out DIR]
 *
 * Writes `annual-report-<from>-to-<to>.html` (self-contained: styles and charts inline) and
 * `.csv` to DIR (default `./reports`), and prints where.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toAnnualReport, toAnnualReportCsv } from '../src/domain/annual-report.ts';
import { formatLongDate, toLondonDateTime } from '../src/domain/dates.ts';
import { loadConfig } from '../src/server/config.ts';
import { readCouncilFile, toCouncilFilePath } from '../src/server/council.ts';
import { loadCopy } from '../src/server/i18n/load.ts';
import type { Copy } from '../src/server/i18n/translator.ts';
import { renderAnnualReportHtml } from '../src/server/report/html.ts';
import { createStore, type Store } from '../src/server/store/index.ts';
import type { Council } from '../src/domain/council.ts';

const USAGE = `Usage:
  npm run report -- --from 2026-04 --to 2027-03 [--out DIR]

  --from, --to   the first and last month, as YYYY-MM (both included)
  --out          the folder to write the HTML and CSV to (default ./reports)
`;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface ReportCommandContext {
  store: Store;
  council: Council;
  copy: Copy;
  now: Date;
  write: (text: string) => void;
}

/** Runs the command and returns the process exit code. */
export async function runReportCommand(args: readonly string[], context: ReportCommandContext): Promise<number> {
  let values: { from?: string | undefined; to?: string | undefined; out?: string | undefined };
  try {
    ({ values } = parseArgs({ args: [...args], options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } }, strict: true }));
  } catch {
    context.write(USAGE);
    return 1;
  }
  const { from, to } = values;
  if (from === undefined || to === undefined || !MONTH.test(from) || !MONTH.test(to) || from > to) {
    context.write(`Give the months as --from YYYY-MM --to YYYY-MM, the first no later than the last.\n${USAGE}`);
    return 1;
  }
  const figures = await context.store.listCaseFigures({ fromMonth: from, toMonth: to });
  const { t } = context.copy;
  const report = toAnnualReport(figures, { from, to, council: context.council, t });
  const out = resolve(values.out ?? 'reports');
  mkdirSync(out, { recursive: true });
  const name = `annual-report-${from}-to-${to}`;
  const html = await renderAnnualReportHtml(report, { t, madeOn: formatLongDate(toLondonDateTime(context.now).date) });
  writeFileSync(join(out, `${name}.html`), html);
  writeFileSync(join(out, `${name}.csv`), toAnnualReportCsv(report, t));
  context.write(`${report.cases} cases counted.\nWrote ${join(out, `${name}.html`)}\nWrote ${join(out, `${name}.csv`)}\n`);
  return 0;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const councilSource = toCouncilFilePath(config.council, config.councilFile);
  const council = readCouncilFile(councilSource);
  const retentionDays = config.retentionDays ?? council.retentionDays;
  const copy = loadCopy({
    council,
    councilSource,
    locale: config.locale,
    settings: { retentionDays, sessionMinutes: config.session.ttlMinutes },
    strict: true,
  });
  const store = await createStore({ database: config.database, encryptionKey: config.encryptionKey });
  try {
    process.exitCode = await runReportCommand(process.argv.slice(2), { store, council, copy, now: new Date(), write: (text) => process.stdout.write(text) });
  } finally {
    await store.close();
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    process.exitCode = 2;
  });
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { generateReport } from 'lighthouse';
import { registerCleanup, registerProcessGroup } from './processes.ts';

/** Debian's Chromium; nothing here ever downloads a browser. */
const DEFAULT_CHROME_PATH = '/usr/bin/chromium';

const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** One page to audit. */
export interface LighthouseTarget {
  label: string;
  url: string;
  /** Sent with every request of the page load (the session cookie). */
  cookie?: string;
}

/** Lighthouse's mobile figures for one page. */
export interface LighthouseFigures {
  label: string;
  url: string;
  /** 0–100. */
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Lighthouse's own count of bytes transferred, headers included. */
  totalByteWeight: number;
  /** Scored audits that did not pass, by category, to say why a score is short. */
  shortfalls: string[];
  /** Lighthouse's warnings, or the error that stopped it. */
  warnings: string[];
}

/**
 * Audits each page with Lighthouse's default configuration (mobile: a mid-range phone on a slow
 * 4G connection, simulated), in one Chromium, one page after another, and writes each HTML report
 * to `reportDir`.
 */
export async function runLighthouse(targets: readonly LighthouseTarget[], reportDir: string): Promise<LighthouseFigures[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env['CHROME_PATH'] ?? DEFAULT_CHROME_PATH,
    chromeFlags: CHROME_FLAGS,
    handleSIGINT: false,
    logLevel: 'silent',
  });
  // chrome-launcher starts Chromium in its own process group, which Ctrl-C does not reach.
  const forgetGroup = registerProcessGroup(chrome.pid);
  const forgetCleanup = registerCleanup(async () => chrome.kill());
  mkdirSync(reportDir, { recursive: true });
  try {
    const figures: LighthouseFigures[] = [];
    for (const target of targets) {
      const result = await lighthouse(target.url, {
        port: chrome.port,
        logLevel: 'error',
        output: 'json',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        ...(target.cookie === undefined ? {} : { extraHeaders: { Cookie: target.cookie } }),
      });
      if (result === undefined) throw new Error(`Lighthouse returned nothing for ${target.url}`);
      const lhr = result.lhr;
      writeFileSync(
        join(
          reportDir,
          `${target.label
            .replace(/[^a-z0-9]+/gi, '-')
            .replace(/^-|-$/g, '')
            .toLowerCase()}.html`,
        ),
        generateReport(lhr, 'html'),
      );
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      const shortfalls: string[] = [];
      for (const category of Object.values(lhr.categories)) {
        for (const ref of category.auditRefs) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit !== undefined && audit.score !== null && audit.score < 1) {
            shortfalls.push(`${category.id}: ${ref.id} ${Math.round(audit.score * 100)}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
          }
        }
      }
      figures.push({
        label: target.label,
        url: target.url,
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        lcpMs: numeric('largest-contentful-paint'),
        tbtMs: numeric('total-blocking-time'),
        cls: numeric('cumulative-layout-shift'),
        totalByteWeight: numeric('total-byte-weight'),
        shortfalls,
        warnings: [...(lhr.runtimeError ? [lhr.runtimeError.message] : []), ...lhr.runWarnings.map(String)],
      });
    }
    return figures;
  } finally {
    chrome.kill();
    forgetCleanup();
    forgetGroup();
  }
}

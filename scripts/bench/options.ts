import { err, ok, type Result } from '../../src/domain/result.ts';

/** How much the bench measures, and for how long. */
export interface BenchOptions {
  mode: 'full' | 'smoke';
  /** Profile the service's CPU during each load and summarise where its time went. */
  profile: boolean;
  lighthouse: boolean;
  /** Measure hmpo-form-wizard beside the service (scripts/bench/peers/hmpo/). */
  peer: boolean;
  help: boolean;
  startupRuns: number;
  /** Concurrent connections for the GET tests. */
  getConnections: number[];
  /** Seconds per GET test, and per warm-up before each page. */
  getSeconds: number;
  warmupSeconds: number;
  sendConnections: number;
  /** Connections for the answer load (a valid answer posted to the first question), and the sessions it takes in turn. */
  answerConnections: number;
  answerSessions: number;
  /** Sessions to prepare for the Send test, and the most seconds preparing them may take. */
  sendSessions: number;
  prepareSeconds: number;
  /** Pages Lighthouse audits. */
  lighthousePages: ReadonlyArray<'start' | 'question' | 'confirmation'>;
  /** Whole run; past it the bench stops everything and fails. */
  limitSeconds: number;
}

/** The command line's help text. */
export const USAGE = `Usage: npm run bench [-- options]

Measures the built service (run "npm run build" first) on 127.0.0.1 against a bare node:http
baseline and a peer form engine (hmpo-form-wizard) in the same run, prints one table and writes it to bench-results/latest.json and
bench-results/latest.md.

  --smoke           a short run (under a minute) that checks the bench still works; its timings are indicative
  --profile         profile the service's CPU during each load (through --inspect on loopback), write one
                    .cpuprofile per load to bench-results/profile/ and summarise where its time went;
                    profiling slows the service, so its timings are not comparable
  --no-lighthouse   leave out the browser audits
  --no-peer         leave out the peer (hmpo-form-wizard)
  --help            this text
`;

const FULL: Omit<BenchOptions, 'profile' | 'lighthouse' | 'peer' | 'help'> = {
  mode: 'full',
  startupRuns: 3,
  getConnections: [1, 10, 50],
  getSeconds: 5,
  warmupSeconds: 1,
  sendConnections: 10,
  answerConnections: 10,
  answerSessions: 20,
  sendSessions: 400,
  prepareSeconds: 45,
  lighthousePages: ['start', 'question', 'confirmation'],
  limitSeconds: 400,
};

const SMOKE: Omit<BenchOptions, 'profile' | 'lighthouse' | 'peer' | 'help'> = {
  mode: 'smoke',
  startupRuns: 1,
  getConnections: [10],
  getSeconds: 1,
  warmupSeconds: 0.5,
  sendConnections: 10,
  answerConnections: 10,
  answerSessions: 20,
  sendSessions: 40,
  prepareSeconds: 12,
  lighthousePages: ['question'],
  limitSeconds: 90,
};

/** Reads the command line; unknown options are an error, so a typo does not run the full bench by surprise. */
export function parseBenchArgs(args: readonly string[]): Result<BenchOptions, { code: 'unknown_option'; message: string }> {
  const known = new Set(['--smoke', '--profile', '--no-lighthouse', '--no-peer', '--help', '-h']);
  const unknown = args.filter((arg) => !known.has(arg));
  if (unknown.length > 0) return err({ code: 'unknown_option', message: `Unknown option${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')}\n\n${USAGE}` });
  const base = args.includes('--smoke') ? SMOKE : FULL;
  return ok({
    ...base,
    profile: args.includes('--profile'),
    lighthouse: !args.includes('--no-lighthouse'),
    peer: !args.includes('--no-peer'),
    help: args.includes('--help') || args.includes('-h'),
  });
}

/**
 * npm run bench: what users feel and what the server can take, measured on the built site on
 * 127.0.0.1 against a bare node:http baseline and a peer form engine (hmpo-form-wizard) in the
 * same run (the machine is shared and noisy, so ratios matter as much as absolute figures). Prints one table and writes it to
 * bench-results/latest.json and latest.md. Every process it starts is ended when it finishes, on
 * Ctrl-C and on an error. Usage and options: `npm run bench -- --help`.
 */
import '../check-node.mjs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { EMPTY_PAGE_PATH, startBaselineServer } from './baseline.ts';
import { measureHeldLock } from './held-lock.ts';
import {
  FIRST_QUESTION,
  prepareAnswerSessions,
  prepareReadySessions,
  startQuestionSession,
  walkJourney,
  type JourneyWalk,
  type ReadySession,
} from './journey.ts';
import { runLighthouse, type LighthouseTarget } from './lighthouse.ts';
import { runAnswerLoad, runGetLoad, runSendLoad, type LoadFigures } from './load.ts';
import { parseBenchArgs, USAGE, type BenchOptions } from './options.ts';
import { createAssetCache, fetchRaw, weighPage, type PageWeight } from './page-weight.ts';
import { describePeer, PEER_ANSWER, PEER_PATHS, preparePeerSessions, startHmpoPeer, startPeerSession, toMainContent } from './peer.ts';
import { formatProfileSummary, summariseProfile } from './profile.ts';
import { connectProfiler, type PhaseProfiler } from './profiler.ts';
import {
  cleanUpEverything,
  createTempDir,
  findFreePort,
  installCleanupHandlers,
  readRssKb,
  registerCleanup,
  startProcess,
  type StartedProcess,
} from './processes.ts';
import { formatReport, toTableRows, type BenchResults } from './report.ts';
import { startSmtpSink } from './smtp-sink.ts';
import { checkOutbox } from './store-check.ts';
import { measureUploads } from './uploads.ts';
// The tests' clamd launcher: a one-signature database made on the spot, since none can be downloaded here.
import { startClamd } from '../../tests/helpers/clamd.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const resultsDir = join(repoRoot, 'bench-results');
const profileDir = join(resultsDir, 'profile');
const entry = join(repoRoot, 'dist/server/entry.mjs');

/** The pages the load test and the baseline use. */
const LOAD_PAGES = [
  { page: 'start', path: '/' },
  { page: 'question', path: '/complaint/danger' },
  { page: 'content', path: '/how-it-works' },
] as const;

const say = (text: string) => process.stderr.write(`${text}\n`);
const pause = (milliseconds: number) => new Promise((done) => setTimeout(done, milliseconds));

/** The service's environment: production, as deployed (React's production build, strict config), on a fresh data folder. */
function toServiceEnv(port: number, dataDir: string, smtpUrl: string, clamavUrl: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    SMTP_URL: smtpUrl,
    // A real clamd, started for the run, scans every uploaded file (the upload figure).
    CLAMAV_URL: clamavUrl,
    // Load comes from one address on loopback: the per-address limit would turn it into "too many attempts".
    RATE_LIMIT_POSTS_PER_MINUTE: '0',
    // The worker stays idle during the tests, so the Send figure is the Send alone; messages wait in the outbox.
    OUTBOX_POLL_MS: '3600000',
  };
}

async function startService(
  options: BenchOptions,
  dataDir: string,
  smtpUrl: string,
  clamavUrl: string,
  inspectPort?: number,
): Promise<{ process: StartedProcess; startupMs: number }> {
  const port = await findFreePort();
  const serve = serveCommand(repoRoot);
  return startProcess({
    name: 'the service (node scripts/serve.mjs)',
    script: 'scripts/serve.mjs',
    cwd: repoRoot,
    env: { ...toServiceEnv(port, dataDir, smtpUrl, clamavUrl), ...serve.env },
    port,
    readyPath: '/health',
    nodeArgs: [...serve.nodeArgs, ...(inspectPort === undefined ? [] : [`--inspect=127.0.0.1:${inspectPort}`])],
    timeoutMs: options.mode === 'smoke' ? 20_000 : 30_000,
  });
}

/**
 * How `npm start` starts the server (package.json's "serve" script), so the bench measures it as
 * deployed: `[NAME=value ...] node [--options] scripts/serve.mjs`.
 */
function serveCommand(root: string): { env: Record<string, string>; nodeArgs: string[] } {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (scripts?.['serve'] ?? '').trim().split(/\s+/);
  const nodeAt = words.indexOf('node');
  const assignments = words.slice(0, Math.max(nodeAt, 0));
  const nodeArgs = words.slice(nodeAt + 1, -1);
  if (
    nodeAt < 0 ||
    words.at(-1) !== 'scripts/serve.mjs' ||
    !assignments.every((word) => /^[A-Z_][A-Z0-9_]*=[\w.,:/@%+-]*$/.test(word)) ||
    !nodeArgs.every((word) => word.startsWith('--'))
  ) {
    throw new Error(
      `package.json's "serve" script must be "[NAME=value ...] node [--options] scripts/serve.mjs" for the bench to start the server as npm start does; it is "${scripts?.['serve']}"`,
    );
  }
  const env = Object.fromEntries(assignments.map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]));
  // The bench sets these for the run (toServiceEnv); a serve script that set them too would be measured with the bench's, silently.
  const clashing = Object.keys(env).filter((name) => name in toServiceEnv(0, '', '', ''));
  if (clashing.length > 0) throw new Error(`package.json's "serve" script sets ${clashing.join(', ')}, which the bench sets for its run`);
  return { env, nodeArgs };
}

const describeServeCommand = ({ env, nodeArgs }: ReturnType<typeof serveCommand>) =>
  [...Object.entries(env).map(([name, value]) => `${name}=${value}`), 'node', ...nodeArgs, 'scripts/serve.mjs'].join(' ');

function readCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function runBench(options: BenchOptions, onFatal: (message: string) => void): Promise<number> {
  const started = Date.now();
  const work = createTempDir('csc-bench-');
  const sink = await startSmtpSink();
  registerCleanup(() => sink.close());
  const clamd = await startClamd();
  registerCleanup(() => clamd.dispose());
  const meta: BenchResults['meta'] = {
    mode: options.mode,
    profile: options.profile,
    startedAt: new Date(started).toISOString(),
    seconds: 0,
    node: process.versions.node,
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageStart: os.loadavg(),
    loadAverageEnd: [],
    commit: readCommit(),
    distBuiltAt: statSync(entry).mtime.toISOString(),
    service:
      `${describeServeCommand(serveCommand(repoRoot))} as npm start runs it, NODE_ENV=production, a fresh DATA_DIR under ` +
      `${os.tmpdir()} (SQLite on disk, every Send synced before it answers, answers synced with the next), RATE_LIMIT_POSTS_PER_MINUTE=0, SMTP_URL to a local sink, ` +
      'OUTBOX_POLL_MS=3600000 so the outbox worker sleeps through the tests',
  };
  if (options.profile) {
    mkdirSync(profileDir, { recursive: true });
    for (const name of readdirSync(profileDir)) if (name.endsWith('.cpuprofile') || name === 'summary.md') rmSync(join(profileDir, name));
  }
  say(`Bench (${options.mode}): load average ${meta.loadAverageStart.map((v) => v.toFixed(2)).join(' / ')} on ${meta.cores} cores.`);

  say(`Start-up: spawning the service, the baseline${options.peer ? ' and the peer' : ''}…`);
  const startup: BenchResults['startup'] = { serviceMs: [], baselineMs: [], peerMs: [] };
  for (let run = 0; run < options.startupRuns; run += 1) {
    const service = await startService(options, join(work, `startup-${run}`), sink.url, clamd.url);
    startup.serviceMs.push(service.startupMs);
    await service.process.stop();
    const baseline = await startBaselineServer({ workDir: work, pages: {}, repoRoot });
    startup.baselineMs.push(baseline.startupMs);
    await baseline.process.stop();
    if (options.peer) {
      const peer = await startHmpoPeer({ repoRoot, workDir: work });
      startup.peerMs.push(peer.startupMs);
      await peer.process.stop();
    }
  }

  const dataDir = join(work, 'service');
  const inspectPort = options.profile ? await findFreePort() : undefined;
  const { process: service } = await startService(options, dataDir, sink.url, clamd.url, inspectPort);
  let serviceStopping = false;
  // Without this, a crashed service would show up only as a string of failed requests.
  void service.exited.then((end) => {
    if (!serviceStopping)
      onFatal(`The service stopped during the bench (${end.signal ?? `exit code ${end.code}`}). It printed:\n${service.output().slice(-3000)}`);
  });
  const profiler = inspectPort === undefined ? undefined : await connectProfiler(inspectPort, profileDir);
  const profiles: string[] = [];
  await pause(500);
  const serviceIdleKb = readRssKb(service.pid) ?? 0;

  say('Page weight: walking the journey…');
  const walk = await walkJourney(
    service.baseUrl,
    repoRoot,
    LOAD_PAGES.map((p) => p.path),
  );
  const pageWeight = toPageWeightResults(walk);

  const baselineStarted = await startBaselineServer({ workDir: work, pages: walk.captured, repoRoot });
  const baseline = baselineStarted.process;
  await pause(300);
  const baselineIdleKb = readRssKb(baseline.pid) ?? 0;

  const peer = options.peer ? await startPeer(work, walk, onFatal) : undefined;

  say(`GET load: autocannon against the service, the baseline${peer ? ' and the peer' : ''}…`);
  const load = await measureGetLoads(options, service, baseline, peer?.process, profiler, profiles);
  await baseline.stop();

  say(`Answers: a valid answer to the first question, posted by ${options.answerSessions} sessions in turn…`);
  const answer = await measureAnswers(options, service, peer?.process, profiler, profiles);
  // Both have served the same GET and answer loads by now.
  const serviceAfterLoadsKb = readRssKb(service.pid);
  const peerAfterLoadsKb = peer === undefined ? undefined : readRssKb(peer.process.pid);
  await peer?.stop();

  say(`Send: preparing up to ${options.sendSessions} sessions through the journey (at most ${options.prepareSeconds} s)…`);
  const send = await measureSends(options, service, join(dataDir, 'complaints.sqlite'), work, profiler, profiles);

  say('Store: holding the SQLite write lock from another process while pages are asked for…');
  const heldLock = await measureHeldLock(service.baseUrl, join(dataDir, 'complaints.sqlite'));

  const uploadFiles = options.mode === 'smoke' ? { files: 3, fileBytes: 1024 * 1024 } : { files: 12, fileBytes: 4 * 1024 * 1024 };
  say(`Uploads: ${uploadFiles.files} files of ${uploadFiles.fileBytes / (1024 * 1024)} MB, scanned by clamd and stored, against copying them to disk…`);
  // Beside the service's DATA_DIR, so both write to the same disk.
  const { process: uploadBaseline } = await startBaselineServer({ workDir: work, pages: {}, uploadDir: join(work, 'baseline-uploads'), repoRoot });
  const uploads = await measureUploads(service.baseUrl, uploadBaseline.baseUrl, uploadFiles);
  await uploadBaseline.stop();

  const lighthouse: BenchResults['lighthouse'] = options.lighthouse
    ? await measureLighthouse(options, service, walk.sentCookie, work)
    : { skipped: 'turned off with --no-lighthouse' };

  const serviceIdleAfterKb = readRssKb(service.pid);
  profiler?.close();
  serviceStopping = true;
  await service.stop();
  const profile = profiles.map((file) => summariseProfile(file));
  const profileText = profile.map((summary) => formatProfileSummary(summary)).join('\n');
  if (profile.length > 0) writeFileSync(join(profileDir, 'summary.md'), profileText);

  meta.loadAverageEnd = os.loadavg();
  meta.seconds = (Date.now() - started) / 1000;
  const results: BenchResults = {
    meta,
    startup,
    memory: { serviceIdleKb, serviceIdleAfterKb, baselineIdleKb, serviceAfterLoadsKb },
    pageWeight,
    load,
    answer,
    send,
    heldLock,
    uploads,
    lighthouse,
    peer:
      peer === undefined
        ? { skipped: 'left out with --no-peer' }
        : { description: describePeer(repoRoot), idleKb: peer.idleKb, afterLoadsKb: peerAfterLoadsKb, pages: peer.pages },
    profile,
  };
  const rows = toTableRows(results);
  const report = formatReport(results, rows);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify({ ...results, table: rows }, null, 2) + '\n');
  writeFileSync(join(resultsDir, 'latest.md'), report);
  process.stdout.write(`\n${report}`);
  if (profile.length > 0)
    process.stdout.write(`\n${profileText}\nProfiles and this summary: bench-results/profile/ (open a .cpuprofile in Chrome DevTools, Performance).\n`);
  process.stdout.write(
    `\nWritten to ${join('bench-results', 'latest.md')} and latest.json${options.lighthouse ? '; Lighthouse reports in bench-results/lighthouse/' : ''}.\n`,
  );
  return rows.some((row) => row.missed && row.kind === 'check') ? 1 : 0;
}

/** The page weights, plus the header checks every response of the walk is held to. */
function toPageWeightResults(walk: JourneyWalk): BenchResults['pageWeight'] {
  const weighed = [
    ...walk.pages.map((page) => ({ path: page.path, kind: 'html', wireBytes: page.html.wireBytes, encoding: page.html.contentEncoding })),
    ...walk.assets.map((asset) => ({ path: asset.path, kind: asset.kind, wireBytes: asset.wireBytes, encoding: asset.contentEncoding })),
  ].filter((item) => item.kind !== 'other');
  const assetsOnce = walk.assets.filter((asset) => asset.kind !== 'other');
  const astroAssets = walk.assets.filter((asset) => asset.path.startsWith('/_astro/'));
  const isImmutable = (cacheControl: string | null) =>
    /\bpublic\b/.test(cacheControl ?? '') && /\bmax-age=31536000\b/.test(cacheControl ?? '') && /\bimmutable\b/.test(cacheControl ?? '');
  return {
    pages: walk.pages,
    assets: walk.assets,
    journeyWireBytes: walk.pages.reduce((sum, page) => sum + page.html.wireBytes, 0) + assetsOnce.reduce((sum, asset) => sum + asset.wireBytes, 0),
    journeyRawBytes: walk.pages.reduce((sum, page) => sum + page.html.rawBytes, 0) + assetsOnce.reduce((sum, asset) => sum + asset.rawBytes, 0),
    // The compression middleware leaves bodies under 512 bytes alone (its threshold), as it should.
    uncompressed: weighed.filter((item) => item.encoding === null && item.wireBytes >= 512).map((item) => item.path),
    compressedChecked: weighed.length,
    notImmutable: astroAssets.filter((asset) => !isImmutable(asset.cacheControl)).map((asset) => `${asset.path} (${asset.cacheControl ?? 'no Cache-Control'})`),
    immutableChecked: astroAssets.length,
  };
}

/** The peer, started once the service's start page is known, with its idle memory and its pages weighed on a first visit. */
async function startPeer(
  work: string,
  walk: JourneyWalk,
  onFatal: (message: string) => void,
): Promise<{ process: StartedProcess; idleKb: number; pages: PageWeight[]; stop(): Promise<void> }> {
  const startPage = walk.captured['/'];
  const startContent = startPage === undefined ? undefined : toMainContent(startPage.body);
  const { process: peer } = await startHmpoPeer({ repoRoot, workDir: work, ...(startContent === undefined ? {} : { startContent }) });
  let stopping = false;
  void peer.exited.then((end) => {
    if (!stopping) onFatal(`The peer stopped during the bench (${end.signal ?? `exit code ${end.code}`}). It printed:\n${peer.output().slice(-3000)}`);
  });
  await pause(300);
  const idleKb = readRssKb(peer.pid) ?? 0;
  const fetchAsset = createAssetCache(peer.baseUrl);
  const pages: PageWeight[] = [];
  for (const [label, path] of [
    ['start page', PEER_PATHS.start],
    ['question page', PEER_PATHS.question],
  ] as const) {
    const response = await fetchRaw(peer.baseUrl + path);
    if (response.status !== 200) throw new Error(`The peer's ${path} answered ${response.status}: it cannot be weighed`);
    pages.push((await weighPage(label, response, fetchAsset)).weight);
  }
  return {
    process: peer,
    idleKb,
    pages,
    stop: () => {
      stopping = true;
      return peer.stop();
    },
  };
}

/** Each load page at each concurrency, the service then the baseline then the peer (where it has the page), after warming each. */
async function measureGetLoads(
  options: BenchOptions,
  service: StartedProcess,
  baseline: StartedProcess,
  peer: StartedProcess | undefined,
  profiler: PhaseProfiler | undefined,
  profiles: string[],
): Promise<BenchResults['load']> {
  const questionCookie = await startQuestionSession(service.baseUrl);
  const peerQuestionCookie = peer === undefined ? undefined : await startPeerSession(peer.baseUrl);
  const load: BenchResults['load'] = [];
  for (const target of LOAD_PAGES) {
    const common = { path: target.path, ...(target.page === 'question' ? { cookie: questionCookie } : {}) };
    const onPeer =
      peer === undefined || target.page === 'content'
        ? undefined
        : {
            baseUrl: peer.baseUrl,
            serverPid: peer.pid,
            path: PEER_PATHS[target.page],
            ...(target.page === 'question' && peerQuestionCookie !== undefined ? { cookie: peerQuestionCookie } : {}),
          };
    // Warm each (JIT, caches) so that the first measured run is not the cold one.
    await runGetLoad({ ...common, baseUrl: service.baseUrl, connections: 10, durationS: options.warmupSeconds, serverPid: service.pid });
    await runGetLoad({ ...common, baseUrl: baseline.baseUrl, connections: 10, durationS: options.warmupSeconds, serverPid: baseline.pid });
    if (onPeer) await runGetLoad({ ...onPeer, connections: 10, durationS: options.warmupSeconds });
    await profiler?.start();
    for (const connections of options.getConnections) {
      const onService = await runGetLoad({ ...common, baseUrl: service.baseUrl, connections, durationS: options.getSeconds, serverPid: service.pid });
      const onBaseline = await runGetLoad({ ...common, baseUrl: baseline.baseUrl, connections, durationS: options.getSeconds, serverPid: baseline.pid });
      const peerFigures = onPeer === undefined ? undefined : await runGetLoad({ ...onPeer, connections, durationS: options.getSeconds });
      load.push({
        page: target.page,
        path: target.path,
        service: onService,
        baseline: onBaseline,
        ...(onPeer && peerFigures ? { peer: { path: onPeer.path, figures: peerFigures } } : {}),
      });
      say(
        `  ${target.path} × ${connections}: ${Math.round(onService.requestsPerSecond)} req/s (baseline ${Math.round(onBaseline.requestsPerSecond)}` +
          `${peerFigures ? `, hmpo ${Math.round(peerFigures.requestsPerSecond)}` : ''})`,
      );
    }
    if (profiler) profiles.push(await profiler.stop(`get-${target.page}-page`));
  }
  return load;
}

/** A valid answer to the first question, posted by sessions in turn: the service, then the peer. Each is warmed first. */
async function measureAnswers(
  options: BenchOptions,
  service: StartedProcess,
  peer: StartedProcess | undefined,
  profiler: PhaseProfiler | undefined,
  profiles: string[],
): Promise<BenchResults['answer']> {
  const serviceRun = {
    baseUrl: service.baseUrl,
    path: FIRST_QUESTION.path,
    sessions: await prepareAnswerSessions(service.baseUrl, options.answerSessions),
    connections: options.answerConnections,
    serverPid: service.pid,
  };
  const peerRun =
    peer === undefined
      ? undefined
      : {
          baseUrl: peer.baseUrl,
          path: PEER_ANSWER.path,
          sessions: await preparePeerSessions(peer.baseUrl, options.answerSessions),
          connections: options.answerConnections,
          serverPid: peer.pid,
        };
  await runAnswerLoad({ ...serviceRun, durationS: options.warmupSeconds });
  if (peerRun) await runAnswerLoad({ ...peerRun, durationS: options.warmupSeconds });
  await profiler?.start();
  const onService = await runAnswerLoad({ ...serviceRun, durationS: options.getSeconds });
  if (profiler) profiles.push(await profiler.stop('answer'));
  const onPeer = peerRun === undefined ? undefined : await runAnswerLoad({ ...peerRun, durationS: options.getSeconds });
  say(`  ${FIRST_QUESTION.path}: ${Math.round(onService.requestsPerSecond)} answers/s${onPeer ? ` (hmpo ${Math.round(onPeer.requestsPerSecond)})` : ''}`);
  return {
    path: FIRST_QUESTION.path,
    sessions: options.answerSessions,
    service: onService,
    ...(onPeer === undefined ? {} : { peer: { path: PEER_ANSWER.path, figures: onPeer } }),
  };
}

/** Lighthouse on the chosen pages of the service, after an empty page on a bare server as the baseline. */
async function measureLighthouse(options: BenchOptions, service: StartedProcess, sentCookie: string, work: string): Promise<BenchResults['lighthouse']> {
  say('Lighthouse: mobile audits in Chromium…');
  const targets: LighthouseTarget[] = [];
  for (const page of options.lighthousePages) {
    if (page === 'start') targets.push({ label: 'start page', url: `${service.baseUrl}/` });
    if (page === 'question') {
      targets.push({ label: 'question page', url: `${service.baseUrl}/complaint/danger`, cookie: await startQuestionSession(service.baseUrl) });
    }
    if (page === 'confirmation') targets.push({ label: 'confirmation page', url: `${service.baseUrl}/complaint/confirmation`, cookie: sentCookie });
  }
  const emptyPage = await startBaselineServer({ workDir: work, pages: {}, repoRoot });
  try {
    const [baseline, ...figures] = await runLighthouse(
      [{ label: 'empty page (baseline)', url: emptyPage.process.baseUrl + EMPTY_PAGE_PATH }, ...targets],
      join(resultsDir, 'lighthouse'),
    );
    return { service: figures, baseline };
  } finally {
    await emptyPage.process.stop();
  }
}

/** Prepares ready sessions, fires their Sends, checks the outbox, then does the same against the baseline. */
async function measureSends(
  options: BenchOptions,
  service: StartedProcess,
  databasePath: string,
  work: string,
  profiler: PhaseProfiler | undefined,
  profiles: string[],
): Promise<BenchResults['send']> {
  const prepareStarted = Date.now();
  const prepared = await prepareReadySessions(service.baseUrl, {
    count: options.sendSessions,
    concurrency: 6,
    deadline: prepareStarted + options.prepareSeconds * 1000,
  });
  const prepareSeconds = (Date.now() - prepareStarted) / 1000;
  say(`  ${prepared.sessions.length} sessions ready in ${prepareSeconds.toFixed(1)} s; sending…`);
  if (prepared.failures.length > 0) say(`  ${prepared.failures.length} journeys failed, the first: ${prepared.failures[0]}`);
  if (prepared.sessions.length < options.sendConnections * 3) {
    return {
      skipped: `only ${prepared.sessions.length} sessions could be prepared in ${prepareSeconds.toFixed(0)} s${prepared.failures[0] ? ` (${prepared.failures[0]})` : ''}`,
    };
  }
  await profiler?.start();
  const onService = await runSendLoad({
    baseUrl: service.baseUrl,
    sessions: prepared.sessions,
    connections: options.sendConnections,
    serverPid: service.pid,
  });
  if (profiler) profiles.push(await profiler.stop('send'));
  const outbox = checkOutbox(
    databasePath,
    prepared.sessions.map((session) => session.sessionId),
  );
  say(`  ${Math.round(onService.requestsPerSecond)} Sends/s; ${outbox.sent} sent, ${outbox.outboxMessages} messages in the outbox`);

  let onBaseline: LoadFigures | undefined;
  const baselineDir = join(work, 'baseline-send');
  mkdirSync(baselineDir, { recursive: true });
  const baseline = await startBaselineServer({
    workDir: baselineDir,
    pages: {},
    dbPath: join(baselineDir, 'baseline.sqlite'),
    rowSizes: outbox.rowSizes,
    repoRoot,
  });
  try {
    const sessions: ReadySession[] = prepared.sessions.map((session, index) => ({
      sessionId: `bench-${index}`,
      cookie: `sid=bench-${index}.signature`,
      body: session.body,
    }));
    onBaseline = await runSendLoad({ baseUrl: baseline.process.baseUrl, sessions, connections: options.sendConnections, serverPid: baseline.process.pid });
  } finally {
    await baseline.process.stop();
  }
  return {
    prepared: prepared.sessions.length,
    prepareSeconds,
    prepareFailures: prepared.failures,
    service: onService,
    outbox,
    baseline: onBaseline,
  };
}

async function main(): Promise<void> {
  const parsed = parseBenchArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(parsed.error.message);
    process.exit(2);
  }
  const options = parsed.value;
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!existsSync(entry)) {
    process.stderr.write(`The built site is missing (${entry}).\nRun "npm run build" first, then "npm run bench".\n`);
    process.exit(1);
  }

  let stopping = false;
  const stop = async (message: string, code: number) => {
    if (stopping) return;
    stopping = true;
    say(message);
    await cleanUpEverything();
    process.exit(code);
  };
  installCleanupHandlers((signal) => void stop(`\n${signal}: stopping everything the bench started…`, 130));
  const watchdog = setTimeout(
    () => void stop(`The bench ran past its limit of ${options.limitSeconds} s: stopping everything it started.`, 1),
    options.limitSeconds * 1000,
  );
  try {
    const code = await runBench(options, (message) => void stop(message, 1));
    clearTimeout(watchdog);
    await cleanUpEverything();
    process.exit(code);
  } catch (error) {
    clearTimeout(watchdog);
    await stop(`The bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 1);
  }
}

await main();

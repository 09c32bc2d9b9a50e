import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { Council } from '../domain/council.ts';
import { ConfigError, loadConfig, storeStartProblem, type AppConfig } from './config.ts';
import { readCouncilFile, toCouncilFilePath, withMailOverrides } from './council.ts';
import { extraWords } from 'virtual:extra-journeys';
import { loadContentPages, type ContentPage } from './content.ts';
import { loadCopy } from './i18n/load.ts';
import type { Copy } from './i18n/translator.ts';
import { createLogger, type Logger } from './log.ts';
import { createMailTransport, type MailTransport } from './mail/transport.ts';
import { createMetrics, withStoreErrorCount, type Metrics } from './metrics.ts';
import { createOutboxWorker, type OutboxWorker } from './outbox/worker.ts';
import { createReadinessCheck, type ReadinessReport } from './readiness.ts';
import { createStore, type Store } from './store/index.ts';
import { createClamdScanner, type Scanner } from './uploads/scanner.ts';

/** Everything a request needs from the process: made once at start-up and shared. */
export interface Runtime {
  config: Readonly<AppConfig>;
  council: Council;
  /** The words of the service, with the council's wording applied. */
  copy: Copy;
  /** The long-form pages (content/pages), rendered for this council. */
  pages: ReadonlyMap<string, ContentPage>;
  store: Store;
  log: Logger;
  worker: OutboxWorker;
  /** The mail transport the worker sends through; a request uses it directly only for mail that belongs to no case. */
  transport: MailTransport;
  /** Collected whether or not METRICS_TOKEN lets anyone read them. */
  metrics: Metrics;
  /** clamd, for every uploaded file; undefined outside production without CLAMAV_URL (files are then marked not scanned). */
  scanner: Scanner | undefined;
  /** Whether the store can take a write and DATA_DIR has room, for GET /health/ready. */
  checkReadiness: () => Promise<ReadinessReport>;
}

/** Thrown when the process runs on a Node.js other than 24. */
export class WrongNodeVersionError extends Error {
  override name = 'WrongNodeVersionError';
}

let runtime: Promise<Runtime> | undefined;
let retentionSweeps: ReturnType<typeof setInterval> | undefined;

/**
 * Emitted on `process` once the runtime has started, with `{ stop: stopRuntime }`. scripts/serve.mjs
 * runs the built app, in which this module is bundled into a chunk it cannot import by name, and
 * the node adapter's entry exports only its request handler; `process` is the one object both
 * share. So serve.mjs listens for this event before it imports the entry and keeps the function
 * for SIGTERM. A global would work too, but an event keeps the direction clear: the runtime offers
 * its stop, and whatever hosts it (astro dev and the tests do not listen) decides whether to use it.
 */
export const RUNTIME_STARTED_EVENT = 'complaints:runtime-started';

/** The process's runtime, started on first use (the server entry starts it before listening). */
export function getRuntime(): Promise<Runtime> {
  runtime ??= startRuntime();
  return runtime;
}

const RETENTION_SWEEP_MS = 60 * 60 * 1000;

async function startRuntime(): Promise<Runtime> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 24) {
    throw new WrongNodeVersionError(`This service needs Node.js 24 LTS but is running on ${process.versions.node}. Start it with "npm start".`);
  }
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel });
  const councilSource = toCouncilFilePath(config.council, config.councilFile);
  const fromFile = withMailOverrides(readCouncilFile(councilSource), config.mail);
  // UPLOADS=off turns the documents question off whatever the council file says.
  const council = { ...fromFile, uploads: { ...fromFile.uploads, enabled: fromFile.uploads.enabled && config.uploads.enabled } };
  const settings = { retentionDays: config.retentionDays ?? council.retentionDays, sessionMinutes: config.session.ttlMinutes };
  const copy = loadCopy({
    council,
    councilSource,
    locale: config.locale,
    settings,
    strict: !config.isProduction,
    extraAreas: extraWords,
    onMissing: (copyKey) => log.error('copy missing', { copyKey }),
  });
  const pages = loadContentPages(council, settings, copy);
  const openedStore = await createStore({ database: config.database, encryptionKey: config.encryptionKey }, { log }).catch((error: unknown) => {
    throw new ConfigError([storeStartProblem(config, error)]);
  });
  const metrics = createMetrics({ readOutbox: (now) => store.outboxHealthByKind(now), log });
  const store = withStoreErrorCount(openedStore, metrics.countStoreError);
  const checkReadiness = createReadinessCheck(store, { dataDir: config.dataDir, minFreeMb: config.readiness.minFreeMb });
  const transport = createMailTransport({ smtpUrl: config.mail.smtpUrl, dataDir: config.dataDir, from: council.mail.from });
  const worker = createOutboxWorker({
    store,
    transport,
    webhook: config.caseDelivery.webhook,
    log,
    pollMs: config.outboxPollMs,
    workerId: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    alert: { to: council.mail.alerts, from: council.mail.from, messageIdDomain: council.mail.messageIdDomain, t: copy.t },
    onOutcome: metrics.countDelivery,
  });
  worker.start();

  const retentionMs = (config.retentionDays ?? council.retentionDays) * 24 * 60 * 60 * 1000;
  const sweep = () =>
    store
      .purge(Date.now(), { retentionMs })
      .then((counts) => {
        if (counts.cases || counts.sessions || counts.savedDrafts) {
          log.info('retention sweep', { cases: counts.cases, sessions: counts.sessions, savedDrafts: counts.savedDrafts });
        }
      })
      .catch((error: unknown) => log.error('retention sweep failed', { error }));
  void sweep();
  retentionSweeps = setInterval(sweep, RETENTION_SWEEP_MS).unref();

  const scanner = config.uploads.clamavUrl === undefined ? undefined : createClamdScanner(config.uploads.clamavUrl);
  if (council.uploads.enabled && scanner === undefined) {
    log.warn(
      'uploads are on but CLAMAV_URL is not set: files will be kept WITHOUT a virus scan and marked NOT SCANNED (production refuses to start like this)',
      {},
    );
  }

  log.info('service started', { council: council.slug, engine: store.engine });
  // Process's own typings list only Node's events; as an EventEmitter it carries any.
  (process as EventEmitter).emit(RUNTIME_STARTED_EVENT, { stop: stopRuntime });
  return { config, council, copy, pages, store, log, worker, transport, metrics, scanner, checkReadiness };
}

/**
 * Stops the runtime for a clean shutdown: the outbox worker takes no more messages, finishes the
 * one it is sending and releases its claims at once (so other instances send the rest without
 * waiting for the claims to lapse); then, once `requestsFinished` has settled (the HTTP requests
 * still in flight, which need the store), the store closes.
 */
export async function stopRuntime(requestsFinished: Promise<unknown> = Promise.resolve()): Promise<void> {
  const started = await runtime?.catch(() => undefined);
  if (started === undefined) return;
  clearInterval(retentionSweeps);
  await started.worker.stop();
  started.log.info('outbox worker stopped');
  await requestsFinished;
  await started.store.close();
}

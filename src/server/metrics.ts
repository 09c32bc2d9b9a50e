import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from './log.ts';
import { toStoreErrorCause, type StoreErrorCause } from './store/error-cause.ts';
import { ReferenceTakenError, type OutboxKindHealth, type Store } from './store/index.ts';
import { messageKinds, type MessageKind } from './store/types.ts';

/**
 * The service's metrics in Prometheus's text format, for GET /metrics. Every label value comes
 * from a short fixed list (a route pattern such as `/[journey]/[step]`, a method, a status class,
 * a message kind, a store operation and cause), never from a URL, a reference or anything a person
 * typed, so the series stay few and nothing personal reaches the monitoring system.
 */

export type DeliveryResult = 'delivered' | 'retried' | 'failed';

export interface RequestSample {
  /** The route's pattern as Astro names it (`/[journey]/[step]`), never the path that was asked for. */
  route: string;
  method: string;
  status: number;
  seconds: number;
}

export interface Metrics {
  /** The exposition text, with the Content-Type to send it with. */
  render(): Promise<{ contentType: string; body: string }>;
  observeRequest(sample: RequestSample): void;
  countDelivery(kind: MessageKind, result: DeliveryResult): void;
  countStoreError(operation: string, cause: StoreErrorCause): void;
}

export interface MetricsOptions {
  /** Read at each scrape for the outbox gauges. */
  readOutbox: (now: number) => Promise<OutboxKindHealth[]>;
  /** Node.js process metrics (CPU, memory, event loop lag, GC); off in tests that make several registries. */
  processMetrics?: boolean;
  log?: Logger;
  clock?: () => number;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const DELIVERY_RESULTS: readonly DeliveryResult[] = ['delivered', 'retried', 'failed'];

/** Creates a registry of its own with the service's metrics. */
export function createMetrics(options: MetricsOptions): Metrics {
  const clock = options.clock ?? Date.now;
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const outboxGauge = (name: string, help: string, value: (kind: OutboxKindHealth | undefined) => number) => {
    const gauge = new Gauge({ name, help, labelNames: ['kind'], registers: [registry] });
    return (kinds: OutboxKindHealth[] | undefined) => {
      gauge.reset();
      // No value is better than a stale one when the outbox could not be read.
      if (kinds === undefined) return;
      // Every kind, 0 when nothing of that kind waits, so an alert never meets a missing series.
      for (const kind of messageKinds) gauge.set({ kind }, value(kinds.find((k) => k.kind === kind)));
    };
  };
  const outboxGauges = [
    outboxGauge('complaints_outbox_depth', 'Messages not yet delivered (pending or failed), by kind.', (k) => k?.depth ?? 0),
    outboxGauge('complaints_outbox_failed', 'Messages that failed for good and wait for an operator to requeue them, by kind.', (k) => k?.failed ?? 0),
    outboxGauge('complaints_outbox_oldest_undelivered_age_seconds', 'Age of the oldest message still being tried, by kind; 0 when none is.', (k) =>
      Math.floor((k?.oldestUndeliveredAgeMs ?? 0) / 1000),
    ),
  ];

  const deliveries = new Counter({
    name: 'complaints_outbox_deliveries_total',
    help: 'Delivery attempts by result: delivered, retried (failed, to be tried again) or failed (for good).',
    labelNames: ['kind', 'result'],
    registers: [registry],
  });
  // Every series from zero, so a rate over the first failure after a restart is not lost.
  for (const kind of messageKinds) for (const result of DELIVERY_RESULTS) deliveries.inc({ kind, result }, 0);

  const storeErrors = new Counter({
    name: 'complaints_store_errors_total',
    help: 'Store operations that failed, by operation and cause.',
    labelNames: ['operation', 'cause'],
    registers: [registry],
  });

  const requests = new Histogram({
    name: 'complaints_http_request_duration_seconds',
    help: 'Time from a request arriving to its response starting, by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  return {
    async render() {
      // Read before the text is made, so a failure here is in this scrape's store error count.
      const kinds = await options.readOutbox(clock()).catch((error: unknown) => {
        options.log?.warn('metrics could not read the outbox', { error });
        return undefined;
      });
      for (const setGauge of outboxGauges) setGauge(kinds);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    observeRequest({ route, method, status, seconds }) {
      const upper = method.toUpperCase();
      requests.observe({ route, method: METHODS.has(upper) ? upper : 'OTHER', status_class: `${Math.floor(status / 100)}xx` }, seconds);
    },
    countDelivery(kind, result) {
      deliveries.inc({ kind, result });
    },
    countStoreError(operation, cause) {
      storeErrors.inc({ operation, cause });
    },
  };
}

/**
 * The store, counting each failed operation by its name and cause. A reference that is already
 * taken is an answer, not a failure, and is left out.
 */
export function withStoreErrorCount(store: Store, count: (operation: string, cause: StoreErrorCause) => void): Store {
  // Each method is wrapped once, not on every call: the store is on every request's path.
  const wrapped = new Map<string, (...args: unknown[]) => unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      let method = wrapped.get(property);
      if (method === undefined) {
        const report = (error: unknown) => {
          if (!(error instanceof ReferenceTakenError)) count(property, toStoreErrorCause(error));
          throw error;
        };
        method = (...args: unknown[]) => {
          try {
            const result: unknown = value.apply(target, args);
            return result instanceof Promise ? result.catch(report) : result;
          } catch (error) {
            return report(error);
          }
        };
        wrapped.set(property, method);
      }
      return method;
    },
  });
}

/**
 * True when `authorization` is `Bearer <token>`. Both sides are hashed first, so the comparison
 * takes the same time whatever the guess, its length included.
 */
export function isAuthorisedBearer(authorization: string | null, token: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  if (!match) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

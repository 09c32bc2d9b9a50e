import type { Store } from './store/index.ts';

/**
 * What GET /health reports: counts and ages only, never a reference or anything about a person.
 * "degraded" means someone should look: the store is unreachable, a message to the council has
 * failed for good, or a message has waited longer than the threshold (the relay is down). Only an
 * unreachable store stops the service taking complaints; while mail is down, complaints are still
 * accepted safely into the outbox.
 */
export interface HealthReport {
  status: 'ok' | 'degraded';
  store: { reachable: boolean };
  outbox: {
    /** Messages not yet delivered (pending or failed); null when the store cannot be reached. */
    depth: number | null;
    /** Messages that failed for good and wait for an operator. */
    failed: number | null;
    /** Of the messages still being tried; null when there are none or the store cannot be reached. */
    oldestUndeliveredAgeSeconds: number | null;
  };
}

export interface HealthThresholds {
  /**
   * An undelivered message older than this makes the service "degraded". The default is 15
   * minutes: past the first five retries (30 s to 8 minutes), so a brief relay blip does not page
   * anyone, but an outage is visible long before the team's acknowledgement deadline is at risk.
   */
  maxOldestUndeliveredSeconds?: number;
}

/** Checks the store and the outbox for the health endpoint; never throws. */
export async function checkHealth(store: Store, now: number, thresholds: HealthThresholds = {}): Promise<HealthReport> {
  const maxAge = thresholds.maxOldestUndeliveredSeconds ?? 15 * 60;
  const reachable = await store.ping();
  if (!reachable) {
    return { status: 'degraded', store: { reachable }, outbox: { depth: null, failed: null, oldestUndeliveredAgeSeconds: null } };
  }
  let outbox;
  try {
    outbox = await store.outboxHealth(now);
  } catch {
    // Reachable a moment ago but the query failed: report it as unreachable rather than fail the probe.
    return { status: 'degraded', store: { reachable: false }, outbox: { depth: null, failed: null, oldestUndeliveredAgeSeconds: null } };
  }
  const oldestSeconds = outbox.oldestUndeliveredAgeMs === null ? null : Math.floor(outbox.oldestUndeliveredAgeMs / 1000);
  const degraded = outbox.failedNeedingAction > 0 || (oldestSeconds !== null && oldestSeconds > maxAge);
  return {
    status: degraded ? 'degraded' : 'ok',
    store: { reachable },
    outbox: { depth: outbox.depth, failed: outbox.failed, oldestUndeliveredAgeSeconds: oldestSeconds },
  };
}

import { webcrypto } from 'node:crypto';
import { createReferenceNumber } from '../domain/reference-number.ts';
import type { Logger } from './log.ts';
import { ReferenceTakenError, type CaseKind, type OutgoingMessage, type Store } from './store/index.ts';
import type { SubmitOutcome } from './submit.ts';

const randomBytes = (count: number) => webcrypto.getRandomValues(new Uint8Array(count));

/** What one submission writes: the confirmation summary, the whole record, and its emails. */
export interface BuiltCase {
  summary: Record<string, unknown>;
  record: Record<string, unknown>;
  messages: OutgoingMessage[];
}

/**
 * Writes a submission and every email it owes in one transaction, under a fresh reference, before
 * the person sees that reference; the outbox worker delivers the emails later. A second Send from
 * the same session returns the first reference. A reference clash (astronomically rare) is retried
 * with a new one, never merged.
 */
export async function submitWithFreshReference(options: {
  store: Store;
  log: Logger;
  sessionId: string;
  kind: CaseKind;
  prefix: string;
  now: Date;
  build: (reference: string) => BuiltCase;
}): Promise<SubmitOutcome> {
  const { store, log, sessionId, kind, prefix, now, build } = options;
  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = createReferenceNumber({ prefix, random: randomBytes });
    const built = build(reference);
    try {
      const result = await store.submitCase({ sessionId, reference, kind, createdAt: now.getTime(), summary: built.summary, record: built.record, messages: built.messages });
      if (result.created) log.info(`${kind} sent`, { reference: result.reference });
      return { ok: true, reference: result.reference, created: result.created };
    } catch (error) {
      if (error instanceof ReferenceTakenError) continue;
      log.error(`${kind} could not be stored`, { error });
      return { ok: false, code: 'store_failed' };
    }
  }
  log.error(`no free ${kind} reference after 5 attempts`, {});
  return { ok: false, code: 'store_failed' };
}

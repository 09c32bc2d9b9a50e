import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toComplaintAdvocacyReferral } from '../../src/domain/advocacy.ts';
import type { CaseRecord } from '../../src/domain/case-record.ts';
import type { Journey, JourneyAnswers } from '../../src/forms/engine/journey.ts';
import { toSummaryRows } from '../../src/forms/engine/summary.ts';
import { pruneAnswers } from '../../src/forms/engine/walk.ts';
import { complaintJourney } from '../../src/forms/journeys/complaint/journey.ts';
import { reviewJourney } from '../../src/forms/journeys/review.ts';
import type { PageValues } from '../../src/forms/page-schema.ts';
import { submitJourney } from '../../src/server/journeys/submit.ts';
import { createLogger } from '../../src/server/log.ts';
import { createStore, type Store } from '../../src/server/store/index.ts';
import { childAnswers, childCheck, createJourneyContext, journeyToday, parentAnswers, parentCheck, reviewAnswers, withAnswers } from '../fixtures/journeys.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil } from '../helpers/councils.ts';

/**
 * What Send builds and writes for a complaint and a stage 2 request: the confirmation summary, the
 * emails, and what a request is told of the complaint it names, with the real journeys, the real
 * catalogue and a real SQLite store in a folder of its own.
 */

/** Noon on the journeys' day (a Sunday, so received on Monday 23 November 2026). */
const NOW = new Date(`${journeyToday}T12:00:00Z`);
const council = exampleCouncil();
const copy = createTestCopy(council);
const quiet = createLogger({ level: 'error', stream: { write: () => true } });

/** What Send builds from a complete journey, without a store. */
function build(journey: Journey, answers: JourneyAnswers, check: PageValues) {
  const start = createJourneyContext(answers);
  const ctx = { ...start, answers: pruneAnswers(journey, start) };
  const rows = toSummaryRows(journey, ctx, copy).map(({ section, question, answer }) => ({ section, question, answer }));
  return journey.submission.build({ ctx, check, reference: 'CSC-7AFQ-VEYZ', now: NOW, t: copy.t, rows, referenceKnown: false });
}

describe('complaintJourney.submission', () => {
  it('refers a child who asked for an advocate, and keeps the date they were promised for the confirmation page', () => {
    const { summary, messages, record } = build(complaintJourney, childAnswers, childCheck);
    const referral = toComplaintAdvocacyReferral(record as CaseRecord, council);
    // Received Monday 23 November; the provider answers in 2 working days.
    expect(referral?.screening.contactBy).toBe('2026-11-25');
    expect(summary).toMatchObject({ kind: 'complaint', advocacyRequested: true, advocateContactBy: '2026-11-25' });
    expect(messages.map((m) => [m.kind, m.to])).toContainEqual(['advocacy_referral', council.contacts.advocacy.referralEmail]);
  });

  it('keeps the young person’s age for the confirmation page, and no age for an adult', () => {
    expect(build(complaintJourney, childAnswers, childCheck).summary).toMatchObject({ selfPath: true, youngPersonAge: 14 });
    expect(build(complaintJourney, parentAnswers, parentCheck).summary).not.toHaveProperty('youngPersonAge');
  });

  it('promises no advocate to a young person who was not sure, and refers nobody', () => {
    const { summary, messages } = build(complaintJourney, withAnswers(childAnswers, { advocacy: { wantsAdvocate: 'not_sure' } }), childCheck);
    expect(summary).toMatchObject({ advocacyRequested: false });
    expect(summary).not.toHaveProperty('advocateContactBy');
    expect(messages.map((m) => m.kind)).not.toContain('advocacy_referral');
  });

  it('tells the team how to acknowledge a child who gave only a phone number', () => {
    const team = build(complaintJourney, childAnswers, childCheck).messages.find((m) => m.kind === 'team');
    expect(team?.text).toContain(
      'Acknowledgement email: No email given: acknowledge by phone by Thursday 26 November 2026, after reading their safe-contact instructions\n',
    );
  });
});

describe('submitJourney', () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'submit-test-'));
    store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = async (journey: Journey, answers: JourneyAnswers, check: PageValues, sessionId: string) => {
    const outcome = await submitJourney({ journey, store, copy, log: quiet, sessionId, ctx: createJourneyContext(answers), check, now: NOW });
    if (!outcome.ok) throw new Error(`Send failed: ${outcome.code}`);
    return outcome.reference;
  };

  /** The team's email for a case, as the outbox holds it. */
  const teamEmailOf = async (reference: string) => {
    const messages = await store.claimMessages({ now: NOW.getTime() + 1000, limit: 20, workerId: 'test', claimTtlMs: 60_000 });
    const team = messages.find((m) => m.reference === reference && m.kind === 'team');
    return team?.kind === 'team' ? team.text : '';
  };

  it('tells staff when the complaint a stage 2 request names was received here, and its route', async () => {
    const complaint = await send(complaintJourney, parentAnswers, parentCheck, 'session-1');
    const request = await send(reviewJourney, withAnswers(reviewAnswers, { reference: { reference: complaint } }), { worriedAtCheck: 'no' }, 'session-2');
    expect(await teamEmailOf(request)).toContain(
      `Complaint reference: ${complaint}\nIn this service's records: Found: a complaint received on Monday 23 November 2026, provisional route statutory, stage 1 reply due Monday 7 December 2026.\n`,
    );
  });

  it('says plainly when the complaint is not in this service’s records', async () => {
    const request = await send(reviewJourney, reviewAnswers, { worriedAtCheck: 'no' }, 'session-3');
    expect(await teamEmailOf(request)).toContain("Complaint reference: CSC-7AFQ-VEYZ\nIn this service's records: Not found (see Triage)\n");
  });
});

describe('the channels a Send writes to', () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'submit-channels-'));
    store = await createStore({ database: { kind: 'sqlite', path: join(dir, 'complaints.sqlite') } });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sendWith = async (channels: { email: boolean; webhook: boolean }) => {
    const ctx = createJourneyContext(childAnswers);
    const outcome = await submitJourney({ journey: complaintJourney, store, copy, log: quiet, sessionId: 's1', ctx, check: childCheck, now: NOW, channels });
    if (!outcome.ok) throw new Error(`Send failed: ${outcome.code}`);
    const messages = await store.claimMessages({ now: NOW.getTime() + 1000, limit: 20, workerId: 'test', claimTtlMs: 60_000 });
    return { reference: outcome.reference, messages };
  };

  it('writes only the emails when no webhook is set', async () => {
    const kinds = (await sendWith({ email: true, webhook: false })).messages.map((m) => m.kind);
    expect(kinds).toContain('team');
    expect(kinds).not.toContain('webhook');
  });

  it('adds the case document as a webhook, in the same write, under a webhook-id stable for the case and kind', async () => {
    const { reference, messages } = await sendWith({ email: true, webhook: true });
    const webhook = messages.find((m) => m.kind === 'webhook');
    expect(webhook?.messageId).toBe(`${reference}.complaint`);
    expect(webhook?.kind === 'webhook' && JSON.parse(webhook.body)).toMatchObject({ kind: 'complaint', reference, case: { reference } });
    expect(messages.map((m) => m.kind)).toContain('team');
  });

  it('leaves out the team’s email when email is off, and still sends the advocacy referral', async () => {
    const { messages } = await sendWith({ email: false, webhook: true });
    const kinds = messages.map((m) => m.kind);
    expect(kinds).toContain('webhook');
    expect(kinds).toContain('advocacy_referral');
    expect(kinds).not.toContain('team');
  });
});

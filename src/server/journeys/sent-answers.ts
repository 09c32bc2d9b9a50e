import { z } from 'zod';
import type { IsoDate } from '../../domain/dates.ts';
import type { Journey, JourneyContext } from '../../forms/engine/journey.ts';
import { toSummaryRows } from '../../forms/engine/summary.ts';
import { pruneAnswers } from '../../forms/engine/walk.ts';
import type { SessionRecord } from '../store/index.ts';
import type { JourneyLocals } from './session.ts';

/**
 * The person's own copy of what they sent, to read, print or save as a PDF straight after sending
 * (people who gave only a phone number or an address get no email). Sending empties the session's
 * answers; the copy then lives in that session alone, so only the browser that sent it sees it, for
 * as long as unsent answers would be kept, and Exit this page deletes it with the session. It is
 * never emailed: a shared inbox is not a safe place for what a complaint says.
 */

const sentAnswersSchema = z.object({
  journey: z.string(),
  reference: z.string(),
  sentOn: z.iso.date(),
  /** The check answers rows as they were sent, without change links. */
  rows: z.array(z.object({ section: z.string(), question: z.string(), answer: z.string() })),
});

export type SentAnswers = z.output<typeof sentAnswersSchema> & { sentOn: IsoDate };

const KEY = 'sentAnswers';

/** Keeps the rows that were just sent under `reference` in the session that sent them, replacing everything else it held. */
export async function keepSentAnswers(options: {
  journey: Journey;
  locals: JourneyLocals;
  session: SessionRecord;
  ctx: JourneyContext;
  reference: string;
  now: Date;
}): Promise<void> {
  const { journey, locals, session, ctx, reference, now } = options;
  const { store, copy, config } = locals.runtime;
  // The same rows Send put in the case (only answers to steps that still apply), as check answers showed them.
  const sent = { ...ctx, answers: pruneAnswers(journey, ctx) };
  const rows = toSummaryRows(journey, sent, copy).map(({ section, question, answer }) => ({ section, question, answer }));
  const kept: SentAnswers = { journey: journey.id, reference, sentOn: ctx.today, rows };
  await store.saveSessionData(session.id, { [KEY]: kept }, now.getTime() + config.session.ttlMinutes * 60_000);
}

/**
 * The copy this session keeps of what it sent on this journey; undefined when it sent nothing, sent
 * it on another journey, or keeps no copy (sent before copies were kept, or the copy is unreadable).
 */
export function readSentAnswers(journey: Journey, session: SessionRecord | undefined): SentAnswers | undefined {
  if (!session?.submittedReference) return undefined;
  const parsed = sentAnswersSchema.safeParse(session.data[KEY]);
  if (!parsed.success) return undefined;
  const kept = parsed.data as SentAnswers;
  return kept.journey === journey.id && kept.reference === session.submittedReference ? kept : undefined;
}

import type { Council } from '../domain/council.ts';
import { toLondonDateTime } from '../domain/dates.ts';
import type { JourneyAnswers, JourneyContext } from '../forms/journey.ts';
import type { SessionRecord } from './store/types.ts';

/** The journey's view of a session: the council, the answers so far and today's date in England. */
export function toJourneyContext(session: SessionRecord | undefined, council: Council, now: Date): JourneyContext {
  const answers = (session?.data.answers ?? {}) as JourneyAnswers;
  return { council, answers, today: toLondonDateTime(now).date };
}

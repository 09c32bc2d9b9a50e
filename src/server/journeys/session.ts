import type { AstroCookies } from 'astro';
import type { Council } from '../../domain/council.ts';
import { toLondonDateTime } from '../../domain/dates.ts';
import type { Journey, JourneyAnswers, JourneyContext } from '../../forms/engine/journey.ts';
import type { RawValues } from '../../forms/page-schema.ts';
import type { Runtime } from '../runtime.ts';
import { SESSION_COOKIE, sessionCookieOptions, toSessionCookieValue } from '../session.ts';
import type { SessionRecord } from '../store/index.ts';

/**
 * A journey's answers live in the server-side session, marked with the journey they belong to, so
 * the answers of one journey never answer another's questions.
 */

/** What a journey's pages need from Astro.locals. */
export interface JourneyLocals {
  runtime: Runtime;
  session: SessionRecord | undefined;
  sessionExpired: boolean;
}

/** The journey's view of a session: the council, the answers so far and today's date in England. */
export function toJourneyContext(session: SessionRecord | undefined, council: Council, now: Date): JourneyContext {
  const answers = (session?.data['answers'] ?? {}) as JourneyAnswers;
  return { council, answers, today: toLondonDateTime(now).date };
}

/** Whether a session holds this journey's answers (it was started on this journey's start page). */
export function isJourneySession(journey: Journey, session: SessionRecord): boolean {
  return session.data['journey'] === journey.id;
}

/**
 * Starts a fresh session for a journey: any earlier session is destroyed and a new id issued, so an
 * id seen before the journey began (on a shared computer, say) is never the one holding answers.
 * Returns the first question's address.
 */
export async function startJourneySession(journey: Journey, locals: JourneyLocals, cookies: AstroCookies): Promise<string> {
  const { store, config } = locals.runtime;
  if (locals.session) await store.deleteSession(locals.session.id);
  const now = Date.now();
  const session = await store.createSession({
    now,
    expiresAt: now + config.session.ttlMinutes * 60_000,
    data: { journey: journey.id, answers: {}, startedAt: now },
  });
  cookies.set(SESSION_COOKIE, toSessionCookieValue(session.id, config.session.secret), sessionCookieOptions(config.isProduction));
  return `/${journey.path}/${journey.steps[0]?.id ?? 'check'}`;
}

/**
 * What was on a page when the person pressed "Save and come back later" without a complete
 * answer, exactly as typed, by page id: shown on that page again, never used as an answer.
 */
export function partialAnswersOf(session: SessionRecord): Record<string, RawValues> {
  return (session.data['partial'] ?? {}) as Record<string, RawValues>;
}

/**
 * Saves a journey's answers and moves the session's expiry on. `partial` sets (or, with null,
 * clears) what is kept as typed for a page.
 */
export async function saveAnswers(
  locals: JourneyLocals,
  session: SessionRecord,
  answers: JourneyAnswers,
  now: Date,
  partial: Record<string, RawValues | null> = {},
): Promise<void> {
  const { store, config } = locals.runtime;
  const kept: Record<string, RawValues> = { ...partialAnswersOf(session) };
  for (const [page, values] of Object.entries(partial)) {
    if (values === null) delete kept[page];
    else kept[page] = values;
  }
  const { partial: _earlier, ...data } = session.data;
  const next = Object.keys(kept).length > 0 ? { ...data, answers, partial: kept } : { ...data, answers };
  await store.saveSessionData(session.id, next, now.getTime() + config.session.ttlMinutes * 60_000);
}

import { complainantRoles, isSelfRole, responsibleCouncils, type ComplainantRole } from '../../../domain/answers.ts';
import type { SignpostTarget } from '../../../domain/council.ts';
import { lastDayOfMonth, type IsoDate } from '../../../domain/dates.ts';
import { checkTimeLimit } from '../../../domain/time-limit.ts';
import { readAnswers } from '../../engine/answers.ts';
import type { JourneyContext } from '../../engine/journey.ts';

/**
 * Which way the complaint journey goes: who is complaining decides "you" or "the child" and which
 * questions are asked, the services chosen decide which pages say where else to go, and the date
 * decides whether the person is asked why it is late.
 */

/** The most children one complaint asks about; more can be written in "What happened?". */
export const MAX_CHILDREN = 5;

/** The role chosen on "who is complaining", if answered. */
export function roleOf(ctx: JourneyContext): ComplainantRole | undefined {
  return readAnswers(ctx.answers).choice('who', 'role', complainantRoles);
}

/** Whether the person is the child or care leaver, so pages say "you". */
export function isSelfPath(ctx: JourneyContext): boolean {
  const role = roleOf(ctx);
  return role !== undefined && isSelfRole(role);
}

/** Whether an adult is complaining for a child. */
export function isAdultPath(ctx: JourneyContext): boolean {
  return roleOf(ctx) !== undefined && !isSelfPath(ctx);
}

/** How many children the adult has told us about so far (at least one). */
export function childCount(ctx: JourneyContext): number {
  const answers = readAnswers(ctx.answers);
  let n = 1;
  while (n < MAX_CHILDREN && answers.text(`more-children-${n}`, 'moreChildren') === 'yes') n += 1;
  return n;
}

/** Which council each child (or the young person) said is responsible for them. */
export function childCouncils(ctx: JourneyContext): string[] {
  const answers = readAnswers(ctx.answers);
  if (isSelfPath(ctx)) return [answers.choice('about-you', 'council', responsibleCouncils)].filter((c) => c !== undefined);
  return Array.from({ length: childCount(ctx) }, (_, i) => answers.choice(`child-${i + 1}`, `child${i + 1}Council`, responsibleCouncils)).filter(
    (c) => c !== undefined,
  );
}

function selectedServices(ctx: JourneyContext) {
  const chosen = new Set(readAnswers(ctx.answers).list('service', 'services'));
  return ctx.council.services.filter((s) => chosen.has(s.id));
}

const allWithAnotherCouncil = (ctx: JourneyContext) => {
  const councils = childCouncils(ctx);
  return councils.length > 0 && councils.every((c) => c === 'another');
};

/** The bodies the complaint belongs to instead of (or as well as) this council, in the order the "somewhere else" page lists them. */
export function signpostTargetsOf(ctx: JourneyContext): SignpostTarget[] {
  const targets = new Set<SignpostTarget>();
  for (const s of selectedServices(ctx)) if (s.signpost) targets.add(s.signpost);
  if (allWithAnotherCouncil(ctx)) targets.add('other_council');
  return signpostOrder.filter((t) => targets.has(t));
}

/** The order the "somewhere else" page lists them in. */
export const signpostOrder: readonly SignpostTarget[] = ['other_council', 'school', 'send_tribunal', 'nhs', 'police', 'court', 'irm'];

/** Whether anything in the complaint is for this council to handle (not only for another body). */
export function hasCouncilPart(ctx: JourneyContext): boolean {
  if (allWithAnotherCouncil(ctx)) return false;
  return selectedServices(ctx).some((s) => s.route !== 'signpost');
}

/**
 * The person told us every part of the complaint belongs elsewhere and chose not to send it: the
 * journey stops at the "you do not need to do anything else" page.
 */
export function stopsHere(ctx: JourneyContext): boolean {
  // An answer left from before a change of services must not stop a journey the page no longer asks it on.
  if (hasCouncilPart(ctx) || signpostTargetsOf(ctx).length === 0) return false;
  return readAnswers(ctx.answers).text('elsewhere', 'sendAnyway') === 'no';
}

/** The latest-event date the 12-month rule runs from, if it is dated. */
function latestEventDate(ctx: JourneyContext): IsoDate | undefined {
  const answers = readAnswers(ctx.answers);
  const kind = answers.text('when', 'whenKind');
  if (kind === 'exact') return answers.text('when', 'whenDate');
  const month = kind === 'month' ? answers.text('when', 'whenMonth') : undefined;
  if (!month) return undefined;
  const [y, m] = month.split('-').map(Number) as [number, number];
  return lastDayOfMonth(y, m);
}

/** Whether the event is older than the time limit today (the rules engine decides for real at Send). */
export function looksOutOfTime(ctx: JourneyContext): boolean {
  const latest = latestEventDate(ctx);
  if (!latest) return false;
  return (
    checkTimeLimit({ when: { kind: 'exact', date: latest }, receivedDate: ctx.today, months: ctx.council.timescales.timeLimitMonths }).status === 'out_of_time'
  );
}

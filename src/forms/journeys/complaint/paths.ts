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

/** The order the "somewhere else" page lists them in. */
export const signpostOrder: readonly SignpostTarget[] = ['other_council', 'school', 'send_tribunal', 'nhs', 'police', 'court', 'irm'];

/** What the answers so far say about the way the journey goes, worked out once for each answers object. */
interface PathFacts {
  role: ComplainantRole | undefined;
  selfPath: boolean;
  childCount: number;
  childCouncils: string[];
  signpostTargets: SignpostTarget[];
  councilPart: boolean;
  stops: boolean;
}

/**
 * Every step's rule asks these same questions of the same answers, several times a request (the
 * gap, the next page, the back link, each step's "applies"); answers are never changed in place
 * (a change makes a new object), so the facts are kept for as long as the answers object lives.
 */
const factsByAnswers = new WeakMap<JourneyContext['answers'], { council: JourneyContext['council']; facts: PathFacts }>();

function pathFacts(ctx: JourneyContext): PathFacts {
  const known = factsByAnswers.get(ctx.answers);
  if (known && known.council === ctx.council) return known.facts;
  const facts = Object.freeze(workOutFacts(ctx));
  factsByAnswers.set(ctx.answers, { council: ctx.council, facts });
  return facts;
}

function workOutFacts(ctx: JourneyContext): PathFacts {
  const answers = readAnswers(ctx.answers);
  const role = answers.choice('who', 'role', complainantRoles);
  const selfPath = role !== undefined && isSelfRole(role);
  let count = 1;
  while (count < MAX_CHILDREN && answers.text(`more-children-${count}`, 'moreChildren') === 'yes') count += 1;
  const councils = selfPath
    ? [answers.choice('about-you', 'council', responsibleCouncils)]
    : Array.from({ length: count }, (_, i) => answers.choice(`child-${i + 1}`, `child${i + 1}Council`, responsibleCouncils));
  const childCouncils = councils.filter((c) => c !== undefined);
  const chosen = new Set(answers.list('service', 'services'));
  const services = ctx.council.services.filter((s) => chosen.has(s.id));
  const allWithAnotherCouncil = childCouncils.length > 0 && childCouncils.every((c) => c === 'another');
  const targets = new Set<SignpostTarget>();
  for (const s of services) if (s.signpost) targets.add(s.signpost);
  if (allWithAnotherCouncil) targets.add('other_council');
  const signpostTargets = signpostOrder.filter((t) => targets.has(t));
  const councilPart = !allWithAnotherCouncil && services.some((s) => s.route !== 'signpost');
  // An answer left from before a change of services must not stop a journey the page no longer asks it on.
  const stops = !councilPart && signpostTargets.length > 0 && answers.text('elsewhere', 'sendAnyway') === 'no';
  return { role, selfPath, childCount: count, childCouncils, signpostTargets, councilPart, stops };
}

/** The role chosen on "who is complaining", if answered. */
export function roleOf(ctx: JourneyContext): ComplainantRole | undefined {
  return pathFacts(ctx).role;
}

/** Whether the person is the child or care leaver, so pages say "you". */
export function isSelfPath(ctx: JourneyContext): boolean {
  return pathFacts(ctx).selfPath;
}

/** Whether an adult is complaining for a child. */
export function isAdultPath(ctx: JourneyContext): boolean {
  const facts = pathFacts(ctx);
  return facts.role !== undefined && !facts.selfPath;
}

/** How many children the adult has told us about so far (at least one). */
export function childCount(ctx: JourneyContext): number {
  return pathFacts(ctx).childCount;
}

/** Which council each child (or the young person) said is responsible for them. */
export function childCouncils(ctx: JourneyContext): string[] {
  return [...pathFacts(ctx).childCouncils];
}

/** The bodies the complaint belongs to instead of (or as well as) this council, in the order the "somewhere else" page lists them. */
export function signpostTargetsOf(ctx: JourneyContext): SignpostTarget[] {
  return [...pathFacts(ctx).signpostTargets];
}

/** Whether anything in the complaint is for this council to handle (not only for another body). */
export function hasCouncilPart(ctx: JourneyContext): boolean {
  return pathFacts(ctx).councilPart;
}

/**
 * The person told us every part of the complaint belongs elsewhere and chose not to send it: the
 * journey stops at the "you do not need to do anything else" page.
 */
export function stopsHere(ctx: JourneyContext): boolean {
  return pathFacts(ctx).stops;
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

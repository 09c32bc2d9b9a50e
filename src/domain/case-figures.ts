import { z } from 'zod';
import { advocacyFlags, advocacyRequesters, isSelfRequester } from './advocacy.ts';
import { complainantRoles, isSelfRole } from './answers.ts';
import type { KindedRecord } from './case-document.ts';
import type { Council } from './council.ts';
import { dayOfWeek } from './dates.ts';
import { escalationFlags } from './escalation.ts';
import { feedbackKinds } from './feedback.ts';
import { flags, routes, ruleIds } from './screening-types.ts';
import { toReceiptDate } from './timeline.ts';

/**
 * The anonymous facts kept about each case for the annual report (reg 13(3) of SI 2006/1738 and
 * the Ombudsman's Complaint Handling Code §8.1), written at Send and never deleted by retention.
 * Only choices from fixed lists, yes/no answers and the council's own service ids: no free text, no
 * names, no reference, no date finer than the month, and the time taken only as a band. Parsed
 * with this schema before it is stored, so nothing else can slip in.
 */

/** The version of the facts' shape, kept with each row so a later report can read older rows. */
export const caseFiguresVersion = 1;

/** The working days a case can count as received on. */
export const receiptWeekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

/** How long the journey took, from its start page to Send, in bands too wide to tell anyone apart. */
export const completionBands = ['under_10_minutes', '10_to_30_minutes', '30_to_60_minutes', '1_to_24_hours', 'over_a_day'] as const;
export type CompletionBand = (typeof completionBands)[number];

const common = {
  version: z.literal(caseFiguresVersion),
  /** The month the case counts as received, `YYYY-MM`. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  weekday: z.enum(receiptWeekdays),
  /** Absent when the journey's start is not known (a session that began before this was kept). */
  timeToComplete: z.enum(completionBands).optional(),
  /** Whether the page it was sent from had run the service's scripts (JavaScript on); absent when not known. */
  javascript: z.boolean().optional(),
};

/** Whether the case came from a child or young person speaking for themself, or an adult. */
const path = z.enum(['child', 'adult']);
/** A council's service catalogue id (`looked_after`, as council.ts allows them), never free text. */
const serviceId = z.string().regex(/^[a-z][a-z0-9_]*$/);
/** A journey's id (`complaint`, `sample-journey`). */
const journeyId = z.string().regex(/^[a-z][a-z0-9_-]*$/);

export const caseFiguresSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...common,
    kind: z.literal('complaint'),
    route: z.enum(routes),
    rules: z.array(z.enum(ruleIds)),
    flags: z.array(z.enum(flags)),
    category: z.enum(complainantRoles),
    services: z.array(serviceId),
    path,
    outOfTime: z.boolean(),
    advocacyRequested: z.boolean(),
    safeguarding: z.boolean(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('escalation'),
    stage: z.union([z.literal(2), z.literal(3)]),
    late: z.boolean(),
    flags: z.array(z.enum(escalationFlags)),
    safeguarding: z.boolean(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('advocacy'),
    requester: z.enum(advocacyRequesters),
    path,
    flags: z.array(z.enum(advocacyFlags)),
    complaintMade: z.boolean(),
    safeguarding: z.boolean(),
  }),
  z.strictObject({ ...common, kind: z.literal('feedback'), feedbackKind: z.enum(feedbackKinds) }),
  z.strictObject({ ...common, kind: z.literal('request'), journey: journeyId, safeguarding: z.boolean() }),
]);

export type CaseFigures = z.output<typeof caseFiguresSchema>;

/** Stored facts, or undefined when they are not facts of this version (a row from a later version, say). */
export function parseCaseFigures(stored: unknown): CaseFigures | undefined {
  const result = caseFiguresSchema.safeParse(stored);
  return result.success ? result.data : undefined;
}

const MINUTE = 60_000;

/**
 * The band for the time from a journey's start to its Send.
 * @example toCompletionBand(25 * 60_000) // '10_to_30_minutes'
 */
export function toCompletionBand(ms: number): CompletionBand {
  if (ms < 10 * MINUTE) return 'under_10_minutes';
  if (ms < 30 * MINUTE) return '10_to_30_minutes';
  if (ms < 60 * MINUTE) return '30_to_60_minutes';
  if (ms < 24 * 60 * MINUTE) return '1_to_24_hours';
  return 'over_a_day';
}

/**
 * The anonymous facts of a case sent at `submittedAt`, whose journey started at `startedAt`
 * (when known); undefined if they would not match the schema, which is a programming error: the
 * case is still sent (a person's complaint never fails for the sake of a statistic), without its
 * row, rather than store something unexpected.
 */
export function toCaseFigures(input: KindedRecord, council: Council, submittedAt: Date, startedAt?: number): CaseFigures | undefined {
  const receipt = toReceiptDate(submittedAt, council);
  const common = {
    version: caseFiguresVersion,
    month: receipt.slice(0, 7),
    weekday: receiptWeekdays[dayOfWeek(receipt) - 1],
    ...(startedAt === undefined ? {} : { timeToComplete: toCompletionBand(submittedAt.getTime() - startedAt) }),
  };
  const facts = ((): unknown => {
    switch (input.kind) {
      case 'complaint': {
        const { screening, answers } = input.record;
        return {
          ...common,
          kind: 'complaint',
          route: screening.route,
          rules: [...screening.rules],
          flags: [...screening.flags],
          category: answers.role,
          services: [...answers.services],
          path: isSelfRole(answers.role) ? 'child' : 'adult',
          outOfTime: screening.timeLimit.status === 'out_of_time',
          advocacyRequested: answers.wantsAdvocate === 'yes',
          safeguarding: screening.flags.includes('safeguarding'),
        };
      }
      case 'escalation': {
        const { request, screening } = input.record;
        return {
          ...common,
          kind: 'escalation',
          stage: request.stage,
          late: screening.window.late,
          flags: [...screening.flags],
          safeguarding: screening.flags.includes('safeguarding'),
        };
      }
      case 'advocacy': {
        const { request, screening } = input.record;
        return {
          ...common,
          kind: 'advocacy',
          requester: request.requester,
          path: isSelfRequester(request.requester) ? 'child' : 'adult',
          flags: [...screening.flags],
          complaintMade: request.complaintMade,
          safeguarding: screening.flags.includes('safeguarding'),
        };
      }
      case 'feedback':
        return { ...common, kind: 'feedback', feedbackKind: input.record.feedbackKind };
      case 'request':
        return { ...common, kind: 'request', journey: input.record.journey, safeguarding: input.record.worriedAtCheck };
    }
  })();
  return parseCaseFigures(facts);
}

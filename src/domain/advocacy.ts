import { isSelfRole, type ChildAgreement, type ContactDetails, type ResponsibleCouncil } from './answers.ts';
import { toChildAge, type AnswerRow, type CaseRecord } from './case-record.ts';
import { message, type Message } from './copy.ts';
import type { Council } from './council.ts';
import type { IsoDate } from './dates.ts';
import { computeTimeline } from './timeline.ts';
import { createWorkingDayCalendar, type WorkingDayCalendar } from './working-days.ts';

/**
 * A request for an independent advocate (CA 1989 s26A; DOMAIN Part 1 §5). It is a submission in
 * its own right: the person may not have written a complaint yet, and may never write one.
 */

/**
 * Prefix of advocacy request references, e.g. `ADV-7K4M-2P9C`. Its own prefix lets staff tell a
 * request for an advocate from a complaint at a glance, and the complaint reference question
 * refuses it, so it cannot be mistaken for a complaint when someone asks for stage 2.
 */
export const advocacyReferencePrefix = 'ADV';

/** Who is asking: the child or young person, a care leaver, or an adult asking for a child. */
export const advocacyRequesters = ['child', 'care_leaver', 'adult'] as const;
export type AdvocacyRequester = (typeof advocacyRequesters)[number];

/** Flags for the complaints team and the provider, safeguarding first. Recorded, never a gate. */
export const advocacyFlags = ['safeguarding', 'child_does_not_agree', 'child_not_asked', 'another_council', 'responsible_council_unclear'] as const;
export type AdvocacyFlag = (typeof advocacyFlags)[number];

/** The child or young person the advocate is for. */
export interface AdvocacyChild {
  /** Full name or initials. */
  name: string;
  /** Always asked on the advocacy form; a complaint may not have it. */
  age?: number | undefined;
  responsibleCouncil: ResponsibleCouncil;
  otherCouncilName?: string;
}

/** What the person told us, as plain data. */
export interface AdvocacyRequest {
  requester: AdvocacyRequester;
  /** For an adult asking for a child: does the child know and agree. */
  childAgreement?: ChildAgreement;
  /** For an adult: how they know the child, in their words. */
  relationship?: string;
  /** Whether a complaint has been made already; "not yet" is just as valid. */
  complaintMade: boolean;
  /** The complaint's reference, if they gave one (as typed). */
  complaintReference?: string;
  /**
   * Asked for inside a complaint (whose reference is `complaintReference`), not on the advocacy form,
   * so nobody was asked what the advocate should know.
   */
  askedInComplaint?: boolean;
  child: AdvocacyChild;
  /** Anything the advocate should know (optional). */
  notes?: string;
  /** "Is anyone at risk of harm?", asked before Send. */
  worriedAtCheck: boolean;
}

/** The dates and flags worked out for a request. */
export interface AdvocacyScreening {
  flags: AdvocacyFlag[];
  /** The instant the request was sent, UTC ISO 8601. */
  submittedAt: string;
  submittedDate: IsoDate;
  /** The working day it counts as received, as for a complaint (DOMAIN §8). */
  receiptDate: IsoDate;
  receiptMoved: boolean;
  /** Why the receipt date is what it is, e.g. "Sent on Saturday …, which is not a working day, …". */
  receivedBasis: Message;
  /** The provider gets in touch by this date: `responseWorkingDays` after receipt. */
  contactBy: IsoDate;
  /** How working days are counted, printed in the team's email. */
  convention: Message;
}

/** Everything the complaints team and the advocacy provider are sent about one request. */
export interface AdvocacyRecord {
  kind: 'advocacy';
  reference: string;
  councilSlug: string;
  request: AdvocacyRequest;
  contact: ContactDetails;
  screening: AdvocacyScreening;
  /** The answers in journey order, worded as the person saw them. */
  answerRows: AnswerRow[];
}

/** Whether the person asking is the young person themself, so pages and emails say "you". */
export function isSelfRequester(requester: AdvocacyRequester): boolean {
  return requester !== 'adult';
}

/** What `screenAdvocacyRequest` needs: the request, the council, when it was sent, and optionally a calendar. */
export interface ScreenAdvocacyRequestInput {
  request: AdvocacyRequest;
  council: Council;
  submittedAt: Date;
  calendar?: WorkingDayCalendar;
}

/**
 * Dates a request (received as a complaint would be; the provider gets in touch
 * `contacts.advocacy.responseWorkingDays` working days later) and flags what staff must weigh.
 * @example screenAdvocacyRequest({ request, council, submittedAt: new Date('2026-11-20T10:00:00Z') }).contactBy // '2026-11-24' with 2 working days
 */
export function screenAdvocacyRequest({ request, council, submittedAt, calendar }: ScreenAdvocacyRequestInput): AdvocacyScreening {
  // The receipt rule (London date, cut-off, next working day) is the complaint's, so it comes from the
  // same function rather than a second copy that could drift.
  const timeline = computeTimeline({ route: 'signpost', council, submittedAt, calendar });
  const workingDays = calendar ?? createWorkingDayCalendar({ extraNonWorkingDays: council.calendar.extraNonWorkingDays });
  const contactBy = workingDays.addWorkingDays(timeline.receiptDate, council.contacts.advocacy.responseWorkingDays);

  const flags: AdvocacyFlag[] = [];
  if (request.worriedAtCheck) flags.push('safeguarding');
  if (request.requester === 'adult') {
    if (request.childAgreement === 'no') flags.push('child_does_not_agree');
    else if (request.childAgreement !== 'yes') flags.push('child_not_asked');
  }
  if (request.child.responsibleCouncil === 'another') flags.push('another_council');
  if (request.child.responsibleCouncil === 'not_sure') flags.push('responsible_council_unclear');

  return {
    flags,
    submittedAt: timeline.submittedAt,
    submittedDate: timeline.submittedDate,
    receiptDate: timeline.receiptDate,
    receiptMoved: timeline.receiptMoved,
    receivedBasis: timeline.entries.find((entry) => entry.id === 'received')?.basis ?? message('rules.timeline.basis.sentDay'),
    contactBy,
    convention: timeline.convention,
  };
}

/**
 * The referral a complaint makes when a child or care leaver asks for an advocate in it (DOMAIN
 * Part 1 §15): the request the advocacy form would have sent, under the complaint's reference,
 * screened by `screenAdvocacyRequest` so the contact-by date is counted the same way. Their
 * contact details, safe-contact answers and any trusted adult go with it, so the provider reaches
 * them only as they chose. Undefined when no advocate was asked for: "not sure" is offered one,
 * and adults are not covered by the advocacy duty (s26A).
 */
export function toComplaintAdvocacyReferral(record: CaseRecord, council: Council, calendar?: WorkingDayCalendar): AdvocacyRecord | undefined {
  const { answers } = record;
  if (!isSelfRole(answers.role) || answers.wantsAdvocate !== 'yes') return undefined;
  const self = answers.children[0];
  const request: AdvocacyRequest = {
    requester: answers.role === 'care_leaver' ? 'care_leaver' : 'child',
    complaintMade: true,
    complaintReference: record.reference,
    askedInComplaint: true,
    child: {
      name: self?.name ?? record.contact.name,
      age: self && toChildAge(self, record.timeline.submittedDate),
      responsibleCouncil: self?.responsibleCouncil ?? 'not_sure',
      ...(self?.otherCouncilName ? { otherCouncilName: self.otherCouncilName } : {}),
    },
    // The same worry reaches the provider as reached the safeguarding mailbox.
    worriedAtCheck: record.screening.flags.includes('safeguarding'),
  };
  const screening = screenAdvocacyRequest({ request, council, submittedAt: new Date(record.timeline.submittedAt), calendar });
  return { kind: 'advocacy', reference: record.reference, councilSlug: record.councilSlug, request, contact: record.contact, screening, answerRows: [] };
}

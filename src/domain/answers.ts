import type { IsoDate } from './dates.ts';

/**
 * What a complainant told us, as plain data: the rules engine's input. The journey's forms map
 * their validated values onto this shape; nothing here knows about pages or HTML.
 */

/** Who is complaining (DOMAIN.md Part 1 §4). Plain labels live in the journey; legal categories in `legal-category.ts`. */
export const complainantRoles = [
  'child',
  'care_leaver',
  'parent',
  'parental_responsibility',
  'foster_carer',
  'special_guardian',
  'adoption',
  'advocate',
  'relative_or_other',
] as const;
export type ComplainantRole = (typeof complainantRoles)[number];

/** Roles where the complainant is the young person themself: "you" wording, advocacy offered. */
export const selfRoles: readonly ComplainantRole[] = ['child', 'care_leaver'];

/** Whether the complainant is the child or care leaver (rather than someone acting for a child). */
export function isSelfRole(role: ComplainantRole): boolean {
  return selfRoles.includes(role);
}

/**
 * A relative or someone else may in fact hold a role that makes them eligible in their own right
 * (DOMAIN edge case 8). The journey asks before defaulting to "someone else".
 */
export const relativeStandings = ['foster_carer', 'special_guardian', 'lives_with_order', 'none'] as const;
export type RelativeStanding = (typeof relativeStandings)[number];

/** Which council is responsible for a child (R1). */
export const responsibleCouncils = ['this', 'another', 'not_sure'] as const;
export type ResponsibleCouncil = (typeof responsibleCouncils)[number];

export interface ChildDetails {
  /** Full name or initials. */
  name: string;
  dateOfBirth?: IsoDate;
  /** Age in years, when the date of birth is not known. */
  age?: number;
  responsibleCouncil: ResponsibleCouncil;
  otherCouncilName?: string;
}

/**
 * When something happened. A month and year means the last day of that month (kindest to the
 * complainant); "still happening" is in time; "not sure" sends the case to triage.
 */
export type EventDate = { kind: 'exact'; date: IsoDate } | { kind: 'month'; year: number; month: number } | { kind: 'ongoing' } | { kind: 'not_sure' };

/** When they found out, if later than the event. Only an exact date or a month. */
export type KnowledgeDate = Extract<EventDate, { kind: 'exact' | 'month' }>;

export const yesNoNotSure = ['yes', 'no', 'not_sure'] as const;
export type YesNoNotSure = (typeof yesNoNotSure)[number];

/** Whether the child knows and agrees, asked of adults acting for a child. Recorded, never a gate. */
export const childAgreements = ['yes', 'no', 'not_asked', 'too_young', 'not_safe'] as const;
export type ChildAgreement = (typeof childAgreements)[number];

/** Who an advocate wants the council to contact: only them, or the young person as well. */
export const reachYoungPersonAnswers = ['advocate_only', 'both'] as const;
export type ReachYoungPerson = (typeof reachYoungPersonAnswers)[number];

/** An earlier complaint about the same thing. `completed` means all three stages (R11). */
export const previousComplaints = ['no', 'yes_ongoing', 'yes_completed', 'not_sure'] as const;
export type PreviousComplaint = (typeof previousComplaints)[number];

export const delayReasons = ['only_just_found_out', 'was_a_child', 'illness_or_mental_health', 'waiting_for_council', 'court_case', 'other'] as const;
export type DelayReason = (typeof delayReasons)[number];

/** Everything the screening needs. Contact details are not here: they never change a route. */
export interface ComplaintAnswers {
  /** R0: "Are you, or any child, in danger right now?" A yes is shown the interruption page first. */
  dangerNow: boolean;
  /** R0: "Are you worried a child is being harmed?", asked at the start. */
  worriedAboutHarm: boolean;
  /** R0 asked again on check answers (DOMAIN edge case 10). */
  worriedAtCheck?: boolean;

  role: ComplainantRole;
  /** For `relative_or_other`: whether they hold a standing that makes them eligible. */
  relativeStanding?: RelativeStanding;
  /** For adults: relationship to the child, in their words (e.g. "grandmother"). */
  relationship?: string;
  /** For `advocate`: whether the child instructed them. */
  childInstructedAdvocate?: YesNoNotSure;
  /** For `advocate`: their organisation, if given. */
  advocacyOrganisation?: string;
  /** For `advocate`: whether replies go to the advocate alone, or to the young person as well. */
  reachYoungPerson?: ReachYoungPerson;
  /** For `advocate`, when the young person is to be contacted too: how to reach them safely, in the advocate's words. */
  youngPersonContact?: string;
  /** For adults acting for a child. */
  childAgreement?: ChildAgreement;

  /** The children the complaint is about. For a child or care leaver, their own record. */
  children: ChildDetails[];

  /** Service catalogue ids (council config) the complaint is about; more than one is allowed. */
  services: string[];
  /** Whether another organisation provided the service for the council (foster agency, children's home); only adults are asked. */
  commissionedProvider?: YesNoNotSure;
  /** Which organisation, when they said one did and know its name. */
  providerName?: string;

  whatHappened: string;
  /** The latest event, or "still happening". */
  when: EventDate;
  /** When they found out, if later than it happened. */
  foundOut?: KnowledgeDate;
  delayReasons?: DelayReason[];
  delayDetails?: string;
  outcomeWanted: string;

  /** Court proceedings or a police investigation about the same matter (R10). */
  proceedings: YesNoNotSure;
  previousComplaint: PreviousComplaint;
  previousReference?: string;

  /** Children, young people and care leavers are offered an advocate. */
  wantsAdvocate?: YesNoNotSure;
}

export const communicationNeeds = ['interpreter', 'bsl', 'easy_read', 'large_print', 'other'] as const;
export type CommunicationNeed = (typeof communicationNeeds)[number];

/** Whether it is safe to contact the person the ways they gave (DOMAIN edge case 11). */
export const safeToContactAnswers = ['yes', 'with_care', 'no'] as const;
export type SafeToContact = (typeof safeToContactAnswers)[number];

/** How to reach the complainant. At least one of email, phone, address or a trusted adult is always present. */
export interface ContactDetails {
  name: string;
  email?: string;
  phone?: string;
  /** Postal address, one line per entry. */
  address?: string[];
  preferredMethod?: 'email' | 'phone' | 'post';
  safeToContact: SafeToContact;
  /** When or how it is safe, or another safe way (e.g. "through my advocate"). */
  safeContactDetails?: string;
  /**
   * A child's chosen way to be reached through an adult they trust (an advocate, social worker,
   * carer): who, and how to reach that adult. The child is then contacted no other way they did not choose.
   */
  trustedAdult?: { who: string; how: string };
  communicationNeeds: CommunicationNeed[];
  interpreterLanguage?: string;
  otherNeeds?: string;
  /** Opted in to an acknowledgement by email; only honoured when an email was given and it is safe. */
  wantsAcknowledgement: boolean;
}

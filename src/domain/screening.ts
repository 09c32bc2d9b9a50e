import { isSelfRole, type ComplainantRole, type ComplaintAnswers } from './answers.ts';
import { explainToComplainant } from './complainant-explanation.ts';
import { message, type CopyValues, type Message } from './copy.ts';
import type { Council } from './council.ts';
import { toLondonDateTime } from './dates.ts';
import { joinMessages } from './join-messages.ts';
import { toEffectiveRole, toLegalCategory } from './legal-category.ts';
import { flags as flagOrder, ruleIds, type Flag, type Route, type RoutedIssue, type RuleId, type Screening, type TimeLimitResult } from './screening-types.ts';
import { checkTimeLimit } from './time-limit.ts';

/**
 * Catalogue id for "how I was treated as an adult". The catalogue already makes it corporate; the
 * id is named here only so that R7 can be reported to staff as the reason (LGSCO factsheet: an
 * adult's complaint about their own treatment "will probably" go through the council's procedure).
 */
const adultOwnTreatmentId = 'adult_own_treatment';

/**
 * Catalogue id for adoption and adoption support. Adoption-related people (ACA 2002 s3(1)) are
 * eligible in their own right for adoption functions (s26(3B)), but not automatically for others.
 */
const adoptionSupportId = 'adoption_support';

/**
 * Roles that can use the statutory procedure in their own right (s26(3), s24D, s26(3C)). An
 * advocate is here because they act for the child, who is eligible (s26A).
 */
const eligibleInOwnRight: readonly ComplainantRole[] = [
  'child',
  'care_leaver',
  'parent',
  'parental_responsibility',
  'foster_carer',
  'special_guardian',
  'advocate',
];

/**
 * Screens a complaint: a provisional route, the rules that fired, flags for staff, each issue's own
 * route, the time-limit check and two explanations. Follows the routing table R0–R11 in DOMAIN.md
 * and never refuses: anything outside the statutory procedure is routed to the council's own
 * procedure, to triage, or signposted with a note that the person may still send it.
 *
 * `submittedAt` is the instant it was sent; the time limit uses its date in England. The
 * explanations are messages (catalogue keys and values under `rules.*`), put into words where
 * they are shown.
 */
export function screenComplaint(answers: ComplaintAnswers, council: Council, submittedAt: Date): Screening {
  const ruleLines = new Map<RuleId, Message>();
  const notes: Message[] = [];
  const raised = new Set<Flag>();
  const fire = (rule: RuleId, line: Message): void => {
    ruleLines.set(rule, message('rules.staff.rule', { rule, line }));
  };

  const role = toEffectiveRole(answers.role, answers.relativeStanding);
  const legalCategory = toLegalCategory(answers.role, answers.relativeStanding);

  // R0 comes first and stands alone: a worry about harm never changes the route, it adds a copy to
  // the safeguarding mailbox. Only explicit answers count, never words in the complaint (edge case 10).
  const safety = [
    answers.dangerNow && staff('safeguarding.dangerNow'),
    answers.worriedAboutHarm && staff('safeguarding.worriedAtStart'),
    answers.worriedAtCheck === true && staff('safeguarding.worriedAtCheck'),
  ].filter((s): s is Message => typeof s === 'object');
  if (safety.length > 0) {
    raised.add('safeguarding');
    fire('R0', staff('safeguarding.line', { reasons: joinMessages(semicolons, safety), mailbox: council.mail.safeguarding }));
  }

  const issues = toRoutedIssues(answers.services, council);

  // R1: another council's child. The complaint is still sent here, because the person may not
  // know which council is responsible and the team can pass it on; the route tells them where it
  // belongs. The other rules still run, so staff see how each part would be handled if it stays.
  const children = answers.children;
  const anotherCouncil = children.filter((c) => c.responsibleCouncil === 'another');
  const unclearCouncil = children.filter((c) => c.responsibleCouncil === 'not_sure');
  const allAnotherCouncil = children.length > 0 && anotherCouncil.length === children.length;
  const r1: Message[] = [];
  if (allAnotherCouncil) {
    raised.add('another_council');
    const councils = toOtherCouncilNames(anotherCouncil);
    r1.push(councils.length ? staff('responsibleCouncil.allAnotherNamed', { councils }) : staff('responsibleCouncil.allAnother'));
  } else if (anotherCouncil.length > 0) {
    raised.add('another_council');
    const councils = toOtherCouncilNames(anotherCouncil);
    const names = anotherCouncil.map((c) => c.name);
    r1.push(
      councils.length
        ? staff('responsibleCouncil.someAnotherNamed', { names, councils, count: anotherCouncil.length })
        : staff('responsibleCouncil.someAnother', { names, count: anotherCouncil.length }),
    );
  }
  if (unclearCouncil.length > 0) {
    raised.add('responsible_council_unclear');
    r1.push(staff('responsibleCouncil.unclear', { names: unclearCouncil.map((c) => c.name) }));
  }
  if (answers.commissionedProvider === 'yes') {
    raised.add('commissioned_provider');
    r1.push(staff('responsibleCouncil.commissionedProvider'));
  } else if (answers.commissionedProvider === 'not_sure') {
    notes.push(staff('note.commissionedProviderNotSure'));
  }
  if (r1.length > 0) fire('R1', staff('responsibleCouncil.line', { parts: joinMessages(semicolons, r1) }));

  // R2 and R3: parts that belong to another body.
  const elsewhere = issues.filter((i) => i.route === 'signpost' && i.signpost !== 'irm');
  if (elsewhere.length > 0) {
    const items = elsewhere.map((i) => staff('anotherBody.item', { label: i.label, body: council.signposts[i.signpost ?? 'other_council'].name }));
    fire('R2', staff('anotherBody.line', { items: joinMessages(semicolons, items) }));
  }
  const irm = issues.filter((i) => i.signpost === 'irm');
  if (irm.length > 0) {
    fire(
      'R3',
      staff('irm', {
        issues: quoteLabels(irm),
        fosteringDays: council.timescales.irmFosteringCalendarDays,
        adoptionDays: council.timescales.irmAdoptionWorkingDays,
      }),
    );
  }

  // R4: excluded from the statutory procedure by the LGSCO guide, but each complaint is considered
  // on its merits, so it is a flag for the manager rather than a hard rule.
  const excluded = issues.filter((i) => i.exclusionCheck);
  if (excluded.length > 0) {
    raised.add('exclusion_check');
    fire('R4', staff('exclusionCheck', { issues: quoteLabels(excluded) }));
  }

  const statutory = issues.filter((i) => i.route === 'statutory');
  if (statutory.length > 0) {
    fire('R5', staff('statutoryFunction', { issues: quoteLabels(statutory) }));
    const eligibility = checkEligibility(answers, role, legalCategory, statutory);
    if (eligibility.sufficientInterest) raised.add('sufficient_interest_decision');
    fire('R6', staff('eligibility.line', { eligibility: eligibility.line }));
  }

  const adultOwn = issues.filter((i) => i.serviceId === adultOwnTreatmentId);
  if (adultOwn.length > 0) {
    fire('R7', staff('adultOwnTreatment'));
  }
  const otherCorporate = issues.filter((i) => i.route === 'corporate' && !i.exclusionCheck && i.serviceId !== adultOwnTreatmentId);
  if (otherCorporate.length > 0) {
    notes.push(staff('note.corporateByCatalogue', { issues: quoteLabels(otherCorporate) }));
  }
  const triage = issues.filter((i) => i.route === 'triage');
  if (triage.length > 0) {
    notes.push(staff('note.notEnoughToTell', { issues: quoteLabels(triage) }));
  }
  if (issues.length === 0) notes.push(staff('note.noSubject'));

  // Combining: the council's own parts decide the route; parts for other bodies ride along.
  const corporate = issues.filter((i) => i.route === 'corporate');
  let route = combineRoutes(statutory.length > 0, corporate.length > 0, triage.length > 0 || issues.length === 0);
  if (route === 'split') {
    // Named apart from the council facts {{statutory.*}} and {{corporate.*}}, which a council's wording may use.
    fire('R8', staff('split', { statutoryParts: quoteLabels(statutory), corporateParts: quoteLabels(corporate) }));
  }
  let signposts = unique(issues.flatMap((i) => (i.signpost === undefined ? [] : [i.signpost])));
  if (allAnotherCouncil) {
    route = 'signpost';
    signposts = unique(['other_council', ...signposts]);
  }

  // R9: the day it was made is its date in England, not the server's or UTC's (edge case 21).
  const timeLimit = checkTimeLimit({
    when: answers.when,
    foundOut: answers.foundOut,
    receivedDate: toLondonDateTime(submittedAt).date,
    months: council.timescales.timeLimitMonths,
  });
  const r9 = toTimeLimitFinding(answers, timeLimit);
  for (const flag of r9.flags) raised.add(flag);
  if (r9.line !== undefined) fire('R9', staff('timeLimit.line', { finding: r9.line }));
  // Part 1 §6: without a date nobody can say which procedure applies, so the manager decides. A
  // signpost is kept, because where to go does not depend on when it happened.
  if (timeLimit.status === 'unknown' && route !== 'signpost') route = 'triage';

  if (route !== 'signpost' && signposts.length > 0) raised.add('partly_elsewhere');

  if (answers.proceedings === 'yes') {
    raised.add('proceedings');
    fire('R10', staff('proceedings'));
  } else if (answers.proceedings === 'not_sure') {
    notes.push(staff('note.proceedingsNotSure'));
  }

  const reference = answers.previousReference;
  if (answers.previousComplaint === 'yes_completed') {
    raised.add('repeat');
    fire('R11', reference ? staff('repeat.withReference', { reference }) : staff('repeat.line'));
  } else if (answers.previousComplaint === 'yes_ongoing') {
    notes.push(reference ? staff('note.earlierOpenWithReference', { reference }) : staff('note.earlierOpen'));
  } else if (answers.previousComplaint === 'not_sure') {
    notes.push(reference ? staff('note.earlierNotSureWithReference', { reference }) : staff('note.earlierNotSure'));
  }

  const advocacyAndConsent = toAdvocacyAndConsentFinding(answers, council);
  for (const flag of advocacyAndConsent.flags) raised.add(flag);
  notes.push(...advocacyAndConsent.lines);

  const rules = ruleIds.filter((r) => ruleLines.has(r));
  const sortedFlags = flagOrder.filter((f) => raised.has(f));
  return {
    route,
    signposts,
    rules,
    flags: sortedFlags,
    legalCategory,
    issues,
    timeLimit,
    explanation: {
      complainant: explainToComplainant({ answers, council, route, signposts, flags: raised, issues, allAnotherCouncil }),
      staff: [...rules.flatMap((r) => ruleLines.get(r) ?? []), ...notes],
    },
  };
}

/** The staff line or part of one under `rules.staff.<key>`. */
function staff(key: string, values?: CopyValues): Message {
  return message(`rules.staff.${key}`, values);
}

const semicolons = 'rules.join.semicolons';

/** Issue labels in quotes, "like this"; "and this". */
function quoteLabels(issues: readonly RoutedIssue[]): Message {
  return joinMessages(
    semicolons,
    issues.map((i) => message('rules.quoted', { text: i.label })),
  );
}

/** Maps chosen catalogue ids to issues. An id the catalogue does not know goes to triage rather than failing. */
function toRoutedIssues(serviceIds: readonly string[], council: Council): RoutedIssue[] {
  return unique(serviceIds).map((serviceId): RoutedIssue => {
    const service = council.services.find((s) => s.id === serviceId);
    if (service === undefined) return { serviceId, label: serviceId, route: 'triage', exclusionCheck: false };
    switch (service.route) {
      case 'statutory':
      case 'corporate':
      case 'triage':
        return { serviceId, label: service.label, route: service.route, exclusionCheck: false };
      case 'exclusion_check':
        return { serviceId, label: service.label, route: 'corporate', exclusionCheck: true };
      case 'signpost':
        // The schema insists on a target for signpost services; other_council is only a fallback for the type.
        return { serviceId, label: service.label, route: 'signpost', signpost: service.signpost ?? 'other_council', exclusionCheck: false };
    }
  });
}

/** Only the council's own parts decide between statutory, corporate and split. */
function combineRoutes(hasStatutory: boolean, hasCorporate: boolean, hasUndecided: boolean): Route {
  if (hasStatutory && hasCorporate) return 'split';
  if (hasStatutory) return 'statutory';
  if (hasCorporate) return 'corporate';
  if (hasUndecided) return 'triage';
  return 'signpost';
}

/**
 * R6. Nobody is turned away: someone outside the eligible list still goes to the statutory
 * procedure, with a flag because the council must decide quickly whether they have a sufficient
 * interest (LGSCO Middlesbrough 21 002 324 found fault where it did not).
 */
function checkEligibility(
  answers: ComplaintAnswers,
  role: ComplainantRole,
  category: Message,
  statutory: readonly RoutedIssue[],
): { line: Message; sufficientInterest: boolean } {
  const relationship = answers.relationship ? message('rules.quoted', { text: answers.relationship }) : undefined;
  if (eligibleInOwnRight.includes(role)) {
    if (role === 'advocate') return { line: staff('eligibility.actsForChild', { category }), sufficientInterest: false };
    // A relative who holds a standing of their own is eligible in that capacity (edge case 8).
    if (answers.role === 'relative_or_other' && role !== 'relative_or_other') {
      const standing = staff(`eligibility.standing.${answers.relativeStanding ?? 'none'}`);
      return {
        line: relationship
          ? staff('eligibility.ownRightAsNamedRelative', { category, relationship, standing })
          : staff('eligibility.ownRightAsRelative', { category, standing }),
        sufficientInterest: false,
      };
    }
    return { line: staff('eligibility.ownRight', { category }), sufficientInterest: false };
  }
  const decide = staff('eligibility.decide');
  if (role === 'adoption') {
    const outside = statutory.filter((i) => i.serviceId !== adoptionSupportId);
    if (outside.length === 0) return { line: staff('eligibility.adoptionOwnRight', { category }), sufficientInterest: false };
    return { line: staff('eligibility.adoptionOutside', { category, issues: quoteLabels(outside), decide }), sufficientInterest: true };
  }
  return {
    line: relationship ? staff('eligibility.decideForNamed', { category, relationship, decide }) : staff('eligibility.decideFor', { category, decide }),
    sufficientInterest: true,
  };
}

/** What a rule or check adds for staff: flags, and a line when there is something to say. */
interface Finding {
  flags: Flag[];
  line?: Message;
}

/** R9's flags and line; no line when the time limit raises nothing. */
function toTimeLimitFinding(answers: ComplaintAnswers, timeLimit: TimeLimitResult): Finding {
  const flags: Flag[] = [];
  const parts: Message[] = [];
  if (timeLimit.status === 'out_of_time') {
    flags.push('out_of_time');
    parts.push(timeLimit.reason, staff('timeLimit.discretion'));
    if (answers.role === 'care_leaver') {
      // Edge case 5: the LGSCO treats an adult's complaint about care as a child as statutory.
      flags.push('historical');
      parts.push(staff('timeLimit.careLeaver'));
    }
    const reasons = (answers.delayReasons ?? []).map((r) => staff(`timeLimit.delayReason.${r}`));
    if (reasons.length > 0) parts.push(staff('timeLimit.delayReasons', { reasons: joinMessages('rules.join.commas', reasons) }));
  } else if (timeLimit.status === 'unknown') {
    flags.push('date_unknown');
    parts.push(timeLimit.reason, staff('timeLimit.toTriage'));
  }
  if (timeLimit.leapDayAdjusted) {
    flags.push('leap_day');
    if (parts.length === 0) parts.push(timeLimit.reason);
  }
  return parts.length === 0 ? { flags } : { flags, line: joinMessages('rules.join.sentences', parts) };
}

/** Advocacy and the child's agreement: recorded for staff, never a gate (Part 1 §4 and §5). */
function toAdvocacyAndConsentFinding(answers: ComplaintAnswers, council: Council): { flags: Flag[]; lines: Message[] } {
  const flags: Flag[] = [];
  const notes: Message[] = [];
  // The advocacy duty (s26A) covers children and care leavers; adults are pointed to advice instead.
  if (isSelfRole(answers.role) && answers.wantsAdvocate === 'yes') {
    flags.push('advocacy_requested');
    notes.push(staff('note.advocateAskedFor', { provider: council.contacts.advocacy.name }));
  }
  if (!isSelfRole(answers.role)) {
    switch (answers.childAgreement) {
      case 'no':
        flags.push('child_does_not_agree');
        notes.push(staff('note.childDoesNotAgree'));
        break;
      case 'not_asked':
        flags.push('child_not_asked');
        notes.push(staff('note.childNotAsked'));
        break;
      case 'too_young':
        notes.push(staff('note.childTooYoung'));
        break;
      case 'not_safe':
        notes.push(staff('note.notSafeToAskChild'));
        break;
      case 'yes':
      case undefined:
        break;
    }
  }
  if (answers.role === 'advocate') {
    if (answers.childInstructedAdvocate === 'no') {
      flags.push('non_instructed_advocate');
      notes.push(staff('note.nonInstructedAdvocate'));
    } else if (answers.childInstructedAdvocate === 'not_sure') {
      notes.push(staff('note.advocateNotSureInstructed'));
    }
  }
  return { flags, lines: notes };
}

/** The other councils named for some children, each once. */
function toOtherCouncilNames(children: readonly { otherCouncilName?: string }[]): string[] {
  return unique(children.flatMap((c) => (c.otherCouncilName ? [c.otherCouncilName] : [])));
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

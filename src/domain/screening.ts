import { isSelfRole, type ComplainantRole, type ComplaintAnswers } from './answers.ts';
import type { Council, SignpostTarget } from './council.ts';
import { toLondonDateTime } from './dates.ts';
import { toEffectiveRole, toLegalCategory } from './legal-category.ts';
import {
  flags as flagOrder,
  ruleIds,
  type Flag,
  type Route,
  type RoutedIssue,
  type RuleId,
  type Screening,
  type TimeLimitResult,
} from './screening-types.ts';
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
 * `submittedAt` is the instant it was sent; the time limit uses its date in England.
 * The complainant explanation is short paragraphs separated by a blank line.
 */
export function screenComplaint(answers: ComplaintAnswers, council: Council, submittedAt: Date): Screening {
  const ruleLines = new Map<RuleId, string>();
  const notes: string[] = [];
  const raised = new Set<Flag>();
  const fire = (rule: RuleId, line: string): void => {
    ruleLines.set(rule, `${rule} ${line}`);
  };

  const role = toEffectiveRole(answers.role, answers.relativeStanding);
  const legalCategory = toLegalCategory(answers.role, answers.relativeStanding);

  // R0 comes first and stands alone: a worry about harm never changes the route, it adds a copy to
  // the safeguarding mailbox. Only explicit answers count, never words in the complaint (edge case 10).
  const safety = [
    answers.dangerNow && 'a child is in danger now',
    answers.worriedAboutHarm && 'worried a child is being harmed (asked at the start)',
    answers.worriedAtCheck === true && 'worried a child is being harmed (asked again before sending)',
  ].filter((s): s is string => typeof s === 'string');
  if (safety.length > 0) {
    raised.add('safeguarding');
    fire(
      'R0',
      `safeguarding: ${safety.join('; ')}. Copy to ${council.mail.safeguarding} and pass the concern to children's social care today; this inbox is not a referral channel.`,
    );
  }

  const issues = toRoutedIssues(answers.services, council);

  // R1: another council's child. The complaint is still sent here, because the person may not
  // know which council is responsible and the team can pass it on; the route tells them where it
  // belongs. The other rules still run, so staff see how each part would be handled if it stays.
  const children = answers.children;
  const anotherCouncil = children.filter((c) => c.responsibleCouncil === 'another');
  const unclearCouncil = children.filter((c) => c.responsibleCouncil === 'not_sure');
  const allAnotherCouncil = children.length > 0 && anotherCouncil.length === children.length;
  const r1: string[] = [];
  if (allAnotherCouncil) {
    raised.add('another_council');
    r1.push(`every child is another council's responsibility${formatOtherCouncils(anotherCouncil)}: signpost to that council`);
  } else if (anotherCouncil.length > 0) {
    raised.add('another_council');
    r1.push(
      `${formatChildNames(anotherCouncil)} ${anotherCouncil.length === 1 ? 'is' : 'are'} another council's responsibility${formatOtherCouncils(anotherCouncil)}: the parts about them belong to that council`,
    );
  }
  if (unclearCouncil.length > 0) {
    raised.add('responsible_council_unclear');
    r1.push(`not sure which council is responsible for ${formatChildNames(unclearCouncil)}: check before starting`);
  }
  if (answers.commissionedProvider === 'yes') {
    raised.add('commissioned_provider');
    r1.push("a commissioned provider was involved: in scope where it concerns this council's function");
  } else if (answers.commissionedProvider === 'not_sure') {
    notes.push("Note: not sure whether a commissioned provider (fostering agency, children's home) was involved.");
  }
  if (r1.length > 0) fire('R1', `responsible council: ${r1.join('; ')}.`);

  // R2 and R3: parts that belong to another body.
  const elsewhere = issues.filter((i) => i.route === 'signpost' && i.signpost !== 'irm');
  if (elsewhere.length > 0) {
    fire('R2', `another body: ${elsewhere.map((i) => `${quote(i.label)} → ${council.signposts[i.signpost ?? 'other_council'].name}`).join('; ')}.`);
  }
  const irm = issues.filter((i) => i.signpost === 'irm');
  if (irm.length > 0) {
    fire(
      'R3',
      `Independent Review Mechanism: ${irm.map((i) => quote(i.label)).join('; ')}. Apply within ${council.timescales.irmFosteringCalendarDays} calendar days (fostering) or ${council.timescales.irmAdoptionWorkingDays} working days (adoption) of the determination letter; asking the agency to reconsider rules out the IRM.`,
    );
  }

  // R4: excluded from the statutory procedure by the LGSCO guide, but each complaint is considered
  // on its merits, so it is a flag for the manager rather than a hard rule.
  const excluded = issues.filter((i) => i.exclusionCheck);
  if (excluded.length > 0) {
    raised.add('exclusion_check');
    fire(
      'R4',
      `exclusion check: ${excluded.map((i) => quote(i.label)).join('; ')} — corporate route; consider on its merits (LGSCO 2021 guide).`,
    );
  }

  const statutory = issues.filter((i) => i.route === 'statutory');
  if (statutory.length > 0) {
    fire('R5', `statutory function: ${statutory.map((i) => quote(i.label)).join('; ')} (s26(3A)–(3C), regs 3–5).`);
    const eligibility = checkEligibility(answers, role, legalCategory, statutory);
    if (eligibility.sufficientInterest) raised.add('sufficient_interest_decision');
    fire('R6', `eligibility: ${eligibility.line}`);
  }

  const adultOwn = issues.filter((i) => i.serviceId === adultOwnTreatmentId);
  if (adultOwn.length > 0) {
    fire('R7', "adult's own treatment: corporate route (LGSCO factsheet: probably the council's own procedure).");
  }
  const otherCorporate = issues.filter((i) => i.route === 'corporate' && !i.exclusionCheck && i.serviceId !== adultOwnTreatmentId);
  if (otherCorporate.length > 0) {
    notes.push(`Note: corporate by the service catalogue: ${otherCorporate.map((i) => quote(i.label)).join('; ')}.`);
  }
  const triage = issues.filter((i) => i.route === 'triage');
  if (triage.length > 0) {
    notes.push(`Note: not enough to tell, for the complaints manager to decide: ${triage.map((i) => quote(i.label)).join('; ')}.`);
  }
  if (issues.length === 0) notes.push('Note: no subject chosen; for the complaints manager to decide.');

  // Combining: the council's own parts decide the route; parts for other bodies ride along.
  const corporate = issues.filter((i) => i.route === 'corporate');
  let route = combineRoutes(statutory.length > 0, corporate.length > 0, triage.length > 0 || issues.length === 0);
  if (route === 'split') {
    fire(
      'R8',
      `split: statutory — ${statutory.map((i) => quote(i.label)).join('; ')}; corporate — ${corporate.map((i) => quote(i.label)).join('; ')}. Tell the complainant how each part will be handled.`,
    );
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
  if (r9.line !== undefined) fire('R9', `time limit: ${r9.line}`);
  // Part 1 §6: without a date nobody can say which procedure applies, so the manager decides. A
  // signpost is kept, because where to go does not depend on when it happened.
  if (timeLimit.status === 'unknown' && route !== 'signpost') route = 'triage';

  if (route !== 'signpost' && signposts.length > 0) raised.add('partly_elsewhere');

  if (answers.proceedings === 'yes') {
    raised.add('proceedings');
    fire('R10', 'proceedings: court proceedings or a police investigation about the same matter; the affected part may be paused or declined (reg 8).');
  } else if (answers.proceedings === 'not_sure') {
    notes.push('Note: not sure whether there are court proceedings or a police investigation about the same matter; ask before investigating (reg 8).');
  }

  const reference = answers.previousReference ? ` (reference ${answers.previousReference})` : '';
  if (answers.previousComplaint === 'yes_completed') {
    raised.add('repeat');
    fire('R11', `repeat: already through all three stages${reference}; no duty to investigate the same complaint again.`);
  } else if (answers.previousComplaint === 'yes_ongoing') {
    notes.push(`Note: an earlier complaint about this is still open${reference}.`);
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
      staff: [...rules.map((r) => ruleLines.get(r) ?? r), ...notes],
    },
  };
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
  legalCategory: string,
  statutory: readonly RoutedIssue[],
): { line: string; sufficientInterest: boolean } {
  const standing =
    answers.role === 'relative_or_other' && role !== 'relative_or_other'
      ? `, as a relative${answers.relationship ? ` (${quote(answers.relationship)})` : ''} who ${describeStanding(answers.relativeStanding)}`
      : '';
  if (eligibleInOwnRight.includes(role)) {
    const how = role === 'advocate' ? 'acts for the child, who can use the statutory procedure' : 'can use the statutory procedure in their own right';
    return { line: `${legalCategory}${standing} — ${how}.`, sufficientInterest: false };
  }
  const decide = "decide as soon as possible whether they have a sufficient interest, taking the child's views into account; do not refuse without a decision";
  if (role === 'adoption') {
    const outside = statutory.filter((i) => i.serviceId !== adoptionSupportId);
    if (outside.length === 0) {
      return { line: `${legalCategory} — can use the statutory procedure for adoption functions in their own right.`, sufficientInterest: false };
    }
    return {
      line: `${legalCategory} — eligible for adoption functions; for ${outside.map((i) => quote(i.label)).join('; ')} ${decide}, unless they are also a parent or hold parental responsibility.`,
      sufficientInterest: true,
    };
  }
  const relationship = answers.relationship ? ` (${quote(answers.relationship)})` : '';
  return { line: `${legalCategory}${relationship} — ${decide}.`, sufficientInterest: true };
}

function describeStanding(standing: ComplaintAnswers['relativeStanding']): string {
  switch (standing) {
    case 'foster_carer':
      return "is the child's foster carer";
    case 'special_guardian':
      return "is the child's special guardian";
    case 'lives_with_order':
      return 'holds a "lives with" child arrangements order';
    case 'none':
    case undefined:
      return 'has no other standing';
  }
}

/** What a rule or check adds for staff: flags, and a line when there is something to say. */
interface Finding {
  flags: Flag[];
  line?: string;
}

/** R9's flags and line; no line when the time limit raises nothing. */
function toTimeLimitFinding(answers: ComplaintAnswers, timeLimit: TimeLimitResult): Finding {
  const flags: Flag[] = [];
  const parts: string[] = [];
  if (timeLimit.status === 'out_of_time') {
    flags.push('out_of_time');
    parts.push(timeLimit.reason, 'Keep the route and apply the discretion test; do not apply the limit rigidly (reg 9; LGSCO).');
    if (answers.role === 'care_leaver') {
      // Edge case 5: the LGSCO treats an adult's complaint about care as a child as statutory.
      flags.push('historical');
      parts.push('A care leaver complaining about the past: statutory, weigh the discretion test (LGSCO Staffordshire 20 012 417).');
    }
    const reasons = (answers.delayReasons ?? []).map((r) => r.replaceAll('_', ' '));
    if (reasons.length > 0) parts.push(`Reasons given for the delay: ${reasons.join(', ')}.`);
  } else if (timeLimit.status === 'unknown') {
    flags.push('date_unknown');
    parts.push(timeLimit.reason, 'Sent to triage: the complaints manager decides which procedure applies.');
  }
  if (timeLimit.leapDayAdjusted) {
    flags.push('leap_day');
    if (parts.length === 0) parts.push(timeLimit.reason);
  }
  return parts.length === 0 ? { flags } : { flags, line: parts.join(' ') };
}

/** Advocacy and the child's agreement: recorded for staff, never a gate (Part 1 §4 and §5). */
function toAdvocacyAndConsentFinding(answers: ComplaintAnswers, council: Council): { flags: Flag[]; lines: string[] } {
  const flags: Flag[] = [];
  const notes: string[] = [];
  // The advocacy duty (s26A) covers children and care leavers; adults are pointed to advice instead.
  if (isSelfRole(answers.role) && answers.wantsAdvocate === 'yes') {
    flags.push('advocacy_requested');
    notes.push(`Note: an independent advocate was asked for; refer to ${council.contacts.advocacy.name} (s26A).`);
  }
  if (!isSelfRole(answers.role)) {
    switch (answers.childAgreement) {
      case 'no':
        flags.push('child_does_not_agree');
        notes.push("Note: the child does not agree with the complaint. Still consider it; weigh the child's privacy (LGSCO, Lancashire 2019).");
        break;
      case 'not_asked':
        flags.push('child_not_asked');
        notes.push('Note: the child has not been asked about the complaint.');
        break;
      case 'too_young':
        notes.push('Note: the child is too young to be asked about the complaint.');
        break;
      case 'not_safe':
        notes.push('Note: it is not safe to ask the child about the complaint; take care before contacting them.');
        break;
      case 'yes':
      case undefined:
        break;
    }
  }
  if (answers.role === 'advocate') {
    if (answers.childInstructedAdvocate === 'no') {
      flags.push('non_instructed_advocate');
      notes.push('Note: a non-instructed advocate; the child did not ask them to complain (LGSCO Barnet 24 009 108).');
    } else if (answers.childInstructedAdvocate === 'not_sure') {
      notes.push('Note: the advocate is not sure whether the child instructed them.');
    }
  }
  return { flags, lines: notes };
}

interface ComplainantContext {
  answers: ComplaintAnswers;
  council: Council;
  route: Route;
  signposts: readonly SignpostTarget[];
  flags: ReadonlySet<Flag>;
  issues: readonly RoutedIssue[];
  allAnotherCouncil: boolean;
}

/**
 * What we think will happen, in short sentences. A child or care leaver reads "you"; anyone else
 * reads "the child". Every number comes from the council. It says "we think" because the
 * complaints manager makes the decision, and never talks of refusing.
 */
function explainToComplainant(context: ComplainantContext): string {
  const { answers, council, route, signposts, flags, issues, allAnotherCouncil } = context;
  const self = isSelfRole(answers.role);
  const child = self ? 'you' : answers.children.length > 1 ? 'the children' : 'the child';
  const statutoryName = "the complaints procedure for children's social care set by law (the Children Act 1989)";
  const ownName = `${council.shortName}'s own complaints procedure`;
  const acknowledge = route === 'corporate' ? council.timescales.corporate.acknowledge : council.timescales.statutory.acknowledge;
  const within = `within ${formatCount(acknowledge, 'working day')}`;
  const paragraphs: string[] = [];

  if (flags.has('safeguarding')) {
    paragraphs.push(
      "You told us a child may be in danger or being harmed. We will pass this on to children's social care. " +
        `Our complaints inbox is not watched all the time. If a child is in danger right now, call 999. ` +
        `To talk to someone today, call ${council.contacts.frontDoor.name} on ${council.contacts.frontDoor.phone}, ` +
        `or ${council.contacts.outOfHours.phone} outside office hours.`,
    );
  }

  switch (route) {
    case 'statutory':
      paragraphs.push(`We think your complaint will be looked at under ${statutoryName}. It is for complaints about services for ${child}.`);
      break;
    case 'corporate':
      paragraphs.push(
        `We think your complaint will be looked at under ${ownName}.` +
          (issues.some((i) => i.exclusionCheck) ? ' The complaints team will check that this is the right procedure for it.' : ''),
      );
      break;
    case 'split':
      paragraphs.push(
        `We think parts of your complaint will be looked at under ${statutoryName}, and other parts under ${ownName}. ` +
          'The complaints team will tell you how each part will be handled.',
      );
      break;
    case 'triage':
      paragraphs.push(
        flags.has('date_unknown')
          ? 'You are not sure when this happened, so the complaints team will read your complaint and decide which complaints procedure to use.'
          : 'The complaints team will read your complaint and decide which complaints procedure to use.',
      );
      break;
    case 'signpost': {
      const sentences: string[] = [];
      if (allAnotherCouncil) {
        const names = unique(answers.children.flatMap((c) => (c.otherCouncilName ? [c.otherCouncilName] : [])));
        const responsible = names.length === 1 ? names.join('') : 'another council';
        sentences.push(`We think ${responsible} is responsible for ${child}, so that council should look at your complaint.`);
      }
      const others = signposts.filter((t) => !(allAnotherCouncil && t === 'other_council'));
      if (others.length > 0) {
        sentences.push(`We think your complaint is about something ${council.shortName} cannot decide. You can complain to ${formatList(others.map((t) => toRunningName(council.signposts[t].name)))}.`);
      }
      sentences.push(`You can still send your complaint to us. The complaints team will tell you ${within} if any part of it is for ${council.shortName} to look at.`);
      paragraphs.push(sentences.join(' '));
      break;
    }
  }

  if (flags.has('partly_elsewhere')) {
    paragraphs.push(
      `Part of your complaint is about something ${council.shortName} cannot decide. For that part, you can also contact ${formatList(signposts.map((t) => toRunningName(council.signposts[t].name)))}.`,
    );
  }
  if (flags.has('another_council') && !allAnotherCouncil) {
    paragraphs.push('Another council is responsible for some of the children. The complaints team will tell you which parts that council should look at.');
  }
  if (flags.has('sufficient_interest_decision')) {
    paragraphs.push(`The complaints team will first check that you can make this complaint for ${child}. They will take ${child === 'the children' ? "the children's" : "the child's"} views into account.`);
  }
  // Another body has its own time limits and its own rules about proceedings, so these are only
  // explained when the council itself will look at the complaint.
  if (flags.has('out_of_time') && route !== 'signpost') {
    paragraphs.push(
      `Complaints are usually made within ${formatCount(council.timescales.timeLimitMonths, 'month')} of what happened. Yours may be later than that, but the complaints team can still look at it. They will think about why you could not complain sooner.`,
    );
  }
  if (flags.has('proceedings') && route !== 'signpost') {
    paragraphs.push('If there is a court case or a police investigation about the same thing, the council may wait for it to finish before looking at that part of your complaint.');
  }
  if (flags.has('advocacy_requested')) {
    paragraphs.push(`You asked for an advocate. We will pass your request to ${council.contacts.advocacy.name}.`);
  }
  if (route !== 'signpost') {
    paragraphs.push(`The complaints team will confirm how your complaint will be handled ${within}.`);
  }
  return paragraphs.join('\n\n');
}

/** A signpost's name inside a sentence: a leading "The" from the catalogue is lowercased, nothing else is touched. */
function toRunningName(name: string): string {
  return name.startsWith('The ') ? `the ${name.slice(4)}` : name;
}

function formatCount(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** "A", "A and B", "A, B and C". */
function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function formatChildNames(children: readonly { name: string }[]): string {
  return formatList(children.map((c) => c.name));
}

function formatOtherCouncils(children: readonly { otherCouncilName?: string }[]): string {
  const names = unique(children.flatMap((c) => (c.otherCouncilName ? [c.otherCouncilName] : [])));
  return names.length === 0 ? '' : ` (${formatList(names)})`;
}

function quote(text: string): string {
  return `"${text}"`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

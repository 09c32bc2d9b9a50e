import {
  childAgreements,
  communicationNeeds,
  complainantRoles,
  delayReasons,
  previousComplaints,
  reachYoungPersonAnswers,
  relativeStandings,
  responsibleCouncils,
  yesNoNotSure,
  type ChildDetails,
  type ComplaintAnswers,
  type ContactDetails,
  type EventDate,
  type KnowledgeDate,
} from '../../../domain/answers.ts';
import { readAnswers, type AnswerReader } from '../../engine/answers.ts';
import type { JourneyContext } from '../../engine/journey.ts';
import type { PageValues } from '../../page-schema.ts';
import { toContactDetails } from '../../fields.ts';
import { childCount, isSelfPath } from './paths.ts';

/** "2026-03" as a month of a year. */
function toMonth(value: string): { year: number; month: number } {
  const [year, month] = value.split('-').map(Number) as [number, number];
  return { year, month };
}

function toEventDate(answers: AnswerReader): EventDate {
  const kind = answers.text('when', 'whenKind');
  const date = answers.text('when', 'whenDate');
  const month = answers.text('when', 'whenMonth');
  if (kind === 'exact' && date) return { kind: 'exact', date };
  if (kind === 'month' && month) return { kind: 'month', ...toMonth(month) };
  if (kind === 'ongoing') return { kind: 'ongoing' };
  return { kind: 'not_sure' };
}

function toFoundOut(answers: AnswerReader): KnowledgeDate | undefined {
  const month = answers.text('found-out', 'foundOutMonth');
  return answers.text('found-out', 'foundOutKind') === 'later' && month ? { kind: 'month', ...toMonth(month) } : undefined;
}

function toChildren(ctx: JourneyContext, answers: AnswerReader, contactName: string): ChildDetails[] {
  if (isSelfPath(ctx)) {
    const age = answers.text('about-you', 'age');
    const other = answers.text('about-you', 'selfOtherCouncil');
    return [
      {
        name: contactName,
        ...(age ? { age: Number(age) } : {}),
        responsibleCouncil: answers.choice('about-you', 'council', responsibleCouncils) ?? 'not_sure',
        ...(other ? { otherCouncilName: other } : {}),
      },
    ];
  }
  const children: ChildDetails[] = [];
  for (let i = 1; i <= childCount(ctx); i++) {
    const step = `child-${i}`;
    const name = answers.text(step, `child${i}Name`);
    if (!name) continue;
    const dob = answers.text(step, `child${i}Dob`);
    const age = answers.text(step, `child${i}Age`);
    const other = answers.text(step, `child${i}OtherCouncil`);
    children.push({
      name,
      ...(dob ? { dateOfBirth: dob } : {}),
      ...(age ? { age: Number(age) } : {}),
      responsibleCouncil: answers.choice(step, `child${i}Council`, responsibleCouncils) ?? 'not_sure',
      ...(other ? { otherCouncilName: other } : {}),
    });
  }
  return children;
}

function toCommunication(answers: AnswerReader): Pick<ContactDetails, 'communicationNeeds' | 'interpreterLanguage' | 'otherNeeds'> {
  const needs = answers.choices('needs', 'communicationNeeds', communicationNeeds);
  const interpreterLanguage = needs.includes('interpreter') ? answers.text('needs', 'interpreterLanguage') : undefined;
  const otherNeeds = needs.includes('other') ? answers.text('needs', 'otherNeeds') : undefined;
  return { communicationNeeds: needs, ...(interpreterLanguage ? { interpreterLanguage } : {}), ...(otherNeeds ? { otherNeeds } : {}) };
}

/**
 * The rules engine's input and the contact details, from a complete journey whose answers have
 * been pruned to the steps that apply, and the answers to check answers' own questions.
 */
export function toComplaint(ctx: JourneyContext, check: PageValues): { answers: ComplaintAnswers; contact: ContactDetails } {
  const answers = readAnswers(ctx.answers);
  const name = answers.text('your-name', 'fullName') ?? '';
  const contact = toContactDetails(answers, { name, wantsAcknowledgement: check['wantsAcknowledgement'] === 'yes', communication: toCommunication(answers) });
  const relativeStanding = answers.choice('relationship', 'relativeStanding', relativeStandings);
  const relationship = answers.text('relationship', 'relationship');
  const instructed = answers.choice('advocate', 'childInstructedAdvocate', yesNoNotSure);
  const agreement = answers.choice('child-agreement', 'childAgreement', childAgreements);
  const foundOut = toFoundOut(answers);
  const reasons = answers.choices('why-not-sooner', 'delayReasons', delayReasons);
  const delayDetails = answers.text('why-not-sooner', 'delayDetails');
  const previousReference = answers.text('complained-before', 'previousReference');
  const wantsAdvocate = answers.choice('advocacy', 'wantsAdvocate', yesNoNotSure);
  const commissionedProvider = answers.choice('provider', 'commissionedProvider', yesNoNotSure);
  const providerName = commissionedProvider === 'yes' ? answers.text('provider', 'providerName') : undefined;
  const advocacyOrganisation = answers.text('advocate', 'advocacyOrganisation');
  const reachYoungPerson = answers.choice('reach-young-person', 'reachYoungPerson', reachYoungPersonAnswers);
  const youngPersonContact = reachYoungPerson === 'both' ? answers.text('reach-young-person', 'youngPersonContact') : undefined;
  const complaint: ComplaintAnswers = {
    dangerNow: answers.text('danger', 'dangerNow') === 'yes',
    worriedAboutHarm: answers.text('worried', 'worriedAboutHarm') === 'yes',
    worriedAtCheck: check['worriedAtCheck'] === 'yes',
    role: answers.choice('who', 'role', complainantRoles) ?? 'relative_or_other',
    ...(relativeStanding ? { relativeStanding } : {}),
    ...(relationship ? { relationship } : {}),
    ...(instructed ? { childInstructedAdvocate: instructed } : {}),
    ...(advocacyOrganisation ? { advocacyOrganisation } : {}),
    ...(reachYoungPerson ? { reachYoungPerson } : {}),
    ...(youngPersonContact ? { youngPersonContact } : {}),
    ...(agreement ? { childAgreement: agreement } : {}),
    children: toChildren(ctx, answers, name),
    services: answers.list('service', 'services'),
    // Only adults are asked; a path that never asked has no answer, and no note about one.
    ...(commissionedProvider ? { commissionedProvider } : {}),
    ...(providerName ? { providerName } : {}),
    whatHappened: answers.text('what-happened', 'whatHappened') ?? '',
    when: toEventDate(answers),
    ...(foundOut ? { foundOut } : {}),
    ...(reasons.length ? { delayReasons: reasons } : {}),
    ...(delayDetails ? { delayDetails } : {}),
    outcomeWanted: answers.text('put-right', 'outcomeWanted') ?? '',
    proceedings: answers.choice('court-police', 'proceedings', yesNoNotSure) ?? 'not_sure',
    previousComplaint: answers.choice('complained-before', 'previousComplaint', previousComplaints) ?? 'no',
    ...(previousReference ? { previousReference } : {}),
    ...(wantsAdvocate ? { wantsAdvocate } : {}),
  };
  return { answers: complaint, contact };
}

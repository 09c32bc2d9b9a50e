import type { CaseRecord } from '../case-record.ts';
import { renderMessage, type CopyValues, type Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import { joinWords } from '../join-messages.ts';
import type { Flag } from '../screening-types.ts';

/**
 * What each flag on a complaint means for staff, in the team's triage list: a short title and
 * what to do about it, with the answers that raised it.
 */

/** Why safeguarding was raised, from the questions that were answered yes. */
export function toSafeguardingReasons(t: Translate, record: CaseRecord): string[] {
  const { answers } = record;
  const reasons: string[] = [];
  if (answers.dangerNow) reasons.push(t('emails.complaint.safeguardingReason.dangerNow'));
  if (answers.worriedAboutHarm) reasons.push(t('emails.complaint.safeguardingReason.worriedAtStart'));
  if (answers.worriedAtCheck) reasons.push(t('emails.complaint.safeguardingReason.worriedAtCheck'));
  if (reasons.length === 0) reasons.push(t('emails.complaint.safeguardingReason.unknown'));
  return reasons;
}

/** What a flag other than safeguarding (which has its own banner) means for this complaint. */
export function explainFlag(t: Translate, flag: Exclude<Flag, 'safeguarding'>, record: CaseRecord, council: Council): string {
  const { answers, screening } = record;
  const text = (variant = 'text', values?: CopyValues) => t(`emails.complaint.flag.${flag}.${variant}`, values);
  const semicolons = (items: readonly string[]) => joinWords(t, 'rules.join.semicolons', items);
  switch (flag) {
    case 'out_of_time': {
      const reasons = (answers.delayReasons ?? []).map((reason) => t(`emails.complaint.delayReason.${reason}`));
      return joinWords(t, 'rules.join.sentences', [
        renderMessage(t, screening.timeLimit.reason),
        ...(screening.timeLimit.outOfTimeFromKnowledge === false ? [text('inTimeFromKnowledge')] : []),
        text(),
        ...(reasons.length > 0 ? [text('delayReasons', { reasons: semicolons(reasons) })] : []),
      ]);
    }
    case 'proceedings':
      return text(answers.proceedings === 'yes' ? 'text' : 'textNotSure');
    case 'exclusion_check': {
      const excluded = screening.issues.filter((issue) => issue.exclusionCheck).map((issue) => issue.label);
      return excluded.length ? text('textNamed', { issues: semicolons(excluded) }) : text();
    }
    case 'commissioned_provider':
      return text(answers.commissionedProvider === 'yes' ? 'text' : 'textNotSure');
    case 'another_council': {
      const names = answers.children.flatMap((child) => (child.responsibleCouncil === 'another' && child.otherCouncilName ? [child.otherCouncilName] : []));
      return names.length ? text('textNamed', { councils: semicolons(names) }) : text();
    }
    case 'partly_elsewhere': {
      const bodies = screening.signposts.map((target) => council.signposts[target].name);
      return bodies.length ? text('textNamed', { bodies: semicolons(bodies) }) : text();
    }
    case 'advocacy_requested': {
      const { advocacy } = council.contacts;
      const how = advocacy.referralEmail ?? advocacy.email ?? advocacy.phone;
      return text('text', {
        wish: text(answers.wantsAdvocate === 'not_sure' ? 'notSure' : 'wanted'),
        provider: how ? text('providerWithContact', { how }) : advocacy.name,
      });
    }
    case 'child_not_asked':
      return text('text', { agreement: t(`emails.childAgreement.${answers.childAgreement ?? 'not_asked'}`) });
    case 'non_instructed_advocate':
      return text(answers.childInstructedAdvocate === 'no' ? 'text' : 'textNotSure');
    case 'historical':
    case 'date_unknown':
    case 'leap_day':
    case 'repeat':
    case 'sufficient_interest_decision':
    case 'responsible_council_unclear':
    case 'child_does_not_agree':
      return text();
  }
}

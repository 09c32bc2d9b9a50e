import { toComplaintAdvocacyReferral } from '../advocacy.ts';
import { isSelfRole } from '../answers.ts';
import type { CaseRecord } from '../case-record.ts';
import { hoursContext, renderMessage, type CopyValues, type Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import { formatLongDate } from '../dates.ts';
import { joinWords } from '../join-messages.ts';
import type { Flag } from '../screening-types.ts';
import { referralMailbox } from './advocacy.ts';
import { formatExcerpt } from './answers.ts';
import type { ListItem } from './blocks.ts';
import { isOnlyThroughTrustedAdult } from './contact.ts';

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

/**
 * How much of "What happened?" a banner or summary quotes: enough for staff to see what the worry
 * is without opening the answers, short enough to read at a glance.
 */
export const excerptLength = 300;

/** "Tell them when you have", and how, when a plain call or email may not be safe. */
function toTellThem(t: Translate, record: CaseRecord): string[] {
  const { contact } = record;
  if (contact.trustedAdult && isOnlyThroughTrustedAdult(contact)) return [t('emails.complaint.safeguarding.tellThrough', { who: contact.trustedAdult.who })];
  return contact.safeToContact === 'yes' ? [] : [t('emails.complaint.safeguarding.tellSafely')];
}

/**
 * The safeguarding banner's words for a complaint. The team's email and the safeguarding copy use
 * the same lines, so both mailboxes read one message: why it was raised, who the children are,
 * the start of what the person wrote (as their words), and, as an action, what the person was
 * promised on the page that asked and on the confirmation page: that the worry is passed on today
 * and they are told when it has been.
 */
export function toComplaintSafeguardingLines(t: Translate, record: CaseRecord, council: Council): string[] {
  const { answers, contact } = record;
  const names = answers.children.map((child) => child.name.trim()).filter(Boolean);
  const words = formatExcerpt(answers.whatHappened, excerptLength);
  return [
    ...toSafeguardingReasons(t, record),
    ...(names.length === 0
      ? []
      : [t(isSelfRole(answers.role) ? 'emails.complaint.safeguarding.aboutSelf' : 'emails.complaint.safeguarding.about', { names, count: names.length })]),
    ...(words ? [t('emails.complaint.safeguarding.theirWords', { words })] : []),
    joinWords(t, 'rules.join.sentences', [
      t('emails.complaint.safeguarding.action', { ...hoursContext(council.contacts.frontDoor), name: contact.name }),
      ...toTellThem(t, record),
    ]),
  ];
}

/**
 * The triage item for an advocate asked for in the complaint: the referral sent to the provider's
 * mailbox, or, when there is none, a referral staff must make by hand today; both with the date
 * the young person was told the provider would get in touch by.
 */
function toAdvocacyItem(t: Translate, record: CaseRecord, council: Council): ListItem {
  const referral = toComplaintAdvocacyReferral(record, council);
  const title = t('emails.flagTitle.advocacy_requested');
  if (!referral) return { title, text: explainFlag(t, 'advocacy_requested', record, council) };
  const text = (variant: string, values?: CopyValues) => t(`emails.complaint.flag.advocacy_requested.${variant}`, values);
  const date = formatLongDate(referral.screening.contactBy);
  const mailbox = referralMailbox(council);
  if (mailbox) return { title, text: text('sent', { mailbox, date }) };
  const { phone, email } = council.contacts.advocacy;
  const how = [phone, email].filter((way): way is string => Boolean(way));
  return { title: text('byHandTitle'), text: how.length ? text('byHandWith', { how, date }) : text('byHand', { date }) };
}

/** A flag other than safeguarding as a triage item: its title and what it means for this complaint. */
export function toFlagItem(t: Translate, flag: Exclude<Flag, 'safeguarding'>, record: CaseRecord, council: Council): ListItem {
  if (flag === 'advocacy_requested') return toAdvocacyItem(t, record, council);
  return { title: t(`emails.flagTitle.${flag}`), text: explainFlag(t, flag, record, council) };
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
      if (answers.commissionedProvider === 'not_sure') return text('textNotSure');
      return answers.providerName?.trim() ? text('textNamed', { provider: answers.providerName.trim() }) : text();
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

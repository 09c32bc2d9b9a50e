import { isSelfRequester, type AdvocacyFlag, type AdvocacyRecord } from '../advocacy.ts';
import { childContext, renderMessage, type CopyValues, type Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import { formatLongDate } from '../dates.ts';
import { joinWords } from '../join-messages.ts';
import { toAnswerBlock, toAnswerBlocks, toCheckAnswersInset } from './answers.ts';
import { toRow, type EmailBlock, type FormattedEmail, type KeyValueRow, type ListItem } from './blocks.ts';
import { formatResponsibleCouncil } from './child.ts';
import { toContactBlocks, toContactTriageItems } from './contact.ts';
import { toCouncilContactRows, toOrganisationLines } from './council-contacts.ts';
import { formatLondonDateTime, formatReceivedDate } from './date-time.ts';
import { toFormattedEmail } from './envelope.ts';
import { toRequestSafeguardingAlert, toSafeguardingAlert, toTriageBlocks } from './safeguarding.ts';

/**
 * The emails about a request for an independent advocate: the complaints team's, the referral to
 * the council's advocacy provider, and the person's acknowledgement.
 */

/** The provider's referral mailbox, when the council names one: then the provider gets the referral by email. */
export const referralMailbox = (council: Council): string | undefined => council.contacts.advocacy.referralEmail;

/** What a flag other than safeguarding means for this request. */
function explainFlag(t: Translate, flag: Exclude<AdvocacyFlag, 'safeguarding'>, record: AdvocacyRecord): string {
  const { request } = record;
  switch (flag) {
    case 'child_not_asked':
      return t('emails.advocacy.flag.child_not_asked', { agreement: t(`emails.childAgreement.${request.childAgreement ?? 'not_asked'}`) });
    case 'another_council':
      return request.child.otherCouncilName
        ? t('emails.advocacy.flag.another_councilNamed', { otherCouncil: request.child.otherCouncilName })
        : t('emails.advocacy.flag.another_council');
    case 'child_does_not_agree':
    case 'responsible_council_unclear':
      return t(`emails.advocacy.flag.${flag}`);
  }
}

/** Whether the referral went to the provider's mailbox, or staff must make it by hand today. */
function toReferralItem(t: Translate, council: Council): ListItem {
  const { advocacy } = council.contacts;
  const mailbox = referralMailbox(council);
  if (mailbox) return { title: t('emails.advocacy.referralItem.sentTitle'), text: t('emails.advocacy.referralItem.sent', { mailbox }) };
  const how = [advocacy.phone, advocacy.email].filter((way): way is string => Boolean(way));
  return {
    title: t('emails.advocacy.referralItem.byHandTitle'),
    text: how.length ? t('emails.advocacy.referralItem.byHandWith', { how }) : t('emails.advocacy.referralItem.byHand'),
  };
}

function toRequestRows(t: Translate, record: AdvocacyRecord, council: Council): KeyValueRow[] {
  const { request, screening } = record;
  const row = (key: string, value: string): KeyValueRow => toRow(t, `emails.advocacy.rows.${key}`, value);
  const rows: KeyValueRow[] = [toRow(t, 'emails.rows.reference', record.reference), row('whoIsAsking', t(`emails.advocacy.requester.${request.requester}`))];
  if (request.relationship) rows.push(toRow(t, 'emails.contact.rows.relationship', request.relationship));
  if (request.childAgreement) rows.push(toRow(t, 'emails.child.rows.childAgreement', t(`emails.childAgreement.${request.childAgreement}`)));
  const made = request.askedInComplaint
    ? t('emails.advocacy.askedInComplaint', { reference: request.complaintReference ?? record.reference })
    : request.complaintReference
      ? t('emails.advocacy.complaintMadeWithReference', { reference: request.complaintReference })
      : t('emails.advocacy.complaintMade');
  rows.push(row('complaintMade', request.complaintMade ? made : t('emails.advocacy.noComplaintYet')));
  rows.push(row('provider', council.contacts.advocacy.name));
  rows.push(
    row(
      'contactBy',
      t('emails.advocacy.contactByAfterReceipt', {
        date: formatLongDate(screening.contactBy),
        days: t('common.workingDays', { count: council.contacts.advocacy.responseWorkingDays }),
      }),
    ),
  );
  return rows;
}

/** The child or young person the advocate is for. */
export function toAdvocacyChildBlocks(t: Translate, record: AdvocacyRecord): EmailBlock[] {
  const { child, requester } = record.request;
  return [
    { type: 'heading', level: 2, text: t(isSelfRequester(requester) ? 'emails.advocacy.child.self' : 'emails.advocacy.child.other') },
    {
      type: 'keyValue',
      rows: [
        toRow(t, 'emails.child.rows.name', child.name),
        ...(child.age === undefined ? [] : [toRow(t, 'emails.child.rows.age', String(child.age))]),
        toRow(t, 'emails.child.rows.responsibleCouncil', formatResponsibleCouncil(t, child.responsibleCouncil, child.otherCouncilName)),
      ],
    },
  ];
}

function toSubject(t: Translate, record: AdvocacyRecord, first: string): string {
  const subject = joinWords(t, 'emails.subjectParts', [
    first,
    t(record.request.complaintMade ? 'emails.advocacy.subject.complaintMade' : 'emails.advocacy.subject.noComplaintYet'),
    t('emails.advocacy.subject.contactBy', { date: formatLongDate(record.screening.contactBy) }),
  ]);
  return record.screening.flags.includes('safeguarding') ? t('emails.safeguarding.subject', { subject }) : subject;
}

/**
 * The complaints team's email about a request for an advocate: triage (safeguarding, the child's
 * agreement, the council, and whether the provider was sent the referral or must be sent it by
 * hand), the request, the child, the person asking and their answers.
 */
export function formatAdvocacyTeamEmail(record: AdvocacyRecord, council: Council, t: Translate): FormattedEmail {
  const { screening } = record;
  const items: ListItem[] = [
    toReferralItem(t, council),
    ...screening.flags
      .filter((f): f is Exclude<AdvocacyFlag, 'safeguarding'> => f !== 'safeguarding')
      .map((flag) => ({ title: t(`emails.flagTitle.${flag}`), text: explainFlag(t, flag, record) })),
    ...toContactTriageItems(t, record.contact, 'request'),
  ];
  const received = formatReceivedDate(
    screening.receiptDate,
    screening.receiptMoved ? t('emails.dates.because', { basis: renderMessage(t, screening.receivedBasis) }) : undefined,
  );
  const blocks: EmailBlock[] = [
    ...toTriageBlocks(t, toRequestSafeguardingAlert(t, council, record), items),
    { type: 'heading', level: 2, text: t('emails.advocacy.team.heading') },
    { type: 'paragraph', text: t('emails.advocacy.team.intro') },
    { type: 'keyValue', rows: toRequestRows(t, record, council) },
    {
      type: 'keyValue',
      rows: [
        toRow(t, 'emails.rows.sent', formatLondonDateTime(t, screening.submittedAt)),
        toRow(t, 'emails.rows.received', received),
        toRow(t, 'emails.rows.convention', renderMessage(t, screening.convention)),
      ],
    },
    ...toAdvocacyChildBlocks(t, record),
    ...toContactBlocks(t, record.contact, { heading: t('emails.requests.whoIsAsking'), whose: 'request', acknowledgement: true }),
    ...toAnswerBlocks(t, record.answerRows, 'sender', 'afterHeading'),
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReply'), t('emails.requests.howToContact')] },
  ];
  return toFormattedEmail(toSubject(t, record, t('emails.advocacy.team.subject', { reference: record.reference })), blocks);
}

/**
 * The referral to the council's advocacy provider: when to get in touch, whether to check with the
 * child first, how to reach the person safely, the child, and what the advocate should know. A
 * referral made by a complaint says so, and has no "what the advocate should know", which the
 * complaint never asks.
 */
export function formatAdvocacyReferralEmail(record: AdvocacyRecord, council: Council, t: Translate): FormattedEmail {
  const { request, screening } = record;
  const words = (key: string, values?: CopyValues) => t(`emails.advocacy.referral.${key}`, values);
  const checkWithChild = screening.flags.includes('child_does_not_agree') || screening.flags.includes('child_not_asked');
  const by = { date: formatLongDate(screening.contactBy), days: t('common.workingDays', { count: council.contacts.advocacy.responseWorkingDays }) };
  const blocks: EmailBlock[] = [
    { type: 'paragraph', text: words(request.askedInComplaint ? 'introComplaint' : 'intro', by) },
    ...(screening.flags.includes('safeguarding') ? [toSafeguardingAlert(t, [words('atRisk'), words('callNow')])] : []),
    ...(checkWithChild
      ? [
          {
            type: 'alert' as const,
            tone: 'warning' as const,
            title: words('checkWithChildTitle'),
            lines: [words('checkWithChild', { agreement: t(`emails.childAgreementInSentence.${request.childAgreement ?? 'not_asked'}`) })],
          },
        ]
      : []),
    { type: 'heading', level: 2, text: words('request') },
    { type: 'keyValue', rows: toRequestRows(t, record, council) },
    ...toAdvocacyChildBlocks(t, record),
    ...toContactBlocks(t, record.contact, { heading: words('howToReach'), whose: 'request', acknowledgement: false }),
    ...(request.askedInComplaint
      ? []
      : [
          { type: 'heading' as const, level: 2 as const, text: words('shouldKnow') },
          toCheckAnswersInset(t, 'sender'),
          toAnswerBlock(t, words('notesQuestion'), request.notes ?? words('nothingGiven')),
        ]),
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReply'), words('contactTeam', { reference: record.reference })] },
  ];
  return toFormattedEmail(toSubject(t, record, words('subject', { reference: record.reference })), blocks);
}

/**
 * The person's acknowledgement of a request for an advocate: the reference, who will get in touch
 * and by when. It never names the child or repeats what they wrote. A young person asking for
 * themself reads the child's wording (`…_child` in the catalogue).
 */
export function formatAdvocacyAcknowledgementEmail(record: AdvocacyRecord, council: Council, t: Translate): FormattedEmail {
  const self = isSelfRequester(record.request.requester);
  const words = (key: string, values?: CopyValues) => t(`emails.advocacy.acknowledgement.${key}`, { ...childContext(self), ...values });
  const organisation = toOrganisationLines(t, council.contacts.advocacy);
  const blocks: EmailBlock[] = [
    { type: 'paragraph', text: words('thanks') },
    { type: 'keyValue', rows: [toRow(t, 'emails.rows.yourReference', record.reference)] },
    { type: 'paragraph', text: words('keepReference') },
    { type: 'heading', level: 2, text: t('emails.whatHappensNext') },
    { type: 'paragraph', text: words('contactBy', { date: formatLongDate(record.screening.contactBy) }) },
    ...(organisation ? [{ type: 'paragraph' as const, text: organisation }] : []),
    { type: 'paragraph', text: words('complaintStillPossible') },
    { type: 'heading', level: 2, text: t('emails.contactUs') },
    { type: 'keyValue', rows: toCouncilContactRows(t, council) },
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReplyUseDetails')] },
  ];
  return toFormattedEmail(t('emails.advocacy.acknowledgement.subject', { reference: record.reference }), blocks);
}

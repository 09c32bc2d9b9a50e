import { toComplaintAdvocacyReferral } from '../advocacy.ts';
import { isSelfRole } from '../answers.ts';
import { toComplainantAge, type CaseRecord } from '../case-record.ts';
import { offersChildline } from '../case-summary.ts';
import { childContext, hoursContext, type CopyValues, type Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import { formatLongDate } from '../dates.ts';
import type { TimelineEntry } from '../screening-types.ts';
import { toRow, type EmailBlock, type FormattedEmail } from './blocks.ts';
import { toCouncilContactRows, toOrganisationLines } from './council-contacts.ts';
import { findEntry } from './date-time.ts';
import { toFormattedEmail } from './envelope.ts';

/** The dates that follow: a short list in a child's words, paragraphs for an adult. */
function toNextBlocks(t: Translate, record: CaseRecord, child: boolean, self: boolean): EmailBlock[] {
  const { entries } = record.timeline;
  const acknowledge = findEntry(entries, 'acknowledge');
  const reply = findEntry(entries, 'stage1') ?? findEntry(entries, 'corporate_stage1');
  const latest = reply?.id === 'stage1' ? findEntry(entries, 'stage1_extended') : findEntry(entries, 'corporate_stage1_extended');
  const date = (entry: TimelineEntry) => formatLongDate(entry.date);
  const next = (key: string, values?: CopyValues) => t(`emails.complaint.acknowledgement.next.${key}`, values);
  if (child) {
    return [
      {
        type: 'list',
        items: [
          next('child.readIt'),
          acknowledge ? next('child.contactBy', { date: date(acknowledge) }) : next('child.contactSoon'),
          ...(reply ? [next('child.sortBy', { date: date(reply) })] : []),
          ...(latest ? [next('child.latest', { date: date(latest) })] : []),
        ],
      },
    ];
  }
  return [
    { type: 'paragraph', text: acknowledge ? next('contactBy', { date: date(acknowledge) }) : next('contactSoon') },
    ...(reply
      ? [
          {
            type: 'paragraph' as const,
            text: latest ? next('replyByOrLatest', { date: date(reply), latest: date(latest) }) : next('replyBy', { date: date(reply) }),
          },
        ]
      : []),
    ...(self ? [] : [{ type: 'paragraph' as const, text: next('forSomeoneElse') }]),
  ];
}

/**
 * Free help: for a child or care leaver, the advocacy provider (and, when they asked for an
 * advocate, the date the provider will get in touch by, the same date the confirmation page gave),
 * and Childline for an under-18; for an adult, the advice line.
 */
function toHelpBlocks(t: Translate, record: CaseRecord, council: Council, child: boolean, self: boolean): EmailBlock[] {
  const { advocacy, adultAdvice, childline } = council.contacts;
  const help = (key: string, values?: CopyValues) => t(`emails.complaint.acknowledgement.help.${key}`, { ...childContext(child), ...values });
  if (!self) {
    return [
      { type: 'heading', level: 2, text: help('adviceHeading') },
      { type: 'paragraph', text: help('advice') },
      { type: 'paragraph', text: toOrganisationLines(t, adultAdvice) },
    ];
  }
  const referral = toComplaintAdvocacyReferral(record, council);
  const childlineOffered = offersChildline({ selfPath: self, youngPersonAge: toComplainantAge(record) });
  return [
    { type: 'heading', level: 2, text: help('advocateHeading') },
    { type: 'paragraph', text: referral ? help('advocateAsked', { date: formatLongDate(referral.screening.contactBy) }) : help('advocate') },
    { type: 'paragraph', text: toOrganisationLines(t, advocacy) },
    ...(childlineOffered ? [{ type: 'paragraph' as const, text: t('emails.complaint.acknowledgement.help.childline', hoursContext(childline)) }] : []),
  ];
}

/**
 * The complainant's acknowledgement: reference, dates, what happens next, where to get help and
 * how to reach the council and the Ombudsman. It never repeats what they wrote, a child's name,
 * flags or procedure names, because the inbox it goes to may be read by someone else. A child
 * reads the child's wording (`…_child` in the catalogue).
 */
export function formatAcknowledgementEmail(record: CaseRecord, council: Council, t: Translate): FormattedEmail {
  const role = record.answers.role;
  const child = role === 'child';
  const self = isSelfRole(role);
  const words = (key: string) => t(`emails.complaint.acknowledgement.${key}`, childContext(child));
  const blocks: EmailBlock[] = [
    { type: 'paragraph', text: words('thanks') },
    { type: 'keyValue', rows: [toRow(t, 'emails.rows.yourReference', record.reference)] },
    { type: 'paragraph', text: words('keepReference') },
    { type: 'heading', level: 2, text: t('emails.whatHappensNext') },
    ...toNextBlocks(t, record, child, self),
    ...toHelpBlocks(t, record, council, child, self),
    { type: 'heading', level: 2, text: t('emails.contactUs') },
    { type: 'keyValue', rows: toCouncilContactRows(t, council) },
    { type: 'heading', level: 2, text: words('ombudsmanHeading') },
    { type: 'paragraph', text: t('emails.ombudsman.invite', childContext(child)) },
    { type: 'paragraph', text: toOrganisationLines(t, council.contacts.ombudsman) },
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReplyUseDetails')] },
  ];
  return toFormattedEmail(t('emails.complaint.acknowledgement.subject', { reference: record.reference }), blocks);
}

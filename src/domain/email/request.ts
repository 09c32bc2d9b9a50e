import type { Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import type { RequestRecord } from '../request.ts';
import { toAnswerBlocks } from './answers.ts';
import { toRow, type EmailBlock, type FormattedEmail } from './blocks.ts';
import { toContactBlocks } from './contact.ts';
import { toCouncilContactRows } from './council-contacts.ts';
import { formatLondonDateTime } from './date-time.ts';
import { toFormattedEmail } from './envelope.ts';
import { toTeamSafeguardingAlert } from './safeguarding.ts';

/**
 * The emails of a request sent on a journey with no rules of its own: the team's email with the
 * answers as given (urgent, and the same email to the safeguarding mailbox, when the person said
 * someone is at risk), and the person's acknowledgement, which never repeats what they wrote.
 */

/** The team's email: what was asked for, when, who by, and every answer. */
export function formatRequestTeamEmail(record: RequestRecord, council: Council, t: Translate): FormattedEmail {
  const name = t(`${record.journey}.serviceName`);
  const blocks: EmailBlock[] = [
    ...(record.worriedAtCheck ? [toTeamSafeguardingAlert(t, council, [t('emails.request.atRisk')], 'request')] : []),
    { type: 'heading', level: 2, text: name },
    {
      type: 'keyValue',
      rows: [toRow(t, 'emails.rows.reference', record.reference), toRow(t, 'emails.rows.sent', formatLondonDateTime(t, record.submittedAt))],
    },
    ...toContactBlocks(t, record.contact, { heading: t('emails.requests.whoIsAsking'), whose: 'request', acknowledgement: true }),
    ...toAnswerBlocks(t, record.answerRows, 'sender', 'afterHeading'),
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReply'), t('emails.requests.howToContact')] },
  ];
  const subject = t('emails.subjectParts', { first: name, rest: record.reference });
  return toFormattedEmail(record.worriedAtCheck ? t('emails.safeguarding.subject', { subject }) : subject, blocks);
}

/** The person's acknowledgement: the reference and how to reach the council, never what they wrote. */
export function formatRequestAcknowledgementEmail(record: RequestRecord, council: Council, t: Translate): FormattedEmail {
  const blocks: EmailBlock[] = [
    { type: 'paragraph', text: t('emails.request.acknowledgement.received') },
    { type: 'keyValue', rows: [toRow(t, 'emails.rows.yourReference', record.reference)] },
    { type: 'heading', level: 2, text: t('emails.contactUs') },
    { type: 'keyValue', rows: toCouncilContactRows(t, council) },
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReplyUseDetails')] },
  ];
  return toFormattedEmail(t('emails.request.acknowledgement.subject', { reference: record.reference }), blocks);
}

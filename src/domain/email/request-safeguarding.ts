import type { AdvocacyRecord } from '../advocacy.ts';
import type { Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import type { EscalationRecord } from '../escalation.ts';
import { toAdvocacyChildBlocks } from './advocacy.ts';
import { toAnswerBlocks } from './answers.ts';
import { toRow, type EmailBlock, type FormattedEmail } from './blocks.ts';
import { toContactBlocks } from './contact.ts';
import { formatLondonDateTime } from './date-time.ts';
import { toFormattedEmail } from './envelope.ts';
import { formatRequestKind, toSafeguardingAlert, toWhoToContactBlocks } from './safeguarding.ts';

/**
 * The copy for the safeguarding mailbox when someone sending a stage request or a request for an
 * advocate said someone is at risk of harm: who to contact, the person and all their answers.
 */
export function formatRequestSafeguardingEmail(record: EscalationRecord | AdvocacyRecord, council: Council, t: Translate): FormattedEmail {
  const what = formatRequestKind(t, record);
  const blocks: EmailBlock[] = [
    toSafeguardingAlert(t, [t('emails.requests.safeguarding.raised', { what }), t('emails.safeguarding.doNotWait')]),
    ...toWhoToContactBlocks(t, council, 'request'),
    { type: 'heading', level: 2, text: t('emails.safeguarding.case') },
    {
      type: 'keyValue',
      rows: [
        toRow(t, 'emails.rows.reference', record.reference),
        ...(record.kind === 'escalation' ? [toRow(t, 'emails.rows.complaintReference', record.request.originalReference)] : []),
        toRow(t, 'emails.rows.sent', formatLondonDateTime(t, record.screening.submittedAt)),
      ],
    },
    ...(record.kind === 'advocacy' ? toAdvocacyChildBlocks(t, record) : []),
    ...toContactBlocks(t, record.contact, { heading: t('emails.requests.whoIsAsking'), whose: 'request', acknowledgement: false }),
    ...toAnswerBlocks(t, record.answerRows, 'sender', 'afterHeading'),
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReply'), t('emails.requests.safeguarding.sameCase', { reference: record.reference })] },
  ];
  return toFormattedEmail(t('emails.requests.safeguarding.subject', { what, reference: record.reference }), blocks);
}

import type { Translate } from '../copy.ts';
import type { FeedbackRecord } from '../feedback.ts';
import { joinWords } from '../join-messages.ts';
import { toAnswerBlocks } from './answers.ts';
import { toRow, type EmailBlock, type FormattedEmail, type KeyValueRow } from './blocks.ts';
import { formatLondonDateTime } from './date-time.ts';
import { toFormattedEmail } from './envelope.ts';

/** Who to reply to and how, when the person asked for a reply. */
function toReplyBlocks(t: Translate, reply: NonNullable<FeedbackRecord['reply']>): EmailBlock[] {
  const rows: KeyValueRow[] = [
    toRow(t, 'emails.contact.rows.name', reply.name),
    ...(reply.email ? [toRow(t, 'emails.contact.rows.email', reply.email)] : []),
    ...(reply.phone ? [toRow(t, 'emails.contact.rows.phone', reply.phone)] : []),
  ];
  return [
    { type: 'heading', level: 2, text: t('emails.feedback.replyTo') },
    { type: 'keyValue', rows },
  ];
}

/**
 * The complaints team's email about a compliment, suggestion or feedback. It has no route, flags
 * or complaint timeline, and says what to do if it turns out to be a complaint or a worry.
 */
export function formatFeedbackTeamEmail(record: FeedbackRecord, t: Translate): FormattedEmail {
  const { reply, feedbackKind } = record;
  const noun = t(`emails.feedback.kind.${feedbackKind}`);
  const ways = reply ? [reply.email ? 'email' : '', reply.phone ? 'phone' : ''].filter(Boolean).map((way) => t(`emails.contact.channel.${way}`)) : [];
  const blocks: EmailBlock[] = [
    { type: 'heading', level: 2, text: noun },
    { type: 'paragraph', text: t('emails.feedback.intro', { what: t(`emails.feedback.aKind.${feedbackKind}`) }) },
    {
      type: 'keyValue',
      rows: [
        toRow(t, 'emails.rows.reference', record.reference),
        toRow(t, 'emails.feedback.kindRow', noun),
        toRow(t, 'emails.rows.sent', formatLondonDateTime(t, record.submittedAt)),
        toRow(t, 'emails.feedback.replyWanted', reply ? t('emails.feedback.replyBy', { ways }) : t('emails.feedback.noReply')),
      ],
    },
    { type: 'inset', lines: [t('emails.feedback.ifComplaintOrWorry')] },
    ...(reply ? toReplyBlocks(t, reply) : []),
    ...toAnswerBlocks(t, record.answerRows, 'sender', 'afterHeading'),
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReply')] },
  ];
  const subject = joinWords(t, 'emails.subjectParts', [
    t(`emails.feedback.subject.${feedbackKind}`),
    record.reference,
    ...(reply ? [t('emails.feedback.subjectReplyWanted')] : []),
  ]);
  return toFormattedEmail(subject, blocks);
}

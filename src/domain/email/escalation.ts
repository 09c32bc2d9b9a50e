import { renderMessage, type CopyValues, type Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import { formatLongDate } from '../dates.ts';
import type { EscalationFlag, EscalationRecord, EscalationRequest } from '../escalation.ts';
import { joinWords } from '../join-messages.ts';
import { parseReferenceNumber } from '../reference-number.ts';
import type { TimelineEntry } from '../screening-types.ts';
import { toAnswerBlocks } from './answers.ts';
import { toRow, type EmailBlock, type FormattedEmail, type KeyValueRow, type ListItem } from './blocks.ts';
import { toContactBlocks, toContactTriageItems } from './contact.ts';
import { toCouncilContactRows, toOrganisationLines } from './council-contacts.ts';
import { findEntry, formatLondonDateTime, formatReceivedDate, formatTimelineEntry } from './date-time.ts';
import { toFormattedEmail } from './envelope.ts';
import { toRequestSafeguardingAlert, toTriageBlocks } from './safeguarding.ts';

/**
 * The emails about a request to take a complaint to stage 2 (an investigation) or stage 3 (a
 * review panel): the complaints team's, and the person's acknowledgement.
 *
 * The one reference a person typed (the complaint they are escalating) reaches a subject only in
 * the canonical form the reference check produced.
 */

/**
 * The complaint reference as it may appear in a subject: only the canonical form that the reference
 * check produces, so nothing typed can reach a header any other way.
 */
function toSubjectReference(t: Translate, record: EscalationRecord, council: Council): string {
  const original = record.request.originalReference;
  const parsed = parseReferenceNumber(original, council.referencePrefix);
  return parsed.ok && parsed.value === original ? original : t('emails.escalation.team.referenceInEmail');
}

function toTeamSubject(t: Translate, record: EscalationRecord, council: Council): string {
  const { flags } = record.screening;
  const parts = [
    t('emails.escalation.team.subject', { stage: record.request.stage, complaint: toSubjectReference(t, record, council) }),
    ...(flags.includes('late_escalation') ? [t('emails.escalation.team.subjectLate')] : []),
    ...(flags.includes('reference_not_found') ? [t('emails.escalation.team.subjectNotFound')] : []),
    t('emails.escalation.team.subjectRequest', { reference: record.reference }),
  ];
  const subject = joinWords(t, 'emails.subjectParts', parts);
  return flags.includes('safeguarding') ? t('emails.safeguarding.subject', { subject }) : subject;
}

/**
 * What this service's records say about the complaint the request names: when it was received,
 * its provisional route and first reply date; that the reference is a request's, not a
 * complaint's; or plainly that it was, or was not, found.
 */
function formatOriginalCase(t: Translate, request: EscalationRequest): string {
  const words = (key: string, values?: CopyValues) => t(`emails.escalation.team.original.${key}`, values);
  const original = request.originalCase;
  if (!request.referenceKnown) return words('notFound');
  if (!original) return words('found');
  switch (original.kind) {
    case 'complaint': {
      const values = { received: formatLongDate(original.receiptDate), route: t(`emails.complaint.routeInSubject.${original.route}`) };
      const found = original.replyDue ? words('complaintReplyDue', { ...values, replyDue: formatLongDate(original.replyDue) }) : words('complaint', values);
      return original.safeguarding ? `${found}\n${words('safeguarding')}` : found;
    }
    case 'escalation':
      return words('escalation', { stage: original.stage, complaint: original.complaintReference });
    case 'other':
      return words('other');
  }
}

function toRequestRows(t: Translate, record: EscalationRecord): KeyValueRow[] {
  const { request, screening } = record;
  const { window } = screening;
  const reply = t(`rules.escalation.previousReply.stage${request.stage}`);
  const row = (key: string, value: string, values?: CopyValues): KeyValueRow => ({ key: t(`emails.escalation.team.rows.${key}`, values), value });
  return [
    row('requestReference', record.reference),
    toRow(t, 'emails.rows.complaintReference', request.originalReference),
    row('original', formatOriginalCase(t, request)),
    row('askingFor', t(`emails.escalation.stage${request.stage}`)),
    row('replyReceived', formatLongDate(request.replyReceived), { reply }),
    row(
      'windowEnded',
      t('emails.escalation.team.windowEnd', {
        date: formatLongDate(window.windowEnd),
        length: t('common.workingDays', { count: screening.windowWorkingDays }),
        reply,
      }),
    ),
    row(
      'inTime',
      window.late ? t('emails.escalation.team.late', { late: t('common.workingDays', { count: window.workingDaysLate }) }) : t('emails.escalation.team.onTime'),
    ),
  ];
}

function toDateRows(t: Translate, record: EscalationRecord): KeyValueRow[] {
  const { screening } = record;
  const { window } = screening;
  const received = findEntry(window.entries, 'received');
  const moved = window.receiptDate !== screening.submittedDate;
  return [
    toRow(t, 'emails.rows.sent', formatLondonDateTime(t, screening.submittedAt)),
    toRow(
      t,
      'emails.rows.received',
      formatReceivedDate(window.receiptDate, moved ? t('emails.dates.because', { basis: received ? renderMessage(t, received.basis) : '' }) : undefined),
    ),
    toRow(t, 'emails.rows.convention', renderMessage(t, screening.convention)),
    ...window.entries.filter((entry) => entry.id !== 'received').map((entry) => ({ key: renderMessage(t, entry.label), value: formatTimelineEntry(t, entry) })),
  ];
}

/**
 * The complaints team's email about a stage 2 or stage 3 request: triage (safeguarding, late, an
 * unknown reference), the request against its window, the next deadlines, the person and their
 * answers. The subject carries the complaint's reference and "late" when it is late.
 */
export function formatEscalationTeamEmail(record: EscalationRecord, council: Council, t: Translate): FormattedEmail {
  const { request, screening } = record;
  const noteFor = (flag: Exclude<EscalationFlag, 'safeguarding'>): string =>
    flag === 'late_escalation' ? renderMessage(t, screening.timingNote) : screening.referenceNote ? renderMessage(t, screening.referenceNote) : '';
  const items: ListItem[] = [
    ...screening.flags
      .filter((f): f is Exclude<EscalationFlag, 'safeguarding'> => f !== 'safeguarding')
      .map((flag) => ({ title: t(`emails.flagTitle.${flag}`), text: noteFor(flag) })),
    ...toContactTriageItems(t, record.contact, 'request'),
  ];
  const blocks: EmailBlock[] = [
    ...toTriageBlocks(t, toRequestSafeguardingAlert(t, council, record), items),
    { type: 'heading', level: 2, text: t('emails.escalation.team.heading', { stage: request.stage }) },
    { type: 'paragraph', text: t('emails.escalation.team.intro') },
    { type: 'keyValue', rows: toRequestRows(t, record) },
    { type: 'heading', level: 2, text: t('emails.escalation.team.nextDeadlines') },
    { type: 'keyValue', rows: toDateRows(t, record) },
    ...toContactBlocks(t, record.contact, {
      heading: t('emails.requests.whoIsAsking'),
      whose: 'request',
      acknowledgement: true,
      acknowledgeBy: findEntry(screening.window.entries, 'acknowledge')?.date,
    }),
    ...toAnswerBlocks(t, record.answerRows, 'sender', 'afterHeading'),
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReply'), t('emails.requests.howToContact')] },
  ];
  return toFormattedEmail(toTeamSubject(t, record, council), blocks);
}

/** What happens next after a stage 2 or stage 3 request, with the dates its window set. */
function toNextSteps(t: Translate, record: EscalationRecord): string[] {
  const step = (id: TimelineEntry['id'], key: string): string[] => {
    const entry = findEntry(record.screening.window.entries, id);
    return entry ? [t(`emails.escalation.acknowledgement.next.${key}`, { date: formatLongDate(entry.date) })] : [];
  };
  return record.request.stage === 2
    ? [...step('acknowledge', 'contactBy'), ...step('stage2', 'investigationBy'), ...step('stage2_extended', 'investigationLatest')]
    : [...step('panel', 'panelBy'), ...step('final_response', 'finalResponseBy')];
}

/**
 * The person's acknowledgement of a stage 2 or stage 3 request: both references, the dates that
 * follow, and how to reach the council and the Ombudsman. It never repeats what they wrote or
 * says anything about flags, because the inbox may be read by someone else.
 */
export function formatEscalationAcknowledgementEmail(record: EscalationRecord, council: Council, t: Translate): FormattedEmail {
  const { stage } = record.request;
  const words = (key: string) => t(`emails.escalation.acknowledgement.${key}`);
  const next = toNextSteps(t, record);
  const blocks: EmailBlock[] = [
    { type: 'paragraph', text: t('emails.escalation.acknowledgement.thanks', { what: words(`what.stage${stage}`) }) },
    {
      type: 'keyValue',
      rows: [
        toRow(t, 'emails.escalation.acknowledgement.requestReference', record.reference),
        toRow(t, 'emails.escalation.acknowledgement.complaintReference', record.request.originalReference),
      ],
    },
    { type: 'paragraph', text: words('keepReferences') },
    { type: 'heading', level: 2, text: t('emails.whatHappensNext') },
    next.length ? { type: 'list', items: next } : { type: 'paragraph', text: words('contactSoon') },
    { type: 'paragraph', text: words('workingDaysOnly') },
    { type: 'heading', level: 2, text: t('emails.contactUs') },
    { type: 'keyValue', rows: toCouncilContactRows(t, council) },
    { type: 'heading', level: 2, text: words('ombudsmanHeading') },
    { type: 'paragraph', text: t('emails.ombudsman.invite') },
    { type: 'paragraph', text: toOrganisationLines(t, council.contacts.ombudsman) },
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReplyUseDetails')] },
  ];
  return toFormattedEmail(t('emails.escalation.acknowledgement.subject', { stage, reference: record.reference }), blocks);
}

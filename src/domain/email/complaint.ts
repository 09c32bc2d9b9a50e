import type { CaseRecord } from '../case-record.ts';
import { toCaseCsv, toCaseJson, toCaseJsonSchemaId } from '../case-json.ts';
import { renderMessage, type Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import { dayOfWeek, formatLongDate, toLondonDateTime } from '../dates.ts';
import { joinWords } from '../join-messages.ts';
import { flags as flagOrder, type Flag, type TimelineEntry } from '../screening-types.ts';
import { toAnswerBlocks } from './answers.ts';
import { toRow, type EmailBlock, type FormattedEmail, type KeyValueRow, type ListItem } from './blocks.ts';
import { explainFlag, toSafeguardingReasons } from './complaint-flags.ts';
import { toChildrenBlocks, toComplainantBlocks } from './complaint-people.ts';
import { toContactTriageItems } from './contact.ts';
import { findEntry, formatClockTime, formatLondonDateTime, formatReceivedDate, formatTimelineEntry } from './date-time.ts';
import { toAttachmentFilename, toFormattedEmail } from './envelope.ts';
import { toSafeguardingAlert, toTeamSafeguardingAlert, toTriageBlocks, toWhoToContactBlocks } from './safeguarding.ts';

/**
 * The two emails staff get about a complaint: the complaints team's, with everything needed to
 * triage and act on it, and the copy for the safeguarding mailbox when a worry about harm was
 * raised. The subjects never name anyone.
 */

/** Flags in the order staff must read them, whatever order they came in. */
const sortFlags = (list: readonly Flag[]): Flag[] => [...new Set(list)].sort((a, b) => flagOrder.indexOf(a) - flagOrder.indexOf(b));

/** The safeguarding banner (when raised), then every other flag explained, then any warning about contact. */
function toComplaintTriageBlocks(t: Translate, record: CaseRecord, council: Council): EmailBlock[] {
  const sorted = sortFlags(record.screening.flags);
  const alert = sorted.includes('safeguarding') ? toTeamSafeguardingAlert(t, council, toSafeguardingReasons(t, record), 'complaint') : undefined;
  const items: ListItem[] = [
    ...sorted.flatMap((flag) => (flag === 'safeguarding' ? [] : [{ title: t(`emails.flagTitle.${flag}`), text: explainFlag(t, flag, record, council) }])),
    ...toContactTriageItems(t, record.contact, 'complaint'),
  ];
  return toTriageBlocks(t, alert, items);
}

function toReferenceBlocks(t: Translate, record: CaseRecord, council: Council): EmailBlock[] {
  const { screening, answers } = record;
  const rows: KeyValueRow[] = [
    toRow(t, 'emails.rows.reference', record.reference),
    toRow(t, 'emails.rows.route', t(`emails.complaint.route.${screening.route}`)),
    toRow(t, 'emails.complaint.reference.rules', screening.rules.length ? joinWords(t, 'rules.join.commas', screening.rules) : t('emails.none')),
    toRow(t, 'emails.complaint.reference.role', t(`emails.complaint.role.${answers.role}`)),
    toRow(t, 'emails.complaint.reference.legalCategory', renderMessage(t, screening.legalCategory)),
  ];
  if (screening.signposts.length) {
    rows.push(toRow(t, 'emails.complaint.reference.signposted', screening.signposts.map((target) => council.signposts[target].name).join('\n')));
  }
  const blocks: EmailBlock[] = [
    { type: 'heading', level: 2, text: t('emails.complaint.reference.heading') },
    { type: 'paragraph', text: t('emails.complaint.reference.provisional') },
    { type: 'keyValue', rows },
  ];
  if (screening.issues.length) {
    blocks.push(
      { type: 'heading', level: 3, text: t('emails.complaint.reference.issues') },
      {
        type: 'list',
        items: screening.issues.map((issue) => {
          const values = { label: issue.label, route: t(`emails.complaint.issueRoute.${issue.route}`) };
          if (issue.signpost) return t('emails.complaint.reference.issueWithBody', { ...values, body: council.signposts[issue.signpost].name });
          return t(issue.exclusionCheck ? 'emails.complaint.reference.issueToCheck' : 'emails.complaint.reference.issue', values);
        }),
      },
    );
  }
  if (screening.explanation.staff.length) {
    blocks.push(
      { type: 'heading', level: 3, text: t('emails.complaint.reference.why') },
      { type: 'list', items: screening.explanation.staff.map((line) => renderMessage(t, line)) },
    );
  }
  return blocks;
}

/**
 * Why the receipt date moved on from the day it was sent. The timeline's own "received" step
 * says why when it has one, since only it knows the holiday calendar; otherwise this works out
 * the likeliest reason from the day of the week and the council's cut-off.
 */
function toReceiptMovedReason(t: Translate, record: CaseRecord, council: Council): string {
  const { submittedAt, submittedDate } = record.timeline;
  const received = findEntry(record.timeline.entries, 'received');
  if (received) return t('emails.dates.because', { basis: renderMessage(t, received.basis) });
  const sent = formatLongDate(submittedDate);
  const weekend = [0, 6].includes(dayOfWeek(submittedDate));
  const cutOff = council.calendar.receiptCutOff;
  // Both are zero-padded "HH:MM", so comparing the strings compares the times.
  if (!weekend && cutOff && toLondonDateTime(new Date(submittedAt)).time >= cutOff) {
    return t('emails.dates.afterCutOff', { sent, cutOff: formatClockTime(t, cutOff) });
  }
  return t('emails.dates.notWorkingDay', { sent });
}

/** The steps staff plan around, with their own labels, in this order before the rest of the timeline. */
const keyEntries: readonly TimelineEntry['id'][] = ['acknowledge', 'stage1', 'stage1_extended', 'corporate_stage1', 'corporate_stage1_extended'];

function toDateBlocks(t: Translate, record: CaseRecord, council: Council): EmailBlock[] {
  const { timeline, screening } = record;
  const rows: KeyValueRow[] = [
    toRow(t, 'emails.rows.sent', formatLondonDateTime(t, timeline.submittedAt)),
    toRow(t, 'emails.rows.received', formatReceivedDate(timeline.receiptDate, timeline.receiptMoved ? toReceiptMovedReason(t, record, council) : undefined)),
    toRow(t, 'emails.rows.convention', renderMessage(t, timeline.convention)),
  ];
  for (const id of keyEntries) {
    const entry = findEntry(record.timeline.entries, id);
    if (entry) rows.push(toRow(t, `emails.dates.keyStep.${id}`, formatTimelineEntry(t, entry)));
  }
  for (const entry of timeline.entries) {
    if (entry.id !== 'received' && !keyEntries.includes(entry.id)) rows.push({ key: renderMessage(t, entry.label), value: formatTimelineEntry(t, entry) });
  }
  rows.push(
    toRow(t, 'emails.dates.timeLimit', `${t(`emails.complaint.timeLimit.${screening.timeLimit.status}`)}\n${renderMessage(t, screening.timeLimit.reason)}`),
  );
  // Closures up to the last firm deadline are the ones staff can plan around.
  const lastFirmDate = timeline.entries
    .filter((entry) => !entry.projected)
    .reduce((last, entry) => (entry.date > last ? entry.date : last), timeline.receiptDate);
  const closures = council.calendar.officeClosures.filter((date) => date >= timeline.receiptDate && date <= lastFirmDate);
  if (closures.length) rows.push(toRow(t, 'emails.dates.closures', closures.map(formatLongDate).join('\n')));
  return [
    { type: 'heading', level: 2, text: t('emails.dates.heading') },
    { type: 'keyValue', rows },
  ];
}

function toTeamSubject(t: Translate, record: CaseRecord): string {
  const acknowledge = findEntry(record.timeline.entries, 'acknowledge');
  const values = { reference: record.reference, route: t(`emails.complaint.routeInSubject.${record.screening.route}`) };
  const subject = acknowledge
    ? t('emails.complaint.team.subjectWithDate', { ...values, date: formatLongDate(acknowledge.date) })
    : t('emails.complaint.team.subject', values);
  return record.screening.flags.includes('safeguarding') ? t('emails.safeguarding.subject', { subject }) : subject;
}

/**
 * The complaints team's email: triage first (safeguarding before anything else), then the
 * reference and route, dates, complainant, children, a safety note and the answers in journey
 * order, with the case attached as JSON and CSV. The subject never names anyone.
 */
export function formatTeamEmail(record: CaseRecord, council: Council, t: Translate): FormattedEmail {
  const json = toAttachmentFilename(record.reference, 'json');
  const csv = toAttachmentFilename(record.reference, 'csv');
  const blocks: EmailBlock[] = [
    ...toComplaintTriageBlocks(t, record, council),
    ...toReferenceBlocks(t, record, council),
    ...toDateBlocks(t, record, council),
    ...toComplainantBlocks(t, record),
    ...toChildrenBlocks(t, record),
    ...toAnswerBlocks(t, record.answerRows, 'complainant', 'beforeHeading'),
    { type: 'rule' },
    {
      type: 'inset',
      lines: [
        t('emails.noReply'),
        t('emails.complaint.team.howToContact'),
        t('emails.complaint.team.attached', { json, csv, schema: toCaseJsonSchemaId(council.slug) }),
      ],
    },
  ];
  return toFormattedEmail(toTeamSubject(t, record), blocks, [
    { filename: json, contentType: 'application/json', content: JSON.stringify(toCaseJson(record, council, t), null, 2) + '\n' },
    { filename: csv, contentType: 'text/csv; charset=utf-8', content: toCaseCsv(record, t) },
  ]);
}

/**
 * The copy for the safeguarding mailbox: why it was raised, where to pass it, how to reach the
 * complainant safely, the children and all the answers.
 */
export function formatSafeguardingEmail(record: CaseRecord, council: Council, t: Translate): FormattedEmail {
  const otherFlags = sortFlags(record.screening.flags).filter((flag) => flag !== 'safeguarding');
  const blocks: EmailBlock[] = [
    toSafeguardingAlert(t, [t('emails.complaint.safeguarding.raised'), ...toSafeguardingReasons(t, record), t('emails.safeguarding.doNotWait')]),
    ...toWhoToContactBlocks(t, council, 'complaint'),
    { type: 'heading', level: 2, text: t('emails.safeguarding.case') },
    {
      type: 'keyValue',
      rows: [
        toRow(t, 'emails.rows.reference', record.reference),
        toRow(t, 'emails.rows.sent', formatLondonDateTime(t, record.timeline.submittedAt)),
        toRow(t, 'emails.rows.route', t(`emails.complaint.route.${record.screening.route}`)),
        toRow(
          t,
          'emails.complaint.safeguarding.otherFlags',
          otherFlags.length ? otherFlags.map((flag) => t(`emails.flagTitle.${flag}`)).join('\n') : t('emails.none'),
        ),
      ],
    },
    ...toComplainantBlocks(t, record),
    ...toChildrenBlocks(t, record),
    ...toAnswerBlocks(t, record.answerRows, 'complainant', 'beforeHeading'),
    { type: 'rule' },
    { type: 'inset', lines: [t('emails.noReply'), t('emails.complaint.safeguarding.sameCase', { reference: record.reference })] },
  ];
  return toFormattedEmail(t('emails.complaint.safeguarding.subject', { reference: record.reference }), blocks);
}

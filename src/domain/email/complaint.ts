import { isSelfRole } from '../answers.ts';
import { toChildAge, type CaseRecord } from '../case-record.ts';
import { toCaseCsv, toCaseJson, toCaseJsonSchemaId } from '../case-json.ts';
import { renderMessage, type Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import { dayOfWeek, formatLongDate, toLondonDateTime } from '../dates.ts';
import { joinWords } from '../join-messages.ts';
import { flags as flagOrder, type Flag, type TimelineEntry } from '../screening-types.ts';
import { formatExcerpt, toAnswerBlocks } from './answers.ts';
import { toRow, type EmailBlock, type FormattedEmail, type KeyValueRow, type ListItem } from './blocks.ts';
import { formatResponsibleCouncil } from './child.ts';
import { excerptLength, toComplaintSafeguardingLines, toFlagItem } from './complaint-flags.ts';
import { toChildrenBlocks, toComplainantBlocks } from './complaint-people.ts';
import { formatHowToReach, toContactTriageItems } from './contact.ts';
import { toOutOfHoursLine } from './council-contacts.ts';
import { findEntry, formatClockTime, formatLondonDateTime, formatReceivedDate, formatTimelineEntry } from './date-time.ts';
import { toAttachmentFilename, toFormattedEmail } from './envelope.ts';
import { toSafeguardingAlert, toWhoToContactBlocks } from './safeguarding.ts';

/**
 * The two emails staff get about a complaint: the complaints team's, with everything needed to
 * triage and act on it, and the copy for the safeguarding mailbox when a worry about harm was
 * raised. The subjects never name anyone.
 */

/** Flags in the order staff must read them, whatever order they came in. */
const sortFlags = (list: readonly Flag[]): Flag[] => [...new Set(list)].sort((a, b) => flagOrder.indexOf(a) - flagOrder.indexOf(b));

/** The red banner, when safeguarding was raised: the shared lines, who to call out of hours, and where the copy went. */
function toTeamSafeguardingBlocks(t: Translate, record: CaseRecord, council: Council): EmailBlock[] {
  if (!record.screening.flags.includes('safeguarding')) return [];
  return [
    toSafeguardingAlert(t, [...toComplaintSafeguardingLines(t, record, council), toOutOfHoursLine(t, council), t('emails.safeguarding.copySent.complaint')]),
  ];
}

/** Every flag but safeguarding explained, then any warning about contact. Safeguarding is in the banner and the summary. */
function toComplaintTriageBlocks(t: Translate, record: CaseRecord, council: Council): EmailBlock[] {
  const items: ListItem[] = [
    ...sortFlags(record.screening.flags).flatMap((flag) => (flag === 'safeguarding' ? [] : [toFlagItem(t, flag, record, council)])),
    ...toContactTriageItems(t, record.contact, 'complaint'),
  ];
  return [
    { type: 'heading', level: 2, text: t('emails.triage.heading') },
    items.length ? { type: 'list', items } : { type: 'paragraph', text: t('emails.triage.noFlags') },
  ];
}

/** Who is complaining: their name, then their role with their relationship or organisation. */
function formatComplainant(t: Translate, record: CaseRecord): string {
  const { answers, contact } = record;
  const summary = (key: string, values: Record<string, string>) => t(`emails.complaint.summary.${key}`, values);
  const role = t(`emails.complaint.role.${answers.role}`);
  const organisation = answers.role === 'advocate' ? answers.advocacyOrganisation?.trim() : undefined;
  const described = organisation
    ? summary('roleWithOrganisation', { role, organisation })
    : answers.relationship?.trim()
      ? summary('roleWithRelationship', { role, relationship: answers.relationship.trim() })
      : role;
  return `${contact.name}\n${described}`;
}

/** Each child on a line: name, age when it was sent, and their council when it is not this one. */
function formatChildren(t: Translate, record: CaseRecord): string {
  const summary = (key: string, values: Record<string, string | number>) => t(`emails.complaint.summary.${key}`, values);
  const lines = record.answers.children.map((child) => {
    const age = toChildAge(child, record.timeline.submittedDate);
    const named = age === undefined ? child.name : summary('childAged', { name: child.name, age });
    if (child.responsibleCouncil === 'this') return named;
    return summary('childElsewhere', { child: named, council: formatResponsibleCouncil(t, child.responsibleCouncil, child.otherCouncilName) });
  });
  return lines.length ? lines.join('\n') : t('emails.complaint.summary.noChild');
}

/** What it is about: the services chosen, and the organisation that provided it, when they named one. */
function formatAbout(t: Translate, record: CaseRecord): string {
  const { answers, screening } = record;
  const labels = screening.issues.map((issue) => issue.label);
  const provider =
    answers.commissionedProvider === 'yes' && answers.providerName?.trim()
      ? [t('emails.complaint.summary.providedBy', { provider: answers.providerName.trim() })]
      : [];
  return [...(labels.length ? labels : [t('emails.complaint.summary.noSubject')]), ...provider].join('\n');
}

/** How to reach the complainant, and for an advocate who replies go to. */
function formatContact(t: Translate, record: CaseRecord): string {
  const { answers } = record;
  const replyTo = answers.role === 'advocate' && answers.reachYoungPerson ? [t(`emails.complaint.advocate.replyTo.${answers.reachYoungPerson}`)] : [];
  return [formatHowToReach(t, record.contact), ...replyTo].join('\n');
}

/**
 * The summary staff read first: who is complaining, the children, what it is about, the start of
 * what happened, whether safeguarding was raised, how to reach them and the date to acknowledge by.
 * Everything in it is given again in full below.
 */
function toSummaryBlocks(t: Translate, record: CaseRecord): EmailBlock[] {
  const { answers, screening, timeline } = record;
  const row = (key: string, value: string): KeyValueRow => toRow(t, `emails.complaint.summary.rows.${key}`, value);
  const excerpt = formatExcerpt(answers.whatHappened, excerptLength);
  const cut = excerpt !== answers.whatHappened.replace(/\s+/g, ' ').trim();
  const acknowledge = findEntry(timeline.entries, 'acknowledge');
  const children = isSelfRole(answers.role) ? 'self' : answers.children.length > 1 ? 'children' : 'child';
  const rows: KeyValueRow[] = [
    toRow(t, 'emails.rows.reference', record.reference),
    row('complainant', formatComplainant(t, record)),
    row(children, formatChildren(t, record)),
    row('about', formatAbout(t, record)),
    row('whatHappened', excerpt ? (cut ? `${excerpt}\n${t('emails.complaint.summary.inFull')}` : excerpt) : t('emails.answers.notAnswered')),
    row('safeguarding', t(screening.flags.includes('safeguarding') ? 'emails.complaint.summary.safeguardingRaised' : 'emails.triage.notRaised')),
    row('contact', formatContact(t, record)),
    ...(acknowledge ? [row('acknowledgeBy', formatLongDate(acknowledge.date))] : []),
    toRow(t, 'emails.rows.route', t(`emails.complaint.route.${screening.route}`)),
  ];
  return [
    { type: 'heading', level: 2, text: t('emails.complaint.summary.heading') },
    { type: 'keyValue', rows },
  ];
}

/** Whether another organisation provided the service, as they answered it; nothing when they were never asked. */
function toProviderRows(t: Translate, record: CaseRecord): KeyValueRow[] {
  const { commissionedProvider, providerName } = record.answers;
  if (!commissionedProvider) return [];
  const answer =
    commissionedProvider === 'yes' && providerName?.trim()
      ? t('emails.complaint.reference.providerNamed', { provider: providerName.trim() })
      : t(`emails.yesNoNotSure.${commissionedProvider}`);
  return [toRow(t, 'emails.complaint.reference.provider', answer)];
}

/** The route in detail: the rules that fired, the legal category, each part's own route and why. The route itself is in the summary. */
function toRouteBlocks(t: Translate, record: CaseRecord, council: Council): EmailBlock[] {
  const { screening } = record;
  const rows: KeyValueRow[] = [
    toRow(t, 'emails.complaint.reference.rules', screening.rules.length ? joinWords(t, 'rules.join.commas', screening.rules) : t('emails.none')),
    toRow(t, 'emails.complaint.reference.legalCategory', renderMessage(t, screening.legalCategory)),
    ...toProviderRows(t, record),
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

/** The steps after the first reply, which depend on dates nobody knows yet. */
const isLaterStep = (entry: TimelineEntry): boolean => entry.id !== 'received' && !keyEntries.includes(entry.id);

/** The dates staff act on now: when it was sent and received, the steps up to the first reply, and the 12-month check. */
function toDateBlocks(t: Translate, record: CaseRecord, council: Council): EmailBlock[] {
  const { timeline, screening } = record;
  const rows: KeyValueRow[] = [
    toRow(t, 'emails.rows.sent', formatLondonDateTime(t, timeline.submittedAt)),
    ...(record.draft
      ? [
          toRow(t, 'emails.rows.started', formatLondonDateTime(t, record.draft.startedAt)),
          toRow(
            t,
            'emails.rows.resumed',
            record.draft.resumedAt ? t('emails.draft.resumed', { when: formatLondonDateTime(t, record.draft.resumedAt) }) : t('emails.draft.notResumed'),
          ),
        ]
      : []),
    toRow(t, 'emails.rows.received', formatReceivedDate(timeline.receiptDate, timeline.receiptMoved ? toReceiptMovedReason(t, record, council) : undefined)),
    toRow(t, 'emails.rows.convention', renderMessage(t, timeline.convention)),
  ];
  for (const id of keyEntries) {
    const entry = findEntry(record.timeline.entries, id);
    if (entry) rows.push(toRow(t, `emails.dates.keyStep.${id}`, formatTimelineEntry(t, entry)));
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

/**
 * The later stages (stage 2 and 3, the Ombudsman), at the end and short: each is worked out as if
 * the step before ends on the day it is due, so it is a date to plan around, not one to act on.
 */
function toLaterStageBlocks(t: Translate, record: CaseRecord): EmailBlock[] {
  const later = record.timeline.entries.filter(isLaterStep);
  if (later.length === 0) return [];
  return [
    { type: 'heading', level: 2, text: t('emails.dates.laterHeading') },
    { type: 'paragraph', text: t('emails.dates.laterIntro') },
    {
      type: 'keyValue',
      rows: later.map((entry) => ({ key: renderMessage(t, entry.label), value: entry.projected ? formatLongDate(entry.date) : formatTimelineEntry(t, entry) })),
    },
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
 * The complaints team's email, in the order staff need it: the safeguarding banner when raised,
 * a summary of who and what, triage, then the details (complainant, children, a safety note and
 * the answers in journey order, the route in detail and the dates) and, last, the projected later
 * stages. The case is attached as JSON and CSV. The subject never names anyone.
 */
export function formatTeamEmail(record: CaseRecord, council: Council, t: Translate): FormattedEmail {
  const json = toAttachmentFilename(record.reference, 'json');
  const csv = toAttachmentFilename(record.reference, 'csv');
  const blocks: EmailBlock[] = [
    ...toTeamSafeguardingBlocks(t, record, council),
    ...toSummaryBlocks(t, record),
    ...toComplaintTriageBlocks(t, record, council),
    ...toComplainantBlocks(t, record),
    ...toChildrenBlocks(t, record),
    ...toAnswerBlocks(t, record.answerRows, 'complainant', 'beforeHeading'),
    ...toRouteBlocks(t, record, council),
    ...toDateBlocks(t, record, council),
    ...toLaterStageBlocks(t, record),
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
 * The copy for the safeguarding mailbox: the same banner as the team's (why it was raised, the
 * children, their words and the promise to keep), where to pass it, how to reach the complainant
 * safely, the children and all the answers.
 */
export function formatSafeguardingEmail(record: CaseRecord, council: Council, t: Translate): FormattedEmail {
  const otherFlags = sortFlags(record.screening.flags).filter((flag) => flag !== 'safeguarding');
  const blocks: EmailBlock[] = [
    toSafeguardingAlert(t, [
      t('emails.complaint.safeguarding.raised'),
      ...toComplaintSafeguardingLines(t, record, council),
      t('emails.safeguarding.doNotWait'),
    ]),
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

import type { ChildAgreement, ContactDetails, ResponsibleCouncil } from './answers.ts';
import type { AnswerRow } from './case-record.ts';
import type { Council } from './council.ts';
import { formatLongDate, toLondonDateTime } from './dates.ts';
import {
  formatBlocksAsHtml,
  formatBlocksAsText,
  messageIdFor,
  shouldSendAcknowledgement,
  toHeaderValue,
  type EmailBlock,
  type FormattedEmail,
  type KeyValueRow,
  type ListItem,
  type OutgoingEmail,
} from './email-body.ts';
import { isSelfRequester, type AdvocacyFlag, type AdvocacyRecord, type AdvocacyRequester } from './advocacy.ts';
import type { EscalationFlag, EscalationRecord, EscalationStage } from './escalation.ts';
import { formatFeedbackKind, type FeedbackRecord } from './feedback.ts';
import { parseReferenceNumber } from './reference-number.ts';
import type { TimelineEntry } from './screening-types.ts';

/**
 * The emails for the three submissions that are not a new complaint: a stage 2 or stage 3 request,
 * a request for an advocate, and a compliment or feedback. Each is built as blocks and rendered by
 * the same renderer as the complaint emails, so the text and HTML parts cannot disagree and
 * everything a person typed is escaped in the HTML part.
 *
 * Header safety, as for complaints: subjects are made from references, dates, council
 * configuration and fixed words only. The one reference a person typed (the complaint they are
 * escalating) reaches a subject only in the canonical form the reference check produced.
 */

/** The kinds of email these submissions produce; the same names as the outbox's message kinds. */
export type OtherEmailKind = 'team' | 'safeguarding' | 'acknowledgement' | 'advocacy_referral';

/** An email ready for the outbox: the complaint email's shape with the wider set of kinds. */
export type OtherOutgoingEmail = Omit<OutgoingEmail, 'kind'> & { kind: OtherEmailKind };

/** Where the emails go; the server fills these from council config or its environment overrides. */
export interface OtherMailboxes {
  complaintsTeam: string;
  safeguarding: string;
  from: string;
}

const footerNoReply = 'You cannot reply to this email.';

// Inline clock formatting, as in the complaint emails: "1:05pm", "10am", "midday", "midnight".
function formatClockTime(hoursAndMinutes: string): string {
  const [hours = 0, minutes = 0] = hoursAndMinutes.split(':').map(Number);
  if (minutes === 0 && hours === 0) return 'midnight';
  if (minutes === 0 && hours === 12) return 'midday';
  const clock = `${hours % 12 || 12}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
  return `${clock}${hours < 12 ? 'am' : 'pm'}`;
}

/** An instant as a date and time in England, e.g. "Saturday 21 November 2026 at 9:40pm (UK time)". */
function formatLondonDateTime(instant: string): string {
  const { date, time } = toLondonDateTime(new Date(instant));
  return `${formatLongDate(date)} at ${formatClockTime(time)} (UK time)`;
}

const workingDays = (n: number): string => (n === 1 ? '1 working day' : `${n} working days`);

function joinOr(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function toFormattedEmail(subject: string, blocks: readonly EmailBlock[]): FormattedEmail {
  const safeSubject = toHeaderValue(subject);
  return { subject: safeSubject, text: formatBlocksAsText(blocks), html: formatBlocksAsHtml(blocks, safeSubject), attachments: [] };
}

const checkAnswersInset: EmailBlock = {
  type: 'inset',
  lines: [
    'Check these answers look safe before you use them.',
    'They were typed by the person who sent the form. Do not open links or web addresses in them unless you are sure they are safe.',
  ],
};

/** The answers in the order they were given, with a sub-heading each time the section changes. */
function toAnswerBlocks(rows: readonly AnswerRow[]): EmailBlock[] {
  const blocks: EmailBlock[] = [{ type: 'heading', level: 2, text: 'Answers, in the order they were given' }, checkAnswersInset];
  let section: string | undefined;
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      blocks.push({ type: 'heading', level: 3, text: row.section });
    }
    blocks.push({ type: 'answer', question: row.question, answer: row.answer });
  }
  if (rows.length === 0) blocks.push({ type: 'paragraph', text: 'No answers were recorded.' });
  return blocks;
}

function toSafeContactAlert(contact: ContactDetails): EmailBlock | undefined {
  const words = contact.safeContactDetails?.trim();
  const theirWords = words ? [`Their words: "${words}"`] : [];
  if (contact.safeToContact === 'with_care') {
    return {
      type: 'alert',
      tone: 'warning',
      title: 'CONTACT WITH CARE',
      lines: ['They said contacting them is only safe with care. Read their instructions before you use any of the details below.', ...(words ? theirWords : ['They did not say how. Find a safe way first.'])],
    };
  }
  if (contact.safeToContact === 'no') {
    const channels = [contact.email ? 'email' : '', contact.phone ? 'phone' : '', contact.address?.length ? 'post' : ''].filter(Boolean);
    return {
      type: 'alert',
      tone: 'warning',
      title: 'NOT SAFE TO CONTACT AS GIVEN',
      lines: [
        `They said it is NOT SAFE to contact them by ${joinOr(channels) || 'the details they gave'}. Do not use the details below until you have read this.`,
        ...(words ? theirWords : ['They did not say what is safe. Find a safe way first.']),
      ],
    };
  }
  return undefined;
}

const safeToContactWords = { yes: 'Yes', with_care: 'WITH CARE (see above)', no: 'NO (see above)' } as const;

function toAcknowledgementStatus(contact: ContactDetails): string {
  if (shouldSendAcknowledgement(contact)) return 'Sent to their email address';
  if (!contact.wantsAcknowledgement) return 'Not sent: they did not ask for one';
  if (!contact.email?.trim()) return 'Not sent: no email address';
  return 'Not sent: not safe to email them without care';
}

/** A heading, the safe-contact alert when contact needs care, and the contact details. */
function toContactBlocks(heading: string, contact: ContactDetails, extraRows: KeyValueRow[] = [], acknowledgement = true): EmailBlock[] {
  const alert = toSafeContactAlert(contact);
  const rows: KeyValueRow[] = [{ key: 'Name', value: contact.name }, ...extraRows];
  rows.push({ key: 'Safe to contact', value: safeToContactWords[contact.safeToContact] });
  if (contact.safeContactDetails?.trim()) rows.push({ key: 'Safe contact instructions', value: contact.safeContactDetails });
  if (contact.email) rows.push({ key: 'Email', value: contact.email });
  if (contact.phone) rows.push({ key: 'Phone', value: contact.phone });
  if (contact.address?.length) rows.push({ key: 'Address', value: contact.address.join('\n') });
  if (acknowledgement) rows.push({ key: 'Acknowledgement email', value: toAcknowledgementStatus(contact) });
  return [{ type: 'heading', level: 2, text: heading }, ...(alert ? [alert] : []), { type: 'keyValue', rows }];
}

/** A triage item for contact that needs care, if it does. */
function toContactTriageItem(contact: ContactDetails): ListItem[] {
  if (contact.safeToContact === 'yes') return [];
  return [
    {
      title: contact.safeToContact === 'no' ? 'NOT SAFE TO CONTACT AS GIVEN' : 'CONTACT WITH CARE',
      text: 'Read their safe-contact instructions before contacting them.',
    },
  ];
}

function toFrontDoorLine(council: Council): string {
  const { frontDoor } = council.contacts;
  return `Pass to the children's services front door today: ${frontDoor.phone} (${frontDoor.name}${frontDoor.hours ? `, ${frontDoor.hours}` : ''}).`;
}

function toOutOfHoursLine(council: Council): string {
  const { outOfHours } = council.contacts;
  return `Out of hours: ${outOfHours.phone}, ${outOfHours.name}${outOfHours.hours ? `, ${outOfHours.hours}` : ''}.`;
}

function toSafeguardingAlert(council: Council, what: string): EmailBlock {
  return {
    type: 'alert',
    tone: 'urgent',
    title: 'SAFEGUARDING',
    lines: [
      `They said someone is at risk of harm when sending this ${what} (asked before sending).`,
      toFrontDoorLine(council),
      toOutOfHoursLine(council),
      'A copy has gone to the safeguarding mailbox. Do not wait for the request to be acknowledged.',
    ],
  };
}

/** Safeguarding alert (or "not raised"), then the other triage items, as the complaint email does. */
function toTriageBlocks(council: Council, what: string, safeguarding: boolean, items: ListItem[]): EmailBlock[] {
  const list: ListItem[] = safeguarding ? [...items] : [{ title: 'Safeguarding', text: 'Not raised in the form.' }, ...items];
  if (list.length === (safeguarding ? 0 : 1)) list.push('No other flags.');
  return [...(safeguarding ? [toSafeguardingAlert(council, what)] : []), { type: 'heading', level: 2, text: 'Triage' }, { type: 'list', items: list }];
}

/** The receipt date, with the reason when it moved on from the day it was sent. */
function toReceivedValue(receiptDate: string, receiptMoved: boolean, basis: string): string {
  const received = formatLongDate(receiptDate);
  return receiptMoved ? `${received}\n${basis}.` : received;
}

function toOrganisationLines(organisation: Council['contacts']['ombudsman']): string {
  return [
    organisation.phone ? `Phone: ${organisation.phone}${organisation.hours ? ` (${organisation.hours})` : ''}` : '',
    organisation.email ? `Email: ${organisation.email}` : '',
    organisation.url ? `Website: ${organisation.url}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function toCouncilContactRows(council: Council): KeyValueRow[] {
  const { complaints } = council.contacts;
  const rows: KeyValueRow[] = [
    { key: 'Phone', value: `${complaints.phone} (${complaints.hours})` },
    { key: 'Email', value: complaints.email },
    { key: 'British Sign Language', value: complaints.bsl },
  ];
  if (complaints.otherFormats) rows.push({ key: 'Other formats', value: complaints.otherFormats });
  rows.push({ key: 'Post', value: complaints.address.join('\n') });
  return rows;
}

const responsibleCouncilWords = (council: ResponsibleCouncil, otherName: string | undefined): string =>
  council === 'this' ? 'This council' : council === 'another' ? `Another council${otherName ? `: ${otherName}` : ''}` : 'Not sure';

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

const childAgreementWords: Record<ChildAgreement, string> = {
  yes: 'Yes, the child knows and agrees',
  no: 'No, the child does not agree',
  not_asked: 'The child has not been asked',
  too_young: 'The child is too young to ask',
  not_safe: 'It is not safe to ask the child',
};

// ---------------------------------------------------------------------------------------------
// Stage 2 and stage 3 requests
// ---------------------------------------------------------------------------------------------

const stageWords: Record<EscalationStage, string> = {
  2: 'Stage 2: an investigation (investigating officer and independent person)',
  3: 'Stage 3: a review panel',
};

const previousReplyWords: Record<EscalationStage, string> = { 2: 'stage 1 reply', 3: 'stage 2 reply' };

/**
 * The complaint reference as it may appear in a subject: only the canonical form that the reference
 * check produces, so nothing typed can reach a header any other way.
 */
function toSubjectReference(record: EscalationRecord, council: Council): string {
  const original = record.request.originalReference;
  const parsed = parseReferenceNumber(original, council.referencePrefix);
  return parsed.ok && parsed.value === original ? original : '(reference in the email)';
}

const escalationEntryOf = (record: EscalationRecord, id: TimelineEntry['id']): TimelineEntry | undefined =>
  record.screening.window.entries.find((entry) => entry.id === id);

const escalationFlagTitles: Record<Exclude<EscalationFlag, 'safeguarding'>, string> = {
  late_escalation: 'LATE REQUEST',
  reference_not_found: 'Reference not found',
};

function toEscalationSubject(record: EscalationRecord, council: Council): string {
  const { flags } = record.screening;
  return [
    `${flags.includes('safeguarding') ? 'SAFEGUARDING – ' : ''}Stage ${record.request.stage} request for complaint ${toSubjectReference(record, council)}`,
    ...(flags.includes('late_escalation') ? ['late'] : []),
    ...(flags.includes('reference_not_found') ? ['reference not found'] : []),
    `request ${record.reference}`,
  ].join(' – ');
}

/**
 * The complaints team's email about a stage 2 or stage 3 request: triage (safeguarding, late, an
 * unknown reference), the request against its window, the next deadlines, the person and their
 * answers. The subject carries the complaint's reference and "late" when it is late.
 */
export function formatEscalationTeamEmail(record: EscalationRecord, council: Council): FormattedEmail {
  const { request, screening } = record;
  const { window } = screening;
  const noteFor = (flag: Exclude<EscalationFlag, 'safeguarding'>): string => (flag === 'late_escalation' ? screening.timingNote : (screening.referenceNote ?? ''));
  const received = escalationEntryOf(record, 'received');
  const items: ListItem[] = [
    ...screening.flags.filter((f): f is Exclude<EscalationFlag, 'safeguarding'> => f !== 'safeguarding').map((flag) => ({ title: escalationFlagTitles[flag], text: noteFor(flag) })),
    ...toContactTriageItem(record.contact),
  ];
  const timing = window.late
    ? `LATE: received ${workingDays(window.workingDaysLate)} after the window closed`
    : 'In time';
  const requestRows: KeyValueRow[] = [
    { key: 'Request reference', value: record.reference },
    { key: 'Complaint reference', value: `${request.originalReference}${request.referenceKnown ? '' : '\nNot found among complaints made online (see Triage)'}` },
    { key: 'Asking for', value: stageWords[request.stage] },
    { key: `Got the ${previousReplyWords[request.stage]} on`, value: formatLongDate(request.replyReceived) },
    { key: 'Window to ask ended', value: `${formatLongDate(window.windowEnd)} (${workingDays(screening.windowWorkingDays)} after the ${previousReplyWords[request.stage]})` },
    { key: 'In time?', value: timing },
  ];
  const dateRows: KeyValueRow[] = [
    { key: 'Sent', value: formatLondonDateTime(screening.submittedAt) },
    { key: 'Received (for working days)', value: toReceivedValue(window.receiptDate, window.receiptDate !== screening.submittedDate, received?.basis ?? '') },
    { key: 'How days are counted', value: screening.convention },
    ...window.entries
      .filter((entry) => entry.id !== 'received')
      .map((entry) => ({ key: entry.label, value: `${formatLongDate(entry.date)}${entry.projected ? ', projected' : ''} (${entry.basis})` })),
  ];
  const blocks: EmailBlock[] = [
    ...toTriageBlocks(council, `stage ${request.stage} request`, screening.flags.includes('safeguarding'), items),
    { type: 'heading', level: 2, text: `Stage ${request.stage} request` },
    { type: 'paragraph', text: 'A request to take an existing complaint to the next stage, sent through the online form. A late request is never refused for being late.' },
    { type: 'keyValue', rows: requestRows },
    { type: 'heading', level: 2, text: 'Next deadlines' },
    { type: 'keyValue', rows: dateRows },
    ...toContactBlocks('Who is asking', record.contact),
    ...toAnswerBlocks(record.answerRows),
    { type: 'rule' },
    { type: 'inset', lines: [footerNoReply, 'To contact the person, use the details under "Who is asking", and check first that it is safe to.'] },
  ];
  return toFormattedEmail(toEscalationSubject(record, council), blocks);
}

/**
 * The person's acknowledgement of a stage 2 or stage 3 request: both references, the dates that
 * follow, and how to reach the council and the Ombudsman. It never repeats what they wrote or
 * says anything about flags, because the inbox may be read by someone else.
 */
export function formatEscalationAcknowledgementEmail(record: EscalationRecord, council: Council): FormattedEmail {
  const { stage } = record.request;
  const { ombudsman } = council.contacts;
  const date = (id: TimelineEntry['id']) => {
    const entry = escalationEntryOf(record, id);
    return entry ? formatLongDate(entry.date) : undefined;
  };
  const what = stage === 2 ? 'a stage 2 investigation of your complaint' : 'a review panel (stage 3) for your complaint';
  const next: string[] =
    stage === 2
      ? [
          ...(date('acknowledge') ? [`We will contact you by ${date('acknowledge')} to confirm how the investigation will be done.`] : []),
          ...(date('stage2') ? [`The investigation should be finished by ${date('stage2')}.`] : []),
          ...(date('stage2_extended') ? [`If it is complicated it can take longer, up to ${date('stage2_extended')}. We will tell you if this happens.`] : []),
        ]
      : [
          ...(date('panel') ? [`The review panel should meet by ${date('panel')}. We will tell you the date and invite you.`] : []),
          ...(date('final_response') ? [`You should get our final response by ${date('final_response')}.`] : []),
        ];
  const blocks: EmailBlock[] = [
    { type: 'paragraph', text: `Thank you. ${council.name} has received your request for ${what}.` },
    {
      type: 'keyValue',
      rows: [
        { key: 'Your reference for this request', value: record.reference },
        { key: 'Your complaint reference', value: record.request.originalReference },
      ],
    },
    { type: 'paragraph', text: 'Keep these references. You will need them if you contact us.' },
    { type: 'heading', level: 2, text: 'What happens next' },
    ...(next.length ? [{ type: 'list' as const, items: next }] : [{ type: 'paragraph' as const, text: 'We will contact you soon.' }]),
    { type: 'paragraph', text: 'Dates count working days only, not weekends or bank holidays.' },
    { type: 'heading', level: 2, text: 'Contact us' },
    { type: 'keyValue', rows: toCouncilContactRows(council) },
    { type: 'heading', level: 2, text: 'If you are not happy at the end' },
    {
      type: 'paragraph',
      text: `You can ask the ${ombudsman.name} to look at your complaint. It is free and independent. It usually looks at a complaint after our complaints procedure has finished, or sooner if we have delayed.`,
    },
    { type: 'paragraph', text: toOrganisationLines(ombudsman) },
    { type: 'rule' },
    { type: 'inset', lines: [`${footerNoReply} To contact us, use the details above.`] },
  ];
  return toFormattedEmail(`We have received your stage ${stage} request – reference ${record.reference}`, blocks);
}

// ---------------------------------------------------------------------------------------------
// Requests for an advocate
// ---------------------------------------------------------------------------------------------

const requesterWords: Record<AdvocacyRequester, string> = {
  child: 'The child or young person, for themself',
  care_leaver: 'A care leaver, for themself',
  adult: 'An adult, for a child or young person',
};

const advocacyFlagTitles: Record<Exclude<AdvocacyFlag, 'safeguarding'>, string> = {
  child_does_not_agree: 'Child does not agree',
  child_not_asked: 'Child not asked',
  another_council: 'Another council',
  responsible_council_unclear: 'Responsible council not known',
};

function explainAdvocacyFlag(flag: Exclude<AdvocacyFlag, 'safeguarding'>, record: AdvocacyRecord, council: Council): string {
  const { request } = record;
  const provider = council.contacts.advocacy.name;
  switch (flag) {
    case 'child_does_not_agree':
      return `The adult asking says the child does not agree. ${provider} must check with the child that they want an advocate before starting.`;
    case 'child_not_asked':
      return `${request.childAgreement ? childAgreementWords[request.childAgreement] : 'The child has not been asked'}. ${provider} should check with the child, where it is safe to, before starting.`;
    case 'another_council':
      return `They said another council${request.child.otherCouncilName ? ` (${request.child.otherCouncilName})` : ''} looks after the child. That council's advocacy provider may be the right one; check before the referral goes further.`;
    case 'responsible_council_unclear':
      return 'They were not sure which council looks after the child. Check before the referral goes further.';
  }
}

/** Whether the provider gets the referral by email (the council names a referral mailbox). */
const referralMailbox = (council: Council): string | undefined => council.contacts.advocacy.referralEmail;

function toReferralItem(council: Council): ListItem {
  const { advocacy } = council.contacts;
  const mailbox = referralMailbox(council);
  if (mailbox) return { title: 'Referral', text: `Sent to ${advocacy.name} at ${mailbox}, with this reference.` };
  const how = [advocacy.phone, advocacy.email].filter(Boolean).join(' or ');
  return { title: 'REFER BY HAND', text: `There is no referral mailbox for ${advocacy.name}. Refer this request to them${how ? ` (${how})` : ''} today.` };
}

function toAdvocacyRequestRows(record: AdvocacyRecord, council: Council): KeyValueRow[] {
  const { request, screening } = record;
  const rows: KeyValueRow[] = [
    { key: 'Reference', value: record.reference },
    { key: 'Who is asking', value: requesterWords[request.requester] },
  ];
  if (request.relationship) rows.push({ key: 'Relationship to the child', value: request.relationship });
  if (request.childAgreement) rows.push({ key: 'Does the child know and agree?', value: childAgreementWords[request.childAgreement] });
  rows.push({
    key: 'Complaint made?',
    value: request.complaintMade ? `Yes${request.complaintReference ? `, reference given: ${request.complaintReference}` : ''}` : 'Not yet: this request stands on its own',
  });
  rows.push({ key: 'Advocacy provider', value: council.contacts.advocacy.name });
  rows.push({
    key: 'Provider to get in touch by',
    value: `${formatLongDate(screening.contactBy)} (${workingDays(council.contacts.advocacy.responseWorkingDays)} after receipt)`,
  });
  return rows;
}

function toAdvocacyChildBlocks(record: AdvocacyRecord): EmailBlock[] {
  const { child, requester } = record.request;
  return [
    { type: 'heading', level: 2, text: isSelfRequester(requester) ? 'The young person (who is asking)' : 'The child or young person' },
    {
      type: 'keyValue',
      rows: [
        { key: 'Name or initials', value: child.name },
        { key: 'Age', value: String(child.age) },
        { key: 'Responsible council', value: responsibleCouncilWords(child.responsibleCouncil, child.otherCouncilName) },
      ],
    },
  ];
}

function toAdvocacySubject(record: AdvocacyRecord, heading: string): string {
  const safeguarding = record.screening.flags.includes('safeguarding');
  return [
    `${safeguarding ? 'SAFEGUARDING – ' : ''}${heading}`,
    record.request.complaintMade ? 'complaint made' : 'no complaint yet',
    `contact by ${formatLongDate(record.screening.contactBy)}`,
  ].join(' – ');
}

/**
 * The complaints team's email about a request for an advocate: triage (safeguarding, the child's
 * agreement, the council, and whether the provider was sent the referral or must be sent it by
 * hand), the request, the child, the person asking and their answers.
 */
export function formatAdvocacyTeamEmail(record: AdvocacyRecord, council: Council): FormattedEmail {
  const { screening } = record;
  const items: ListItem[] = [
    toReferralItem(council),
    ...screening.flags
      .filter((f): f is Exclude<AdvocacyFlag, 'safeguarding'> => f !== 'safeguarding')
      .map((flag) => ({ title: advocacyFlagTitles[flag], text: explainAdvocacyFlag(flag, record, council) })),
    ...toContactTriageItem(record.contact),
  ];
  const blocks: EmailBlock[] = [
    ...toTriageBlocks(council, 'request for an advocate', screening.flags.includes('safeguarding'), items),
    { type: 'heading', level: 2, text: 'Request for an advocate' },
    {
      type: 'paragraph',
      text: 'A request for an independent advocate (Children Act 1989 s26A), sent through the online form. It is valid on its own, with or without a complaint.',
    },
    { type: 'keyValue', rows: toAdvocacyRequestRows(record, council) },
    {
      type: 'keyValue',
      rows: [
        { key: 'Sent', value: formatLondonDateTime(screening.submittedAt) },
        { key: 'Received (for working days)', value: toReceivedValue(screening.receiptDate, screening.receiptMoved, screening.receivedBasis) },
        { key: 'How days are counted', value: screening.convention },
      ],
    },
    ...toAdvocacyChildBlocks(record),
    ...toContactBlocks('Who is asking', record.contact),
    ...toAnswerBlocks(record.answerRows),
    { type: 'rule' },
    { type: 'inset', lines: [footerNoReply, 'To contact the person, use the details under "Who is asking", and check first that it is safe to.'] },
  ];
  return toFormattedEmail(toAdvocacySubject(record, `Request for an advocate ${record.reference}`), blocks);
}

/**
 * The referral to the council's advocacy provider: when to get in touch, whether to check with the
 * child first, how to reach the person safely, the child, and what the advocate should know.
 */
export function formatAdvocacyReferralEmail(record: AdvocacyRecord, council: Council): FormattedEmail {
  const { request, screening } = record;
  const { complaints, advocacy } = council.contacts;
  const checkWithChild = screening.flags.includes('child_does_not_agree') || screening.flags.includes('child_not_asked');
  const blocks: EmailBlock[] = [
    {
      type: 'paragraph',
      text: `${council.name} has received a request for an independent advocate through its online form. Please get in touch by ${formatLongDate(screening.contactBy)} (${workingDays(advocacy.responseWorkingDays)} after it was received).`,
    },
    ...(screening.flags.includes('safeguarding')
      ? [
          {
            type: 'alert' as const,
            tone: 'urgent' as const,
            title: 'SAFEGUARDING',
            lines: [
              'They said someone is at risk of harm. The council’s safeguarding mailbox has a copy.',
              `If you are worried about a child’s safety, call the council now: ${council.contacts.frontDoor.phone}, or ${council.contacts.outOfHours.phone} out of hours.`,
            ],
          },
        ]
      : []),
    ...(checkWithChild
      ? [
          {
            type: 'alert' as const,
            tone: 'warning' as const,
            title: 'CHECK WITH THE CHILD FIRST',
            lines: [`The adult asking told us: ${lowerFirst(request.childAgreement ? childAgreementWords[request.childAgreement] : 'The child has not been asked')}. Check with the child that they want an advocate, where it is safe to, before you start.`],
          },
        ]
      : []),
    { type: 'heading', level: 2, text: 'The request' },
    { type: 'keyValue', rows: toAdvocacyRequestRows(record, council) },
    ...toAdvocacyChildBlocks(record),
    ...toContactBlocks('How to reach them', record.contact, [], false),
    { type: 'heading', level: 2, text: 'What the advocate should know' },
    checkAnswersInset,
    { type: 'answer', question: 'Anything the advocate should know', answer: request.notes ?? 'Nothing given' },
    { type: 'rule' },
    {
      type: 'inset',
      lines: [
        footerNoReply,
        `Contact ${council.name}'s complaints team about this referral, quoting ${record.reference}: ${complaints.phone} (${complaints.hours}), ${complaints.email}.`,
      ],
    },
  ];
  return toFormattedEmail(toAdvocacySubject(record, `Advocacy referral ${record.reference} from ${council.shortName}`), blocks);
}

/**
 * The person's acknowledgement of a request for an advocate: the reference, who will get in touch
 * and by when. It never names the child or repeats what they wrote.
 */
export function formatAdvocacyAcknowledgementEmail(record: AdvocacyRecord, council: Council): FormattedEmail {
  const { advocacy } = council.contacts;
  const self = isSelfRequester(record.request.requester);
  const by = formatLongDate(record.screening.contactBy);
  const blocks: EmailBlock[] = [
    { type: 'paragraph', text: self ? 'Thank you. We have got your request for an advocate.' : `Thank you. ${council.name} has received your request for an advocate.` },
    { type: 'keyValue', rows: [{ key: 'Your reference', value: record.reference }] },
    { type: 'paragraph', text: self ? 'Keep this reference number. Tell us the number if you contact us.' : 'Keep this reference. You will need it if you contact us.' },
    { type: 'heading', level: 2, text: 'What happens next' },
    {
      type: 'paragraph',
      text: self
        ? `${advocacy.name} will get in touch with you by ${by}. An advocate is on your side. They do not work for the council, and it is free.`
        : `${advocacy.name} will get in touch by ${by}. They will check with the child or young person that they want an advocate before they start.`,
    },
    ...(toOrganisationLines(advocacy) ? [{ type: 'paragraph' as const, text: toOrganisationLines(advocacy) }] : []),
    { type: 'paragraph', text: self ? 'You can still make a complaint at any time. Your advocate can help you.' : 'A complaint can still be made at any time.' },
    { type: 'heading', level: 2, text: 'Contact us' },
    { type: 'keyValue', rows: toCouncilContactRows(council) },
    { type: 'rule' },
    { type: 'inset', lines: [`${footerNoReply} To contact us, use the details above.`] },
  ];
  return toFormattedEmail(`We have received your request for an advocate – reference ${record.reference}`, blocks);
}

// ---------------------------------------------------------------------------------------------
// Safeguarding copy of a request
// ---------------------------------------------------------------------------------------------

/**
 * The copy for the safeguarding mailbox when someone sending a stage request or a request for an
 * advocate said someone is at risk of harm: who to contact, the person and all their answers.
 */
export function formatRequestSafeguardingEmail(record: EscalationRecord | AdvocacyRecord, council: Council): FormattedEmail {
  const what = record.kind === 'escalation' ? `stage ${record.request.stage} request` : 'request for an advocate';
  const { complaints } = council.contacts;
  const blocks: EmailBlock[] = [
    {
      type: 'alert',
      tone: 'urgent',
      title: 'SAFEGUARDING',
      lines: [
        `A ${what} sent through the online form to ${council.name} said someone is at risk of harm. Please review it today.`,
        'The complaints inbox is not watched around the clock, so do not wait for the complaints team.',
      ],
    },
    { type: 'heading', level: 2, text: 'Who to contact' },
    {
      type: 'list',
      items: [toFrontDoorLine(council), toOutOfHoursLine(council), `The complaints team deals with the request itself: ${complaints.phone} (${complaints.hours}), ${complaints.email}.`],
    },
    { type: 'heading', level: 2, text: 'Case' },
    {
      type: 'keyValue',
      rows: [
        { key: 'Reference', value: record.reference },
        ...(record.kind === 'escalation' ? [{ key: 'Complaint reference', value: record.request.originalReference }] : []),
        { key: 'Sent', value: formatLondonDateTime(record.screening.submittedAt) },
      ],
    },
    ...(record.kind === 'advocacy' ? toAdvocacyChildBlocks(record) : []),
    ...toContactBlocks('Who is asking', record.contact, [], false),
    ...toAnswerBlocks(record.answerRows),
    { type: 'rule' },
    { type: 'inset', lines: [footerNoReply, `The complaints team has the same case, reference ${record.reference}.`] },
  ];
  return toFormattedEmail(`SAFEGUARDING – ${what} ${record.reference} – please review today`, blocks);
}

// ---------------------------------------------------------------------------------------------
// Compliments and feedback
// ---------------------------------------------------------------------------------------------

const feedbackSubjects: Record<FeedbackRecord['feedbackKind'], string> = {
  compliment: "Compliment for children's social care",
  suggestion: "Suggestion for children's social care",
  feedback: "Feedback about children's social care",
};

/**
 * The complaints team's email about a compliment, suggestion or feedback. It has no route, flags
 * or complaint timeline, and says what to do if it turns out to be a complaint or a worry.
 */
export function formatFeedbackTeamEmail(record: FeedbackRecord, council: Council): FormattedEmail {
  const { reply } = record;
  const noun = formatFeedbackKind(record.feedbackKind);
  const blocks: EmailBlock[] = [
    { type: 'heading', level: 2, text: noun },
    { type: 'paragraph', text: `${noun === 'Feedback' ? 'Feedback' : `A ${noun.toLowerCase()}`} sent through the online form. It is not a complaint, so there is no complaint timeline.` },
    {
      type: 'keyValue',
      rows: [
        { key: 'Reference', value: record.reference },
        { key: 'Kind', value: noun },
        { key: 'Sent', value: formatLondonDateTime(record.submittedAt) },
        { key: 'Reply wanted', value: reply ? `Yes, by ${[reply.email ? 'email' : '', reply.phone ? 'phone' : ''].filter(Boolean).join(' or ')}` : 'No' },
      ],
    },
    {
      type: 'inset',
      lines: [
        `If it describes a complaint, treat it as one: contact the person (if they gave details) and offer to take it as a complaint, or record it yourself. If it describes a worry about a child, pass it to the children's services front door today: ${council.contacts.frontDoor.phone}.`,
      ],
    },
    ...(reply
      ? [
          { type: 'heading' as const, level: 2 as const, text: 'Reply to' },
          {
            type: 'keyValue' as const,
            rows: [
              { key: 'Name', value: reply.name },
              ...(reply.email ? [{ key: 'Email', value: reply.email }] : []),
              ...(reply.phone ? [{ key: 'Phone', value: reply.phone }] : []),
            ],
          },
        ]
      : []),
    ...toAnswerBlocks(record.answerRows),
    { type: 'rule' },
    { type: 'inset', lines: [footerNoReply] },
  ];
  return toFormattedEmail(`${feedbackSubjects[record.feedbackKind]} – ${record.reference}${reply ? ' – reply wanted' : ''}`, blocks);
}

// ---------------------------------------------------------------------------------------------
// Envelopes
// ---------------------------------------------------------------------------------------------

// Outlook shows `Importance: high` as a red exclamation mark; `X-Priority` does the same for
// Thunderbird and Apple Mail.
const urgentHeaders: Record<string, string> = { Importance: 'high', 'X-Priority': '1' };

function createEnvelope(reference: string, caseKind: string, council: Council, from: string) {
  return (kind: OtherEmailKind, to: string, email: FormattedEmail, urgent: boolean): OtherOutgoingEmail => ({
    kind,
    from: toHeaderValue(from),
    // The person's address is the one typed value that reaches a header; it was validated as an
    // email address upstream, and is stripped of line breaks here as well.
    to: toHeaderValue(to),
    messageId: messageIdFor(reference, kind, council.mail.messageIdDomain),
    subject: toHeaderValue(email.subject),
    text: email.text,
    html: email.html,
    headers: {
      'X-Complaint-Reference': toHeaderValue(reference),
      'X-Case-Kind': caseKind,
      // RFC 3834: tells out-of-office responders not to reply to a machine.
      'Auto-Submitted': 'auto-generated',
      ...(urgent ? urgentHeaders : {}),
    },
    attachments: email.attachments,
  });
}

/**
 * Every email a stage request produces: the team's always, the safeguarding copy when flagged, and
 * the person's acknowledgement when `shouldSendAcknowledgement` allows it.
 */
export function toEscalationMessages(record: EscalationRecord, council: Council, mailboxes: OtherMailboxes): OtherOutgoingEmail[] {
  const envelope = createEnvelope(record.reference, 'escalation', council, mailboxes.from);
  const safeguarding = record.screening.flags.includes('safeguarding');
  const messages = [envelope('team', mailboxes.complaintsTeam, formatEscalationTeamEmail(record, council), safeguarding)];
  if (safeguarding) messages.push(envelope('safeguarding', mailboxes.safeguarding, formatRequestSafeguardingEmail(record, council), true));
  if (shouldSendAcknowledgement(record.contact) && record.contact.email) {
    messages.push(envelope('acknowledgement', record.contact.email, formatEscalationAcknowledgementEmail(record, council), false));
  }
  return messages;
}

/**
 * Every email a request for an advocate produces: the team's always, the referral when the council
 * names a referral mailbox, the safeguarding copy when flagged, and the acknowledgement when due.
 */
export function toAdvocacyMessages(record: AdvocacyRecord, council: Council, mailboxes: OtherMailboxes): OtherOutgoingEmail[] {
  const envelope = createEnvelope(record.reference, 'advocacy', council, mailboxes.from);
  const safeguarding = record.screening.flags.includes('safeguarding');
  const messages = [envelope('team', mailboxes.complaintsTeam, formatAdvocacyTeamEmail(record, council), safeguarding)];
  const mailbox = referralMailbox(council);
  if (mailbox) messages.push(envelope('advocacy_referral', mailbox, formatAdvocacyReferralEmail(record, council), safeguarding));
  if (safeguarding) messages.push(envelope('safeguarding', mailboxes.safeguarding, formatRequestSafeguardingEmail(record, council), true));
  if (shouldSendAcknowledgement(record.contact) && record.contact.email) {
    messages.push(envelope('acknowledgement', record.contact.email, formatAdvocacyAcknowledgementEmail(record, council), false));
  }
  return messages;
}

/** The one email feedback produces: the team's. */
export function toFeedbackMessages(record: FeedbackRecord, council: Council, mailboxes: OtherMailboxes): OtherOutgoingEmail[] {
  const envelope = createEnvelope(record.reference, 'feedback', council, mailboxes.from);
  return [envelope('team', mailboxes.complaintsTeam, formatFeedbackTeamEmail(record, council), false)];
}

import {
  isSelfRole,
  type ChildAgreement,
  type CommunicationNeed,
  type ComplainantRole,
  type ContactDetails,
  type DelayReason,
  type YesNoNotSure,
} from './answers.ts';
import type { CaseRecord } from './case-record.ts';
import { toCaseCsv, toCaseJson, toCaseJsonSchemaId } from './case-json.ts';
import type { Council } from './council.ts';
import { formatDate, formatLongDate, toLondonDateTime, type IsoDate } from './dates.ts';
import { escapeHtml, normaliseLineBreaks, toHtmlParagraphs } from './html.ts';
import { flags as flagOrder, type Flag, type Route, type RoutedIssue, type TimelineEntry } from './screening-types.ts';

/**
 * Every email the service sends, as text. Each email is first built as a list of blocks and then
 * rendered twice, as plain text and as HTML, so the two parts cannot say different things.
 *
 * Header safety: subjects and headers are built only from the reference, the route, dates and
 * fixed words, never from anything a person typed, and every header value still goes through
 * `toHeaderValue`, which removes CR and LF, so no value can start a new header line.
 */

/** One label and its value; the value may span several lines. */
export interface KeyValueRow {
  key: string;
  value: string;
}

/** A list item: plain text, or a short title (bold in HTML) with text under it. */
export type ListItem = string | { title: string; text: string };

/** One piece of an email body, rendered the same way in plain text and HTML. */
export type EmailBlock =
  | { type: 'heading'; level: 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'keyValue'; rows: KeyValueRow[] }
  /** A boxed notice: `urgent` for safeguarding, `warning` for anything staff must read before acting. */
  | { type: 'alert'; tone: 'urgent' | 'warning'; title: string; lines: string[] }
  /** GOV.UK inset text: set apart, but not a warning. */
  | { type: 'inset'; lines: string[] }
  | { type: 'list'; items: ListItem[] }
  /** A question and the person's answer, as on check answers. */
  | { type: 'answer'; question: string; answer: string }
  | { type: 'rule' };

/** An attachment, as the outbox stores it. */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** A rendered email without its envelope. */
export interface FormattedEmail {
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
}

const notAnswered = '[Not answered]';
const textRule = '-'.repeat(60);
const urgentTextRule = '*'.repeat(60);

const indentContinuation = (text: string, indent: string): string => text.split('\n').join(`\n${indent}`);

function toTextBlock(block: EmailBlock): string {
  switch (block.type) {
    case 'heading':
      return `${block.text}\n${(block.level === 2 ? '=' : '-').repeat(Math.max(3, [...block.text].length))}`;
    case 'paragraph':
      return normaliseLineBreaks(block.text);
    case 'keyValue':
      return block.rows
        .map(({ key, value }) => `${key}: ${indentContinuation(normaliseLineBreaks(value) || '-', '  ')}`)
        .join('\n');
    case 'alert': {
      const body = [`*** ${block.title} ***`, ...block.lines.map(normaliseLineBreaks)].join('\n');
      return block.tone === 'urgent' ? `${urgentTextRule}\n${body}\n${urgentTextRule}` : body;
    }
    case 'inset':
      return block.lines
        .map((line) => normaliseLineBreaks(line).split('\n').map((l) => (l ? `| ${l}` : '|')).join('\n'))
        .join('\n|\n');
    case 'list':
      return block.items
        .map((item) => (typeof item === 'string' ? normaliseLineBreaks(item) : `${item.title}\n${normaliseLineBreaks(item.text)}`))
        .map((item) => `- ${indentContinuation(item, '  ')}`)
        .join('\n');
    case 'answer':
      return `${normaliseLineBreaks(block.question)}\n${normaliseLineBreaks(block.answer) || notAnswered}`;
    case 'rule':
      return textRule;
  }
}

/** Renders blocks as the plain-text part of an email. */
export function formatBlocksAsText(blocks: readonly EmailBlock[]): string {
  return blocks.map(toTextBlock).join('\n\n') + '\n';
}

// Inline styles only: Outlook and Gmail drop <style> blocks or parts of them. Colours are
// GOV.UK's text, border and error colours, which pass WCAG AA contrast on white.
const fontStyle = 'font-family: Arial, Helvetica, sans-serif; color: #0b0c0c;';
const paragraphStyle = `${fontStyle} font-size: 16px; line-height: 1.4; margin: 0 0 15px 0;`;
const styles = {
  h2: `${fontStyle} font-size: 24px; line-height: 1.25; font-weight: bold; margin: 30px 0 15px 0;`,
  h3: `${fontStyle} font-size: 19px; line-height: 1.3; font-weight: bold; margin: 20px 0 10px 0;`,
  p: paragraphStyle,
  question: `${fontStyle} font-size: 16px; line-height: 1.4; font-weight: bold; margin: 20px 0 5px 0;`,
  table: 'border-collapse: collapse; width: 100%; margin: 0 0 20px 0;',
  th: `${fontStyle} font-size: 16px; line-height: 1.4; font-weight: bold; text-align: left; vertical-align: top; padding: 8px 20px 8px 0; border-bottom: 1px solid #b1b4b6; width: 35%;`,
  td: `${fontStyle} font-size: 16px; line-height: 1.4; text-align: left; vertical-align: top; padding: 8px 0; border-bottom: 1px solid #b1b4b6;`,
  urgentCell: 'border: 5px solid #d4351c; padding: 15px 20px;',
  urgentTitle: `font-family: Arial, Helvetica, sans-serif; color: #d4351c; font-size: 27px; line-height: 1.2; font-weight: bold; margin: 0 0 15px 0;`,
  warningCell: 'border: 5px solid #0b0c0c; padding: 15px 20px;',
  warningTitle: `${fontStyle} font-size: 19px; line-height: 1.3; font-weight: bold; margin: 0 0 10px 0;`,
  insetCell: 'border-left: 10px solid #b1b4b6; padding: 15px;',
  ul: `${fontStyle} font-size: 16px; line-height: 1.4; margin: 0 0 20px 0; padding-left: 20px;`,
  li: 'margin: 0 0 5px 0;',
  hr: 'border: 0; height: 1px; background: #b1b4b6; margin: 30px 0;',
} as const;

/** Escaped text with single line breaks as `<br>`, for table cells and list items. */
const toHtmlLines = (text: string): string => normaliseLineBreaks(text).split('\n').map(escapeHtml).join('<br>');

// A one-cell table draws a box in every client, including Outlook's Word engine, which ignores
// borders and padding on <div>.
const boxed = (cellStyle: string, inner: string): string =>
  `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="${styles.table}"><tr><td style="${cellStyle}">${inner}</td></tr></table>`;

function toHtmlBlock(block: EmailBlock): string {
  switch (block.type) {
    case 'heading':
      return block.level === 2
        ? `<h2 style="${styles.h2}">${escapeHtml(block.text)}</h2>`
        : `<h3 style="${styles.h3}">${escapeHtml(block.text)}</h3>`;
    case 'paragraph':
      return toHtmlParagraphs(block.text, styles.p);
    case 'keyValue':
      return (
        `<table cellpadding="0" cellspacing="0" border="0" style="${styles.table}">` +
        block.rows
          .map(
            ({ key, value }) =>
              `<tr><th scope="row" style="${styles.th}">${escapeHtml(key)}</th><td style="${styles.td}">${toHtmlLines(value) || '-'}</td></tr>`,
          )
          .join('') +
        '</table>'
      );
    case 'alert': {
      const urgent = block.tone === 'urgent';
      const title = `<p style="${urgent ? styles.urgentTitle : styles.warningTitle}">${escapeHtml(block.title)}</p>`;
      const lines = block.lines.map((line) => toHtmlParagraphs(line, styles.p)).join('');
      return boxed(urgent ? styles.urgentCell : styles.warningCell, title + lines);
    }
    case 'inset':
      return boxed(styles.insetCell, block.lines.map((l) => toHtmlParagraphs(l, styles.p)).join(''));
    case 'list':
      return `<ul style="${styles.ul}">${block.items
        .map((item) => (typeof item === 'string' ? toHtmlLines(item) : `<strong>${escapeHtml(item.title)}</strong><br>${toHtmlLines(item.text)}`))
        .map((item) => `<li style="${styles.li}">${item}</li>`)
        .join('')}</ul>`;
    case 'answer':
      return `<h4 style="${styles.question}">${escapeHtml(normaliseLineBreaks(block.question))}</h4>${
        toHtmlParagraphs(block.answer, styles.p) || `<p style="${styles.p}">${escapeHtml(notAnswered)}</p>`
      }`;
    case 'rule':
      return `<hr style="${styles.hr}">`;
  }
}

/** Renders blocks as a complete, inline-styled HTML document; `title` becomes the document title. */
export function formatBlocksAsHtml(blocks: readonly EmailBlock[], title: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body style="margin: 0; padding: 0; background: #ffffff;">',
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse: collapse;"><tr>',
    `<td style="padding: 20px; ${fontStyle} font-size: 16px; line-height: 1.4;">`,
    ...blocks.map(toHtmlBlock),
    '</td>',
    '</tr></table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function toFormattedEmail(subject: string, blocks: readonly EmailBlock[], attachments: EmailAttachment[] = []): FormattedEmail {
  const safeSubject = toHeaderValue(subject);
  return { subject: safeSubject, text: formatBlocksAsText(blocks), html: formatBlocksAsHtml(blocks, safeSubject), attachments };
}

/**
 * A value that is safe to put in a mail header: CR, LF and other control characters (and
 * Unicode line and paragraph separators) become single spaces, so a value can never end its
 * header line and start another one (header injection).
 * @example toHeaderValue('CSC-1\r\nBcc: x@example.com') // 'CSC-1 Bcc: x@example.com'
 */
export function toHeaderValue(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

/**
 * The Message-ID of one kind of email about a case. The same reference, kind and domain always
 * give the same id, so a message resent after a crash is recognisably the same message and mail
 * clients can drop the duplicate. Characters that are not allowed in a Message-ID are removed.
 * @example messageIdFor('CSC-7K4M-2P9X', 'team', 'complaints.example.gov.uk') // '<CSC-7K4M-2P9X.team@complaints.example.gov.uk>'
 */
export function messageIdFor(reference: string, kind: string, domain: string): string {
  const left = `${reference}.${kind}`.replace(/[^A-Za-z0-9._-]/g, '');
  const right = domain.replace(/[^A-Za-z0-9.-]/g, '');
  return `<${left}@${right}>`;
}

// GOV.UK Forms truncates attachment names to 100 characters after a longer one made the mail
// service reject the message: https://github.com/govuk-forms/forms-runner/pull/918
const maxFilenameLength = 100;

/** `<reference>.<extension>`, limited to safe characters and 100 characters in all. */
function toAttachmentFilename(reference: string, extension: string): string {
  const base = reference.replace(/[^A-Za-z0-9-]/g, '').slice(0, maxFilenameLength - extension.length - 1) || 'case';
  return `${base}.${extension}`;
}

const routeSubjectWords: Record<Route, string> = {
  statutory: 'statutory',
  corporate: 'corporate',
  split: 'split statutory and corporate',
  signpost: 'signposted elsewhere',
  triage: 'to triage',
};

const routeDescriptions: Record<Route, string> = {
  statutory: 'Statutory: the Children Act 1989 three-stage procedure',
  corporate: "Corporate: the council's own two-stage procedure",
  split: 'Split: some parts statutory, some corporate (tell the complainant how each part will be handled)',
  signpost: 'Signposted: it seems to belong to another body, but they chose to send it',
  triage: 'Triage: not enough to tell; the complaints manager decides',
};

const issueRouteWords: Record<RoutedIssue['route'], string> = {
  statutory: 'statutory',
  corporate: 'corporate',
  signpost: 'another body',
  triage: 'to triage',
};

const roleLabels: Record<ComplainantRole, string> = {
  child: 'Child or young person (complaining for themself)',
  care_leaver: 'Care leaver (complaining for themself)',
  parent: 'Parent',
  parental_responsibility: 'Person with parental responsibility (not a parent)',
  foster_carer: 'Foster carer',
  special_guardian: 'Special guardian',
  adoption: 'Adoption: adopted person, adopter, birth parent or former guardian',
  advocate: 'Advocate acting for a child',
  relative_or_other: 'Relative or someone else',
};

const flagTitles: Record<Flag, string> = {
  safeguarding: 'SAFEGUARDING',
  out_of_time: 'OUT OF TIME',
  historical: 'Historical',
  date_unknown: 'Date not known',
  leap_day: '29 February',
  proceedings: 'Court proceedings or police investigation',
  repeat: 'Repeat complaint',
  sufficient_interest_decision: 'Sufficient interest decision needed',
  exclusion_check: 'Exclusion check',
  commissioned_provider: 'Commissioned provider',
  another_council: 'Another council',
  responsible_council_unclear: 'Responsible council not known',
  partly_elsewhere: 'Partly for another body',
  advocacy_requested: 'Advocate requested',
  child_does_not_agree: 'Child does not agree',
  child_not_asked: 'Child not asked',
  non_instructed_advocate: 'Advocate not instructed by the child',
};

const delayReasonWords: Record<DelayReason, string> = {
  only_just_found_out: 'only just found out',
  was_a_child: 'was a child at the time',
  illness_or_mental_health: 'illness or mental health',
  waiting_for_council: 'was waiting for the council to act',
  court_case: 'a court case',
  other: 'another reason (see the answers)',
};

const communicationNeedWords: Record<CommunicationNeed, string> = {
  interpreter: 'Interpreter',
  bsl: 'British Sign Language (BSL) interpreter',
  easy_read: 'Easy read',
  large_print: 'Large print',
  other: 'Other',
};

const yesNoNotSureWords: Record<YesNoNotSure, string> = { yes: 'Yes', no: 'No', not_sure: 'Not sure' };

const childAgreementWords: Record<ChildAgreement, string> = {
  yes: 'Yes, the child knows and agrees',
  no: 'No, the child does not agree',
  not_asked: 'The child has not been asked',
  too_young: 'The child is too young to ask',
  not_safe: 'It is not safe to ask the child',
};

const timeLimitWords = {
  in_time: 'In time',
  ongoing: 'In time (still happening)',
  out_of_time: 'OUT OF TIME: the council can still accept it (see Triage)',
  unknown: 'Not known',
} as const;

/** Flags in the order staff must read them, whatever order they came in. */
const sortFlags = (list: readonly Flag[]): Flag[] =>
  [...new Set(list)].sort((a, b) => flagOrder.indexOf(a) - flagOrder.indexOf(b));

/** "1:05pm", "10am", "midday", "midnight", as the GOV.UK style guide writes times. */
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

/** Whole years between a date of birth and a later date. */
function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/** Joins words as "a, b or c". */
function joinOr(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

const entryOf = (record: CaseRecord, id: TimelineEntry['id']): TimelineEntry | undefined =>
  record.timeline.entries.find((entry) => entry.id === id);

/** Why safeguarding was raised, from the questions that were answered yes. */
function toSafeguardingReasons(record: CaseRecord): string[] {
  const { answers } = record;
  const reasons: string[] = [];
  if (answers.dangerNow) reasons.push('They said a child is in danger right now. They were shown 999 before they went on.');
  if (answers.worriedAboutHarm) reasons.push('They said they are worried a child is being harmed (asked at the start).');
  if (answers.worriedAtCheck) reasons.push('They said someone is at risk of harm (asked again before sending).');
  if (reasons.length === 0) reasons.push('The form raised a safeguarding concern.');
  return reasons;
}

function toFrontDoorLine(council: Council): string {
  const { frontDoor } = council.contacts;
  return `Pass to the children's services front door today: ${frontDoor.phone} (${frontDoor.name}${frontDoor.hours ? `, ${frontDoor.hours}` : ''}).`;
}

function toOutOfHoursLine(council: Council): string {
  const { outOfHours } = council.contacts;
  return `Out of hours: ${outOfHours.phone}, ${outOfHours.name}${outOfHours.hours ? `, ${outOfHours.hours}` : ''}.`;
}

function explainFlag(flag: Flag, record: CaseRecord, council: Council): string {
  const { answers, screening } = record;
  const { timeLimit } = screening;
  switch (flag) {
    case 'safeguarding':
      return toSafeguardingReasons(record).join(' ');
    case 'out_of_time': {
      const reasons = (answers.delayReasons ?? []).map((reason) => delayReasonWords[reason]);
      return [
        timeLimit.reason,
        timeLimit.outOfTimeFromKnowledge === false
          ? 'Counted from when they found out, it is in time.'
          : '',
        `Complaints are usually made within ${council.timescales.timeLimitMonths} months, but the council can accept a late one (reg 9): could they reasonably have complained sooner, and can it still be looked at fairly? Weigh their reasons before deciding; never refuse it only for being late.`,
        reasons.length > 0 ? `Why they did not complain sooner: ${reasons.join('; ')}.` : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
    case 'historical':
      return 'An adult complaining about care they received as a child. The Ombudsman has found fault where councils refused these without weighing the reasons for the delay.';
    case 'date_unknown':
      return 'They were not sure when it happened, so the 12-month check could not be made. Ask them when you acknowledge it.';
    case 'leap_day':
      return 'The 12 months ran from a 29 February, so the limit was taken as 28 February (the earlier date).';
    case 'proceedings':
      return `They said there ${answers.proceedings === 'yes' ? 'are' : 'may be'} court proceedings or a police investigation about the same matter. The council may pause or decline the part affected (reg 8), not the rest.`;
    case 'repeat':
      return 'They said an earlier complaint about this went through all three stages. The council does not have to investigate it again; check the earlier reference in the answers.';
    case 'sufficient_interest_decision':
      return "They are a relative or someone else. Decide as soon as possible whether they have a sufficient interest in the child's welfare, taking the child's views into account. If not, tell them (and the child, where appropriate) in writing.";
    case 'exclusion_check': {
      const excluded = screening.issues.filter((issue) => issue.exclusionCheck).map((issue) => issue.label);
      return `Part of it is about a subject the Ombudsman's guide excludes from the statutory procedure${excluded.length ? ` (${excluded.join('; ')})` : ''}. Routed corporate for now; consider it on its merits.`;
    }
    case 'commissioned_provider':
      return `They said another organisation ${answers.commissionedProvider === 'yes' ? 'provided' : 'may have provided'} the service for the council (for example a fostering agency or children's home). It stays in scope.`;
    case 'another_council': {
      const names = answers.children.flatMap((child) => (child.responsibleCouncil === 'another' && child.otherCouncilName ? [child.otherCouncilName] : []));
      return `They said another council${names.length ? ` (${names.join('; ')})` : ''} looks after a child or provides their services. That council may be the one to deal with it (R1).`;
    }
    case 'responsible_council_unclear':
      return 'They were not sure which council is responsible for the child. Check before confirming the route.';
    case 'partly_elsewhere': {
      const bodies = screening.signposts.map((target) => council.signposts[target].name);
      return `Part of it seems to belong to another body${bodies.length ? `: ${bodies.join('; ')}` : ''}. They were told where to go for that part.`;
    }
    case 'advocacy_requested': {
      const { advocacy } = council.contacts;
      const how = advocacy.referralEmail ?? advocacy.email ?? advocacy.phone;
      return `${answers.wantsAdvocate === 'not_sure' ? 'They are not sure whether they want an independent advocate: offer one.' : 'They want an independent advocate.'} Refer them to ${advocacy.name}${how ? ` (${how})` : ''}. Stage 1 can be extended, up to ${council.timescales.statutory.stage1Extended} working days, while an advocate is appointed.`;
    }
    case 'child_does_not_agree':
      return "The adult complaining says the child does not agree with the complaint. Recorded only: a parent or person with parental responsibility can still complain in their own right. Weigh the child's privacy.";
    case 'child_not_asked':
      return `${answers.childAgreement ? childAgreementWords[answers.childAgreement] : 'The child has not been asked'}. Recorded only, not a reason to refuse the complaint.`;
    case 'non_instructed_advocate':
      return `The advocate ${answers.childInstructedAdvocate === 'no' ? 'says the child did not instruct them' : 'is not sure the child instructed them'}. Check the child's own wishes before treating it as the child's complaint.`;
  }
}

function toSafeContactAlert(contact: ContactDetails): EmailBlock | undefined {
  const words = contact.safeContactDetails?.trim();
  const theirWords = words ? [`Their words: "${words}"`] : [];
  if (contact.safeToContact === 'with_care') {
    return {
      type: 'alert',
      tone: 'warning',
      title: 'CONTACT WITH CARE',
      lines: ['They said contacting them is only safe with care. Read their instructions before you use any of the details below.', ...(words ? theirWords : ['They did not say how. Find a safe way first, for example through their advocate.'])],
    };
  }
  if (contact.safeToContact === 'no') {
    const channels = [contact.email ? 'email' : '', contact.phone ? 'phone' : '', contact.address?.length ? 'post' : ''].filter(Boolean);
    return {
      type: 'alert',
      tone: 'warning',
      title: 'NOT SAFE TO CONTACT AS GIVEN',
      lines: [`They said it is NOT SAFE to contact them by ${joinOr(channels) || 'the details they gave'}. Do not use the details below until you have read this.`, ...(words ? theirWords : ['They did not say what is safe. Find a safe way first, for example through their advocate or a professional who knows them.'])],
    };
  }
  return undefined;
}

const safeToContactWords = { yes: 'Yes', with_care: 'WITH CARE (see above)', no: 'NO (see above)' } as const;

function toCommunicationNeeds(contact: ContactDetails): string {
  if (contact.communicationNeeds.length === 0) return 'None given';
  return contact.communicationNeeds
    .map((need) => {
      if (need === 'interpreter' && contact.interpreterLanguage) return `${communicationNeedWords.interpreter} (${contact.interpreterLanguage})`;
      if (need === 'other' && contact.otherNeeds) return `${communicationNeedWords.other}: ${contact.otherNeeds}`;
      return communicationNeedWords[need];
    })
    .join('\n');
}

function toAcknowledgementStatus(contact: ContactDetails): string {
  if (shouldSendAcknowledgement(contact)) return 'Sent to their email address';
  if (!contact.wantsAcknowledgement) return 'Not sent: they did not ask for one';
  if (!contact.email?.trim()) return 'Not sent: no email address';
  return 'Not sent: not safe to email them without care';
}

function toComplainantBlocks(record: CaseRecord): EmailBlock[] {
  const { contact, answers } = record;
  const alert = toSafeContactAlert(contact);
  const rows: KeyValueRow[] = [{ key: 'Name', value: contact.name }];
  if (answers.relationship) rows.push({ key: 'Relationship to the child', value: answers.relationship });
  rows.push({ key: 'Safe to contact', value: safeToContactWords[contact.safeToContact] });
  if (contact.safeContactDetails?.trim()) rows.push({ key: 'Safe contact instructions', value: contact.safeContactDetails });
  if (contact.email) rows.push({ key: 'Email', value: contact.email });
  if (contact.phone) rows.push({ key: 'Phone', value: contact.phone });
  if (contact.address?.length) rows.push({ key: 'Address', value: contact.address.join('\n') });
  if (contact.preferredMethod) rows.push({ key: 'Prefers', value: { email: 'Email', phone: 'Phone', post: 'Post' }[contact.preferredMethod] });
  rows.push({ key: 'Communication needs', value: toCommunicationNeeds(contact) });
  rows.push({ key: 'Acknowledgement email', value: toAcknowledgementStatus(contact) });
  return [{ type: 'heading', level: 2, text: 'Complainant' }, ...(alert ? [alert] : []), { type: 'keyValue', rows }];
}

function toChildrenBlocks(record: CaseRecord): EmailBlock[] {
  const { answers, timeline } = record;
  const self = isSelfRole(answers.role);
  const several = answers.children.length > 1;
  const blocks: EmailBlock[] = [
    { type: 'heading', level: 2, text: self ? 'The child or young person (the complainant)' : several ? 'Children' : 'Child' },
  ];
  answers.children.forEach((child, index) => {
    if (several) blocks.push({ type: 'heading', level: 3, text: `Child ${index + 1}` });
    const rows: KeyValueRow[] = [{ key: 'Name or initials', value: child.name }];
    if (child.dateOfBirth) {
      rows.push({ key: 'Date of birth', value: `${formatDate(child.dateOfBirth)} (${ageOn(child.dateOfBirth, timeline.submittedDate)} when the complaint was sent)` });
    } else if (child.age !== undefined) {
      rows.push({ key: 'Age', value: String(child.age) });
    }
    rows.push({
      key: 'Responsible council',
      value:
        child.responsibleCouncil === 'this'
          ? 'This council'
          : child.responsibleCouncil === 'another'
            ? `Another council${child.otherCouncilName ? `: ${child.otherCouncilName}` : ''}`
            : 'Not sure',
    });
    blocks.push({ type: 'keyValue', rows });
  });
  const consent: KeyValueRow[] = [];
  if (answers.wantsAdvocate) consent.push({ key: 'Wants an advocate', value: yesNoNotSureWords[answers.wantsAdvocate] });
  if (answers.childAgreement) consent.push({ key: 'Does the child know and agree?', value: childAgreementWords[answers.childAgreement] });
  if (answers.childInstructedAdvocate) consent.push({ key: 'Did the child instruct the advocate?', value: yesNoNotSureWords[answers.childInstructedAdvocate] });
  if (consent.length > 0) blocks.push({ type: 'heading', level: 3, text: 'Consent and advocacy' }, { type: 'keyValue', rows: consent });
  return blocks;
}

const checkAnswersInset: EmailBlock = {
  type: 'inset',
  lines: [
    'Check these answers look safe before you use them.',
    'They were typed by the person complaining. Do not open links or web addresses in them unless you are sure they are safe.',
  ],
};

/** The answers in journey order, with a sub-heading each time the section changes. */
function toAnswerBlocks(record: CaseRecord): EmailBlock[] {
  const blocks: EmailBlock[] = [{ type: 'heading', level: 2, text: 'Answers, in the order they were given' }];
  let section: string | undefined;
  for (const row of record.answerRows) {
    if (row.section !== section) {
      section = row.section;
      blocks.push({ type: 'heading', level: 3, text: row.section });
    }
    blocks.push({ type: 'answer', question: row.question, answer: row.answer });
  }
  if (record.answerRows.length === 0) blocks.push({ type: 'paragraph', text: 'No answers were recorded.' });
  return blocks;
}

function toTriageBlocks(record: CaseRecord, council: Council): EmailBlock[] {
  const sorted = sortFlags(record.screening.flags);
  const blocks: EmailBlock[] = [];
  const items: ListItem[] = [];
  if (sorted.includes('safeguarding')) {
    blocks.push({
      type: 'alert',
      tone: 'urgent',
      title: 'SAFEGUARDING',
      lines: [
        ...toSafeguardingReasons(record),
        toFrontDoorLine(council),
        toOutOfHoursLine(council),
        'A copy has gone to the safeguarding mailbox. Do not wait for the complaint to be acknowledged.',
      ],
    });
  } else {
    items.push({ title: 'Safeguarding', text: 'Not raised in the form.' });
  }
  for (const flag of sorted) {
    if (flag !== 'safeguarding') items.push({ title: flagTitles[flag], text: explainFlag(flag, record, council) });
  }
  if (record.contact.safeToContact !== 'yes') {
    items.push({
      title: record.contact.safeToContact === 'no' ? 'NOT SAFE TO CONTACT AS GIVEN' : 'CONTACT WITH CARE',
      text: 'Read their safe-contact instructions under Complainant before contacting them.',
    });
  }
  if (items.length === (sorted.includes('safeguarding') ? 0 : 1)) items.push('No other flags.');
  blocks.push({ type: 'heading', level: 2, text: 'Triage' }, { type: 'list', items });
  return blocks;
}

function toReferenceBlocks(record: CaseRecord, council: Council): EmailBlock[] {
  const { screening, answers } = record;
  const rows: KeyValueRow[] = [
    { key: 'Reference', value: record.reference },
    { key: 'Provisional route', value: routeDescriptions[screening.route] },
    { key: 'Rules that fired', value: screening.rules.length ? screening.rules.join(', ') : 'None' },
    { key: 'Who is complaining', value: roleLabels[answers.role] },
    { key: 'Legal category', value: screening.legalCategory },
  ];
  if (screening.signposts.length) {
    rows.push({ key: 'Signposted to', value: screening.signposts.map((target) => council.signposts[target].name).join('\n') });
  }
  const blocks: EmailBlock[] = [
    { type: 'heading', level: 2, text: 'Reference and provisional route' },
    { type: 'paragraph', text: 'The route is provisional: the complaints manager confirms it.' },
    { type: 'keyValue', rows },
  ];
  if (screening.issues.length) {
    blocks.push(
      { type: 'heading', level: 3, text: 'What it is about' },
      {
        type: 'list',
        items: screening.issues.map((issue) => {
          const body = issue.signpost ? ` (${council.signposts[issue.signpost].name})` : '';
          return `${issue.label}: ${issueRouteWords[issue.route]}${body}${issue.exclusionCheck ? ', exclusion check' : ''}`;
        }),
      },
    );
  }
  if (screening.explanation.staff.length) {
    blocks.push({ type: 'heading', level: 3, text: 'Why this route' }, { type: 'list', items: screening.explanation.staff });
  }
  return blocks;
}

/**
 * Why the receipt date moved on from the day it was sent. The timeline's own "received" step
 * says why when it has one, since only it knows the holiday calendar; otherwise this works out
 * the likeliest reason from the day of the week and the council's cut-off.
 */
function toReceiptMovedReason(record: CaseRecord, council: Council): string {
  const { submittedAt, submittedDate } = record.timeline;
  const received = entryOf(record, 'received');
  if (received) return `${received.basis}.`;
  const sent = formatLongDate(submittedDate);
  const weekday = sent.split(' ')[0];
  const cutOff = council.calendar.receiptCutOff;
  // Both are zero-padded "HH:MM", so comparing the strings compares the times.
  if (weekday !== 'Saturday' && weekday !== 'Sunday' && cutOff && toLondonDateTime(new Date(submittedAt)).time >= cutOff) {
    return `Sent on ${sent} at or after the daily cut-off of ${formatClockTime(cutOff)}, so it counts as received on the next working day.`;
  }
  return `Sent on ${sent}, which is not a working day, so it counts as received on the next working day.`;
}

const keyEntryLabels: Partial<Record<TimelineEntry['id'], string>> = {
  acknowledge: 'Acknowledge by',
  stage1: 'Stage 1 reply due',
  stage1_extended: 'Stage 1 reply at the latest (if extended)',
  corporate_stage1: 'Corporate stage 1 reply due',
  corporate_stage1_extended: 'Corporate stage 1 at the latest (exceptional cases)',
};

const toEntryValue = (entry: TimelineEntry): string =>
  `${formatLongDate(entry.date)}${entry.projected ? ', projected' : ''} (${entry.basis})`;

function toDateBlocks(record: CaseRecord, council: Council): EmailBlock[] {
  const { timeline, screening } = record;
  const received = formatLongDate(timeline.receiptDate);
  const rows: KeyValueRow[] = [
    { key: 'Sent', value: formatLondonDateTime(timeline.submittedAt) },
    {
      key: 'Received (for working days)',
      value: timeline.receiptMoved
        ? `${received}\n${toReceiptMovedReason(record, council)}`
        : received,
    },
    { key: 'How days are counted', value: timeline.convention },
  ];
  const keyIds = Object.keys(keyEntryLabels) as TimelineEntry['id'][];
  for (const id of keyIds) {
    const entry = entryOf(record, id);
    if (entry) rows.push({ key: keyEntryLabels[id] ?? entry.label, value: toEntryValue(entry) });
  }
  for (const entry of timeline.entries) {
    if (entry.id !== 'received' && !keyIds.includes(entry.id)) rows.push({ key: entry.label, value: toEntryValue(entry) });
  }
  rows.push({ key: '12-month check', value: `${timeLimitWords[screening.timeLimit.status]}\n${screening.timeLimit.reason}` });
  // Closures up to the last firm deadline are the ones staff can plan around.
  const lastFirmDate = timeline.entries
    .filter((entry) => !entry.projected)
    .reduce((last, entry) => (entry.date > last ? entry.date : last), timeline.receiptDate);
  const closures = council.calendar.officeClosures.filter((date) => date >= timeline.receiptDate && date <= lastFirmDate);
  if (closures.length) {
    rows.push({ key: 'Office closures (do not move statutory dates)', value: closures.map(formatLongDate).join('\n') });
  }
  return [{ type: 'heading', level: 2, text: 'Dates' }, { type: 'keyValue', rows }];
}

function toTeamSubject(record: CaseRecord): string {
  const safeguarding = record.screening.flags.includes('safeguarding');
  const acknowledge = entryOf(record, 'acknowledge');
  return [
    `${safeguarding ? 'SAFEGUARDING – ' : ''}Children's social care complaint ${record.reference}`,
    routeSubjectWords[record.screening.route],
    ...(acknowledge ? [`acknowledge by ${formatLongDate(acknowledge.date)}`] : []),
  ].join(' – ');
}

/**
 * The complaints team's email: triage first (safeguarding before anything else), then the
 * reference and route, dates, complainant, children, a safety note and the answers in journey
 * order, with the case attached as JSON and CSV. The subject never names anyone.
 */
export function formatTeamEmail(record: CaseRecord, council: Council): FormattedEmail {
  const jsonName = toAttachmentFilename(record.reference, 'json');
  const csvName = toAttachmentFilename(record.reference, 'csv');
  const blocks: EmailBlock[] = [
    ...toTriageBlocks(record, council),
    ...toReferenceBlocks(record, council),
    ...toDateBlocks(record, council),
    ...toComplainantBlocks(record),
    ...toChildrenBlocks(record),
    checkAnswersInset,
    ...toAnswerBlocks(record),
    { type: 'rule' },
    {
      type: 'inset',
      lines: [
        'You cannot reply to this email.',
        'To contact the person, use the details under Complainant, and check first that it is safe to.',
        `Attached: ${jsonName} (the case for importing into a case management system; schema ${toCaseJsonSchemaId(council.slug)}) and ${csvName} (the same case as one spreadsheet row).`,
      ],
    },
  ];
  return toFormattedEmail(toTeamSubject(record), blocks, [
    { filename: jsonName, contentType: 'application/json', content: JSON.stringify(toCaseJson(record, council), null, 2) + '\n' },
    { filename: csvName, contentType: 'text/csv; charset=utf-8', content: toCaseCsv(record) },
  ]);
}

/**
 * The copy for the safeguarding mailbox: why it was raised, where to pass it, how to reach the
 * complainant safely, the children and all the answers.
 */
export function formatSafeguardingEmail(record: CaseRecord, council: Council): FormattedEmail {
  const { complaints } = council.contacts;
  const otherFlags = sortFlags(record.screening.flags).filter((flag) => flag !== 'safeguarding');
  const blocks: EmailBlock[] = [
    {
      type: 'alert',
      tone: 'urgent',
      title: 'SAFEGUARDING',
      lines: [
        `A complaint sent through the online form to ${council.name} raised a safeguarding concern. Please review it today.`,
        ...toSafeguardingReasons(record),
        'The complaints inbox is not watched around the clock, so do not wait for the complaints team.',
      ],
    },
    { type: 'heading', level: 2, text: 'Who to contact' },
    {
      type: 'list',
      items: [
        toFrontDoorLine(council),
        toOutOfHoursLine(council),
        `The complaints team deals with the complaint itself: ${complaints.phone} (${complaints.hours}), ${complaints.email}.`,
      ],
    },
    { type: 'heading', level: 2, text: 'Case' },
    {
      type: 'keyValue',
      rows: [
        { key: 'Reference', value: record.reference },
        { key: 'Sent', value: formatLondonDateTime(record.timeline.submittedAt) },
        { key: 'Provisional route', value: routeDescriptions[record.screening.route] },
        { key: 'Other flags', value: otherFlags.length ? otherFlags.map((flag) => flagTitles[flag]).join('\n') : 'None' },
      ],
    },
    ...toComplainantBlocks(record),
    ...toChildrenBlocks(record),
    checkAnswersInset,
    ...toAnswerBlocks(record),
    { type: 'rule' },
    {
      type: 'inset',
      lines: [
        'You cannot reply to this email.',
        `The complaints team has the same case, reference ${record.reference}, with files for the case management system.`,
      ],
    },
  ];
  return toFormattedEmail(`SAFEGUARDING – complaint ${record.reference} – please review today`, blocks);
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

function toOrganisationLines(organisation: Council['contacts']['ombudsman']): string {
  return [
    organisation.phone ? `Phone: ${organisation.phone}${organisation.hours ? ` (${organisation.hours})` : ''}` : '',
    organisation.email ? `Email: ${organisation.email}` : '',
    organisation.url ? `Website: ${organisation.url}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * The complainant's acknowledgement: reference, dates, what happens next, where to get help and
 * how to reach the council and the Ombudsman. It never repeats what they wrote, a child's name,
 * flags or procedure names, because the inbox it goes to may be read by someone else.
 */
export function formatAcknowledgementEmail(record: CaseRecord, council: Council): FormattedEmail {
  const role = record.answers.role;
  const child = role === 'child';
  const self = isSelfRole(role);
  const acknowledge = entryOf(record, 'acknowledge');
  const reply = entryOf(record, 'stage1') ?? entryOf(record, 'corporate_stage1');
  const latest = reply?.id === 'stage1' ? entryOf(record, 'stage1_extended') : entryOf(record, 'corporate_stage1_extended');
  const { advocacy, adultAdvice, ombudsman } = council.contacts;

  const next: EmailBlock[] = child
    ? [
        {
          type: 'list',
          items: [
            'Someone from our complaints team will read what you told us.',
            ...(acknowledge ? [`We will get in touch with you by ${formatLongDate(acknowledge.date)}.`] : ['We will get in touch with you soon.']),
            ...(reply ? [`We will try to sort out your complaint by ${formatLongDate(reply.date)}.`] : []),
            ...(latest ? [`Sometimes it takes longer. If it does, we will tell you. The latest is ${formatLongDate(latest.date)}.`] : []),
          ],
        },
      ]
    : [
        {
          type: 'paragraph',
          text: `${acknowledge ? `We will contact you by ${formatLongDate(acknowledge.date)}` : 'We will contact you soon'} to confirm we are looking into your complaint and to explain how we will deal with it.`,
        },
        ...(reply
          ? [
              {
                type: 'paragraph' as const,
                text: `We aim to give you a full reply by ${formatLongDate(reply.date)}.${latest ? ` If your complaint is complicated, or an advocate needs to be arranged, it can take longer, up to ${formatLongDate(latest.date)}. We will tell you if this happens.` : ''}`,
              },
            ]
          : []),
        ...(self
          ? []
          : [
              {
                type: 'paragraph' as const,
                text: 'If you complained for someone else, we may not be able to share every detail with you, to protect their privacy.',
              },
            ]),
      ];

  const help: EmailBlock[] = self
    ? [
        { type: 'heading', level: 2, text: child ? 'Someone to help you' : 'An advocate can help you' },
        {
          type: 'paragraph',
          text: child
            ? `An advocate is someone on your side. They can help you say what you want. They do not work for the council. It is free. You can contact ${advocacy.name}:`
            : `You can have an independent advocate to help you with your complaint. It is free. They do not work for the council. Contact ${advocacy.name}:`,
        },
        { type: 'paragraph', text: toOrganisationLines(advocacy) },
      ]
    : [
        { type: 'heading', level: 2, text: 'Independent advice' },
        { type: 'paragraph', text: `If you would like free, independent advice, you can contact the ${adultAdvice.name}:` },
        { type: 'paragraph', text: toOrganisationLines(adultAdvice) },
      ];

  const blocks: EmailBlock[] = [
    {
      type: 'paragraph',
      text: child ? `Thank you. ${council.name} has got your complaint.` : `Thank you. ${council.name} has received your complaint.`,
    },
    { type: 'keyValue', rows: [{ key: 'Your reference', value: record.reference }] },
    {
      type: 'paragraph',
      text: child ? 'Keep this reference number. Tell us the number if you contact us.' : 'Keep this reference. You will need it if you contact us about your complaint.',
    },
    { type: 'heading', level: 2, text: 'What happens next' },
    ...next,
    ...help,
    { type: 'heading', level: 2, text: 'Contact us' },
    { type: 'keyValue', rows: toCouncilContactRows(council) },
    { type: 'heading', level: 2, text: child ? 'If you are still unhappy at the end' : 'If you are not happy with how we deal with it' },
    {
      type: 'paragraph',
      text: child
        ? `You can ask the ${ombudsman.name} to look at it. They do not work for the council. It is free.`
        : `You can ask the ${ombudsman.name} to look at your complaint. It is free and independent. It usually looks at a complaint after our complaints procedure has finished, or sooner if we have delayed.`,
    },
    { type: 'paragraph', text: toOrganisationLines(ombudsman) },
    { type: 'rule' },
    { type: 'inset', lines: ['You cannot reply to this email. To contact us, use the details above.'] },
  ];
  return toFormattedEmail(`We have received your complaint – reference ${record.reference}`, blocks);
}

/**
 * Whether to email the complainant an acknowledgement: only when they asked for one, gave an
 * email address, and said it is safe to contact them without care (DOMAIN edge case 11).
 */
export function shouldSendAcknowledgement(contact: ContactDetails): boolean {
  return contact.wantsAcknowledgement && contact.safeToContact === 'yes' && Boolean(contact.email?.trim());
}

/** Where the emails go; the server fills these from council config or its environment overrides. */
export interface Mailboxes {
  complaintsTeam: string;
  safeguarding: string;
  from: string;
}

/** The kinds of email a complaint produces. */
export type ComplaintEmailKind = 'team' | 'safeguarding' | 'acknowledgement';

/**
 * A complaint email ready for the outbox. The same shape as the store's `OutgoingMessage`
 * (domain code may not import from server/), plus the sender.
 */
export interface OutgoingEmail {
  kind: ComplaintEmailKind;
  from: string;
  to: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attachments: EmailAttachment[];
}

// Outlook shows `Importance: high` as a red exclamation mark; `X-Priority` does the same for
// Thunderbird and Apple Mail.
const urgentHeaders: Record<string, string> = { Importance: 'high', 'X-Priority': '1' };

/**
 * Every email one complaint produces: the team's email always, the safeguarding copy when
 * flagged, and the complainant's acknowledgement when `shouldSendAcknowledgement` allows it.
 */
export function toOutgoingMessages(record: CaseRecord, council: Council, mailboxes: Mailboxes): OutgoingEmail[] {
  const domain = council.mail.messageIdDomain;
  const safeguarding = record.screening.flags.includes('safeguarding');
  const envelope = (kind: ComplaintEmailKind, to: string, email: FormattedEmail, urgent: boolean): OutgoingEmail => ({
    kind,
    from: toHeaderValue(mailboxes.from),
    // The complainant's address is the one typed value that reaches a header; it was validated
    // as an email address upstream, and is stripped of line breaks here as well.
    to: toHeaderValue(to),
    messageId: messageIdFor(record.reference, kind, domain),
    subject: toHeaderValue(email.subject),
    text: email.text,
    html: email.html,
    headers: {
      'X-Complaint-Reference': toHeaderValue(record.reference),
      // RFC 3834: tells out-of-office responders not to reply to a machine.
      'Auto-Submitted': 'auto-generated',
      ...(urgent ? urgentHeaders : {}),
    },
    attachments: email.attachments,
  });
  const messages = [envelope('team', mailboxes.complaintsTeam, formatTeamEmail(record, council), safeguarding)];
  if (safeguarding) messages.push(envelope('safeguarding', mailboxes.safeguarding, formatSafeguardingEmail(record, council), true));
  if (shouldSendAcknowledgement(record.contact) && record.contact.email) {
    messages.push(envelope('acknowledgement', record.contact.email, formatAcknowledgementEmail(record, council), false));
  }
  return messages;
}

import type { AnswerRow, CaseRecord } from './case-record.ts';
import type { ChildDetails, ComplaintAnswers, ContactDetails } from './answers.ts';
import { renderMessage, type CopyValues, type Translate } from './copy.ts';
import type { Council, SignpostTarget } from './council.ts';
import type { IsoDate } from './dates.ts';
import type { Flag, Route, RoutedIssue, RuleId, TimeLimitResult, TimelineEntry } from './screening-types.ts';

/**
 * The machine-readable copy of a case, attached to the team's email for import into a case
 * management system. Importers key on `$schema` and `schemaVersion`: any change that removes or
 * renames a field, or changes a field's meaning, must raise the version.
 */

/**
 * The version of the case JSON shape. Raise it on any change an importer would notice.
 * v2: `answers.commissionedProvider` is absent when the question was not asked (it was "not_sure"),
 * `answers.previousComplaint` may be "not_sure", and new optional fields: `complainant.trustedAdult`,
 * `answers.providerName`, `advocacyOrganisation`, `reachYoungPerson` and `youngPersonContact`.
 */
export const caseJsonSchemaVersion = 2;

/** One dated step, as exported: the fields an importer needs to create diary entries. */
export interface CaseJsonTimelineEntry {
  id: TimelineEntry['id'];
  label: string;
  date: IsoDate;
  basis: string;
  /** True when the date depends on an earlier step's real date (e.g. a stage 2 request window). */
  projected: boolean;
}

/** The 12-month check as exported: its reason in words. */
export type CaseJsonTimeLimit = Omit<TimeLimitResult, 'reason'> & { reason: string };

/** The case as a versioned JSON document (`<reference>.json`). Sentences are in the catalogue's words when it was sent. */
export interface CaseJson {
  /** A stable identifier for this shape, e.g. `urn:example-borough:childrens-complaint:v2`. */
  $schema: string;
  schemaVersion: typeof caseJsonSchemaVersion;
  reference: string;
  council: { slug: string; name: string };
  /** The instant it was sent, UTC ISO 8601 with milliseconds. */
  submittedAt: string;
  /** The date in England it was sent. */
  submittedDate: IsoDate;
  /** The working day it counts as received, which all working-day deadlines count from. */
  receiptDate: IsoDate;
  receiptMoved: boolean;
  /** Provisional: the complaints manager confirms it. */
  route: Route;
  rules: RuleId[];
  /** Safeguarding first. */
  flags: Flag[];
  legalCategory: string;
  issues: RoutedIssue[];
  signposts: SignpostTarget[];
  timeLimit: CaseJsonTimeLimit;
  /** How working days were counted, in words. */
  countingConvention: string;
  timeline: CaseJsonTimelineEntry[];
  complainant: ContactDetails;
  children: ChildDetails[];
  /** The structured answers the screening used. */
  answers: ComplaintAnswers;
  /** The answers as the person saw them on check answers, in journey order. */
  answerRows: AnswerRow[];
  /** When the person started, and whether they saved and came back with a return code (optional: added within v2). */
  draft?: { startedAt: string; resumed: boolean; resumedAt?: string };
}

/**
 * The stable schema id for a council's case JSON.
 * @example toCaseJsonSchemaId('example-borough') // 'urn:example-borough:childrens-complaint:v2'
 */
export function toCaseJsonSchemaId(councilSlug: string): string {
  return `urn:${councilSlug}:childrens-complaint:v${caseJsonSchemaVersion}`;
}

/** Builds the versioned JSON document for a case (serialise it with `JSON.stringify`), its sentences put into words by `t`. */
export function toCaseJson(record: CaseRecord, council: Council, t: Translate): CaseJson {
  const { screening, timeline } = record;
  return {
    $schema: toCaseJsonSchemaId(council.slug),
    schemaVersion: caseJsonSchemaVersion,
    reference: record.reference,
    council: { slug: council.slug, name: council.name },
    // Normalised so importers always get the same UTC form, whatever offset the value was stored with.
    submittedAt: new Date(timeline.submittedAt).toISOString(),
    submittedDate: timeline.submittedDate,
    receiptDate: timeline.receiptDate,
    receiptMoved: timeline.receiptMoved,
    route: screening.route,
    rules: [...screening.rules],
    flags: [...screening.flags],
    legalCategory: renderMessage(t, screening.legalCategory),
    issues: screening.issues.map((issue) => ({ ...issue })),
    signposts: [...screening.signposts],
    timeLimit: { ...screening.timeLimit, reason: renderMessage(t, screening.timeLimit.reason) },
    countingConvention: renderMessage(t, timeline.convention),
    timeline: timeline.entries.map(({ id, label, date, basis, projected }) => ({
      id,
      label: renderMessage(t, label),
      date,
      basis: renderMessage(t, basis),
      projected,
    })),
    complainant: structuredClone(record.contact),
    children: structuredClone(record.answers.children),
    answers: structuredClone(record.answers),
    answerRows: record.answerRows.map((row) => ({ ...row })),
    ...(record.draft
      ? {
          draft: {
            startedAt: record.draft.startedAt,
            resumed: record.draft.resumedAt !== undefined,
            ...(record.draft.resumedAt ? { resumedAt: record.draft.resumedAt } : {}),
          },
        }
      : {}),
  };
}

/**
 * Characters that make Excel, LibreOffice and Google Sheets read a cell as a formula (or, for tab
 * and carriage return, that some of them strip before looking for one). A complainant's answer
 * such as `=HYPERLINK("https://evil.example","Open")` would otherwise run when a member of staff
 * opens the CSV. OWASP "CSV Injection" recommends exactly this set and a leading single quote.
 */
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * One CSV cell: neutralised against formulas, then quoted as RFC 4180 requires.
 * The cost of the leading quote is that a phone number such as `+44 7700 900123` shows as
 * `'+44 7700 900123`; a visible apostrophe is a price worth paying for never running a formula.
 * @example toCsvCell('=1+1') // "'=1+1"
 * @example toCsvCell('say "hi", then go') // '"say ""hi"", then go"'
 */
export function toCsvCell(value: string): string {
  const safe = formulaTriggers.has(value.charAt(0)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

/**
 * The case as a two-row CSV (header, then one data row) for people who work in spreadsheets, with
 * column names from the catalogue (`emails.caseCsv.*`). Lines end in CRLF (RFC 4180). It starts
 * with a UTF-8 byte order mark because Excel otherwise opens UTF-8 as Windows-1252 and mangles
 * names such as "Zoë" or "Łukasz".
 */
export function toCaseCsv(record: CaseRecord, t: Translate): string {
  const { screening, timeline, contact, answers } = record;
  const column = (key: string, value: string, values?: CopyValues): [string, string] => [t(`emails.caseCsv.${key}`, values), value];
  const columns: [string, string][] = [
    column('reference', record.reference),
    column('submittedAt', new Date(timeline.submittedAt).toISOString()),
    column('receiptDate', timeline.receiptDate),
    column('route', screening.route),
    column('rules', screening.rules.join(' ')),
    column('flags', screening.flags.join(' ')),
    column('legalCategory', renderMessage(t, screening.legalCategory)),
    column('timeLimit', screening.timeLimit.status),
    ...timeline.entries.map((entry): [string, string] => [renderMessage(t, entry.label), entry.date]),
    column('name', contact.name),
    column('email', contact.email ?? ''),
    column('phone', contact.phone ?? ''),
    column('address', (contact.address ?? []).join('\n')),
    column('preferredContact', contact.preferredMethod ?? ''),
    column('safeToContact', contact.safeToContact),
    column('safeContactInstructions', contact.safeContactDetails ?? ''),
    column('communicationNeeds', contact.communicationNeeds.join(' ')),
    column('interpreterLanguage', contact.interpreterLanguage ?? ''),
    column('otherNeeds', contact.otherNeeds ?? ''),
    column('acknowledgementWanted', yesNo(contact.wantsAcknowledgement)),
    ...answers.children.flatMap((child, index): [string, string][] => {
      const number = index + 1;
      const council = child.responsibleCouncil === 'another' ? `another: ${child.otherCouncilName ?? ''}` : child.responsibleCouncil;
      return [
        column('childName', child.name, { number }),
        column('childDateOfBirth', child.dateOfBirth ?? '', { number }),
        column('childAge', child.age === undefined ? '' : String(child.age), { number }),
        column('childResponsibleCouncil', council, { number }),
      ];
    }),
    ...record.answerRows.map((row) => column('answer', row.answer, { section: row.section, question: row.question })),
  ];
  const header = columns.map(([name]) => toCsvCell(name)).join(',');
  const data = columns.map(([, value]) => toCsvCell(value)).join(',');
  return `\uFEFF${header}\r\n${data}\r\n`;
}

import { z } from 'zod';
import type { AdvocacyRecord } from './advocacy.ts';
import { advocacyFlags, advocacyRequesters } from './advocacy.ts';
import { caseFileSchema, toCaseFiles, type FileNote } from './case-files.ts';
import { toCaseJson } from './case-json.ts';
import type { CaseRecord } from './case-record.ts';
import { isMessage, renderMessage, type Translate } from './copy.ts';
import type { Council } from './council.ts';
import { escalationFlags, type EscalationRecord } from './escalation.ts';
import { feedbackKinds, type FeedbackRecord } from './feedback.ts';
import type { RequestRecord } from './request.ts';
import { flags, routes, ruleIds } from './screening-types.ts';

/**
 * The case as one versioned JSON document, whatever its kind: the body of the webhook that
 * delivers each case to a case-management system. An envelope every importer can read the same
 * way (`kind`, `reference`, `council`, `submittedAt`), around the case itself in `case`: for a
 * complaint the complaint JSON the team's email attaches (`case-json.ts`), for the other kinds
 * their record with every sentence in words. The zod schema below is the contract; the JSON
 * Schema published in `schemas/case.v1.schema.json` is generated from it (`npm run case-schema`).
 * Any change an importer would notice raises `caseDocumentVersion` and publishes a new file.
 */

/** The version of the document's shape. */
export const caseDocumentVersion = 1;

/**
 * The stable schema id of the document, the same for every council so one importer serves many.
 * @example caseDocumentSchemaId // 'urn:childrens-social-care-complaints:case:v1'
 */
export const caseDocumentSchemaId = `urn:childrens-social-care-complaints:case:v${caseDocumentVersion}`;

const isoDate = z.iso.date();
const isoInstant = z.iso.datetime({ offset: false });
const answerRow = z.object({ section: z.string(), question: z.string(), answer: z.string() });
// Inside `case`, where the team's email's JSON attachment has them too. Added to v1 there because
// `case` takes properties it does not list, so a receiver checking against the v1 schema published
// before it still accepts a case with files.
const files = z
  .array(caseFileSchema)
  .optional()
  .describe('The documents and photos sent with the case, in the order they were added; absent when none were sent.');
const contact = z.looseObject({
  name: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
  wantsAcknowledgement: z.boolean(),
});

/** The complaint JSON (`case-json.ts`, its own `schemaVersion`): the fields an importer keys on are checked, the rest passed as they are. */
const complaintCase = z.looseObject({
  $schema: z.string(),
  schemaVersion: z.number().int(),
  reference: z.string(),
  route: z.enum(routes),
  rules: z.array(z.enum(ruleIds)),
  flags: z.array(z.enum(flags)).describe('Safeguarding first.'),
  receiptDate: isoDate,
  timeline: z.array(z.looseObject({ id: z.string(), label: z.string(), date: isoDate, projected: z.boolean() })),
  complainant: contact,
  children: z.array(z.looseObject({ name: z.string() })),
  answers: z.looseObject({}),
  answerRows: z.array(answerRow),
  files,
});

const escalationCase = z.looseObject({
  kind: z.literal('escalation'),
  reference: z.string(),
  request: z.looseObject({
    stage: z.union([z.literal(2), z.literal(3)]),
    originalReference: z.string(),
    referenceKnown: z.boolean(),
    replyReceived: isoDate,
    whyUnhappy: z.string(),
    outcomeWanted: z.string(),
  }),
  contact,
  screening: z.looseObject({
    window: z.looseObject({ late: z.boolean() }),
    windowWorkingDays: z.number().int(),
    flags: z.array(z.enum(escalationFlags)),
    timingNote: z.string(),
  }),
  answerRows: z.array(answerRow),
  files,
});

const advocacyCase = z.looseObject({
  kind: z.literal('advocacy'),
  reference: z.string(),
  request: z.looseObject({
    requester: z.enum(advocacyRequesters),
    complaintMade: z.boolean(),
    child: z.looseObject({ name: z.string() }),
  }),
  contact,
  screening: z.looseObject({ flags: z.array(z.enum(advocacyFlags)), receiptDate: isoDate, contactBy: isoDate }),
  answerRows: z.array(answerRow),
});

const feedbackCase = z.looseObject({
  kind: z.literal('feedback'),
  reference: z.string(),
  feedbackKind: z.enum(feedbackKinds),
  message: z.string(),
  answerRows: z.array(answerRow),
});

const requestCase = z.looseObject({
  kind: z.literal('request'),
  journey: z.string(),
  reference: z.string(),
  contact,
  worriedAtCheck: z.boolean(),
  answerRows: z.array(answerRow),
});

const envelope = {
  $schema: z.literal(caseDocumentSchemaId),
  schemaVersion: z.literal(caseDocumentVersion),
  reference: z.string().describe('The reference the person was given, e.g. CSC-7K4M-2P9X.'),
  council: z.object({ slug: z.string(), name: z.string() }),
  submittedAt: isoInstant.describe('When it was sent, UTC ISO 8601 with milliseconds.'),
};

/** The document: one shape per kind of case, told apart by `kind`. */
export const caseDocumentSchema = z
  .discriminatedUnion('kind', [
    z.object({ ...envelope, kind: z.literal('complaint'), case: complaintCase }),
    z.object({ ...envelope, kind: z.literal('escalation').describe('A stage 2 or stage 3 request.'), case: escalationCase }),
    z.object({ ...envelope, kind: z.literal('advocacy').describe('A request for an advocate.'), case: advocacyCase }),
    z.object({ ...envelope, kind: z.literal('feedback').describe('A compliment, suggestion or feedback.'), case: feedbackCase }),
    z.object({ ...envelope, kind: z.literal('request').describe("Another journey's request, its answers as given."), case: requestCase }),
  ])
  .meta({ title: "A children's social care case", description: 'One case as the service sends it to a case-management system.' });

export type CaseDocument = z.output<typeof caseDocumentSchema>;

/** A case's record with its kind, as each journey's Send builds it. */
export type KindedRecord =
  | { kind: 'complaint'; record: CaseRecord }
  | { kind: 'escalation'; record: EscalationRecord }
  | { kind: 'advocacy'; record: AdvocacyRecord }
  | { kind: 'feedback'; record: FeedbackRecord }
  | { kind: 'request'; record: RequestRecord };

/** Copies a record with every catalogue message in it put into words, so an importer never sees a catalogue key. */
function inWords(value: unknown, t: Translate): unknown {
  if (isMessage(value)) return renderMessage(t, value);
  if (Array.isArray(value)) return value.map((item) => inWords(item, t));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, inWords(inner, t)]));
  return value;
}

/**
 * Builds the case document (serialise it with `JSON.stringify`), its sentences put into words by `t`.
 * The records' TypeScript types are closed where the schema's loose objects have index
 * signatures, so the result is asserted to the schema's type; the unit tests validate each kind's
 * real document against the schema and the published JSON Schema.
 */
export function toCaseDocument(input: KindedRecord, council: Council, t: Translate): CaseDocument {
  const common = { $schema: caseDocumentSchemaId, schemaVersion: caseDocumentVersion, council: { slug: council.slug, name: council.name } } as const;
  if (input.kind === 'complaint') {
    const json = toCaseJson(input.record, council, t);
    return { ...common, kind: 'complaint', reference: json.reference, submittedAt: json.submittedAt, case: json } as unknown as CaseDocument;
  }
  const { record } = input;
  const submittedAt = 'submittedAt' in record ? record.submittedAt : record.screening.submittedAt;
  return {
    ...common,
    kind: input.kind,
    reference: record.reference,
    submittedAt: new Date(submittedAt).toISOString(),
    case: inWords(record, t),
  } as CaseDocument;
}

/**
 * The document with the files sent with the case listed in its `case`, or as it was when none
 * were; only the complaint and the stage 2 or 3 request ask for files.
 */
export function withCaseFiles(document: CaseDocument, files: readonly FileNote[]): CaseDocument {
  if (files.length === 0) return document;
  return { ...document, case: { ...document.case, files: toCaseFiles(files) } } as CaseDocument;
}

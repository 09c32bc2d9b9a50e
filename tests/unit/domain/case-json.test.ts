import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { caseJsonSchemaVersion, toCaseCsv, toCaseJson, toCaseJsonSchemaId, toCsvCell, type CaseJson } from '../../../src/domain/case-json.ts';
import type { CaseRecord } from '../../../src/domain/case-record.ts';
import { renderMessage } from '../../../src/domain/copy.ts';
import { caseRecordEntries, caseRecords, createCaseRecordCopy } from '../../fixtures/case-records.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

const council = exampleCouncil();
const t = createCaseRecordCopy(council);

/** A strict RFC 4180 reader, so the tests check the CSV the way a spreadsheet would read it. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      if (cell !== '') throw new Error(`quote inside an unquoted cell at ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      cell += c;
    }
  }
  if (quoted) throw new Error('unterminated quoted cell');
  if (cell !== '' || row.length > 0) throw new Error('last row does not end with CRLF');
  return rows;
}

/** The CSV as { header: value } for one record. */
function readCsv(record: CaseRecord): Map<string, string> {
  const csv = toCaseCsv(record, t);
  const [header = [], data = []] = parseCsv(csv.replace(/^\uFEFF/, ''));
  return new Map(header.map((name, index) => [name, data[index] ?? '']));
}

describe('toCaseJsonSchemaId', () => {
  it('names the council and the schema version', () => {
    expect(toCaseJsonSchemaId('example-borough')).toBe('urn:example-borough:childrens-complaint:v2');
  });
});

describe('toCaseJson', () => {
  it.each(caseRecordEntries)('survives a round trip through JSON text (%s)', (_name, record) => {
    const json = toCaseJson(record, council, t);
    expect(JSON.parse(JSON.stringify(json, null, 2))).toEqual(json);
  });

  it('carries schema version 2 and a schema id naming the council', () => {
    const json = toCaseJson(caseRecords['parent, statutory, in time'], council, t);
    expect(json.schemaVersion).toBe(2);
    expect(caseJsonSchemaVersion).toBe(2);
    expect(json.$schema).toBe('urn:example-borough:childrens-complaint:v2');
    expect(json.council).toEqual({ slug: 'example-borough', name: 'Example Council' });
  });

  it.each([
    // Saved with "Save and come back later" and brought back.
    [
      { startedAt: '2026-11-02T18:05:00.000Z', resumedAt: '2026-11-21T21:10:00.000Z' },
      { startedAt: '2026-11-02T18:05:00.000Z', resumed: true, resumedAt: '2026-11-21T21:10:00.000Z' },
    ],
    // Sent in one sitting.
    [{ startedAt: '2026-11-21T21:10:00.000Z' }, { startedAt: '2026-11-21T21:10:00.000Z', resumed: false }],
  ])('says when the person started and whether they came back to saved answers (%o)', (draft, expected) => {
    expect(toCaseJson({ ...caseRecords['parent, statutory, in time'], draft }, council, t).draft).toEqual(expected);
  });

  it('leaves out the draft for a case stored before it was recorded', () => {
    expect(toCaseJson(caseRecords['parent, statutory, in time'], council, t)).not.toHaveProperty('draft');
  });

  it('gives the sending time in UTC, whatever offset it was stored with', () => {
    const record = caseRecords['parent, statutory, in time'];
    const stored = { ...record, timeline: { ...record.timeline, submittedAt: '2026-06-01T10:15:00+01:00' } };
    expect(toCaseJson(stored, council, t).submittedAt).toBe('2026-06-01T09:15:00.000Z');
  });

  it('copies the screening: route, rules, flags in order, legal category and time limit', () => {
    const record = caseRecords['child with safeguarding and advocacy'];
    const json = toCaseJson(record, council, t);
    expect(json).toMatchObject({
      reference: 'CSC-3HJT-8W4Q',
      route: 'statutory',
      rules: ['R0', 'R5', 'R6', 'R9'],
      flags: ['safeguarding', 'advocacy_requested'],
      legalCategory: 'Child or young person (Children Act 1989 s26(3)(a))',
      receiptDate: '2026-11-23',
      receiptMoved: true,
      timeLimit: { status: 'ongoing' },
    });
  });

  it('lists every timeline step with its id, label, date, basis and whether it is projected', () => {
    const record = caseRecords['split, out of time, not safe by post'];
    expect(toCaseJson(record, council, t).timeline).toEqual(
      record.timeline.entries.map(({ id, label, date, basis, projected }) => ({
        id,
        label: renderMessage(t, label),
        date,
        basis: renderMessage(t, basis),
        projected,
      })),
    );
  });

  it('includes the contact details, children, structured answers and answer rows unchanged', () => {
    const record = caseRecords['hostile text'];
    const json = toCaseJson(record, council, t);
    expect(json.complainant).toEqual(record.contact);
    expect(json.children).toEqual(record.answers.children);
    expect(json.answers).toEqual(record.answers);
    expect(json.answerRows).toEqual(record.answerRows);
  });

  it('shares no objects with the record, so changing one cannot change the other', () => {
    const record = structuredClone(caseRecords['parent, statutory, in time']);
    const json = toCaseJson(record, council, t);
    json.answers.children[0]!.name = 'changed';
    json.complainant.communicationNeeds.push('bsl');
    json.flags.push('repeat');
    json.answerRows[0]!.answer = 'changed';
    expect(record).toEqual(caseRecords['parent, statutory, in time']);
  });

  it('has a literal schema version in its type', () => {
    expectTypeOf<CaseJson['schemaVersion']>().toEqualTypeOf<2>();
  });
});

describe('toCsvCell', () => {
  it.each([
    // Formula triggers get a leading single quote.
    ['=1+1', "'=1+1"],
    ['+44 7700 900123', "'+44 7700 900123"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=cmd', "'\t=cmd"],
    // A carriage return also needs quoting once neutralised.
    ['\r=cmd', `"'\r=cmd"`],
    // RFC 4180: commas, quotes and line breaks are quoted, quotes doubled.
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line 1\nline 2', '"line 1\nline 2"'],
    // A formula that also needs quoting gets both.
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    // A trigger later in the text is harmless.
    ['a=b', 'a=b'],
    ['', ''],
  ])('writes %j as %j', (input, expected) => {
    expect(toCsvCell(input)).toBe(expected);
  });
});

describe('toCaseCsv', () => {
  it.each(caseRecordEntries)('has one header row and one data row of the same width (%s)', (_name, record) => {
    const rows = parseCsv(toCaseCsv(record, t).replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.length).toBe(rows[1]!.length);
  });

  it('starts with a byte order mark and ends each row with CRLF', () => {
    const csv = toCaseCsv(caseRecords['parent, statutory, in time'], t);
    expect(csv.startsWith('\uFEFFReference,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('neutralises every cell a spreadsheet would run as a formula', () => {
    const cells = readCsv(caseRecords['hostile text']);
    expect(cells.get('About the complaint: What happened? <script>')).toMatch(/^'=HYPERLINK\(/);
    expect(cells.get('About the complaint: What would put it right?')).toBe("'+SUM(1,2)\n-2+3\n@cmd|/c calc");
    expect(cells.get('About you: What is your relationship to the child?')).toBe("'@mother <b>bold</b>");
    expect(cells.get('Phone')).toBe("'+44 7700 900789");
    expect(cells.get('Safe contact instructions')).toMatch(/^'\t/);
    for (const value of cells.values()) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('gives the key facts and the answers in journey order', () => {
    const record = caseRecords['parent, statutory, in time'];
    const cells = readCsv(record);
    expect(cells.get('Reference')).toBe('CSC-7K4M-2P9X');
    expect(cells.get('Submitted at (UTC)')).toBe('2026-11-20T10:15:00.000Z');
    expect(cells.get('Provisional route')).toBe('statutory');
    expect(cells.get('Acknowledgement due')).toBe('2026-11-25');
    expect(cells.get('Child 1 name')).toBe('Alex Taylor');
    const header = [...cells.keys()];
    expect(header.slice(-record.answerRows.length)).toEqual(record.answerRows.map((row) => `${row.section}: ${row.question}`));
    expect([...cells.values()].slice(-record.answerRows.length)).toEqual(record.answerRows.map((row) => row.answer));
  });

  it('reads back any answer exactly, apart from the quote that neutralises a formula', () => {
    const base = caseRecords['parent, statutory, in time'];
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (answer) => {
        const record = { ...base, answerRows: [{ section: 'S', question: 'Q', answer }] };
        const expected = /^[=+\-@\t\r]/.test(answer) ? `'${answer}` : answer;
        expect(readCsv(record).get('S: Q')).toBe(expected);
      }),
    );
  });
});

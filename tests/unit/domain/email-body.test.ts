import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ComplainantRole, ContactDetails } from '../../../src/domain/answers.ts';
import type { CaseRecord } from '../../../src/domain/case-record.ts';
import {
  formatAcknowledgementEmail,
  formatBlocksAsHtml,
  formatBlocksAsText,
  formatSafeguardingEmail,
  formatTeamEmail,
  messageIdFor,
  shouldSendAcknowledgement,
  toHeaderValue,
  toOutgoingMessages,
  type EmailBlock,
  type OutgoingEmail,
} from '../../../src/domain/email-body.ts';
import { flags, routes } from '../../../src/domain/screening-types.ts';
import type { OutgoingMessage } from '../../../src/server/store/types.ts';
import { caseRecordEntries, caseRecords } from '../../fixtures/case-records.ts';
import { exampleCouncil, testCouncil } from '../../helpers/councils.ts';

const council = exampleCouncil();
const mailboxes = {
  complaintsTeam: 'team@example.gov.uk',
  safeguarding: 'safeguarding@example.gov.uk',
  from: 'Example Council complaints <no-reply@complaints.example.gov.uk>',
};

const parent = caseRecords['parent, statutory, in time'];
const child = caseRecords['child with safeguarding and advocacy'];
const split = caseRecords['split, out of time, not safe by post'];
const hostile = caseRecords['hostile text'];

/** A copy of a record with some parts replaced. */
function withChanges(record: CaseRecord, changes: { answers?: Partial<CaseRecord['answers']>; contact?: Partial<ContactDetails>; screening?: Partial<CaseRecord['screening']> }): CaseRecord {
  return {
    ...structuredClone(record),
    answers: { ...structuredClone(record.answers), ...changes.answers },
    contact: { ...structuredClone(record.contact), ...changes.contact },
    screening: { ...structuredClone(record.screening), ...changes.screening },
  };
}

/** Visible text of an HTML part: tags removed, entities decoded, head dropped. */
function toVisibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const wordsOf = (text: string): Set<string> => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** Asserts each needle occurs in the haystack, each after the one before. */
function expectInOrder(haystack: string, needles: readonly string[]): void {
  let from = 0;
  for (const needle of needles) {
    const at = haystack.indexOf(needle, from);
    expect(at, `"${needle}" after position ${from}`).toBeGreaterThanOrEqual(0);
    from = at + needle.length;
  }
}

describe('messageIdFor', () => {
  it('joins the reference, the kind and the domain', () => {
    expect(messageIdFor('CSC-7K4M-2P9X', 'team', 'complaints.example.gov.uk')).toBe('<CSC-7K4M-2P9X.team@complaints.example.gov.uk>');
  });

  it('gives the same id every time for the same case and kind', () => {
    expect(messageIdFor('CSC-7K4M-2P9X', 'safeguarding', 'x.example')).toBe(messageIdFor('CSC-7K4M-2P9X', 'safeguarding', 'x.example'));
  });

  it('gives different ids to different kinds of email about one case', () => {
    expect(messageIdFor('CSC-7K4M-2P9X', 'team', 'x.example')).not.toBe(messageIdFor('CSC-7K4M-2P9X', 'acknowledgement', 'x.example'));
  });

  it('removes characters that would break the header', () => {
    expect(messageIdFor('CSC-1\r\n<b> x@y', 'team', 'a.example>\r\nBcc: z')).toBe('<CSC-1bxy.team@a.exampleBccz>');
  });
});

describe('toHeaderValue', () => {
  it.each([
    // A line break that would start a new header becomes a space.
    ['CSC-1\r\nBcc: x@example.com', 'CSC-1 Bcc: x@example.com'],
    ['a\nb', 'a b'],
    ['a\rb', 'a b'],
    // Unicode line and paragraph separators too.
    ['a\u2028b\u2029c\u0085d', 'a b c d'],
    // Other control characters, tab included.
    ['a\tb\u0000c', 'a b c'],
    // Ordinary text, including the en dash the subjects use, is unchanged.
    ['SAFEGUARDING – complaint', 'SAFEGUARDING – complaint'],
  ])('makes %j safe as %j', (input, expected) => {
    expect(toHeaderValue(input)).toBe(expected);
  });
});

describe('formatBlocksAsText', () => {
  it('marks an urgent alert so it stands out without formatting', () => {
    const text = formatBlocksAsText([{ type: 'alert', tone: 'urgent', title: 'SAFEGUARDING', lines: ['Call today.'] }]);
    expect(text).toBe(`${'*'.repeat(60)}\n*** SAFEGUARDING ***\nCall today.\n${'*'.repeat(60)}\n`);
  });

  it('indents the continuation lines of a multi-line value', () => {
    expect(formatBlocksAsText([{ type: 'keyValue', rows: [{ key: 'Address', value: '1 High St\nTown' }] }])).toBe('Address: 1 High St\n  Town\n');
  });
});

describe('formatBlocksAsHtml', () => {
  it('puts every block in the body of one HTML document with the title escaped', () => {
    const html = formatBlocksAsHtml([{ type: 'paragraph', text: 'Hello' }], 'A <title>');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<title>A &lt;title&gt;</title>');
    expect(html).toMatch(/<body[^>]*>[\s\S]*Hello[\s\S]*<\/body>/);
  });

  it('says the same words as the plain text for every kind of block', () => {
    const blocks: EmailBlock[] = [
      { type: 'alert', tone: 'urgent', title: 'Urgent title', lines: ['first line', 'second <line>'] },
      { type: 'alert', tone: 'warning', title: 'Warning title', lines: ['careful now'] },
      { type: 'heading', level: 2, text: 'Big heading' },
      { type: 'heading', level: 3, text: 'Small heading' },
      { type: 'paragraph', text: 'para one\n\npara two' },
      { type: 'keyValue', rows: [{ key: 'Key', value: 'value\nmore' }] },
      { type: 'inset', lines: ['inset words'] },
      { type: 'list', items: ['plain item', { title: 'Item title', text: 'item text' }] },
      { type: 'answer', question: 'A question?', answer: 'An answer' },
      { type: 'answer', question: 'Skipped?', answer: '' },
      { type: 'rule' },
    ];
    expect(wordsOf(toVisibleText(formatBlocksAsHtml(blocks, 'ignored')))).toEqual(wordsOf(formatBlocksAsText(blocks)));
  });
});

describe('formatTeamEmail', () => {
  it('matches the saved plain text of a safeguarding case', async () => {
    await expect(formatTeamEmail(child, council).text).toMatchFileSnapshot('./__snapshots__/team-email.child-with-safeguarding-and-advocacy.txt');
  });

  it('matches the saved HTML of a safeguarding case', async () => {
    await expect(formatTeamEmail(child, council).html).toMatchFileSnapshot('./__snapshots__/team-email.child-with-safeguarding-and-advocacy.html');
  });

  it.each(caseRecordEntries)('says the same words in the plain text and the HTML (%s)', (_name, record) => {
    const email = formatTeamEmail(record, council);
    expect(wordsOf(toVisibleText(email.html))).toEqual(wordsOf(email.text));
  });

  it.each([
    // Route word, and the acknowledgement date from the timeline.
    ['parent, statutory, in time', "Children's social care complaint CSC-7K4M-2P9X – statutory – acknowledge by Wednesday 25 November 2026"],
    ['child with safeguarding and advocacy', "SAFEGUARDING – Children's social care complaint CSC-3HJT-8W4Q – statutory – acknowledge by Thursday 26 November 2026"],
    ['split, out of time, not safe by post', "Children's social care complaint CSC-9RDV-4NCF – split statutory and corporate – acknowledge by Tuesday 24 November 2026"],
    ['hostile text', "Children's social care complaint CSC-5XZP-6B2M – to triage – acknowledge by Thursday 26 November 2026"],
  ] as const)('writes the subject of "%s" as %j', (name, subject) => {
    expect(formatTeamEmail(caseRecords[name], council).subject).toBe(subject);
  });

  it.each(caseRecordEntries)('never puts a child’s or the complainant’s name in the subject (%s)', (_name, record) => {
    const { subject } = formatTeamEmail(record, council);
    for (const name of [record.contact.name, ...record.answers.children.map((c) => c.name)]) {
      expect(subject).not.toContain(name);
      for (const part of name.split(/\s+/).filter((p) => p.length > 2)) expect(subject).not.toContain(part);
    }
  });

  it.each(routes)('names the %s route in the subject without any answer text', (route) => {
    const record = withChanges(hostile, { screening: { route } });
    const { subject } = formatTeamEmail(record, council);
    expect(subject).toMatch(/^Children's social care complaint CSC-5XZP-6B2M – [a-z ]+ – acknowledge by Thursday 26 November 2026$/);
  });

  it('puts the safeguarding block before everything else, with what to do', () => {
    const { text, html } = formatTeamEmail(child, council);
    expect(text.startsWith(`${'*'.repeat(60)}\n*** SAFEGUARDING ***\n`)).toBe(true);
    const block = text.slice(0, text.indexOf('*'.repeat(60), 60));
    expect(block).toContain("Pass to the children's services front door today: 01632 960100");
    expect(block).toContain('Out of hours: 01632 960999');
    expect(block).toContain('worried a child is being harmed');
    const body = html.slice(html.indexOf('<body'));
    expect(body.indexOf('>SAFEGUARDING</p>')).toBeGreaterThan(0);
    expect(body.indexOf('>SAFEGUARDING</p>')).toBeLessThan(body.indexOf('<h2'));
    expect(body).toMatch(/border: 5px solid #d4351c[^>]*><p[^>]*>SAFEGUARDING<\/p>/);
  });

  it('says safeguarding was not raised when it was not, before any other flag', () => {
    const { text } = formatTeamEmail(split, council);
    expect(text.startsWith('Triage\n======\n\n- Safeguarding\n  Not raised in the form.\n- OUT OF TIME\n')).toBe(true);
    expect(text).not.toContain('*** SAFEGUARDING ***\n  ');
  });

  it('explains every flag there is, in the order staff must read them', () => {
    const record = withChanges(child, { screening: { flags: [...flags].reverse() } });
    const { text } = formatTeamEmail(record, council);
    const triage = text.slice(text.indexOf('Triage\n'), text.indexOf('Reference and provisional route'));
    const items = triage.split('\n').filter((line) => line.startsWith('- '));
    // Every flag but safeguarding (which has its own block), then the contact-with-care warning.
    expect(items).toHaveLength(flags.length - 1 + 1);
    expect(items[0]).toBe('- OUT OF TIME');
    expect(text.indexOf('*** SAFEGUARDING ***')).toBeLessThan(text.indexOf('Triage'));
    for (const line of triage.split('\n- ').slice(1)) expect(line.split('\n')[1]?.trim().length).toBeGreaterThan(20);
  });

  it('shows the route, the rules that fired, the legal category and the reasons for staff', () => {
    const { text } = formatTeamEmail(split, council);
    expectInOrder(text, [
      'Reference: CSC-9RDV-4NCF',
      'Provisional route: Split',
      'Rules that fired: R5, R6, R7, R8, R9',
      'Legal category: Other person: sufficient interest to be decided (s26(3)(e))',
      '- Early help or family support before social care was involved: corporate',
      '- Help for a child in need, including an assessment that was refused or delayed: statutory',
      ...split.screening.explanation.staff,
    ]);
  });

  it('gives the dates in order: sent, received, the counting rule, then each deadline as a date', () => {
    const { text } = formatTeamEmail(child, council);
    expectInOrder(text, [
      'Sent: Saturday 21 November 2026 at 9:40pm (UK time)',
      'Received (for working days): Monday 23 November 2026',
      '  Sent on Saturday 21 November 2026, which is not a working day, so it counts as received on the next working day.',
      `How days are counted: ${child.timeline.convention}`,
      'Acknowledge by: Thursday 26 November 2026 (3 working days after receipt)',
      'Stage 1 reply due: Monday 7 December 2026 (10 working days after receipt)',
      'Stage 1 reply at the latest (if extended): Monday 21 December 2026 (20 working days after receipt)',
      'Ask for stage 2 by: Thursday 7 January 2027, projected (',
      'Ombudsman: Tuesday 25 May 2027, projected (',
      '12-month check: In time (still happening)',
      '  In time: still happening (received 23 November 2026).',
    ]);
  });

  it('works out why the receipt date moved when the timeline does not say', () => {
    const record = { ...child, timeline: { ...child.timeline, entries: child.timeline.entries.filter((e) => e.id !== 'received') } };
    expect(formatTeamEmail(record, council).text).toContain('  Sent on Saturday 21 November 2026, which is not a working day, so it counts as received on the next working day.');
  });

  it('takes the cut-off time from the council when it explains a moved receipt date', () => {
    const record: CaseRecord = {
      ...child,
      timeline: {
        ...child.timeline,
        submittedAt: '2026-11-20T17:30:00.000Z',
        submittedDate: '2026-11-20',
        entries: child.timeline.entries.filter((e) => e.id !== 'received'),
      },
    };
    expect(formatTeamEmail(record, testCouncil()).text).toContain(
      '  Sent on Friday 20 November 2026 at or after the daily cut-off of 5pm, so it counts as received on the next working day.',
    );
  });

  it('uses the council’s own contacts and lists its office closures up to the last firm deadline', () => {
    const council = testCouncil();
    const safeguarding = formatTeamEmail(child, council);
    expect(safeguarding.text).toContain("Pass to the children's services front door today: 01632 961500 (Testshire Multi-Agency Safeguarding Hub (MASH)");
    expect(safeguarding.text).toContain('Out of hours: 01632 961999, Testshire Out of Hours Service, evenings, weekends and bank holidays.');
    expect(safeguarding.text).toContain(`schema urn:${council.slug}:childrens-complaint:v1`);
    // The last firm date here is 21 December, before the closures.
    expect(safeguarding.text).not.toContain('Office closures');
    // Here the corporate stage 1 runs to 5 January, past all three closures.
    expect(formatTeamEmail(split, council).text).toContain(
      'Office closures (do not move statutory dates): Tuesday 29 December 2026\n  Wednesday 30 December 2026\n  Thursday 31 December 2026',
    );
  });

  it('puts the out-of-time reason and the reasons they gave in the triage block', () => {
    const { text } = formatTeamEmail(split, council);
    const triage = text.slice(0, text.indexOf('Reference and provisional route'));
    expect(triage).toContain(split.screening.timeLimit.reason);
    expect(triage).toContain('Why they did not complain sooner: illness or mental health; another reason (see the answers).');
  });

  it('gives the same times whatever the machine’s time zone', () => {
    const before = formatTeamEmail(child, council).text;
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(formatTeamEmail(child, council).text).toBe(before);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('shows the person’s own safe-contact words prominently, before their contact details', () => {
    const { text, html } = formatTeamEmail(split, council);
    expectInOrder(text, [
      'Complainant\n===========\n\n*** NOT SAFE TO CONTACT AS GIVEN ***',
      'They said it is NOT SAFE to contact them by phone or post.',
      'Their words: "Not safe by post: my son-in-law opens my letters. Ring my mobile on weekday mornings only."',
      'Phone: 01632 960555',
      'Address: 12 Mill Lane\n  Exampleton\n  EX2 3BB',
      'Communication needs: Interpreter (Polish)\n  Large print',
    ]);
    expect(html).toMatch(/border: 5px solid #0b0c0c[^>]*><p[^>]*>NOT SAFE TO CONTACT AS GIVEN<\/p>/);
  });

  it('lists each child, with their age when the complaint was sent', () => {
    const { text } = formatTeamEmail(split, council);
    expectInOrder(text, [
      'Children\n========',
      'Child 1\n-------\n\nName or initials: M. B.\nAge: 9',
      'Child 2\n-------\n\nName or initials: Tia Brown\nDate of birth: 30 January 2019 (7 when the complaint was sent)',
      'Does the child know and agree?: The child has not been asked',
    ]);
  });

  it('tells staff to check the answers look safe, just before the answers', () => {
    const { text, html } = formatTeamEmail(parent, council);
    expect(text).toContain('| Check these answers look safe before you use them.\n|\n| They were typed by the person complaining.');
    expect(text.indexOf('Check these answers look safe')).toBeLessThan(text.indexOf('Answers, in the order they were given'));
    expect(html).toMatch(/border-left: 10px solid #b1b4b6[^>]*><p[^>]*>Check these answers look safe before you use them\.<\/p>/);
  });

  it.each(caseRecordEntries)('shows every answer row, in journey order, under its section (%s)', (_name, record) => {
    const { text, html } = formatTeamEmail(record, council);
    const answers = text.slice(text.indexOf('Answers, in the order they were given'));
    const expected = record.answerRows.flatMap((row, index) => [
      ...(row.section === record.answerRows[index - 1]?.section ? [] : [row.section]),
      row.question,
      row.answer.replace(/\r\n?/g, '\n').split(/\n\s*\n/)[0]!.trim(),
    ]);
    expectInOrder(answers, expected);
    // In HTML a line break is <br>, so compare with all white space as single spaces.
    const collapse = (value: string): string => value.replace(/\s+/g, ' ');
    const visible = collapse(toVisibleText(html.slice(html.indexOf('Answers, in the order they were given'))));
    expectInOrder(visible, expected.map(collapse));
  });

  it('keeps the line breaks of a multi-line answer and collapses runs of blank lines', () => {
    const { text, html } = formatTeamEmail(hostile, council);
    expect(text).toContain(`What happened? <script>\n=HYPERLINK("https://evil.example/steal","Click for details")\n<script>alert('what happened')</script>\n\nSecond paragraph`);
    expect(html).toContain('=HYPERLINK(&quot;https://evil.example/steal&quot;,&quot;Click for details&quot;)<br>&lt;script&gt;alert(&#39;what happened&#39;)&lt;/script&gt;</p><p');
    expect(text).toContain('Anything else?\n[Not answered]');
  });

  it('escapes everything the person typed, so it can never become markup', () => {
    const { html } = formatTeamEmail(hostile, council);
    for (const tag of ['<script', '<img', '<marquee', '<b>', '<i>', '<h1>', '</td></tr></table> "quoted"']) expect(html).not.toContain(tag);
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Robert&#39;); DROP TABLE cases;-- &lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;');
  });

  it('builds the same markup whatever the person typed', () => {
    const tagsOf = (html: string): string[] => html.match(/<\/?[a-z0-9]+/gi) ?? [];
    const strip = (value: unknown): unknown =>
      typeof value === 'string'
        ? value.replace(/[<>"'&]/g, '')
        : Array.isArray(value)
          ? value.map(strip)
          : value && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]))
            : value;
    const tame = strip(hostile) as CaseRecord;
    expect(tagsOf(formatTeamEmail(hostile, council).html)).toEqual(tagsOf(formatTeamEmail(tame, council).html));
  });

  it('ends with the no-reply note and names the attachments', () => {
    const { text } = formatTeamEmail(parent, council);
    expect(text).toMatch(
      /\| You cannot reply to this email\.\n[\s\S]*\| Attached: CSC-7K4M-2P9X\.json \(the case for importing into a case management system; schema urn:example-borough:childrens-complaint:v1\) and CSC-7K4M-2P9X\.csv/,
    );
    expect(text.trimEnd().endsWith('(the same case as one spreadsheet row).')).toBe(true);
  });

  it('attaches the case as pretty-printed JSON (schema version 1) and as CSV', () => {
    const { attachments } = formatTeamEmail(child, council);
    expect(attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['CSC-3HJT-8W4Q.json', 'application/json'],
      ['CSC-3HJT-8W4Q.csv', 'text/csv; charset=utf-8'],
    ]);
    const json = JSON.parse(attachments[0]!.content) as { schemaVersion: number; reference: string };
    expect(json).toMatchObject({ schemaVersion: 1, reference: 'CSC-3HJT-8W4Q' });
    expect(attachments[0]!.content).toContain('\n  "schemaVersion": 1,\n');
    expect(attachments[1]!.content.startsWith('\uFEFFReference,')).toBe(true);
  });

  it('keeps attachment names to 100 characters, whatever the reference', () => {
    const record = { ...parent, reference: `CSC-${'X'.repeat(200)}/..\\evil` };
    for (const { filename } of formatTeamEmail(record, council).attachments) {
      expect(filename.length).toBeLessThanOrEqual(100);
      expect(filename).toMatch(/^[A-Za-z0-9-]+\.(json|csv)$/);
    }
  });
});

describe('formatSafeguardingEmail', () => {
  const email = formatSafeguardingEmail(child, council);

  it('asks for a review today in the subject, without any name', () => {
    expect(email.subject).toBe('SAFEGUARDING – complaint CSC-3HJT-8W4Q – please review today');
  });

  it('starts with the reason and says the complaints inbox is not watched around the clock', () => {
    expect(email.text.startsWith(`${'*'.repeat(60)}\n*** SAFEGUARDING ***\n`)).toBe(true);
    expectInOrder(email.text, [
      'raised a safeguarding concern. Please review it today.',
      'They said they are worried a child is being harmed (asked at the start).',
      'They said someone is at risk of harm (asked again before sending).',
      'The complaints inbox is not watched around the clock',
    ]);
  });

  it('says who to contact, then how to reach the complainant safely, the children and all the answers', () => {
    expectInOrder(email.text, [
      'Who to contact',
      "Pass to the children's services front door today: 01632 960100",
      'Out of hours: 01632 960999',
      'Reference: CSC-3HJT-8W4Q',
      '*** CONTACT WITH CARE ***',
      'Their words: "Text me first, do not ring. Staff sometimes look at my phone."',
      'Phone: 07700 900456',
      'Name or initials: Jordan Smith',
      'Check these answers look safe before you use them.',
      ...child.answerRows.map((row) => row.question),
    ]);
  });

  it('says the danger-now answer when it was given', () => {
    const record = withChanges(child, { answers: { dangerNow: true } });
    expect(formatSafeguardingEmail(record, council).text).toContain('They said a child is in danger right now. They were shown 999 before they went on.');
  });

  it('escapes everything the person typed', () => {
    const { html } = formatSafeguardingEmail(withChanges(hostile, { screening: { flags: ['safeguarding'] } }), council);
    for (const tag of ['<script', '<img', '<marquee', '<b>', '<i>', '<h1>']) expect(html).not.toContain(tag);
  });

  it('says the same words in the plain text and the HTML', () => {
    expect(wordsOf(toVisibleText(email.html))).toEqual(wordsOf(email.text));
  });
});

describe('formatAcknowledgementEmail', () => {
  it('uses the reference in the subject', () => {
    expect(formatAcknowledgementEmail(parent, council).subject).toBe('We have received your complaint – reference CSC-7K4M-2P9X');
  });

  it.each([
    ['parent, statutory, in time', ['Wednesday 25 November 2026', 'Friday 4 December 2026', 'Friday 18 December 2026']],
    ['child with safeguarding and advocacy', ['Thursday 26 November 2026', 'Monday 7 December 2026', 'Monday 21 December 2026']],
    ['split, out of time, not safe by post', ['Tuesday 24 November 2026', 'Thursday 3 December 2026', 'Thursday 17 December 2026']],
  ] as const)('gives the reference and the acknowledge-by and reply dates as dates (%s)', (name, dates) => {
    const { text } = formatAcknowledgementEmail(caseRecords[name], council);
    expectInOrder(text, [`Your reference: ${caseRecords[name].reference}`, ...dates]);
  });

  it.each(caseRecordEntries)('never repeats the complaint, a name, a flag or the route (%s)', (_name, record) => {
    const { subject, text, html } = formatAcknowledgementEmail(record, council);
    const all = `${subject}\n${text}\n${toVisibleText(html)}`;
    const typed = [
      ...record.answerRows.map((row) => row.answer),
      ...record.answerRows.map((row) => row.question),
      record.contact.name,
      record.contact.safeContactDetails ?? '',
      ...record.answers.children.map((c) => c.name),
      record.answers.whatHappened,
      record.answers.outcomeWanted,
      record.answers.relationship ?? '',
      record.answers.delayDetails ?? '',
    ];
    for (const value of typed.map((v) => v.trim()).filter(Boolean)) expect(all).not.toContain(value);
    // Single lines too, except words the council publishes itself (a complainant may live in the council's town).
    const published = JSON.stringify(council.contacts);
    const lines = typed.flatMap((v) => v.split('\n')).map((l) => l.trim());
    for (const line of lines.filter((l) => l.length > 3 && !published.includes(l))) expect(all).not.toContain(line);
    expect(all).not.toMatch(/safeguard/i);
    for (const word of [...routes, ...flags, record.screening.legalCategory]) expect(all.toLowerCase()).not.toContain(word.toLowerCase());
    expect(all).not.toMatch(/\bR\d{1,2}\b/);
  });

  it('never contains anything the person typed, whatever they typed', () => {
    const token = fc.stringMatching(/^[a-z]{10}$/).map((s) => `zq${s}`);
    fc.assert(
      fc.property(fc.array(token, { minLength: 8, maxLength: 8 }), ([a, b, c, d, e, f, g, h]) => {
        const record: CaseRecord = {
          ...withChanges(parent, {
            answers: { whatHappened: a!, outcomeWanted: b!, relationship: c!, delayDetails: d!, children: [{ name: e!, responsibleCouncil: 'another', otherCouncilName: f! }] },
            contact: { name: g!, safeContactDetails: h! },
          }),
          answerRows: [a!, b!, c!, d!, e!, f!, g!, h!].map((answer) => ({ section: 'S', question: 'Q', answer })),
        };
        const { subject, text, html } = formatAcknowledgementEmail(record, council);
        for (const value of [a, b, c, d, e, f, g, h]) expect(`${subject}${text}${html}`).not.toContain(value);
      }),
      { numRuns: 50 },
    );
  });

  it.each([
    // Children and care leavers are offered the advocacy provider.
    ['child', 'National Youth Advocacy Service (NYAS)', 'Family Rights Group'],
    ['care_leaver', 'National Youth Advocacy Service (NYAS)', 'Family Rights Group'],
    // Adults are not covered by the advocacy duty: they get the advice line.
    ['parent', 'Family Rights Group advice line', 'NYAS'],
    ['advocate', 'Family Rights Group advice line', 'NYAS'],
    ['relative_or_other', 'Family Rights Group advice line', 'NYAS'],
  ] as const)('offers help to a %s from %s and not %s', (role: ComplainantRole, offered, notOffered) => {
    const { text } = formatAcknowledgementEmail(withChanges(parent, { answers: { role } }), council);
    expect(text).toContain(offered);
    expect(text).not.toContain(notOffered);
  });

  it('uses short sentences for a child', () => {
    const sentenceLengths = (text: string): number[] => {
      const next = text.slice(text.indexOf('What happens next'), text.indexOf('Contact us'));
      return next
        .replace(/\n[=-]+\n/g, '\n')
        .split(/[.:]\s/)
        .map((s) => s.split(/\s+/).filter(Boolean).length);
    };
    const forChild = sentenceLengths(formatAcknowledgementEmail(child, council).text);
    const forAdult = sentenceLengths(formatAcknowledgementEmail(withChanges(child, { answers: { role: 'care_leaver' } }), council).text);
    expect(Math.max(...forChild)).toBeLessThanOrEqual(15);
    expect(Math.max(...forAdult)).toBeGreaterThan(15);
  });

  it('tells an adult complaining for someone else that some details may stay private', () => {
    expect(formatAcknowledgementEmail(parent, council).text).toContain('we may not be able to share every detail with you');
    expect(formatAcknowledgementEmail(child, council).text).not.toContain('we may not be able to share every detail with you');
  });

  it('gives the council’s contacts and the Ombudsman', () => {
    const { text } = formatAcknowledgementEmail(parent, council);
    expectInOrder(text, [
      'Contact us',
      'Phone: 01632 960000 (Monday to Friday, 9am to 5pm)',
      'Email: childrens.complaints@example.gov.uk',
      'British Sign Language: ',
      'Post: Children\'s Complaints Team',
      'Local Government and Social Care Ombudsman',
      'Phone: 0300 061 0614',
      'Website: https://www.lgo.org.uk',
      'You cannot reply to this email.',
    ]);
  });

  it('says the same words in the plain text and the HTML', () => {
    const email = formatAcknowledgementEmail(child, council);
    expect(wordsOf(toVisibleText(email.html))).toEqual(wordsOf(email.text));
  });
});

describe('shouldSendAcknowledgement', () => {
  const base = parent.contact;
  it.each([
    // Asked for one, gave an email, safe to contact: send.
    [{}, true],
    // Not asked for.
    [{ wantsAcknowledgement: false }, false],
    // No email, or only spaces.
    [{ email: undefined }, false],
    [{ email: '   ' }, false],
    // Only safe with care, or not safe: never email, even if asked.
    [{ safeToContact: 'with_care' }, false],
    [{ safeToContact: 'no' }, false],
  ] as const)('with %j returns %s', (change, expected) => {
    expect(shouldSendAcknowledgement({ ...base, ...change })).toBe(expected);
  });
});

describe('toOutgoingMessages', () => {
  it.each([
    ['parent, statutory, in time', ['team', 'acknowledgement']],
    ['child with safeguarding and advocacy', ['team', 'safeguarding']],
    ['split, out of time, not safe by post', ['team']],
    ['hostile text', ['team', 'acknowledgement']],
  ] as const)('sends "%s" as %j', (name, kinds) => {
    expect(toOutgoingMessages(caseRecords[name], council, mailboxes).map((m) => m.kind)).toEqual(kinds);
  });

  it('addresses each message to its mailbox, from the given sender', () => {
    const all = [...toOutgoingMessages(child, council, mailboxes), ...toOutgoingMessages(parent, council, mailboxes)];
    expect(all.map((m) => [m.kind, m.to])).toEqual([
      ['team', 'team@example.gov.uk'],
      ['safeguarding', 'safeguarding@example.gov.uk'],
      ['team', 'team@example.gov.uk'],
      ['acknowledgement', 'sam.taylor@example.com'],
    ]);
    for (const message of all) expect(message.from).toBe(mailboxes.from);
  });

  it('carries the formatted emails unchanged', () => {
    const [team, safeguarding] = toOutgoingMessages(child, council, mailboxes);
    const formatted = formatTeamEmail(child, council);
    expect(team).toMatchObject({ subject: formatted.subject, text: formatted.text, html: formatted.html, attachments: formatted.attachments });
    expect(safeguarding).toMatchObject({ subject: formatSafeguardingEmail(child, council).subject, attachments: [] });
  });

  it('takes the Message-ID domain from the council', () => {
    expect(toOutgoingMessages(parent, testCouncil(), mailboxes)[0]!.messageId).toBe('<CSC-7K4M-2P9X.team@complaints.testshire.example.org>');
  });

  it('gives each message a Message-ID that is the same every time for that case and kind', () => {
    const first = toOutgoingMessages(child, council, mailboxes).map((m) => m.messageId);
    const again = toOutgoingMessages(child, council, mailboxes).map((m) => m.messageId);
    expect(first).toEqual(['<CSC-3HJT-8W4Q.team@complaints.example.gov.uk>', '<CSC-3HJT-8W4Q.safeguarding@complaints.example.gov.uk>']);
    expect(again).toEqual(first);
  });

  it('adds the reference header to every message and marks safeguarding messages as important', () => {
    const messages = [child, parent].flatMap((record) =>
      toOutgoingMessages(record, council, mailboxes).map((message) => ({ reference: record.reference, message })),
    );
    for (const { reference, message } of messages) {
      expect(message.headers['X-Complaint-Reference']).toBe(reference);
      expect(message.headers['Auto-Submitted']).toBe('auto-generated');
    }
    expect(messages.map(({ message }) => [message.kind, message.headers['Importance'] ?? null])).toEqual([
      ['team', 'high'],
      ['safeguarding', 'high'],
      ['team', null],
      ['acknowledgement', null],
    ]);
  });

  it('never lets a line break into a header, even from a bad reference or address', () => {
    const record = {
      ...withChanges(parent, { contact: { email: 'sam@example.com\r\nBcc: everyone@example.com' }, screening: { flags: ['safeguarding'] } }),
      reference: 'CSC-1\r\nBcc: x@example.com',
    };
    const messages = toOutgoingMessages(record, council, { ...mailboxes, from: 'No reply\r\nBcc: y@example.com <a@example.com>' });
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      for (const value of [message.to, message.from, message.subject, message.messageId, ...Object.values(message.headers)]) {
        expect(value).not.toMatch(/[\r\n]/);
      }
    }
  });

  it('builds subjects only from the reference, route, dates and fixed words', () => {
    for (const [, record] of caseRecordEntries) {
      for (const message of toOutgoingMessages(withChanges(record, { contact: { email: 'a@example.com', safeToContact: 'yes', wantsAcknowledgement: true }, screening: { flags: ['safeguarding'] } }), council, mailboxes)) {
        expect(message.subject).toMatch(/^[A-Za-z0-9 '–-]+$/);
      }
    }
  });

  it('has the shape the outbox stores', () => {
    expectTypeOf<OutgoingEmail>().toExtend<OutgoingMessage>();
  });
});

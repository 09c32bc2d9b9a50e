import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../../src/domain/case-record.ts';
import { renderMessage } from '../../../../src/domain/copy.ts';
import { formatSafeguardingEmail, formatTeamEmail } from '../../../../src/domain/email/complaint.ts';
import { flags, routes } from '../../../../src/domain/screening-types.ts';
import { caseRecordEntries, caseRecords, createCaseRecordCopy, withChanges } from '../../../fixtures/case-records.ts';
import { exampleCouncil, testCouncil } from '../../../helpers/councils.ts';
import { expectInOrder, toVisibleText, wordsOf } from '../../../helpers/email-text.ts';

const council = exampleCouncil();
const t = createCaseRecordCopy(council);
const test = testCouncil();
const tTest = createCaseRecordCopy(test);

const child = caseRecords['child with safeguarding and advocacy'];
const parent = caseRecords['parent, statutory, in time'];
const split = caseRecords['split, out of time, not safe by post'];
const hostile = caseRecords['hostile text'];

describe('formatTeamEmail', () => {
  it('matches the saved plain text of a safeguarding case', async () => {
    await expect(formatTeamEmail(child, council, t).text).toMatchFileSnapshot('./__snapshots__/team-email.child-with-safeguarding-and-advocacy.txt');
  });

  it('matches the saved HTML of a safeguarding case', async () => {
    await expect(formatTeamEmail(child, council, t).html).toMatchFileSnapshot('./__snapshots__/team-email.child-with-safeguarding-and-advocacy.html');
  });

  it.each(caseRecordEntries)('says the same words in the plain text and the HTML (%s)', (_name, record) => {
    const email = formatTeamEmail(record, council, t);
    expect(wordsOf(toVisibleText(email.html))).toEqual(wordsOf(email.text));
  });

  it.each([
    // Route word, and the acknowledgement date from the timeline.
    ['parent, statutory, in time', "Children's social care complaint CSC-7K4M-2P9X – statutory – acknowledge by Wednesday 25 November 2026"],
    [
      'child with safeguarding and advocacy',
      "SAFEGUARDING – Children's social care complaint CSC-3HJT-8W4Q – statutory – acknowledge by Thursday 26 November 2026",
    ],
    [
      'split, out of time, not safe by post',
      "Children's social care complaint CSC-9RDV-4NCF – split statutory and corporate – acknowledge by Tuesday 24 November 2026",
    ],
    ['hostile text', "Children's social care complaint CSC-5XZP-6B2M – to triage – acknowledge by Thursday 26 November 2026"],
  ] as const)('writes the subject of "%s" as %j', (name, subject) => {
    expect(formatTeamEmail(caseRecords[name], council, t).subject).toBe(subject);
  });

  it.each(caseRecordEntries)('never puts a child’s or the complainant’s name in the subject (%s)', (_name, record) => {
    const { subject } = formatTeamEmail(record, council, t);
    for (const name of [record.contact.name, ...record.answers.children.map((c) => c.name)]) {
      expect(subject).not.toContain(name);
      for (const part of name.split(/\s+/).filter((p) => p.length > 2)) expect(subject).not.toContain(part);
    }
  });

  it.each(routes)('names the %s route in the subject without any answer text', (route) => {
    const record = withChanges(hostile, { screening: { route } });
    const { subject } = formatTeamEmail(record, council, t);
    expect(subject).toMatch(/^Children's social care complaint CSC-5XZP-6B2M – [a-z ]+ – acknowledge by Thursday 26 November 2026$/);
  });

  it('puts the safeguarding block before everything else, with what to do', () => {
    const { text, html } = formatTeamEmail(child, council, t);
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
    const { text } = formatTeamEmail(split, council, t);
    expect(text.startsWith('Triage\n======\n\n- Safeguarding\n  Not raised in the form.\n- OUT OF TIME\n')).toBe(true);
    expect(text).not.toContain('*** SAFEGUARDING ***\n  ');
  });

  it('explains every flag there is, in the order staff must read them', () => {
    const record = withChanges(child, { screening: { flags: [...flags].reverse() } });
    const { text } = formatTeamEmail(record, council, t);
    const triage = text.slice(text.indexOf('Triage\n'), text.indexOf('Reference and provisional route'));
    const items = triage.split('\n').filter((line) => line.startsWith('- '));
    // Every flag but safeguarding (which has its own block), then the contact-with-care warning.
    expect(items).toHaveLength(flags.length - 1 + 1);
    expect(items[0]).toBe('- OUT OF TIME');
    expect(text.indexOf('*** SAFEGUARDING ***')).toBeLessThan(text.indexOf('Triage'));
    for (const line of triage.split('\n- ').slice(1)) expect(line.split('\n')[1]?.trim().length).toBeGreaterThan(20);
  });

  it('shows the route, the rules that fired, the legal category and the reasons for staff', () => {
    const { text } = formatTeamEmail(split, council, t);
    expectInOrder(text, [
      'Reference: CSC-9RDV-4NCF',
      'Provisional route: Split',
      'Rules that fired: R5, R6, R7, R8, R9',
      'Legal category: Other person: sufficient interest to be decided (s26(3)(e))',
      '- Early help or family support before social care was involved: corporate',
      '- Help for a child in need, including an assessment that was refused or delayed: statutory',
      ...split.screening.explanation.staff.map((line) => renderMessage(t, line)),
    ]);
  });

  it('gives the dates in order: sent, received, the counting rule, then each deadline as a date', () => {
    const { text } = formatTeamEmail(child, council, t);
    expectInOrder(text, [
      'Sent: Saturday 21 November 2026 at 9:40pm (UK time)',
      'Received (for working days): Monday 23 November 2026',
      '  Sent on Saturday 21 November 2026, which is not a working day, so it counts as received on the next working day.',
      `How days are counted: ${renderMessage(t, child.timeline.convention)}`,
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
    expect(formatTeamEmail(record, council, t).text).toContain(
      '  Sent on Saturday 21 November 2026, which is not a working day, so it counts as received on the next working day.',
    );
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
    expect(formatTeamEmail(record, test, tTest).text).toContain(
      '  Sent on Friday 20 November 2026 at or after the daily cut-off of 5pm, so it counts as received on the next working day.',
    );
  });

  it('uses the council’s own contacts and lists its office closures up to the last firm deadline', () => {
    const council = test;
    const safeguarding = formatTeamEmail(child, council, tTest);
    expect(safeguarding.text).toContain("Pass to the children's services front door today: 01632 961500 (Testshire Multi-Agency Safeguarding Hub (MASH)");
    expect(safeguarding.text).toContain('Out of hours: 01632 961999, Testshire Out of Hours Service, evenings, weekends and bank holidays.');
    expect(safeguarding.text).toContain(`schema urn:${council.slug}:childrens-complaint:v1`);
    // The last firm date here is 21 December, before the closures.
    expect(safeguarding.text).not.toContain('Office closures');
    // Here the corporate stage 1 runs to 5 January, past all three closures.
    expect(formatTeamEmail(split, council, tTest).text).toContain(
      'Office closures (do not move statutory dates): Tuesday 29 December 2026\n  Wednesday 30 December 2026\n  Thursday 31 December 2026',
    );
  });

  it('puts the out-of-time reason and the reasons they gave in the triage block', () => {
    const { text } = formatTeamEmail(split, council, t);
    const triage = text.slice(0, text.indexOf('Reference and provisional route'));
    expect(triage).toContain(renderMessage(t, split.screening.timeLimit.reason));
    expect(triage).toContain('Why they did not complain sooner: illness or mental health; another reason (see the answers).');
  });

  it('gives the same times whatever the machine’s time zone', () => {
    const before = formatTeamEmail(child, council, t).text;
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(formatTeamEmail(child, council, t).text).toBe(before);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('shows the person’s own safe-contact words prominently, before their contact details', () => {
    const { text, html } = formatTeamEmail(split, council, t);
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
    const { text } = formatTeamEmail(split, council, t);
    expectInOrder(text, [
      'Children\n========',
      'Child 1\n-------\n\nName or initials: M. B.\nAge: 9',
      'Child 2\n-------\n\nName or initials: Tia Brown\nDate of birth: 30 January 2019 (7 when the complaint was sent)',
      'Does the child know and agree?: The child has not been asked',
    ]);
  });

  it('tells staff to check the answers look safe, just before the answers', () => {
    const { text, html } = formatTeamEmail(parent, council, t);
    expect(text).toContain('| Check these answers look safe before you use them.\n|\n| They were typed by the person complaining.');
    expect(text.indexOf('Check these answers look safe')).toBeLessThan(text.indexOf('Answers, in the order they were given'));
    expect(html).toMatch(/border-left: 10px solid #b1b4b6[^>]*><p[^>]*>Check these answers look safe before you use them\.<\/p>/);
  });

  it.each(caseRecordEntries)('shows every answer row, in journey order, under its section (%s)', (_name, record) => {
    const { text, html } = formatTeamEmail(record, council, t);
    const answers = text.slice(text.indexOf('Answers, in the order they were given'));
    const expected = record.answerRows.flatMap((row, index) => [
      ...(row.section === record.answerRows[index - 1]?.section ? [] : [row.section]),
      row.question,
      row.answer
        .replace(/\r\n?/g, '\n')
        .split(/\n\s*\n/)[0]!
        .trim(),
    ]);
    expectInOrder(answers, expected);
    // In HTML a line break is <br>, so compare with all white space as single spaces.
    const collapse = (value: string): string => value.replace(/\s+/g, ' ');
    const visible = collapse(toVisibleText(html.slice(html.indexOf('Answers, in the order they were given'))));
    expectInOrder(visible, expected.map(collapse));
  });

  it('keeps the line breaks of a multi-line answer and collapses runs of blank lines', () => {
    const { text, html } = formatTeamEmail(hostile, council, t);
    expect(text).toContain(
      `What happened? <script>\n=HYPERLINK("https://evil.example/steal","Click for details")\n<script>alert('what happened')</script>\n\nSecond paragraph`,
    );
    expect(html).toContain(
      '=HYPERLINK(&quot;https://evil.example/steal&quot;,&quot;Click for details&quot;)<br>&lt;script&gt;alert(&#39;what happened&#39;)&lt;/script&gt;</p><p',
    );
    expect(text).toContain('Anything else?\n[Not answered]');
  });

  it('escapes everything the person typed, so it can never become markup', () => {
    const { html } = formatTeamEmail(hostile, council, t);
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
    expect(tagsOf(formatTeamEmail(hostile, council, t).html)).toEqual(tagsOf(formatTeamEmail(tame, council, t).html));
  });

  it('ends with the no-reply note and names the attachments', () => {
    const { text } = formatTeamEmail(parent, council, t);
    expect(text).toMatch(
      /\| You cannot reply to this email\.\n[\s\S]*\| Attached: CSC-7K4M-2P9X\.json \(the case for importing into a case management system; schema urn:example-borough:childrens-complaint:v1\) and CSC-7K4M-2P9X\.csv/,
    );
    expect(text.trimEnd().endsWith('(the same case as one spreadsheet row).')).toBe(true);
  });

  it('attaches the case as pretty-printed JSON (schema version 1) and as CSV', () => {
    const { attachments } = formatTeamEmail(child, council, t);
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
    for (const { filename } of formatTeamEmail(record, council, t).attachments) {
      expect(filename.length).toBeLessThanOrEqual(100);
      expect(filename).toMatch(/^[A-Za-z0-9-]+\.(json|csv)$/);
    }
  });
});

describe('formatSafeguardingEmail', () => {
  const email = formatSafeguardingEmail(child, council, t);

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
    expect(formatSafeguardingEmail(record, council, t).text).toContain('They said a child is in danger right now. They were shown 999 before they went on.');
  });

  it('escapes everything the person typed', () => {
    const { html } = formatSafeguardingEmail(withChanges(hostile, { screening: { flags: ['safeguarding'] } }), council, t);
    for (const tag of ['<script', '<img', '<marquee', '<b>', '<i>', '<h1>']) expect(html).not.toContain(tag);
  });

  it('says the same words in the plain text and the HTML', () => {
    expect(wordsOf(toVisibleText(email.html))).toEqual(wordsOf(email.text));
  });
});

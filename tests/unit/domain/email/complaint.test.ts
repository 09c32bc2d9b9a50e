import { describe, expect, it } from 'vitest';
import type { ContactDetails } from '../../../../src/domain/answers.ts';
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

/** A section of the plain text, from its heading to the next top-level heading. */
function sectionOf(text: string, heading: string): string {
  const start = text.indexOf(`${heading}\n${'='.repeat(heading.length)}\n`);
  if (start < 0) return '';
  const next = text.slice(start + heading.length * 2 + 2).search(/\n\n[^\n]+\n=+\n/);
  return next < 0 ? text.slice(start) : text.slice(start, start + heading.length * 2 + 2 + next + 2);
}
const summaryOf = (text: string): string => sectionOf(text, 'Summary');
const triageOf = (text: string): string => sectionOf(text, 'Triage');

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
    expect(block).toContain("ACTION: pass these worries to the children's services front door today, on 01632 960100");
    expect(block).toContain('Out of hours: 01632 960999');
    expect(block).toContain('worried a child is being harmed');
    const body = html.slice(html.indexOf('<body'));
    expect(body.indexOf('>SAFEGUARDING</p>')).toBeGreaterThan(0);
    expect(body.indexOf('>SAFEGUARDING</p>')).toBeLessThan(body.indexOf('<h2'));
    expect(body).toMatch(/border: 5px solid #d4351c[^>]*><p[^>]*>SAFEGUARDING<\/p>/);
  });

  it('starts with the summary when safeguarding was not raised, and says so there', () => {
    const { text } = formatTeamEmail(split, council, t);
    expect(text.startsWith('Summary\n=======\n\nReference: CSC-9RDV-4NCF\n')).toBe(true);
    expect(summaryOf(text)).toContain('Safeguarding: Not raised in the form.');
    expect(text).not.toContain('*** SAFEGUARDING ***');
    expect(triageOf(text).startsWith('Triage\n======\n\n- OUT OF TIME\n')).toBe(true);
  });

  it('says there are no flags when there are none', () => {
    expect(triageOf(formatTeamEmail(parent, council, t).text)).toBe('Triage\n======\n\nNo flags.\n\n');
  });

  it('explains every flag there is, in the order staff must read them', () => {
    const record = withChanges(child, { screening: { flags: [...flags].reverse() } });
    const { text } = formatTeamEmail(record, council, t);
    const triage = triageOf(text);
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

  it('gives the dates in order: sent, received, the counting rule, then each deadline up to the first reply as a date', () => {
    const { text } = formatTeamEmail(child, council, t);
    const dates = text.slice(text.indexOf('Dates\n=====\n'), text.indexOf('Later stages (projected)'));
    expectInOrder(dates, [
      'Sent: Saturday 21 November 2026 at 9:40pm (UK time)',
      'Received (for working days): Monday 23 November 2026',
      '  Sent on Saturday 21 November 2026, which is not a working day, so it counts as received on the next working day.',
      `How days are counted: ${renderMessage(t, child.timeline.convention)}`,
      'Acknowledge by: Thursday 26 November 2026 (3 working days after receipt)',
      'Stage 1 reply due: Monday 7 December 2026 (10 working days after receipt)',
      'Stage 1 reply at the latest (if extended): Monday 21 December 2026 (20 working days after receipt)',
      '12-month check: In time (still happening)',
      '  In time: still happening (received 23 November 2026).',
    ]);
    expect(dates).not.toContain('Ask for stage 2 by');
    expect(dates).not.toContain('Ombudsman');
  });

  it('says when the person started and whether they saved and came back, after when it was sent', () => {
    const resumed = { ...child, draft: { startedAt: '2026-11-02T18:05:00.000Z', resumedAt: '2026-11-21T21:10:00.000Z' } };
    expectInOrder(formatTeamEmail(resumed, council, t).text, [
      'Sent: Saturday 21 November 2026 at 9:40pm (UK time)',
      'Started: Monday 2 November 2026 at 6:05pm (UK time)',
      'Saved and come back to: Yes, last brought back Saturday 21 November 2026 at 9:10pm (UK time)',
      'Received (for working days): Monday 23 November 2026',
    ]);
    const straight = { ...child, draft: { startedAt: '2026-11-21T21:10:00.000Z' } };
    expect(formatTeamEmail(straight, council, t).text).toContain('Saved and come back to: No\n');
  });

  it('says nothing about starting for a case stored before that was recorded', () => {
    expect(formatTeamEmail(child, council, t).text).not.toContain('Started:');
  });

  it('moves the projected later stages to a short section at the end, after the answers', () => {
    const { text } = formatTeamEmail(child, council, t);
    const later = text.slice(text.indexOf('Later stages (projected)\n'));
    expect(text.indexOf('Later stages (projected)')).toBeGreaterThan(text.indexOf('Answers, in the order they were given'));
    expectInOrder(later, ['Ask for stage 2 by: Thursday 7 January 2027\n', 'Ombudsman: Tuesday 25 May 2027\n', 'You cannot reply to this email.']);
    // One date per row: how each was counted is said once, above them.
    expect(later).not.toContain('projected (');
  });

  it('has no later stages section when the timeline has none', () => {
    expect(formatTeamEmail(hostile, council, t).text).not.toContain('Later stages');
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
    expect(safeguarding.text).toContain(
      "ACTION: pass these worries to the children's services front door today, on 01632 961500 (Testshire Multi-Agency Safeguarding Hub (MASH)",
    );
    expect(safeguarding.text).toContain('Out of hours: 01632 961999, Testshire Out of Hours Service, evenings, weekends and bank holidays.');
    expect(safeguarding.text).toContain(`schema urn:${council.slug}:childrens-complaint:v2`);
    // The last firm date here is 21 December, before the closures.
    expect(safeguarding.text).not.toContain('Office closures');
    // Here the corporate stage 1 runs to 5 January, past all three closures.
    expect(formatTeamEmail(split, council, tTest).text).toContain(
      'Office closures (do not move statutory dates): Tuesday 29 December 2026\n  Wednesday 30 December 2026\n  Thursday 31 December 2026',
    );
  });

  it('puts the out-of-time reason and the reasons they gave in the triage block', () => {
    const triage = triageOf(formatTeamEmail(split, council, t).text);
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
      /\| You cannot reply to this email\.\n[\s\S]*\| Attached: CSC-7K4M-2P9X\.json \(the case for importing into a case management system; schema urn:example-borough:childrens-complaint:v2\) and CSC-7K4M-2P9X\.csv/,
    );
    expect(text.trimEnd().endsWith('(the same case as one spreadsheet row).')).toBe(true);
  });

  it('attaches the case as pretty-printed JSON (schema version 2) and as CSV', () => {
    const { attachments } = formatTeamEmail(child, council, t);
    expect(attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['CSC-3HJT-8W4Q.json', 'application/json'],
      ['CSC-3HJT-8W4Q.csv', 'text/csv; charset=utf-8'],
    ]);
    const json = JSON.parse(attachments[0]!.content) as { schemaVersion: number; reference: string };
    expect(json).toMatchObject({ schemaVersion: 2, reference: 'CSC-3HJT-8W4Q' });
    expect(attachments[0]!.content).toContain('\n  "schemaVersion": 2,\n');
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

describe('formatTeamEmail: who and what first', () => {
  it.each(caseRecordEntries)('puts the summary, with the start of what happened, before triage and every detail (%s)', (_name, record) => {
    const { text } = formatTeamEmail(record, council, t);
    const summary = text.indexOf('Summary\n=======');
    expect(summary).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('What happened?: ')).toBeGreaterThan(summary);
    expect(text.indexOf('What happened?: ')).toBeLessThan(text.indexOf('Triage\n'));
    expect(text.indexOf('Triage\n')).toBeLessThan(text.indexOf('Complainant\n'));
  });

  it('says who is complaining, about whom and what, whether safeguarding was raised, how to reach them and the date to acknowledge by', () => {
    expect(summaryOf(formatTeamEmail(split, council, t).text)).toBe(
      [
        'Summary',
        '=======',
        '',
        'Reference: CSC-9RDV-4NCF',
        'Who is complaining: Margaret Brown',
        '  Relative or someone else (Grandmother)',
        'Children: M. B., aged 9',
        '  Tia Brown, aged 7',
        'What it is about: Early help or family support before social care was involved',
        '  Help for a child in need, including an assessment that was refused or delayed',
        'What happened?: The family support worker stopped coming without telling us. We asked for a child in need assessment for Tia in February 2025 and it was refused on the phone.',
        'Safeguarding: Not raised in the form.',
        'How to reach them: NOT SAFE as given: read their instructions under Complainant before contacting them.',
        'Acknowledge by: Tuesday 24 November 2026',
        'Provisional route: Split: some parts statutory, some corporate (tell the complainant how each part will be handled)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('names a young person complaining for themself once, with their age, and says safeguarding is in the box above', () => {
    const summary = summaryOf(formatTeamEmail(child, council, t).text);
    expect(summary).toContain('The young person: Jordan Smith, aged 15\n');
    expect(summary).toContain('Safeguarding: RAISED (see the box at the top)\n');
    expect(summary).toContain('How to reach them: WITH CARE: by email or phone, but read their instructions under Complainant first.\n');
  });

  it('gives a child looked after elsewhere their council', () => {
    const record = withChanges(parent, {
      answers: { children: [{ name: 'J T', age: 4, responsibleCouncil: 'another', otherCouncilName: 'Northshire County Council' }] },
    });
    expect(summaryOf(formatTeamEmail(record, council, t).text)).toContain('Child: J T, aged 4 (Another council: Northshire County Council)\n');
  });

  it('quotes only the start of a long "What happened?", cut at a word, and says where the rest is', () => {
    const long = `${'The placement broke down again and nobody called me. '.repeat(10)}THE END`;
    const summary = summaryOf(formatTeamEmail(withChanges(parent, { answers: { whatHappened: long } }), council, t).text);
    const line = summary.split('\n').find((l) => l.startsWith('What happened?: '))!;
    expect(line.length - 'What happened?: '.length).toBeLessThanOrEqual(301);
    expect(line.endsWith('…')).toBe(true);
    expect(summary).not.toContain('THE END');
    expect(summary).toContain('  (The start only. In full under Answers.)\n');
  });

  it('does not say the rest is under Answers when all of it fits', () => {
    expect(summaryOf(formatTeamEmail(parent, council, t).text)).not.toContain('In full under Answers');
  });

  it('is shorter to reach: the summary’s "What happened?" is in the first fifth of the HTML, the full answer before the route and dates', () => {
    const { html } = formatTeamEmail(parent, council, t);
    expect(html.indexOf('What happened?')).toBeLessThan(html.length / 5);
    const fullAnswer = html.indexOf('>What happened?</h4>');
    expect(fullAnswer).toBeGreaterThan(0);
    expect(fullAnswer).toBeLessThan(html.indexOf('>Provisional route in detail</h2>'));
    expect(fullAnswer).toBeLessThan(html.indexOf('>Dates</h2>'));
  });
});

describe('formatTeamEmail: organisations', () => {
  const advocate = withChanges(parent, {
    answers: {
      role: 'advocate',
      relationship: undefined,
      childAgreement: undefined,
      childInstructedAdvocate: 'yes',
      advocacyOrganisation: 'Voices Advocacy',
      reachYoungPerson: 'both',
      youngPersonContact: 'Text Alex on 07700 900222 after school, never call',
    },
  });

  it('shows an advocate’s organisation in the summary and with their details', () => {
    const { text } = formatTeamEmail(advocate, council, t);
    expect(summaryOf(text)).toContain('Who is complaining: Sam Taylor\n  Advocate acting for a child, Voices Advocacy\n');
    expect(sectionOf(text, 'Complainant')).toContain('Organisation: Voices Advocacy\n');
  });

  it('says whether replies go to the advocate only or to the young person too, and how to reach the young person', () => {
    const { text } = formatTeamEmail(advocate, council, t);
    expect(summaryOf(text)).toContain('How to reach them: By email or phone. Safe to contact.\n  The advocate and the young person\n');
    expectInOrder(sectionOf(text, 'Complainant'), [
      'Who to reply to: The advocate and the young person',
      'How to reach the young person: Text Alex on 07700 900222 after school, never call',
    ]);
    const only = formatTeamEmail(withChanges(advocate, { answers: { reachYoungPerson: 'advocate_only', youngPersonContact: undefined } }), council, t).text;
    expect(sectionOf(only, 'Complainant')).toContain('Who to reply to: The advocate only\n');
    expect(only).not.toContain('How to reach the young person');
  });

  it('names the organisation that provided the service, in the summary, the route and the triage item', () => {
    const record = withChanges(parent, {
      answers: { commissionedProvider: 'yes', providerName: 'Brightwater Fostering' },
      screening: { flags: ['commissioned_provider'] },
    });
    const { text } = formatTeamEmail(record, council, t);
    expect(summaryOf(text)).toContain('  Provided for the council by Brightwater Fostering\n');
    expect(sectionOf(text, 'Provisional route in detail')).toContain('Another organisation provided the service?: Yes: Brightwater Fostering\n');
    expect(triageOf(text)).toContain('They said another organisation, Brightwater Fostering, provided the service for the council.');
  });

  it.each([
    ['no', 'Another organisation provided the service?: No\n'],
    ['not_sure', 'Another organisation provided the service?: Not sure\n'],
  ] as const)('gives the answer "%s" about a provider when it was asked', (answer, row) => {
    expect(formatTeamEmail(withChanges(parent, { answers: { commissionedProvider: answer } }), council, t).text).toContain(row);
  });

  it('says nothing about a provider on a path that never asked', () => {
    // The child's path never asks whether another organisation provided the service.
    const { text } = formatTeamEmail(child, council, t);
    expect(child.answers.commissionedProvider).toBeUndefined();
    expect(text).not.toMatch(/organisation provided|commissioned provider/i);
  });
});

describe('formatTeamEmail: contact', () => {
  const trusted = { who: 'Sam, my social worker', how: '07700 900111' };

  it.each([
    // Phone only, safe: by phone.
    [
      'phone only',
      { email: undefined, address: undefined, preferredMethod: undefined, safeToContact: 'yes' },
      'No email given: acknowledge by phone by Wednesday 25 November 2026',
    ],
    // Post only.
    [
      'post only',
      { email: undefined, phone: undefined, address: ['1 High Street', 'Exampleton'], preferredMethod: undefined, safeToContact: 'yes' },
      'No email given: acknowledge by post by Wednesday 25 November 2026',
    ],
    // Phone and post, prefers post.
    [
      'phone and post, prefers post',
      { email: undefined, address: ['1 High Street', 'Exampleton'], preferredMethod: 'post', safeToContact: 'yes' },
      'No email given: acknowledge by post by Wednesday 25 November 2026',
    ],
    // A child reached through an adult they trust.
    [
      'a trusted adult',
      { email: undefined, phone: undefined, trustedAdult: trusted, preferredMethod: undefined, safeToContact: 'yes' },
      'No email given: acknowledge through Sam, my social worker by Wednesday 25 November 2026',
    ],
    // Phone that is only safe with care.
    [
      'phone with care',
      { email: undefined, preferredMethod: undefined, safeToContact: 'with_care', safeContactDetails: 'Weekday mornings only' },
      'No email given: acknowledge by phone by Wednesday 25 November 2026, after reading their safe-contact instructions',
    ],
    // They gave an email but did not want an acknowledgement: the true reason.
    ['an email, declined', { wantsAcknowledgement: false }, 'Not sent: they did not ask for one'],
    // They gave an email but said contact needs care: the true reason.
    ['an email, not safe', { safeToContact: 'with_care' }, 'Not sent: not safe to email them without care'],
  ] satisfies [string, Partial<ContactDetails>, string][])('says how to acknowledge someone who gave %s', (_what, contact, status) => {
    const { text } = formatTeamEmail(withChanges(parent, { contact }), council, t);
    expect(sectionOf(text, 'Complainant')).toContain(`Acknowledgement email: ${status}\n`);
  });

  it('never says they did not ask for one when they gave no email', () => {
    const { text } = formatTeamEmail(split, council, t);
    expect(text).not.toContain('did not ask for one');
    expect(text).toContain(
      'Acknowledgement email: No email given: acknowledge by phone by Tuesday 24 November 2026, after reading their safe-contact instructions\n',
    );
  });

  it('shows the adult a child chose to be reached through, and that it is the only way', () => {
    const record = withChanges(child, {
      contact: { email: undefined, phone: undefined, trustedAdult: trusted, safeToContact: 'yes', safeContactDetails: undefined },
    });
    const { text } = formatTeamEmail(record, council, t);
    expect(sectionOf(text, 'Complainant')).toContain('Through someone they trust: Sam, my social worker\n  07700 900111\n');
    expect(triageOf(text)).toContain(
      '- ONLY THROUGH SOMEONE THEY TRUST\n  Contact them only through Sam, my social worker (07700 900111). They chose not to be contacted any other way.\n',
    );
    expect(summaryOf(text)).toContain('How to reach them: ONLY THROUGH Sam, my social worker, the adult they chose. Do not contact them directly.\n');
  });

  it('says a trusted adult is one of the ways when they gave others too', () => {
    const record = withChanges(child, { contact: { trustedAdult: trusted } });
    const { text } = formatTeamEmail(record, council, t);
    expect(triageOf(text)).toContain('- Someone they trust\n  They also chose to be reached through Sam, my social worker (07700 900111).\n');
    expect(summaryOf(text)).toContain('How to reach them: WITH CARE: by email, phone or through Sam, my social worker, but read');
  });
});

describe('formatTeamEmail: an advocate asked for in the complaint', () => {
  it('says the referral went to the provider’s mailbox, with the date the provider should get in touch by', () => {
    expect(triageOf(formatTeamEmail(child, council, t).text)).toContain(
      '- Advocate requested\n  They want an independent advocate. Referral sent to National Youth Advocacy Service (NYAS) at referrals@advocacy.example.org: they should get in touch by Wednesday 25 November 2026, as the young person was told.',
    );
  });

  it('tells staff to refer by hand, by the date, when the provider has no referral mailbox', () => {
    // The test council's provider has no referral mailbox and answers in 3 working days.
    expect(triageOf(formatTeamEmail(child, test, tTest).text)).toContain(
      '- REFER BY HAND: advocate requested\n  They want an independent advocate and there is no referral mailbox. Refer them to Coram Voice (0808 800 5792) today, so that they get in touch by Thursday 26 November 2026, as the young person was told.',
    );
  });

  it('only suggests offering one when they were not sure', () => {
    const record = withChanges(child, { answers: { wantsAdvocate: 'not_sure' } });
    const triage = triageOf(formatTeamEmail(record, council, t).text);
    expect(triage).toContain('They are not sure whether they want an independent advocate: offer one.');
    expect(triage).not.toContain('Referral sent');
    expect(triage).not.toContain('REFER BY HAND');
  });
});

describe('formatTeamEmail: the safeguarding banner', () => {
  const bannerOf = (text: string): string => text.slice(0, text.indexOf('*'.repeat(60), 60));
  const worried = withChanges(split, { answers: { worriedAboutHarm: true }, screening: { flags: ['safeguarding', ...split.screening.flags] } });

  it('names the children and quotes what the person wrote, as their words', () => {
    const banner = bannerOf(formatTeamEmail(worried, council, t).text);
    expectInOrder(banner, [
      'They said they are worried a child is being harmed (asked at the start).',
      'The children: M. B. and Tia Brown.',
      'Their words, from "What happened?": "The family support worker stopped coming without telling us. We asked for a child in need assessment',
    ]);
  });

  it('names one child as the child, and a young person complaining as themself', () => {
    const one = withChanges(parent, { answers: { worriedAboutHarm: true }, screening: { flags: ['safeguarding'] } });
    expect(bannerOf(formatTeamEmail(one, council, t).text)).toContain('The child: Alex Taylor.\n');
    expect(bannerOf(formatTeamEmail(child, council, t).text)).toContain('The young person complaining: Jordan Smith.\n');
  });

  it('carries the promise they were given as an action, naming them', () => {
    expect(bannerOf(formatTeamEmail(worried, council, t).text)).toContain(
      "ACTION: pass these worries to the children's services front door today, on 01632 960100 (Children's Services Front Door, Monday to Friday, 9am to 5pm), and tell Margaret Brown when you have. They were promised this. Tell them only in the safe way they gave under Complainant.",
    );
  });

  it.each([
    // In danger now, and shown 999 first.
    ['in danger now', { dangerNow: true }],
    // Said yes only when asked again before sending.
    ['at risk when asked again', { worriedAtCheck: true }],
  ] as const)('carries the action whatever raised it (%s)', (_what, answers) => {
    const record = withChanges(parent, { answers, screening: { flags: ['safeguarding'] } });
    expect(bannerOf(formatTeamEmail(record, council, t).text)).toContain('and tell Sam Taylor when you have. They were promised this.\n');
  });

  it('says to tell them through the adult they chose when that is the only way', () => {
    const record = withChanges(child, {
      contact: { email: undefined, phone: undefined, trustedAdult: { who: 'my foster carer Pat', how: 'pat@example.com' } },
    });
    expect(bannerOf(formatTeamEmail(record, council, t).text)).toContain('Tell them through my foster carer Pat, the adult they chose, not directly.');
  });

  it('quotes only the start of a long worry, on one line', () => {
    const long = `She hits him.\n\n${'He is scared to go home after school every day. '.repeat(12)}LAST WORDS`;
    const banner = bannerOf(formatTeamEmail(withChanges(worried, { answers: { whatHappened: long } }), council, t).text);
    const quote = banner.split('\n').find((line) => line.startsWith('Their words'))!;
    expect(quote).toMatch(/^Their words, from "What happened\?": "She hits him\. He is scared .*…"$/);
    expect(quote.length).toBeLessThan(360);
    expect(banner).not.toContain('LAST WORDS');
  });

  it('escapes the quoted words in the HTML', () => {
    const record = withChanges(hostile, { answers: { worriedAboutHarm: true }, screening: { flags: ['safeguarding'] } });
    const { html } = formatTeamEmail(record, council, t);
    const banner = html.slice(html.indexOf('>SAFEGUARDING</p>'), html.indexOf('</table>', html.indexOf('>SAFEGUARDING</p>')));
    expect(banner).toContain('&lt;script&gt;alert(&#39;what happened&#39;)&lt;/script&gt;');
    expect(banner).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(banner).not.toContain('<script');
    expect(banner).not.toContain('<img');
  });

  it('says the same in the team’s email and the safeguarding copy', () => {
    const team = bannerOf(formatTeamEmail(worried, council, t).text).split('\n');
    const copy = bannerOf(formatSafeguardingEmail(worried, council, t).text).split('\n');
    const shared = team.filter((line) => /^(They said|The children|Their words|ACTION)/.test(line));
    expect(shared).toHaveLength(4);
    for (const line of shared) expect(copy).toContain(line);
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

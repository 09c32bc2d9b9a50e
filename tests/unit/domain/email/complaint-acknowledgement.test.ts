import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComplainantRole } from '../../../../src/domain/answers.ts';
import type { CaseRecord } from '../../../../src/domain/case-record.ts';
import { toComplaintAdvocacyReferral } from '../../../../src/domain/advocacy.ts';
import { renderMessage } from '../../../../src/domain/copy.ts';
import { formatAcknowledgementEmail } from '../../../../src/domain/email/complaint-acknowledgement.ts';
import { flags, routes } from '../../../../src/domain/screening-types.ts';
import { caseRecordEntries, caseRecords, createCaseRecordCopy, withChanges } from '../../../fixtures/case-records.ts';
import { createTestCopy } from '../../../helpers/copy.ts';
import { exampleCouncil } from '../../../helpers/councils.ts';
import { expectInOrder, toVisibleText, wordsOf } from '../../../helpers/email-text.ts';

const council = exampleCouncil();
const t = createCaseRecordCopy(council);

const parent = caseRecords['parent, statutory, in time'];
const child = caseRecords['child with safeguarding and advocacy'];

describe('formatAcknowledgementEmail', () => {
  it('uses the reference in the subject', () => {
    expect(formatAcknowledgementEmail(parent, council, t).subject).toBe('We have received your complaint – reference CSC-7K4M-2P9X');
  });

  it.each([
    ['parent, statutory, in time', ['Wednesday 25 November 2026', 'Friday 4 December 2026', 'Friday 18 December 2026']],
    ['child with safeguarding and advocacy', ['Thursday 26 November 2026', 'Monday 7 December 2026', 'Monday 21 December 2026']],
    ['split, out of time, not safe by post', ['Tuesday 24 November 2026', 'Thursday 3 December 2026', 'Thursday 17 December 2026']],
  ] as const)('gives the reference and the acknowledge-by and reply dates as dates (%s)', (name, dates) => {
    const { text } = formatAcknowledgementEmail(caseRecords[name], council, t);
    expectInOrder(text, [`Your reference: ${caseRecords[name].reference}`, ...dates]);
  });

  it.each(caseRecordEntries)('never repeats the complaint, a name, a flag or the route (%s)', (_name, record) => {
    const { subject, text, html } = formatAcknowledgementEmail(record, council, t);
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
    for (const word of [...routes, ...flags, renderMessage(t, record.screening.legalCategory)]) expect(all.toLowerCase()).not.toContain(word.toLowerCase());
    expect(all).not.toMatch(/\bR\d{1,2}\b/);
  });

  it('never contains anything the person typed, whatever they typed', () => {
    const token = fc.stringMatching(/^[a-z]{10}$/).map((s) => `zq${s}`);
    fc.assert(
      fc.property(fc.array(token, { minLength: 8, maxLength: 8 }), ([a, b, c, d, e, f, g, h]) => {
        const record: CaseRecord = {
          ...withChanges(parent, {
            answers: {
              whatHappened: a!,
              outcomeWanted: b!,
              relationship: c!,
              delayDetails: d!,
              children: [{ name: e!, responsibleCouncil: 'another', otherCouncilName: f! }],
            },
            contact: { name: g!, safeContactDetails: h! },
          }),
          answerRows: [a!, b!, c!, d!, e!, f!, g!, h!].map((answer) => ({ section: 'S', question: 'Q', answer })),
        };
        const { subject, text, html } = formatAcknowledgementEmail(record, council, t);
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
    const { text } = formatAcknowledgementEmail(withChanges(parent, { answers: { role } }), council, t);
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
    const forChild = sentenceLengths(formatAcknowledgementEmail(child, council, t).text);
    const forAdult = sentenceLengths(formatAcknowledgementEmail(withChanges(child, { answers: { role: 'care_leaver' } }), council, t).text);
    expect(Math.max(...forChild)).toBeLessThanOrEqual(15);
    expect(Math.max(...forAdult)).toBeGreaterThan(15);
  });

  it('tells an adult complaining for someone else that some details may stay private', () => {
    expect(formatAcknowledgementEmail(parent, council, t).text).toContain('we may not be able to share every detail with you');
    expect(formatAcknowledgementEmail(child, council, t).text).not.toContain('we may not be able to share every detail with you');
  });

  it('gives the council’s contacts and the Ombudsman', () => {
    const { text } = formatAcknowledgementEmail(parent, council, t);
    expectInOrder(text, [
      'Contact us',
      'Phone: 01632 960000 (Monday to Friday, 9am to 5pm)',
      'Email: childrens.complaints@example.gov.uk',
      'British Sign Language: ',
      "Post: Children's Complaints Team",
      'Local Government and Social Care Ombudsman',
      'Phone: 0300 061 0614',
      'Website: https://www.lgo.org.uk',
      'You cannot reply to this email.',
    ]);
  });

  it('tells a young person who asked for an advocate that the provider will get in touch, by the date the provider was given', () => {
    const { text } = formatAcknowledgementEmail(child, council, t);
    const referral = toComplaintAdvocacyReferral(child, council)!;
    expect(referral.screening.contactBy).toBe('2026-11-25');
    expect(text).toContain(
      'You asked for an advocate. Your advocate will be from National Youth Advocacy Service (NYAS). They will get in touch with you by Wednesday 25 November 2026.',
    );
  });

  it('promises the advocate in the same words as the confirmation page', () => {
    const { text } = formatAcknowledgementEmail(child, council, t);
    const page = createTestCopy(council).t('complaint.confirmation.help.advocateAsked', { date: 'Wednesday 25 November 2026' }).replace(/\*\*/g, '');
    expect(text).toContain(page);
  });

  it.each([
    // Not sure: offered, not promised.
    ['not sure', 'not_sure'],
    ['no', 'no'],
  ] as const)('offers an advocate, without promising one, to a young person who said %s', (_what, wantsAdvocate) => {
    const { text } = formatAcknowledgementEmail(withChanges(child, { answers: { wantsAdvocate } }), council, t);
    expect(text).not.toContain('You asked for an advocate');
    expect(text).not.toContain('will get in touch with you by Wednesday 25 November 2026');
    expect(text).toContain('An advocate is someone on your side.');
  });

  it.each([
    // 15 when they sent it: a child.
    ['a 15-year-old', child, true],
    // 17 by their date of birth.
    ['a 17-year-old', withChanges(child, { answers: { children: [{ name: 'Jordan Smith', dateOfBirth: '2009-01-01', responsibleCouncil: 'this' }] } }), true],
    // Turned 18 the day before.
    ['an 18-year-old', withChanges(child, { answers: { children: [{ name: 'Jordan Smith', dateOfBirth: '2008-11-20', responsibleCouncil: 'this' }] } }), false],
    // A care leaver of 21 takes the child's path but is not a child.
    [
      'a care leaver of 21',
      withChanges(child, { answers: { role: 'care_leaver', children: [{ name: 'Jordan Smith', age: 21, responsibleCouncil: 'this' }] } }),
      false,
    ],
    // An adult complaining for a child.
    ['a parent', parent, false],
  ] as const)('offers Childline only to under-18s (%s)', (_who, record, offered) => {
    expect(formatAcknowledgementEmail(record, council, t).text.includes('You can talk to Childline on 0800 1111')).toBe(offered);
  });

  it('says the same words in the plain text and the HTML', () => {
    const email = formatAcknowledgementEmail(child, council, t);
    expect(wordsOf(toVisibleText(email.html))).toEqual(wordsOf(email.text));
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import { formatSafeguardingEmail, formatTeamEmail } from '../../../../src/domain/email/complaint.ts';
import type { OutgoingEmail } from '../../../../src/domain/email/envelope.ts';
import { toComplaintAdvocacyReferral } from '../../../../src/domain/advocacy.ts';
import { formatAdvocacyAcknowledgementEmail, formatAdvocacyReferralEmail, formatAdvocacyTeamEmail } from '../../../../src/domain/email/advocacy.ts';
import { formatEscalationAcknowledgementEmail, formatEscalationTeamEmail } from '../../../../src/domain/email/escalation.ts';
import { formatFeedbackTeamEmail } from '../../../../src/domain/email/feedback.ts';
import { toAdvocacyMessages, toEscalationMessages, toFeedbackMessages, toOutgoingMessages } from '../../../../src/domain/email/outgoing.ts';
import { formatRequestSafeguardingEmail } from '../../../../src/domain/email/request-safeguarding.ts';
import type { MessageKind, OutgoingMessage } from '../../../../src/server/store/types.ts';
import { caseRecordEntries, caseRecords, createCaseRecordCopy, withChanges } from '../../../fixtures/case-records.ts';
import { createAdvocacy, createEscalation, createFeedback, testMailboxes } from '../../../fixtures/requests.ts';
import { exampleCouncil, testCouncil } from '../../../helpers/councils.ts';
import { toVisibleText, wordsOf } from '../../../helpers/email-text.ts';

const council = exampleCouncil();
const t = createCaseRecordCopy(council);
const test = testCouncil();
const tTest = createCaseRecordCopy(test);

const parent = caseRecords['parent, statutory, in time'];
const child = caseRecords['child with safeguarding and advocacy'];

describe('toOutgoingMessages', () => {
  it.each([
    ['parent, statutory, in time', ['team', 'acknowledgement']],
    // The child asked for an advocate: the provider is sent the referral.
    ['child with safeguarding and advocacy', ['team', 'advocacy_referral', 'safeguarding']],
    ['split, out of time, not safe by post', ['team']],
    ['hostile text', ['team', 'acknowledgement']],
  ] as const)('sends "%s" as %j', (name, kinds) => {
    expect(toOutgoingMessages(caseRecords[name], council, testMailboxes, t).map((m) => m.kind)).toEqual(kinds);
  });

  it('addresses each message to its mailbox, from the given sender', () => {
    const all = [...toOutgoingMessages(child, council, testMailboxes, t), ...toOutgoingMessages(parent, council, testMailboxes, t)];
    expect(all.map((m) => [m.kind, m.to])).toEqual([
      ['team', 'team@example.gov.uk'],
      ['advocacy_referral', 'referrals@advocacy.example.org'],
      ['safeguarding', 'safeguarding@example.gov.uk'],
      ['team', 'team@example.gov.uk'],
      ['acknowledgement', 'sam.taylor@example.com'],
    ]);
    for (const message of all) expect(message.from).toBe(testMailboxes.from);
  });

  it('carries the formatted emails unchanged', () => {
    const [team, , safeguarding] = toOutgoingMessages(child, council, testMailboxes, t);
    const formatted = formatTeamEmail(child, council, t);
    expect(team).toMatchObject({ subject: formatted.subject, text: formatted.text, html: formatted.html, attachments: formatted.attachments });
    expect(safeguarding).toMatchObject({ subject: formatSafeguardingEmail(child, council, t).subject, attachments: [] });
  });

  it('takes the Message-ID domain from the council', () => {
    expect(toOutgoingMessages(parent, test, testMailboxes, tTest)[0]!.messageId).toBe('<CSC-7K4M-2P9X.team@complaints.testshire.example.org>');
  });

  it('gives each message a Message-ID that is the same every time for that case and kind', () => {
    const first = toOutgoingMessages(child, council, testMailboxes, t).map((m) => m.messageId);
    const again = toOutgoingMessages(child, council, testMailboxes, t).map((m) => m.messageId);
    expect(first).toEqual([
      '<CSC-3HJT-8W4Q.team@complaints.example.gov.uk>',
      '<CSC-3HJT-8W4Q.advocacy_referral@complaints.example.gov.uk>',
      '<CSC-3HJT-8W4Q.safeguarding@complaints.example.gov.uk>',
    ]);
    expect(again).toEqual(first);
  });

  it('adds the reference header to every message and marks safeguarding messages as important', () => {
    const messages = [child, parent].flatMap((record) =>
      toOutgoingMessages(record, council, testMailboxes, t).map((message) => ({ reference: record.reference, message })),
    );
    for (const { reference, message } of messages) {
      expect(message.headers['X-Complaint-Reference']).toBe(reference);
      expect(message.headers['Auto-Submitted']).toBe('auto-generated');
    }
    expect(messages.map(({ message }) => [message.kind, message.headers['Importance'] ?? null])).toEqual([
      ['team', 'high'],
      ['advocacy_referral', 'high'],
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
    const messages = toOutgoingMessages(record, council, { ...testMailboxes, from: 'No reply\r\nBcc: y@example.com <a@example.com>' }, t);
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      for (const value of [message.to, message.from, message.subject, message.messageId, ...Object.values(message.headers)]) {
        expect(value).not.toMatch(/[\r\n]/);
      }
    }
  });

  it('builds subjects only from the reference, route, dates and fixed words', () => {
    for (const [, record] of caseRecordEntries) {
      for (const message of toOutgoingMessages(
        withChanges(record, { contact: { email: 'a@example.com', safeToContact: 'yes', wantsAcknowledgement: true }, screening: { flags: ['safeguarding'] } }),
        council,
        testMailboxes,
        t,
      )) {
        expect(message.subject).toMatch(/^[A-Za-z0-9 '–-]+$/);
      }
    }
  });

  it('has the shape the outbox stores', () => {
    expectTypeOf<OutgoingEmail>().toExtend<OutgoingMessage>();
  });

  it('sends a child who asked for an advocate the same referral the advocacy form sends, to the provider’s mailbox', () => {
    const referral = toOutgoingMessages(child, council, testMailboxes, t).find((m) => m.kind === 'advocacy_referral');
    const expected = formatAdvocacyReferralEmail(toComplaintAdvocacyReferral(child, council)!, council, t);
    expect(referral).toMatchObject({ to: council.contacts.advocacy.referralEmail, subject: expected.subject, text: expected.text, html: expected.html });
    expect(referral?.subject).toBe(
      'SAFEGUARDING – Advocacy referral CSC-3HJT-8W4Q from Example Council – complaint made – contact by Wednesday 25 November 2026',
    );
    expect(referral?.headers['X-Complaint-Reference']).toBe('CSC-3HJT-8W4Q');
  });

  it.each([
    // Not sure: they are offered an advocate, not referred.
    ['not sure', withChanges(child, { answers: { wantsAdvocate: 'not_sure' } }), council, t],
    // No.
    ['no', withChanges(child, { answers: { wantsAdvocate: 'no' } }), council, t],
    // An adult is not covered by the advocacy duty, whatever the record says.
    ['an adult', withChanges(child, { answers: { role: 'parent', wantsAdvocate: 'yes' } }), council, t],
    // The provider has no referral mailbox: the team's email says to refer by hand.
    ['no referral mailbox', child, test, tTest],
  ] as const)('sends no referral when %s', (_what, record, c, tr) => {
    expect(toOutgoingMessages(record, c, testMailboxes, tr).map((m) => m.kind)).not.toContain('advocacy_referral');
  });
});

const allEmails = () =>
  [
    [
      'stage 2 team',
      formatEscalationTeamEmail(
        createEscalation(
          { worriedAtCheck: true, referenceKnown: false },
          { safeToContact: 'no', safeContactDetails: 'Write to my sister' },
          '2027-02-01T10:00:00Z',
        ),
        council,
        t,
      ),
    ],
    ['stage 3 acknowledgement', formatEscalationAcknowledgementEmail(createEscalation({ stage: 3 }), council, t)],
    ['advocacy team', formatAdvocacyTeamEmail(createAdvocacy({ worriedAtCheck: true }), council, t)],
    ['advocacy referral', formatAdvocacyReferralEmail(createAdvocacy({ worriedAtCheck: true }), council, t)],
    ['advocacy referral from a complaint', formatAdvocacyReferralEmail(toComplaintAdvocacyReferral(child, council)!, council, t)],
    ['advocacy acknowledgement', formatAdvocacyAcknowledgementEmail(createAdvocacy(), council, t)],
    ['request safeguarding copy', formatRequestSafeguardingEmail(createAdvocacy({ worriedAtCheck: true }), council, t)],
    ['feedback team', formatFeedbackTeamEmail(createFeedback({ reply: { name: 'Chris', phone: '07700 900456' } }), t)],
  ] as const;

describe('the three kinds of email', () => {
  it.each(allEmails())('say the same words in the plain text and the HTML (%s)', (_, email) => {
    expect(wordsOf(toVisibleText(email.html))).toEqual(wordsOf(email.text));
  });

  it.each(allEmails())('have no line break in the subject (%s)', (_, email) => {
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('toEscalationMessages', () => {
  const kinds = (messages: OutgoingEmail[]) => messages.map((m) => [m.kind, m.to]);

  it.each([
    // Asked for an acknowledgement, email given, safe: it is sent.
    [
      'an acknowledgement when asked for and safe',
      createEscalation(),
      [
        ['team', testMailboxes.complaintsTeam],
        ['acknowledgement', 'sam.taylor@example.com'],
      ],
    ],
    // Safe only with care: no acknowledgement.
    ['no acknowledgement when contact needs care', createEscalation({}, { safeToContact: 'with_care' }), [['team', testMailboxes.complaintsTeam]]],
    // Not asked for.
    ['no acknowledgement when not asked for', createEscalation({}, { wantsAcknowledgement: false }), [['team', testMailboxes.complaintsTeam]]],
    // Someone at risk: the safeguarding copy.
    [
      'a safeguarding copy when someone is at risk',
      createEscalation({ worriedAtCheck: true }, { email: undefined }),
      [
        ['team', testMailboxes.complaintsTeam],
        ['safeguarding', testMailboxes.safeguarding],
      ],
    ],
  ] as const)('sends %s', (_, record, expected) => {
    expect(kinds(toEscalationMessages(record, council, testMailboxes, t))).toEqual(expected);
  });

  it('gives each message a stable Message-ID, the reference header and the case kind', () => {
    const [team, ack] = toEscalationMessages(createEscalation(), council, testMailboxes, t);
    expect(team?.messageId).toBe('<CSC-A3N6-FHFY.team@complaints.example.gov.uk>');
    expect(ack?.messageId).toBe('<CSC-A3N6-FHFY.acknowledgement@complaints.example.gov.uk>');
    expect(team?.headers).toEqual({ 'X-Complaint-Reference': 'CSC-A3N6-FHFY', 'X-Case-Kind': 'escalation', 'Auto-Submitted': 'auto-generated' });
    expect(team?.from).toBe(testMailboxes.from);
  });

  it('marks the team and safeguarding emails important when someone is at risk', () => {
    const messages = toEscalationMessages(createEscalation({ worriedAtCheck: true }), council, testMailboxes, t);
    expect(messages.map((m) => m.headers['Importance'] ?? null)).toEqual(['high', 'high', null]);
  });

  it('never lets a line break into a header, even from a bad address or reference', () => {
    const record = {
      ...createEscalation({ worriedAtCheck: true }, { email: 'sam@example.com\r\nBcc: x@example.com' }),
      reference: 'CSC-1\r\nBcc: y@example.com',
    };
    const messages = toEscalationMessages(record, council, { ...testMailboxes, from: 'No reply\r\nBcc: z@example.com <a@example.com>' }, t);
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      for (const value of [message.to, message.from, message.subject, message.messageId, ...Object.values(message.headers)])
        expect(value).not.toMatch(/[\r\n]/);
    }
  });
});

describe('toAdvocacyMessages', () => {
  it('sends the team email, the referral to the provider’s mailbox and the acknowledgement', () => {
    const messages = toAdvocacyMessages(createAdvocacy(), council, testMailboxes, t);
    expect(messages.map((m) => [m.kind, m.to])).toEqual([
      ['team', testMailboxes.complaintsTeam],
      ['advocacy_referral', council.contacts.advocacy.referralEmail],
      ['acknowledgement', 'pat@example.com'],
    ]);
    expect(messages.every((m) => m.subject.includes('ADV-G5VH-XYTK'))).toBe(true);
  });

  it('sends no referral when the council names no referral mailbox', () => {
    expect(toAdvocacyMessages(createAdvocacy({}, {}, test), test, testMailboxes, tTest).map((m) => m.kind)).toEqual(['team', 'acknowledgement']);
  });

  it('copies the safeguarding mailbox when someone is at risk', () => {
    const messages = toAdvocacyMessages(createAdvocacy({ worriedAtCheck: true }, { wantsAcknowledgement: false }), council, testMailboxes, t);
    expect(messages.map((m) => m.kind)).toEqual(['team', 'advocacy_referral', 'safeguarding']);
    expect(messages.map((m) => m.headers['Importance'] ?? null)).toEqual(['high', 'high', 'high']);
  });

  it('uses only the outbox’s message kinds', () => {
    const storeKinds: MessageKind[] = ['team', 'safeguarding', 'acknowledgement', 'advocacy_referral', 'alert'];
    const messages = [
      ...toAdvocacyMessages(createAdvocacy({ worriedAtCheck: true }), council, testMailboxes, t),
      ...toEscalationMessages(createEscalation({ worriedAtCheck: true }), council, testMailboxes, t),
    ];
    for (const message of messages) expect(storeKinds).toContain(message.kind);
  });
});

describe('toFeedbackMessages', () => {
  it('sends only the team’s email, even when a reply is wanted by email', () => {
    const messages = toFeedbackMessages(createFeedback({ reply: { name: 'Chris', email: 'chris@example.com' } }), council, testMailboxes, t);
    expect(messages.map((m) => [m.kind, m.to])).toEqual([['team', testMailboxes.complaintsTeam]]);
    expect(messages[0]?.messageId).toBe('<FB-3XQA-Z2AZ.team@complaints.example.gov.uk>');
    expect(messages[0]?.headers['X-Case-Kind']).toBe('feedback');
  });
});

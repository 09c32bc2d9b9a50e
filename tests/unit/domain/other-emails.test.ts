import { describe, expect, it } from 'vitest';
import { screenAdvocacyRequest, type AdvocacyRecord, type AdvocacyRequest } from '../../../src/domain/advocacy.ts';
import type { ContactDetails } from '../../../src/domain/answers.ts';
import type { Council } from '../../../src/domain/council.ts';
import { screenEscalation, type EscalationRecord, type EscalationRequest } from '../../../src/domain/escalation.ts';
import type { FeedbackRecord } from '../../../src/domain/feedback.ts';
import {
  formatAdvocacyAcknowledgementEmail,
  formatAdvocacyReferralEmail,
  formatAdvocacyTeamEmail,
  formatEscalationAcknowledgementEmail,
  formatEscalationTeamEmail,
  formatFeedbackTeamEmail,
  formatRequestSafeguardingEmail,
  toAdvocacyMessages,
  toEscalationMessages,
  toFeedbackMessages,
  type OtherOutgoingEmail,
} from '../../../src/domain/other-emails.ts';
import type { MessageKind } from '../../../src/server/store/types.ts';
import { exampleCouncil, testCouncil } from '../../helpers/councils.ts';

const council = exampleCouncil();
const mailboxes = {
  complaintsTeam: 'team@example.gov.uk',
  safeguarding: 'safeguarding@example.gov.uk',
  from: 'Example Council complaints <no-reply@complaints.example.gov.uk>',
};

/** Text a person might type to break HTML or a header. */
const hostile = '<script>alert("x")</script> & <b>bold</b>\r\nBcc: everyone@example.com';

const contactFor = (changes: Partial<ContactDetails> = {}): ContactDetails => ({
  name: 'Sam Taylor',
  email: 'sam.taylor@example.com',
  safeToContact: 'yes',
  communicationNeeds: [],
  wantsAcknowledgement: true,
  ...changes,
});

function createEscalation(changes: Partial<EscalationRequest> = {}, contact: Partial<ContactDetails> = {}, instant = '2027-01-05T10:00:00Z', c: Council = council): EscalationRecord {
  const request: EscalationRequest = {
    stage: 2,
    originalReference: 'CSC-7AFQ-VEYZ',
    referenceKnown: true,
    replyReceived: '2026-12-17',
    whyUnhappy: 'The reply ignored the missed visits.',
    outcomeWanted: 'An independent investigation.',
    worriedAtCheck: false,
    ...changes,
  };
  return {
    kind: 'escalation',
    reference: 'CSC-A3N6-FHFY',
    councilSlug: c.slug,
    request,
    contact: contactFor(contact),
    screening: screenEscalation({ request, council: c, requestedAt: new Date(instant) }),
    answerRows: [
      { section: 'Your complaint', question: 'What is your complaint reference number?', answer: request.originalReference },
      { section: 'Your request', question: 'Why are you still unhappy?', answer: request.whyUnhappy },
      { section: 'Your request', question: 'What would put things right?', answer: request.outcomeWanted },
    ],
  };
}

function createAdvocacy(changes: Partial<AdvocacyRequest> = {}, contact: Partial<ContactDetails> = {}, c: Council = council): AdvocacyRecord {
  const request: AdvocacyRequest = {
    requester: 'adult',
    childAgreement: 'not_asked',
    relationship: 'Aunt',
    complaintMade: false,
    child: { name: 'Jo Bloggs', age: 11, responsibleCouncil: 'this' },
    notes: 'Jo likes to talk after school.',
    worriedAtCheck: false,
    ...changes,
  };
  return {
    kind: 'advocacy',
    reference: 'ADV-G5VH-XYTK',
    councilSlug: c.slug,
    request,
    contact: contactFor({ name: 'Pat Bloggs', email: 'pat@example.com', ...contact }),
    screening: screenAdvocacyRequest({ request, council: c, submittedAt: new Date('2026-11-22T15:00:00Z') }),
    answerRows: [
      { section: 'About the child', question: "Child's full name", answer: request.child.name },
      { section: 'For the advocate', question: 'Is there anything the advocate should know? (optional)', answer: request.notes ?? '' },
    ],
  };
}

function createFeedback(changes: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    kind: 'feedback',
    reference: 'FB-3XQA-Z2AZ',
    councilSlug: council.slug,
    feedbackKind: 'compliment',
    message: 'Our social worker Ann was brilliant.',
    submittedAt: '2026-11-22T15:00:00.000Z',
    submittedDate: '2026-11-22',
    answerRows: [{ section: 'Your feedback', question: 'What do you want to tell us?', answer: 'Our social worker Ann was brilliant.' }],
    ...changes,
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

const allEmails = () => [
  ['stage 2 team', formatEscalationTeamEmail(createEscalation({ worriedAtCheck: true, referenceKnown: false }, { safeToContact: 'no', safeContactDetails: 'Write to my sister' }, '2027-02-01T10:00:00Z'), council)],
  ['stage 3 acknowledgement', formatEscalationAcknowledgementEmail(createEscalation({ stage: 3 }), council)],
  ['advocacy team', formatAdvocacyTeamEmail(createAdvocacy({ worriedAtCheck: true }), council)],
  ['advocacy referral', formatAdvocacyReferralEmail(createAdvocacy({ worriedAtCheck: true }), council)],
  ['advocacy acknowledgement', formatAdvocacyAcknowledgementEmail(createAdvocacy(), council)],
  ['request safeguarding copy', formatRequestSafeguardingEmail(createAdvocacy({ worriedAtCheck: true }), council)],
  ['feedback team', formatFeedbackTeamEmail(createFeedback({ reply: { name: 'Chris', phone: '07700 900456' } }), council)],
] as const;

describe('formatEscalationTeamEmail', () => {
  it.each([
    // In time, known reference.
    ['in time', createEscalation(), 'Stage 2 request for complaint CSC-7AFQ-VEYZ – request CSC-A3N6-FHFY'],
    // The day after the window closed.
    ['late', createEscalation({}, {}, '2027-01-20T09:00:00Z'), 'Stage 2 request for complaint CSC-7AFQ-VEYZ – late – request CSC-A3N6-FHFY'],
    // Stage 3, late, reference not found, and someone at risk.
    [
      'everything',
      createEscalation({ stage: 3, referenceKnown: false, worriedAtCheck: true }, {}, '2027-01-20T09:00:00Z'),
      'SAFEGUARDING – Stage 3 request for complaint CSC-7AFQ-VEYZ – late – reference not found – request CSC-A3N6-FHFY',
    ],
  ])('writes the subject of a %s request', (_, record, subject) => {
    expect(formatEscalationTeamEmail(record, council).subject).toBe(subject);
  });

  it.each([
    // Text after a good reference, trying to add a header.
    [`CSC-7AFQ-VEYZ ${hostile}`],
    // A good reference, but not as the reference check writes it.
    ['csc 7afq veyz'],
  ])('keeps a reference that is not in canonical form out of the subject (%j)', (originalReference) => {
    const record = createEscalation({ originalReference });
    const { subject } = formatEscalationTeamEmail(record, council);
    expect(subject).toBe('Stage 2 request for complaint (reference in the email) – request CSC-A3N6-FHFY');
  });

  it('shows the window, how late the request is and the next deadlines', () => {
    const { text } = formatEscalationTeamEmail(createEscalation({}, {}, '2027-01-26T10:00:00Z'), council);
    expect(text).toContain('Window to ask ended: Tuesday 19 January 2027 (20 working days after the stage 1 reply)');
    expect(text).toContain('In time?: LATE: received 5 working days after the window closed');
    expect(text).toContain('- LATE REQUEST\n  The window to ask ended on Tuesday 19 January 2027');
    expect(text).toContain('Acknowledgement due: Friday 29 January 2027 (3 working days after receipt)');
    expect(text).toContain('Stage 2 investigation reply due: Tuesday 2 March 2027 (25 working days after receipt)');
    expect(text).toContain('Latest stage 2 reply if the investigation is extended:');
  });

  it('says an in-time request is in time and raises no flags', () => {
    const { text } = formatEscalationTeamEmail(createEscalation(), council);
    expect(text).toContain('In time?: In time');
    expect(text).toContain('- Safeguarding\n  Not raised in the form.\n- No other flags.');
    expect(text).not.toContain('LATE');
  });

  it('tells staff to find a complaint whose reference was not made online', () => {
    const { text } = formatEscalationTeamEmail(createEscalation({ referenceKnown: false }), council);
    expect(text).toContain('Complaint reference: CSC-7AFQ-VEYZ\n  Not found among complaints made online (see Triage)');
    expect(text).toContain('- Reference not found\n  No case with reference CSC-7AFQ-VEYZ was made through this online service.');
  });

  it('puts the safeguarding alert first when someone is at risk', () => {
    const { text } = formatEscalationTeamEmail(createEscalation({ worriedAtCheck: true }), council);
    expect(text.startsWith(`${'*'.repeat(60)}\n*** SAFEGUARDING ***`)).toBe(true);
    expect(text).toContain(council.contacts.frontDoor.phone);
  });

  it('warns before the contact details when contact is not safe as given', () => {
    const { text } = formatEscalationTeamEmail(createEscalation({}, { safeToContact: 'no', safeContactDetails: 'Write to my sister' }), council);
    const alert = text.indexOf('*** NOT SAFE TO CONTACT AS GIVEN ***');
    expect(alert).toBeGreaterThan(-1);
    expect(text.indexOf('Email: sam.taylor@example.com')).toBeGreaterThan(alert);
    expect(text).toContain('Their words: "Write to my sister"');
  });

  it('lists the answers in the order they were given', () => {
    const { text } = formatEscalationTeamEmail(createEscalation(), council);
    const at = (s: string) => text.indexOf(s);
    expect(at('What is your complaint reference number?')).toBeLessThan(at('Why are you still unhappy?'));
    expect(at('Why are you still unhappy?\nThe reply ignored the missed visits.')).toBeLessThan(at('What would put things right?\nAn independent investigation.'));
  });

  it('escapes what a person typed in the HTML part', () => {
    const record = createEscalation({ whyUnhappy: hostile });
    record.answerRows[1] = { section: 'Your request', question: 'Why are you still unhappy?', answer: hostile };
    const { html, text } = formatEscalationTeamEmail(record, council);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(text).toContain('<script>alert("x")</script>');
  });
});

describe('formatEscalationAcknowledgementEmail', () => {
  it('gives both references and the stage 2 dates, and nothing the person wrote', () => {
    const record = createEscalation({ whyUnhappy: 'Secret reason nobody else should read' });
    const { subject, text, html } = formatEscalationAcknowledgementEmail(record, council);
    expect(subject).toBe('We have received your stage 2 request – reference CSC-A3N6-FHFY');
    expect(text).toContain('Your reference for this request: CSC-A3N6-FHFY');
    expect(text).toContain('Your complaint reference: CSC-7AFQ-VEYZ');
    expect(text).toContain('We will contact you by Friday 8 January 2027');
    expect(text).toContain('The investigation should be finished by');
    for (const part of [text, html]) {
      expect(part).not.toContain('Secret reason');
      expect(part).not.toContain('An independent investigation');
    }
  });

  it('never says a late request is late', () => {
    const { text, subject } = formatEscalationAcknowledgementEmail(createEscalation({}, {}, '2027-03-01T10:00:00Z'), council);
    expect(`${subject}\n${text}`).not.toMatch(/late/i);
  });

  it('gives the panel and final response dates for stage 3', () => {
    const { subject, text } = formatEscalationAcknowledgementEmail(createEscalation({ stage: 3 }), council);
    expect(subject).toBe('We have received your stage 3 request – reference CSC-A3N6-FHFY');
    expect(text).toContain('The review panel should meet by Tuesday 16 February 2027.');
    expect(text).toContain('You should get our final response by');
    expect(text).toContain(council.contacts.ombudsman.name);
  });
});

describe('formatAdvocacyTeamEmail', () => {
  it('writes the subject from the reference, whether a complaint was made and the contact-by date', () => {
    expect(formatAdvocacyTeamEmail(createAdvocacy(), council).subject).toBe('Request for an advocate ADV-G5VH-XYTK – no complaint yet – contact by Wednesday 25 November 2026');
    expect(formatAdvocacyTeamEmail(createAdvocacy({ complaintMade: true, worriedAtCheck: true }), council).subject).toBe(
      'SAFEGUARDING – Request for an advocate ADV-G5VH-XYTK – complaint made – contact by Wednesday 25 November 2026',
    );
  });

  it('says the referral went to the provider’s mailbox when the council names one', () => {
    const { text } = formatAdvocacyTeamEmail(createAdvocacy(), council);
    expect(text).toContain(`- Referral\n  Sent to ${council.contacts.advocacy.name} at ${council.contacts.advocacy.referralEmail}, with this reference.`);
  });

  it('tells staff to refer by hand when there is no referral mailbox', () => {
    const test = testCouncil();
    const { text } = formatAdvocacyTeamEmail(createAdvocacy({}, {}, test), test);
    expect(text).toContain(`- REFER BY HAND\n  There is no referral mailbox for ${test.contacts.advocacy.name}.`);
    expect(text).toContain('3 working days after receipt');
  });

  it('records the child’s agreement, the relationship and the child', () => {
    const { text } = formatAdvocacyTeamEmail(createAdvocacy({ childAgreement: 'no' }), council);
    expect(text).toContain('Does the child know and agree?: No, the child does not agree');
    expect(text).toContain('- Child does not agree');
    expect(text).toContain('Relationship to the child: Aunt');
    expect(text).toContain('Name or initials: Jo Bloggs\nAge: 11\nResponsible council: This council');
    expect(text).toContain('Complaint made?: Not yet: this request stands on its own');
  });
});

describe('formatAdvocacyReferralEmail', () => {
  it('asks the provider to get in touch by the date and to check with the child first', () => {
    const { subject, text } = formatAdvocacyReferralEmail(createAdvocacy({ childAgreement: 'too_young' }), council);
    expect(subject).toBe('Advocacy referral ADV-G5VH-XYTK from Example Council – no complaint yet – contact by Wednesday 25 November 2026');
    expect(text).toContain('Please get in touch by Wednesday 25 November 2026 (2 working days after it was received).');
    expect(text).toContain('*** CHECK WITH THE CHILD FIRST ***\nThe adult asking told us: the child is too young to ask.');
    expect(text).toContain('Anything the advocate should know\nJo likes to talk after school.');
  });

  it('has no check-with-the-child warning when the child agrees or is asking', () => {
    expect(formatAdvocacyReferralEmail(createAdvocacy({ childAgreement: 'yes' }), council).text).not.toContain('CHECK WITH THE CHILD');
    expect(formatAdvocacyReferralEmail(createAdvocacy({ requester: 'child' }), council).text).not.toContain('CHECK WITH THE CHILD');
  });

  it('passes on how to reach the person safely', () => {
    const { text } = formatAdvocacyReferralEmail(createAdvocacy({}, { safeToContact: 'with_care', safeContactDetails: 'Only after 4pm' }), council);
    expect(text).toContain('*** CONTACT WITH CARE ***');
    expect(text).toContain('Safe contact instructions: Only after 4pm');
  });
});

describe('formatAdvocacyAcknowledgementEmail', () => {
  it('never names the child or repeats what was written', () => {
    const { text, html, subject } = formatAdvocacyAcknowledgementEmail(createAdvocacy(), council);
    expect(subject).toBe('We have received your request for an advocate – reference ADV-G5VH-XYTK');
    for (const part of [subject, text, html]) {
      expect(part).not.toContain('Jo');
      expect(part).not.toContain('Bloggs');
      expect(part).not.toContain('after school');
    }
    expect(text).toContain(`${council.contacts.advocacy.name} will get in touch by Wednesday 25 November 2026.`);
  });

  it('speaks to a young person as "you"', () => {
    const { text } = formatAdvocacyAcknowledgementEmail(createAdvocacy({ requester: 'child' }), council);
    expect(text).toContain('Thank you. We have got your request for an advocate.');
    expect(text).toContain(`${council.contacts.advocacy.name} will get in touch with you by Wednesday 25 November 2026.`);
  });
});

describe('formatRequestSafeguardingEmail', () => {
  it.each([
    ['a stage 2 request', createEscalation({ worriedAtCheck: true }), 'SAFEGUARDING – stage 2 request CSC-A3N6-FHFY – please review today'],
    ['a request for an advocate', createAdvocacy({ worriedAtCheck: true }), 'SAFEGUARDING – request for an advocate ADV-G5VH-XYTK – please review today'],
  ])('names %s in the subject', (_, record, subject) => {
    expect(formatRequestSafeguardingEmail(record, council).subject).toBe(subject);
  });

  it('gives the front door and out-of-hours numbers', () => {
    const { text } = formatRequestSafeguardingEmail(createEscalation({ worriedAtCheck: true }), council);
    expect(text).toContain(council.contacts.frontDoor.phone);
    expect(text).toContain(council.contacts.outOfHours.phone);
    expect(text).toContain('Complaint reference: CSC-7AFQ-VEYZ');
  });
});

describe('formatFeedbackTeamEmail', () => {
  it.each([
    ['compliment' as const, undefined, "Compliment for children's social care – FB-3XQA-Z2AZ"],
    ['suggestion' as const, undefined, "Suggestion for children's social care – FB-3XQA-Z2AZ"],
    ['feedback' as const, { name: 'Chris', email: 'chris@example.com' }, "Feedback about children's social care – FB-3XQA-Z2AZ – reply wanted"],
  ])('writes the subject of a %s', (feedbackKind, reply, subject) => {
    expect(formatFeedbackTeamEmail(createFeedback({ feedbackKind, ...(reply ? { reply } : {}) }), council).subject).toBe(subject);
  });

  it('has no complaint timeline, route or flags', () => {
    const { text } = formatFeedbackTeamEmail(createFeedback(), council);
    expect(text).toContain('It is not a complaint, so there is no complaint timeline.');
    for (const word of ['Acknowledge by', 'Provisional route', 'Stage 1', 'working days', 'Triage']) expect(text).not.toContain(word);
  });

  it('says how to reply only when a reply is wanted', () => {
    expect(formatFeedbackTeamEmail(createFeedback(), council).text).toContain('Reply wanted: No');
    const { text } = formatFeedbackTeamEmail(createFeedback({ reply: { name: 'Chris', email: 'chris@example.com', phone: '07700 900456' } }), council);
    expect(text).toContain('Reply wanted: Yes, by email or phone');
    expect(text).toContain('Reply to\n========\n\nName: Chris\nEmail: chris@example.com\nPhone: 07700 900456');
  });
});

describe('the three kinds of email', () => {
  it.each(allEmails())('say the same words in the plain text and the HTML (%s)', (_, email) => {
    expect(wordsOf(toVisibleText(email.html))).toEqual(wordsOf(email.text));
  });

  it.each(allEmails())('have no line break in the subject (%s)', (_, email) => {
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('toEscalationMessages', () => {
  const kinds = (messages: OtherOutgoingEmail[]) => messages.map((m) => [m.kind, m.to]);

  it.each([
    // Asked for an acknowledgement, email given, safe: it is sent.
    ['an acknowledgement when asked for and safe', createEscalation(), [['team', mailboxes.complaintsTeam], ['acknowledgement', 'sam.taylor@example.com']]],
    // Safe only with care: no acknowledgement.
    ['no acknowledgement when contact needs care', createEscalation({}, { safeToContact: 'with_care' }), [['team', mailboxes.complaintsTeam]]],
    // Not asked for.
    ['no acknowledgement when not asked for', createEscalation({}, { wantsAcknowledgement: false }), [['team', mailboxes.complaintsTeam]]],
    // Someone at risk: the safeguarding copy.
    [
      'a safeguarding copy when someone is at risk',
      createEscalation({ worriedAtCheck: true }, { email: undefined }),
      [['team', mailboxes.complaintsTeam], ['safeguarding', mailboxes.safeguarding]],
    ],
  ] as const)('sends %s', (_, record, expected) => {
    expect(kinds(toEscalationMessages(record, council, mailboxes))).toEqual(expected);
  });

  it('gives each message a stable Message-ID, the reference header and the case kind', () => {
    const [team, ack] = toEscalationMessages(createEscalation(), council, mailboxes);
    expect(team?.messageId).toBe('<CSC-A3N6-FHFY.team@complaints.example.gov.uk>');
    expect(ack?.messageId).toBe('<CSC-A3N6-FHFY.acknowledgement@complaints.example.gov.uk>');
    expect(team?.headers).toEqual({ 'X-Complaint-Reference': 'CSC-A3N6-FHFY', 'X-Case-Kind': 'escalation', 'Auto-Submitted': 'auto-generated' });
    expect(team?.from).toBe(mailboxes.from);
  });

  it('marks the team and safeguarding emails important when someone is at risk', () => {
    const messages = toEscalationMessages(createEscalation({ worriedAtCheck: true }), council, mailboxes);
    expect(messages.map((m) => m.headers['Importance'] ?? null)).toEqual(['high', 'high', null]);
  });

  it('never lets a line break into a header, even from a bad address or reference', () => {
    const record = { ...createEscalation({ worriedAtCheck: true }, { email: 'sam@example.com\r\nBcc: x@example.com' }), reference: 'CSC-1\r\nBcc: y@example.com' };
    const messages = toEscalationMessages(record, council, { ...mailboxes, from: 'No reply\r\nBcc: z@example.com <a@example.com>' });
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      for (const value of [message.to, message.from, message.subject, message.messageId, ...Object.values(message.headers)]) expect(value).not.toMatch(/[\r\n]/);
    }
  });
});

describe('toAdvocacyMessages', () => {
  it('sends the team email, the referral to the provider’s mailbox and the acknowledgement', () => {
    const messages = toAdvocacyMessages(createAdvocacy(), council, mailboxes);
    expect(messages.map((m) => [m.kind, m.to])).toEqual([
      ['team', mailboxes.complaintsTeam],
      ['advocacy_referral', council.contacts.advocacy.referralEmail],
      ['acknowledgement', 'pat@example.com'],
    ]);
    expect(messages.every((m) => m.subject.includes('ADV-G5VH-XYTK'))).toBe(true);
  });

  it('sends no referral when the council names no referral mailbox', () => {
    const test = testCouncil();
    expect(toAdvocacyMessages(createAdvocacy({}, {}, test), test, mailboxes).map((m) => m.kind)).toEqual(['team', 'acknowledgement']);
  });

  it('copies the safeguarding mailbox when someone is at risk', () => {
    const messages = toAdvocacyMessages(createAdvocacy({ worriedAtCheck: true }, { wantsAcknowledgement: false }), council, mailboxes);
    expect(messages.map((m) => m.kind)).toEqual(['team', 'advocacy_referral', 'safeguarding']);
    expect(messages.map((m) => m.headers['Importance'] ?? null)).toEqual(['high', 'high', 'high']);
  });

  it('uses only the outbox’s message kinds', () => {
    const storeKinds: MessageKind[] = ['team', 'safeguarding', 'acknowledgement', 'advocacy_referral', 'alert'];
    const messages = [...toAdvocacyMessages(createAdvocacy({ worriedAtCheck: true }), council, mailboxes), ...toEscalationMessages(createEscalation({ worriedAtCheck: true }), council, mailboxes)];
    for (const message of messages) expect(storeKinds).toContain(message.kind);
  });
});

describe('toFeedbackMessages', () => {
  it('sends only the team’s email, even when a reply is wanted by email', () => {
    const messages = toFeedbackMessages(createFeedback({ reply: { name: 'Chris', email: 'chris@example.com' } }), council, mailboxes);
    expect(messages.map((m) => [m.kind, m.to])).toEqual([['team', mailboxes.complaintsTeam]]);
    expect(messages[0]?.messageId).toBe('<FB-3XQA-Z2AZ.team@complaints.example.gov.uk>');
    expect(messages[0]?.headers['X-Case-Kind']).toBe('feedback');
  });
});

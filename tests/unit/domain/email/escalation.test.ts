import { describe, expect, it } from 'vitest';
import { formatEscalationAcknowledgementEmail, formatEscalationTeamEmail } from '../../../../src/domain/email/escalation.ts';
import { createEscalation, hostileText } from '../../../fixtures/requests.ts';
import { createTestCopy } from '../../../helpers/copy.ts';
import { exampleCouncil } from '../../../helpers/councils.ts';

const council = exampleCouncil();
const { t } = createTestCopy(council);

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
    expect(formatEscalationTeamEmail(record, council, t).subject).toBe(subject);
  });

  it.each([
    // Text after a good reference, trying to add a header.
    [`CSC-7AFQ-VEYZ ${hostileText}`],
    // A good reference, but not as the reference check writes it.
    ['csc 7afq veyz'],
  ])('keeps a reference that is not in canonical form out of the subject (%j)', (originalReference) => {
    const record = createEscalation({ originalReference });
    const { subject } = formatEscalationTeamEmail(record, council, t);
    expect(subject).toBe('Stage 2 request for complaint (reference in the email) – request CSC-A3N6-FHFY');
  });

  it('shows the window, how late the request is and the next deadlines', () => {
    const { text } = formatEscalationTeamEmail(createEscalation({}, {}, '2027-01-26T10:00:00Z'), council, t);
    expect(text).toContain('Window to ask ended: Tuesday 19 January 2027 (20 working days after the stage 1 reply)');
    expect(text).toContain('In time?: LATE: received 5 working days after the window closed');
    expect(text).toContain('- LATE REQUEST\n  The window to ask ended on Tuesday 19 January 2027');
    expect(text).toContain('Acknowledgement due: Friday 29 January 2027 (3 working days after receipt)');
    expect(text).toContain('Stage 2 investigation reply due: Tuesday 2 March 2027 (25 working days after receipt)');
    expect(text).toContain('Latest stage 2 reply if the investigation is extended:');
  });

  it('says an in-time request is in time and raises no flags', () => {
    const { text } = formatEscalationTeamEmail(createEscalation(), council, t);
    expect(text).toContain('In time?: In time');
    expect(text).toContain('- Safeguarding\n  Not raised in the form.\n- No other flags.');
    expect(text).not.toContain('LATE');
  });

  it('tells staff to find a complaint whose reference was not made online', () => {
    const { text } = formatEscalationTeamEmail(createEscalation({ referenceKnown: false }), council, t);
    expect(text).toContain("Complaint reference: CSC-7AFQ-VEYZ\nIn this service's records: Not found (see Triage)\n");
    expect(text).toContain('- Reference not found\n  No case with reference CSC-7AFQ-VEYZ was made through this online service.');
  });

  it.each([
    // A complaint made here: when it was received, its route and first reply date.
    [
      'a complaint',
      { kind: 'complaint', receiptDate: '2026-11-20', route: 'split', replyDue: '2026-12-04', safeguarding: false },
      'Found: a complaint received on Friday 20 November 2026, provisional route split statutory and corporate, stage 1 reply due Friday 4 December 2026.',
    ],
    // One that raised a safeguarding concern says so.
    [
      'a complaint that raised safeguarding',
      { kind: 'complaint', receiptDate: '2026-11-20', route: 'statutory', safeguarding: true },
      'Found: a complaint received on Friday 20 November 2026, provisional route statutory.\n  A safeguarding concern was raised with it.',
    ],
    // The reference of an earlier request rather than the complaint's.
    [
      'a stage 2 request',
      { kind: 'escalation', stage: 2, complaintReference: 'CSC-9RDV-4NCF' },
      'Found, but it is a stage 2 request about complaint CSC-9RDV-4NCF, not a complaint. Check which they mean.',
    ],
    ['another kind of case', { kind: 'other' }, 'Found, but it is not a complaint. Check which case they mean.'],
  ] as const)('links to what this service knows of the case it names: %s', (_what, originalCase, line) => {
    const { text } = formatEscalationTeamEmail(createEscalation({ originalCase }), council, t);
    expect(text).toContain(`Complaint reference: CSC-7AFQ-VEYZ\nIn this service's records: ${line}\n`);
  });

  it('says plainly that the case was found when its details could not be read', () => {
    const { text } = formatEscalationTeamEmail(createEscalation(), council, t);
    expect(text).toContain("In this service's records: Found: a case with this reference was made online, but its details could not be read.\n");
  });

  it('says how to acknowledge someone who gave no email, by the date', () => {
    const record = createEscalation({}, { email: undefined, phone: '07700 900123', wantsAcknowledgement: false });
    expect(formatEscalationTeamEmail(record, council, t).text).toContain(
      'Acknowledgement email: No email given: acknowledge by phone by Friday 8 January 2027\n',
    );
  });

  it('puts the safeguarding alert first when someone is at risk', () => {
    const { text } = formatEscalationTeamEmail(createEscalation({ worriedAtCheck: true }), council, t);
    expect(text.startsWith(`${'*'.repeat(60)}\n*** SAFEGUARDING ***`)).toBe(true);
    expect(text).toContain(council.contacts.frontDoor.phone);
  });

  it('warns before the contact details when contact is not safe as given', () => {
    const { text } = formatEscalationTeamEmail(createEscalation({}, { safeToContact: 'no', safeContactDetails: 'Write to my sister' }), council, t);
    const alert = text.indexOf('*** NOT SAFE TO CONTACT AS GIVEN ***');
    expect(alert).toBeGreaterThan(-1);
    expect(text.indexOf('Email: sam.taylor@example.com')).toBeGreaterThan(alert);
    expect(text).toContain('Their words: "Write to my sister"');
  });

  it('lists the answers in the order they were given', () => {
    const { text } = formatEscalationTeamEmail(createEscalation(), council, t);
    const at = (s: string) => text.indexOf(s);
    expect(at('What is your complaint reference number?')).toBeLessThan(at('Why are you still unhappy?'));
    expect(at('Why are you still unhappy?\nThe reply ignored the missed visits.')).toBeLessThan(
      at('What would put things right?\nAn independent investigation.'),
    );
  });

  it('escapes what a person typed in the HTML part', () => {
    const record = createEscalation({ whyUnhappy: hostileText });
    record.answerRows[1] = { section: 'Your request', question: 'Why are you still unhappy?', answer: hostileText };
    const { html, text } = formatEscalationTeamEmail(record, council, t);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(text).toContain('<script>alert("x")</script>');
  });
});

describe('formatEscalationAcknowledgementEmail', () => {
  it('gives both references and the stage 2 dates, and nothing the person wrote', () => {
    const record = createEscalation({ whyUnhappy: 'Secret reason nobody else should read' });
    const { subject, text, html } = formatEscalationAcknowledgementEmail(record, council, t);
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
    const { text, subject } = formatEscalationAcknowledgementEmail(createEscalation({}, {}, '2027-03-01T10:00:00Z'), council, t);
    expect(`${subject}\n${text}`).not.toMatch(/late/i);
  });

  it('gives the panel and final response dates for stage 3', () => {
    const { subject, text } = formatEscalationAcknowledgementEmail(createEscalation({ stage: 3 }), council, t);
    expect(subject).toBe('We have received your stage 3 request – reference CSC-A3N6-FHFY');
    expect(text).toContain('The review panel should meet by Tuesday 16 February 2027.');
    expect(text).toContain('You should get our final response by');
    expect(text).toContain(council.contacts.ombudsman.name);
  });
});

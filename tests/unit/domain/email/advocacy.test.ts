import { describe, expect, it } from 'vitest';
import { toComplaintAdvocacyReferral } from '../../../../src/domain/advocacy.ts';
import { formatAdvocacyAcknowledgementEmail, formatAdvocacyReferralEmail, formatAdvocacyTeamEmail } from '../../../../src/domain/email/advocacy.ts';
import { caseRecords, withChanges } from '../../../fixtures/case-records.ts';
import { createAdvocacy } from '../../../fixtures/requests.ts';
import { createTestCopy } from '../../../helpers/copy.ts';
import { exampleCouncil, testCouncil } from '../../../helpers/councils.ts';

const council = exampleCouncil();
const { t } = createTestCopy(council);

describe('formatAdvocacyTeamEmail', () => {
  it('writes the subject from the reference, whether a complaint was made and the contact-by date', () => {
    expect(formatAdvocacyTeamEmail(createAdvocacy(), council, t).subject).toBe(
      'Request for an advocate ADV-G5VH-XYTK – no complaint yet – contact by Wednesday 25 November 2026',
    );
    expect(formatAdvocacyTeamEmail(createAdvocacy({ complaintMade: true, worriedAtCheck: true }), council, t).subject).toBe(
      'SAFEGUARDING – Request for an advocate ADV-G5VH-XYTK – complaint made – contact by Wednesday 25 November 2026',
    );
  });

  it('says the referral went to the provider’s mailbox when the council names one', () => {
    const { text } = formatAdvocacyTeamEmail(createAdvocacy(), council, t);
    expect(text).toContain(`- Referral\n  Sent to ${council.contacts.advocacy.name} at ${council.contacts.advocacy.referralEmail}, with this reference.`);
  });

  it('tells staff to refer by hand when there is no referral mailbox', () => {
    const test = testCouncil();
    const { text } = formatAdvocacyTeamEmail(createAdvocacy({}, {}, test), test, createTestCopy(test).t);
    expect(text).toContain(`- REFER BY HAND\n  There is no referral mailbox for ${test.contacts.advocacy.name}.`);
    expect(text).toContain('3 working days after receipt');
  });

  it('records the child’s agreement, the relationship and the child', () => {
    const { text } = formatAdvocacyTeamEmail(createAdvocacy({ childAgreement: 'no' }), council, t);
    expect(text).toContain('Does the child know and agree?: No, the child does not agree');
    expect(text).toContain('- Child does not agree');
    expect(text).toContain('Relationship to the child: Aunt');
    expect(text).toContain('Name or initials: Jo Bloggs\nAge: 11\nResponsible council: This council');
    expect(text).toContain('Complaint made?: Not yet: this request stands on its own');
  });
});

describe('formatAdvocacyReferralEmail', () => {
  it('asks the provider to get in touch by the date and to check with the child first', () => {
    const { subject, text } = formatAdvocacyReferralEmail(createAdvocacy({ childAgreement: 'too_young' }), council, t);
    expect(subject).toBe('Advocacy referral ADV-G5VH-XYTK from Example Council – no complaint yet – contact by Wednesday 25 November 2026');
    expect(text).toContain('Please get in touch by Wednesday 25 November 2026 (2 working days after it was received).');
    expect(text).toContain('*** CHECK WITH THE CHILD FIRST ***\nThe adult asking told us: the child is too young to ask.');
    expect(text).toContain('Anything the advocate should know\nJo likes to talk after school.');
  });

  it('has no check-with-the-child warning when the child agrees or is asking', () => {
    expect(formatAdvocacyReferralEmail(createAdvocacy({ childAgreement: 'yes' }), council, t).text).not.toContain('CHECK WITH THE CHILD');
    expect(formatAdvocacyReferralEmail(createAdvocacy({ requester: 'child' }), council, t).text).not.toContain('CHECK WITH THE CHILD');
  });

  it('passes on how to reach the person safely', () => {
    const { text } = formatAdvocacyReferralEmail(createAdvocacy({}, { safeToContact: 'with_care', safeContactDetails: 'Only after 4pm' }), council, t);
    expect(text).toContain('*** CONTACT WITH CARE ***');
    expect(text).toContain('Safe contact instructions: Only after 4pm');
  });
});

describe('formatAdvocacyReferralEmail, for an advocate asked for in a complaint', () => {
  const child = caseRecords['child with safeguarding and advocacy'];
  const referralOf = (record = child) => formatAdvocacyReferralEmail(toComplaintAdvocacyReferral(record, council)!, council, t);

  it('says the request came with a complaint, gives its reference and the date to get in touch by', () => {
    const { text } = referralOf();
    expect(text).toContain(
      'has received a complaint through its online form from a young person who asked for an independent advocate to help them. Please get in touch by Wednesday 25 November 2026 (2 working days after it was received). They were told you would.',
    );
    expect(text).toContain('Complaint made?: Yes, reference CSC-3HJT-8W4Q: they asked for an advocate in the complaint');
    expect(text).toContain('Name or initials: Jordan Smith\nAge: 15\nResponsible council: This council');
  });

  it('passes on how to reach them safely, and a worry about harm', () => {
    const { text } = referralOf();
    expect(text).toContain('*** CONTACT WITH CARE ***');
    expect(text).toContain('Safe contact instructions: Text me first, do not ring. Staff sometimes look at my phone.');
    expect(text).toContain('They said someone is at risk of harm.');
  });

  it('passes on the adult a child chose to be reached through', () => {
    const record = withChanges(child, { contact: { email: undefined, phone: undefined, trustedAdult: { who: 'Sam, my social worker', how: '07700 900111' } } });
    expect(referralOf(record).text).toContain('Through someone they trust: Sam, my social worker\n  07700 900111');
  });

  it('asks nothing the complaint never asked, and repeats nothing of what they wrote', () => {
    const { text } = referralOf();
    expect(text).not.toContain('What the advocate should know');
    expect(text).not.toContain('Nothing given');
    expect(text).not.toContain(child.answers.whatHappened.split('\n')[0]);
  });
});

describe('formatAdvocacyAcknowledgementEmail', () => {
  it('never names the child or repeats what was written', () => {
    const { text, html, subject } = formatAdvocacyAcknowledgementEmail(createAdvocacy(), council, t);
    expect(subject).toBe('We have received your request for an advocate – reference ADV-G5VH-XYTK');
    for (const part of [subject, text, html]) {
      expect(part).not.toContain('Jo');
      expect(part).not.toContain('Bloggs');
      expect(part).not.toContain('after school');
    }
    expect(text).toContain(`${council.contacts.advocacy.name} will get in touch by Wednesday 25 November 2026.`);
  });

  it('speaks to a young person as "you"', () => {
    const { text } = formatAdvocacyAcknowledgementEmail(createAdvocacy({ requester: 'child' }), council, t);
    expect(text).toContain('Thank you. We have got your request for an advocate.');
    expect(text).toContain(`${council.contacts.advocacy.name} will get in touch with you by Wednesday 25 November 2026.`);
  });
});

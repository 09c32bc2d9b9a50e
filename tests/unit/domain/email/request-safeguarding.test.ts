import { describe, expect, it } from 'vitest';
import { formatRequestSafeguardingEmail } from '../../../../src/domain/email/request-safeguarding.ts';
import { createAdvocacy, createEscalation } from '../../../fixtures/requests.ts';
import { createTestCopy } from '../../../helpers/copy.ts';
import { exampleCouncil } from '../../../helpers/councils.ts';

const council = exampleCouncil();
const { t } = createTestCopy(council);

describe('formatRequestSafeguardingEmail', () => {
  it.each([
    ['a stage 2 request', createEscalation({ worriedAtCheck: true }), 'SAFEGUARDING – stage 2 request CSC-A3N6-FHFY – please review today'],
    ['a request for an advocate', createAdvocacy({ worriedAtCheck: true }), 'SAFEGUARDING – request for an advocate ADV-G5VH-XYTK – please review today'],
  ])('names %s in the subject', (_, record, subject) => {
    expect(formatRequestSafeguardingEmail(record, council, t).subject).toBe(subject);
  });

  it('gives the front door and out-of-hours numbers', () => {
    const { text } = formatRequestSafeguardingEmail(createEscalation({ worriedAtCheck: true }), council, t);
    expect(text).toContain(council.contacts.frontDoor.phone);
    expect(text).toContain(council.contacts.outOfHours.phone);
    expect(text).toContain('Complaint reference: CSC-7AFQ-VEYZ');
  });
});

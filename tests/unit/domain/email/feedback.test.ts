import { describe, expect, it } from 'vitest';
import { formatFeedbackTeamEmail } from '../../../../src/domain/email/feedback.ts';
import { createFeedback } from '../../../fixtures/requests.ts';
import { createTestCopy } from '../../../helpers/copy.ts';
import { exampleCouncil } from '../../../helpers/councils.ts';

const { t } = createTestCopy(exampleCouncil());

describe('formatFeedbackTeamEmail', () => {
  it.each([
    ['compliment' as const, undefined, "Compliment for children's social care – FB-3XQA-Z2AZ"],
    ['suggestion' as const, undefined, "Suggestion for children's social care – FB-3XQA-Z2AZ"],
    ['feedback' as const, { name: 'Chris', email: 'chris@example.com' }, "Feedback about children's social care – FB-3XQA-Z2AZ – reply wanted"],
  ])('writes the subject of a %s', (feedbackKind, reply, subject) => {
    expect(formatFeedbackTeamEmail(createFeedback({ feedbackKind, ...(reply ? { reply } : {}) }), t).subject).toBe(subject);
  });

  it('has no complaint timeline, route or flags', () => {
    const { text } = formatFeedbackTeamEmail(createFeedback(), t);
    expect(text).toContain('It is not a complaint, so there is no complaint timeline.');
    for (const word of ['Acknowledge by', 'Provisional route', 'Stage 1', 'working days', 'Triage']) expect(text).not.toContain(word);
  });

  it('says how to reply only when a reply is wanted', () => {
    expect(formatFeedbackTeamEmail(createFeedback(), t).text).toContain('Reply wanted: No');
    const { text } = formatFeedbackTeamEmail(createFeedback({ reply: { name: 'Chris', email: 'chris@example.com', phone: '07700 900456' } }), t);
    expect(text).toContain('Reply wanted: Yes, by email or phone');
    expect(text).toContain('Reply to\n========\n\nName: Chris\nEmail: chris@example.com\nPhone: 07700 900456');
  });
});

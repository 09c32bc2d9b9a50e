import { describe, expect, it } from 'vitest';
import { formatDeliveryAlert } from '../../../../src/domain/email/delivery-alert.ts';
import { createTestCopy } from '../../../helpers/copy.ts';
import { exampleCouncil } from '../../../helpers/councils.ts';

const { t } = createTestCopy(exampleCouncil());

describe('formatDeliveryAlert', () => {
  const input = {
    reference: 'CSC-7K4M-2P9X',
    kind: 'team',
    attempts: 13,
    failedAt: Date.UTC(2026, 4, 12, 21, 5),
    lastError: '421 4.3.2 Service shutting down',
    permanent: false,
  };

  it('names the reference and kind in the subject', () => {
    expect(formatDeliveryAlert(input, t).subject).toBe('Undelivered email: team message for CSC-7K4M-2P9X');
  });

  it('says why it failed, how many times it was tried and how to send it again', () => {
    const { text } = formatDeliveryAlert(input, t);
    expect(text).toContain('It was tried 13 times over about 10 hours');
    expect(text).toContain('The complaints team has NOT received this case.');
    expect(text).toContain('Marked failed at: 2026-05-12T21:05:00.000Z');
    expect(text).toContain('Last reply from the mail server: 421 4.3.2 Service shutting down');
    expect(text).toContain('npm run outbox -- requeue CSC-7K4M-2P9X');
  });

  it('says when the server refused the message outright', () => {
    expect(formatDeliveryAlert({ ...input, permanent: true, attempts: 1 }, t).text).toContain('The mail server refused it');
  });

  it('tells staff what a failed acknowledgement means for the complainant', () => {
    expect(formatDeliveryAlert({ ...input, kind: 'acknowledgement' }, t).text).toContain('can contact them another way');
  });

  it('speaks of the case management system, not a mail server, when a webhook failed', () => {
    const alert = formatDeliveryAlert({ ...input, kind: 'webhook', permanent: true, attempts: 1, lastError: 'HTTP 410 Gone' }, t);
    expect(alert.subject).toBe('Undelivered case: webhook to case management for CSC-7K4M-2P9X');
    expect(alert.text).toContain('The case management system refused it, so it will not be tried again.');
    expect(alert.text).toContain('The case management system has NOT received this case');
    expect(alert.text).toContain('Last answer from the case management system: HTTP 410 Gone');
    expect(alert.text).not.toMatch(/mail server|email/i);
    expect(alert.text).toContain('npm run outbox -- requeue CSC-7K4M-2P9X');
  });

  it('escapes the mail server reply in the HTML part', () => {
    const { html } = formatDeliveryAlert({ ...input, lastError: '550 <script>alert(1)</script>' }, t);
    expect(html).toContain('550 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });
});

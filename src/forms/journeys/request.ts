import { toCaseDocument } from '../../domain/case-document.ts';
import { toCaseFigures } from '../../domain/case-figures.ts';
import { toLondonDateTime } from '../../domain/dates.ts';
import { toRequestMessages } from '../../domain/email/outgoing.ts';
import type { RequestRecord } from '../../domain/request.ts';
import { readAnswers } from '../engine/answers.ts';
import type { Submission } from '../engine/journey.ts';
import { toContactDetails } from '../fields.ts';

/**
 * Send for a journey that needs no rules of its own: the answers go to the complaints team as the
 * person gave them (with the safeguarding copy when they said someone is at risk, and an
 * acknowledgement when they asked for one), under the council's reference prefix. A new journey
 * uses it as its `submission`; its confirmation page shows `<journey>.confirmation.*`.
 */
export function requestSubmission(journeyId: string): Submission {
  return {
    kind: 'request',
    referencePrefix: (council) => council.referencePrefix,
    build: ({ ctx, check, reference, now, t, rows, startedAt }) => {
      const answers = readAnswers(ctx.answers);
      const record: RequestRecord = {
        kind: 'request',
        journey: journeyId,
        reference,
        councilSlug: ctx.council.slug,
        submittedAt: now.toISOString(),
        submittedDate: toLondonDateTime(now).date,
        contact: toContactDetails(answers, {
          name: answers.text('your-name', 'fullName') ?? '',
          wantsAcknowledgement: check['wantsAcknowledgement'] === 'yes',
        }),
        worriedAtCheck: check['worriedAtCheck'] === 'yes',
        answerRows: rows,
      };
      return {
        record,
        messages: toRequestMessages(record, ctx.council, ctx.council.mail, t),
        document: toCaseDocument({ kind: 'request', record }, ctx.council, t),
        figures: toCaseFigures({ kind: 'request', record }, ctx.council, now, startedAt),
        summary: { kind: 'request', journey: journeyId, reference },
      };
    },
  };
}

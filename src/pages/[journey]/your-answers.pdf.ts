import type { APIRoute } from 'astro';
import { formatLongDate } from '../../domain/dates.ts';
import { journeys } from '../../server/journeys/registry.ts';
import { readSentAnswers } from '../../server/journeys/sent-answers.ts';
import { renderSentAnswersPdf, UNDRAWABLE_PLACEHOLDER } from '../../server/pdf/sent-answers-pdf.ts';

/**
 * "Download a copy (PDF)": what this session sent, made on the server. Only the session that sent
 * it has the copy, and only while the case is kept; anyone else gets the "page not found" page,
 * which says nothing about whether such a case exists. Never cached, never emailed.
 */
export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const journey = journeys.byPath(params['journey'] ?? '');
  const sent = journey && readSentAnswers(journey, locals.session);
  if (!sent || !(await locals.runtime.store.getCaseSummary(sent.reference))) return rewrite('/404');
  const { t, locale } = locals.copy;
  const pdf = await renderSentAnswersPdf({
    lang: locale,
    title: t('journey.sentAnswers.pdf.title'),
    intro: [t('journey.sentAnswers.pdf.reference', { reference: sent.reference }), t('journey.sentAnswers.pdf.sentOn', { date: formatLongDate(sent.sentOn) })],
    rows: sent.rows,
    note: t('journey.sentAnswers.pdf.note'),
    undrawableNote: t('journey.sentAnswers.pdf.undrawable', { placeholder: UNDRAWABLE_PLACEHOLDER }),
    author: locals.runtime.council.name,
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${sent.reference}.pdf"`,
      'Cache-Control': 'no-store',
    },
  });
};

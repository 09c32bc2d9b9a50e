import { describe, expect, it } from 'vitest';
import { applicableSteps, nextStep } from '../../../src/forms/engine/walk.ts';
import { complaintJourney } from '../../../src/forms/journeys/complaint/journey.ts';
import { reviewJourney } from '../../../src/forms/journeys/review.ts';
import { FILES_STEP, wantsToSendFiles } from '../../../src/forms/uploads.ts';
import { createJourneyContext, parentAnswers, reviewAnswers, withAnswers } from '../../fixtures/journeys.ts';

const ids = (ctx: ReturnType<typeof createJourneyContext>, journey = complaintJourney) => applicableSteps(journey, ctx).map((s) => s.id);

describe('documentSteps', () => {
  it('asks about documents after "complained before" and opens the files page only after a yes', () => {
    const no = createJourneyContext(parentAnswers);
    expect(ids(no)).toContain('documents');
    expect(ids(no)).not.toContain(FILES_STEP);
    const yes = createJourneyContext(withAnswers(parentAnswers, { documents: { sendDocuments: 'yes' } }));
    expect(wantsToSendFiles(yes)).toBe(true);
    expect(nextStep(complaintJourney, yes, 'documents', false)).toBe(FILES_STEP);
    expect(nextStep(complaintJourney, yes, FILES_STEP, false)).toBe('your-name');
  });

  it('asks it last in a stage 2 or 3 request', () => {
    const yes = createJourneyContext(withAnswers(reviewAnswers, { documents: { sendDocuments: 'yes' } }));
    expect(ids(yes, reviewJourney).slice(-2)).toEqual(['documents', FILES_STEP]);
    expect(nextStep(reviewJourney, yes, FILES_STEP, false)).toBe('check');
  });

  it('asks nothing about documents when the council has turned uploads off', () => {
    const ctx = createJourneyContext(withAnswers(parentAnswers, { documents: { sendDocuments: 'yes' } }));
    const off = { ...ctx, council: { ...ctx.council, uploads: { ...ctx.council.uploads, enabled: false } } };
    expect(ids(off)).not.toContain('documents');
    expect(ids(off)).not.toContain(FILES_STEP);
  });
});

import type { CaseSummary } from '../../domain/case-summary.ts';
import type { Journey } from '../engine/journey.ts';
import { JourneyDefinitionError } from '../journey-definition-error.ts';
import { advocacyJourney } from './advocacy.ts';
import { complaintJourney } from './complaint/journey.ts';
import { feedbackJourney } from './feedback.ts';
import { reviewJourney } from './review.ts';

/** The service's journeys: a complaint, a stage 2 or 3 request, a request for an advocate, and feedback. */
export const serviceJourneys: readonly Journey[] = [complaintJourney, reviewJourney, advocacyJourney, feedbackJourney];

/** Finds journeys by their address and by the cases they send. */
export interface JourneyRegistry {
  readonly all: readonly Journey[];
  byPath(path: string): Journey | undefined;
  /** The journey whose confirmation page shows this case. */
  ofCase(summary: CaseSummary): Journey | undefined;
}

/** A registry over these journeys (the service's own, and any a deployment adds). */
export function createJourneyRegistry(journeys: readonly Journey[]): JourneyRegistry {
  const paths = new Set(journeys.map((j) => j.path));
  if (paths.size !== journeys.length) throw new JourneyDefinitionError('Two journeys share an address');
  return {
    all: journeys,
    byPath: (path) => journeys.find((j) => j.path === path),
    ofCase: (summary) =>
      summary.kind === 'request' ? journeys.find((j) => j.id === summary.journey) : journeys.find((j) => j.submission.kind === summary.kind),
  };
}

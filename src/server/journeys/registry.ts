import { extraJourneys } from 'virtual:extra-journeys';
import { createJourneyRegistry, serviceJourneys } from '../../forms/journeys/index.ts';

/** Every journey this build serves: the service's own, and any the build added (EXTRA_JOURNEYS). */
export const journeys = createJourneyRegistry([...serviceJourneys, ...extraJourneys]);

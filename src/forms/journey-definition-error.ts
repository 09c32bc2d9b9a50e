/**
 * A journey or page described wrongly in code (a field without a message its checks need, two
 * journeys at one address): a developer's mistake, caught by the tests, never the person's.
 */
export class JourneyDefinitionError extends Error {
  override name = 'JourneyDefinitionError';
}

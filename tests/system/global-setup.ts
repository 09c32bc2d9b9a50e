import { assertServiceBuilt } from '../helpers/server-process.ts';

/** Stops the run at once, with what to do, when the service has not been built. */
export function setup(): void {
  assertServiceBuilt();
}

import { defineConfig } from 'vitest/config';
import { extraJourneys } from './scripts/extra-journeys.mjs';

/**
 * System tests: the built service (`npm run build` first) run as real processes against a real
 * SMTP server and database, killed and restarted. One file at a time, because each starts servers
 * and measures response times that a neighbour's load would distort.
 */
export default defineConfig({
  plugins: [extraJourneys()],
  test: {
    include: ['tests/system/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/system/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';
import { extraJourneys } from './scripts/extra-journeys.mjs';

export default defineConfig({
  plugins: [extraJourneys()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

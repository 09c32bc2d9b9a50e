import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the built service (`npm run build`) is started once per worker by the
 * `service` fixture in tests/helpers/service.ts, with a real SMTP server beside it. The browser is
 * Debian's Chromium; Playwright never downloads one (scripts/ensure-chromium.sh installs it).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  forbidOnly: !!process.env['CI'],
  retries: 0,
  workers: 2,
  fullyParallel: true,
  // A guard against a test that hangs, not a speed target (those are in npm run bench): a journey
  // of a dozen pages, each checked with axe, has taken over 80 s on a busy two-core machine.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
  },
  outputDir: 'test-results',
});

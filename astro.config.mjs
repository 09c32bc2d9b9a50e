// @ts-check
import node from '@astrojs/node';
import { createHash } from 'node:crypto';
import { defineConfig } from 'astro/config';
import { extraJourneys } from './scripts/extra-journeys.mjs';
import { pageModulesOnce } from './scripts/page-modules-once.mjs';
import { jsEnabledScript } from './src/components/layout/js-enabled.mjs';

/** @param {string} text @returns {`sha256-${string}`} */
const sha256 = (text) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

export default defineConfig({
  output: 'server',
  // scripts/serve.mjs serves the static files itself (from memory, precompressed) and hands
  // everything else to the app. A page is rendered whole before it is sent, so it is compressed
  // once rather than piece by piece as it streams: its pages are small, and a profile found
  // per-piece compression was a third of a page's CPU.
  adapter: node({ mode: 'middleware', experimentalDisableStreaming: true }),
  // Forms post back to the same origin only; a cross-site POST is refused before any page code runs.
  security: {
    // src/middleware.ts refuses cross-site posts itself, so the refusal is a GOV.UK page that
    // carries every security header (Astro's own check answers before the middleware runs).
    checkOrigin: false,
    // Astro hashes every script and style it renders into a Content-Security-Policy <meta>, so no
    // 'unsafe-inline' is needed; the middleware adds the directives a <meta> cannot carry.
    csp: {
      algorithm: 'SHA-256',
      directives: ["default-src 'self'", "img-src 'self' data:", "connect-src 'self'", "object-src 'none'"],
      scriptDirective: { hashes: [sha256(jsEnabledScript)] },
    },
  },
  // HTML compression can remove the space between text and a following inline link.
  compressHTML: false,
  server: { host: '127.0.0.1', port: 4321 },
  vite: {
    plugins: [extraJourneys(), pageModulesOnce()],
    css: {
      // govuk-frontend still carries old IE hacks that the default CSS minifier rejects.
      lightningcss: { errorRecovery: true },
    },
  },
});

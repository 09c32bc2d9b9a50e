// @ts-check
import node from '@astrojs/node';
import react from '@astrojs/react';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [react()],
  // Forms post back to the same origin only; a cross-site POST is refused before any page code runs.
  security: { checkOrigin: true },
  // HTML compression can remove the space between text and a following inline link.
  compressHTML: false,
  server: { host: '127.0.0.1', port: 4321 },
  vite: {
    css: {
      // govuk-frontend still carries old IE hacks that the default CSS minifier rejects.
      lightningcss: { errorRecovery: true },
    },
  },
});

// Lint: typescript-eslint's recommended rules, Astro components, React hooks, and the import
// direction of the layers (STYLE.md 2.2): domain imports nothing of ours above it; forms import
// domain; islands import forms and domain; server never imports pages, components or islands.
// Formatting is Prettier's alone (eslint-config-prettier turns off the rules that would disagree).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import astro from 'eslint-plugin-astro';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layers = [
  { type: 'domain', pattern: 'src/domain/**' },
  { type: 'forms', pattern: 'src/forms/**' },
  { type: 'islands', pattern: 'src/islands/**' },
  { type: 'server', pattern: 'src/server/**' },
  { type: 'components', pattern: 'src/components/**' },
  { type: 'pages', pattern: 'src/pages/**' },
];

/** May import only these of our layers (and itself). */
const allowed = {
  domain: ['domain'],
  forms: ['forms', 'domain'],
  islands: ['islands', 'forms', 'domain'],
  server: ['server', 'forms', 'domain'],
  components: ['components', 'islands', 'server', 'forms', 'domain'],
  pages: ['pages', 'components', 'islands', 'server', 'forms', 'domain'],
};

// Pure layers run in the browser or in tests without a server: no Node, Astro or mail library.
const serverOnly = ['node:*', 'astro', 'astro:*', 'nodemailer', 'pg', 'i18next', 'yaml', 'compression'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', '.astro/', 'test-results/', 'screenshots/', 'bench-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      // Posted text and mail headers are cleaned of control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Ambient declarations cannot import at the top without becoming modules.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['src/islands/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['src/**/*.{ts,tsx,astro}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers.map((layer) => ({ ...layer, partialMatch: false })),
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.mjs', '.js', '.astro'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            ...Object.entries(allowed).map(([from, to]) => ({
              from: { element: { type: from } },
              allow: { to: { element: { types: { anyOf: to } } } },
            })),
            { allow: { to: { module: { origin: 'external' } } } },
            { allow: { to: { module: { origin: 'core' } } } },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**', 'src/forms/**', 'src/islands/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: serverOnly, message: 'domain, forms and islands stay pure: take this as a parameter from the server instead.' }] },
      ],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...serverOnly, 'react', 'react-*', '@hookform/*'],
              message: 'domain is pure: it may import only other domain modules, zod and date-holidays.',
            },
          ],
        },
      ],
    },
  },
  {
    // React runs only in the browser: a page rendering an island's component needs a renderer the
    // server no longer has (the request fails with NoMatchingRenderer).
    files: ['src/**/*.astro'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/islands/**/*.tsx'],
              importNames: ['QuestionPage', 'Field', 'ErrorSummary', 'ErrorMessage'],
              message: 'The server never renders React: write the markup with src/components/question/question-html.ts, which the island hydrates into.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**', 'scripts/**', '*.config.*', '*.mjs'],
    // Playwright fixtures that use no other fixture are written `async ({}, use)`.
    rules: { 'no-console': 'off', 'no-empty-pattern': 'off' },
  },
  prettier,
);

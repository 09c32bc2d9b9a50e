import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import direction of STYLE.md is enforced by ESLint (eslint.config.js); these cases prove the
 * rule is switched on and catches each kind of wrong import, so a change to the configuration that
 * quietly stopped checking would fail here.
 */

const eslint = new ESLint();

/** The rules that fire for this source, linted as if it were the named file. */
async function rulesFiredFor(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('import boundaries', () => {
  it.each([
    // The rules engine must not reach the server, which would pull Node I/O into pure code.
    {
      file: 'src/domain/probe.ts',
      source: "import { journeys } from '../server/journeys/registry.ts';\nexport const x = journeys;\n",
      rule: 'boundaries/dependencies',
    },
    // Nor the journeys, which are built on it.
    {
      file: 'src/domain/probe.ts',
      source: "import { serviceJourneys } from '../forms/journeys/index.ts';\nexport const x = serviceJourneys;\n",
      rule: 'boundaries/dependencies',
    },
    // The server never renders islands or imports pages.
    {
      file: 'src/server/probe.ts',
      source: "import { QuestionPage } from '../islands/QuestionPage.tsx';\nexport const x = QuestionPage;\n",
      rule: 'boundaries/dependencies',
    },
    // Islands run in the browser: no server code.
    {
      file: 'src/islands/probe.ts',
      source: "import { journeys } from '../server/journeys/registry.ts';\nexport const x = journeys;\n",
      rule: 'boundaries/dependencies',
    },
    // Forms are shared with the browser: no Node built-ins.
    { file: 'src/forms/probe.ts', source: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", rule: 'no-restricted-imports' },
    // The domain takes words as a function, never the i18n library itself.
    { file: 'src/domain/probe.ts', source: "import i18next from 'i18next';\nexport const x = i18next;\n", rule: 'no-restricted-imports' },
    // A page rendering the island on the server: there is no React renderer there any more.
    {
      file: 'src/components/probe.astro',
      source: "---\nimport { QuestionPage } from '../islands/QuestionPage.tsx';\n---\n<QuestionPage />\n",
      rule: 'no-restricted-imports',
    },
  ])('refuses $source in $file', async ({ file, source, rule }) => {
    expect(await rulesFiredFor(file, source)).toContain(rule);
  });

  it.each([
    { file: 'src/forms/probe.ts', source: "import { message } from '../domain/copy.ts';\nexport const x = message;\n" },
    { file: 'src/server/probe.ts', source: "import { complaintJourney } from '../forms/journeys/complaint/journey.ts';\nexport const x = complaintJourney;\n" },
    { file: 'src/islands/probe.ts', source: "import { parsePage } from '../forms/page-schema.ts';\nexport const x = parsePage;\n" },
    {
      file: 'src/components/probe.astro',
      source: "---\nimport { QUESTION_ISLAND_ID } from '../islands/QuestionPage.tsx';\n---\n<div id={QUESTION_ISLAND_ID} />\n",
    },
  ])('allows $source in $file', async ({ file, source }) => {
    expect(await rulesFiredFor(file, source)).toEqual([]);
  });
});

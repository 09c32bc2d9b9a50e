import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { renderQuestionHtml, renderQuestionParts } from '../../../src/components/question/question-html.ts';
import { flattenFields, type FieldSpec, type PageSpec } from '../../../src/forms/field-spec.ts';
import { resolveCheckPage, resolveFormCopy, resolveStepPage } from '../../../src/forms/engine/resolve.ts';
import { applicableSteps } from '../../../src/forms/engine/walk.ts';
import { datePartsOf, parsePage, toFormLevelErrors, type RawValues } from '../../../src/forms/page-schema.ts';
import { QuestionPage, type QuestionPageProps } from '../../../src/islands/QuestionPage.tsx';
import { completeJourneys, createJourneyContext, journeyToday } from '../../fixtures/journeys.ts';
import { exampleCouncil } from '../../helpers/councils.ts';
import { createTestCopy } from '../../helpers/copy.ts';

/**
 * The server writes question pages without React (src/components/question/question-html.ts) and
 * the island hydrates into that markup. Hydration needs the HTML React itself would write, so the
 * two are compared character for character over every page of every journey, in every state a
 * page can be sent in.
 */

const words = createTestCopy(exampleCouncil());
const copy = resolveFormCopy(words);
const HOSTILE = `<b class="x">Sam's "name" & co</b>`;

function reactHtml(props: QuestionPageProps): string {
  return renderToString(createElement(QuestionPage, props));
}

/** What a person might have typed into every box, awkward characters and all, with the first option of every choice chosen. */
function typedValues(page: PageSpec): RawValues {
  const values: RawValues = {};
  for (const field of flattenFields(page.fields)) values[field.name] = typedValue(field);
  for (const field of flattenFields(page.fields)) {
    if (field.kind === 'date') for (const part of datePartsOf(field)) values[`${field.name}-${part}`] = part === 'year' ? '20x6' : `<${part}>`;
  }
  return values;
}

function typedValue(field: FieldSpec): string | string[] | undefined {
  switch (field.kind) {
    case 'text':
      return ` ${HOSTILE} `;
    case 'textarea':
      // A leading line break is the one the HTML parser would swallow.
      return `\n${HOSTILE}\n\nsecond paragraph`;
    case 'radios':
      return field.options[0]?.value;
    case 'checkboxes':
      return field.options.map((o) => o.value);
    case 'date':
      return undefined;
  }
}

interface Case {
  name: string;
  page: PageSpec;
}

const pages: Case[] = completeJourneys.flatMap(({ name, journey, answers }) => {
  const ctx = createJourneyContext(answers);
  const steps = applicableSteps(journey, ctx).map((step) => ({ name: `${name}: ${step.id}`, page: resolveStepPage(journey, step, ctx, words) }));
  return [...steps, { name: `${name}: check answers`, page: resolveCheckPage(journey, ctx, words) }];
});

const base = { action: '/journey/page', csrfToken: 'token&"<>', today: journeyToday, copy };

describe('a question page written by the server is the markup the island hydrates into', () => {
  it('covers every kind of field', () => {
    const kinds = new Set(pages.flatMap(({ page }) => flattenFields(page.fields).map((f) => f.kind)));
    expect([...kinds].sort()).toEqual(['checkboxes', 'date', 'radios', 'text', 'textarea']);
  });

  describe.each(pages)('$name', ({ page }) => {
    const states: [string, Pick<QuestionPageProps, 'values' | 'errors'>][] = [
      ['empty', { values: {}, errors: null }],
      ['filled in with awkward text', { values: typedValues(page), errors: null }],
      [
        'sent back with an error on every answer',
        {
          values: typedValues(page),
          errors: (() => {
            const result = parsePage(page, {}, { today: journeyToday });
            const errors = result.ok ? { summary: [], byField: {} } : result.error;
            const byField = Object.fromEntries(flattenFields(page.fields).map((f) => [f.name, `${f.name} <is> "wrong" & 'bad'`]));
            return { ...errors, byField, summary: Object.entries(byField).map(([name, text]) => ({ text, href: `#${name}` })) };
          })(),
        },
      ],
      ['refused as a whole', { values: typedValues(page), errors: toFormLevelErrors(`Your answers have not been saved <yet> & "so"`) }],
    ];
    for (const plain of [false, true]) {
      for (const saveLabel of [undefined, `Save & come back "later"`]) {
        it.each(states)(`%s${plain ? ', never hydrated' : ''}${saveLabel ? ', with a button to save' : ''}`, (_, state) => {
          const props = { ...base, page, ...state, plain, saveLabel };
          expect(renderQuestionHtml(props)).toBe(reactHtml(props));
        });
      }
    }
  });

  it('splits a never-hydrated page between its heading and its form, for what it shows between them', () => {
    for (const { page } of pages) {
      const { before, after } = renderQuestionParts({ ...base, page, values: {}, errors: null, plain: true });
      expect(before).not.toContain('<form');
      expect(after.startsWith('<form')).toBe(true);
      if (!page.fields.some((f) => f.isPageHeading)) expect(before).toContain('</h1>');
    }
  });
});

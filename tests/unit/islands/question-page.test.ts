import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { resolveFormCopy, resolveStepPage } from '../../../src/forms/engine/resolve.ts';
import { findStep } from '../../../src/forms/engine/walk.ts';
import { complaintJourney } from '../../../src/forms/journeys/complaint/journey.ts';
import { parsePage, toFormLevelErrors, type FormErrors, type RawValues } from '../../../src/forms/page-schema.ts';
import { QuestionPage } from '../../../src/islands/QuestionPage.tsx';
import { createJourneyContext, journeyToday, parentAnswers } from '../../fixtures/journeys.ts';
import { exampleCouncil } from '../../helpers/councils.ts';
import { createTestCopy } from '../../helpers/copy.ts';

/**
 * The island as the server renders it (the page everyone gets first, and all that someone without
 * JavaScript gets). What it does after hydrating (its own error summary, focus) is the e2e tests'.
 */

const copy = createTestCopy(exampleCouncil());
const yourName = resolveStepPage(complaintJourney, findStep(complaintJourney, 'your-name')!, createJourneyContext(parentAnswers), copy);

function render(errors: FormErrors | null, values: RawValues = {}, page = yourName): string {
  return renderToStaticMarkup(
    createElement(QuestionPage, { page, values, errors, action: '/complaint/your-name', csrfToken: 't', today: journeyToday, copy: resolveFormCopy(copy) }),
  );
}

const nameLeftBlank = (() => {
  const result = parsePage(yourName, { fullName: '' }, { today: journeyToday });
  if (result.ok) throw new Error('expected the blank name to be refused');
  return result.error;
})();

describe('QuestionPage', () => {
  describe('a page with help for when it has errors', () => {
    it('shows the other ways to complain and the numbers to call after the form when the name is left blank', () => {
      const html = render(nameLeftBlank);
      expect(html).toContain('Enter your full name');
      const afterForm = html.slice(html.indexOf('</form>'));
      expect(afterForm).toContain('tel:01632960000');
      expect(afterForm).toContain('0808 800 5000');
    });

    it('does not show the help before the person has made a mistake', () => {
      expect(render(null)).not.toContain('0808 800 5000');
    });

    it('does not show the help when the post was refused as a whole, with no answer in error', () => {
      expect(render(toFormLevelErrors('Your answers have not been saved'))).not.toContain('0808 800 5000');
    });
  });

  describe('an error about the whole post', () => {
    const errors = toFormLevelErrors('Your answers have not been saved. Check them and select Continue again');

    it('links the error summary to the button', () => {
      expect(render(errors)).toContain('<a href="#form-submit">Your answers have not been saved. Check them and select Continue again</a>');
    });

    it('says it by the button, which screen readers read with it', () => {
      const html = render(errors);
      expect(html).toContain(
        '<p class="govuk-error-message" id="form-submit-error"><span class="govuk-visually-hidden">Error:</span> Your answers have not been saved. Check them and select Continue again</p>',
      );
      expect(html).toMatch(/<button type="submit" id="form-submit"[^>]*aria-describedby="form-submit-error"/);
    });

    it('keeps what the person typed', () => {
      expect(render(errors, { fullName: 'Sam Taylor' })).toContain('value="Sam Taylor"');
    });

    it('has no message by the button when every error is about an answer', () => {
      const html = render(nameLeftBlank);
      expect(html).not.toContain('form-submit-error');
      expect(html).not.toContain('aria-describedby="form-submit-error"');
    });
  });
});

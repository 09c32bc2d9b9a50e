import { forwardRef } from 'react';
import type { FormErrors } from '../../forms/page-schema.ts';

/**
 * GOV.UK error summary, owned by React on question pages (so govuk-frontend's ErrorSummary module is
 * not attached to it). tabIndex -1 lets the form move focus to it, which is what govuk-frontend does
 * on page load ("must be focused").
 */
export const ErrorSummary = forwardRef<HTMLDivElement, { errors: FormErrors }>(function ErrorSummary({ errors }, ref) {
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.summary.map((item) => (
              <li key={item.href}>
                <a href={item.href}>{item.text}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
});

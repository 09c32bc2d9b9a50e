import { forwardRef } from 'react';
import type { FormErrors } from '../../forms/page-schema.ts';

/**
 * GOV.UK error summary. On a hydrated question page React owns it and moves focus to it itself
 * (tabIndex -1 lets it, as govuk-frontend's "must be focused"); on a page that is never hydrated
 * (check answers) `module` hands it to govuk-frontend's ErrorSummary script, which focuses it on load.
 */
export const ErrorSummary = forwardRef<HTMLDivElement, { errors: FormErrors; title: string; module?: boolean | undefined }>(function ErrorSummary(
  { errors, title, module },
  ref,
) {
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1} data-module={module ? 'govuk-error-summary' : undefined}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
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

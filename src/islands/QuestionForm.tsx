import type { PageSpec } from '../forms/field-spec.ts';
import type { FormErrors, PageValues, RawValues } from '../forms/page-schema.ts';
import { Field } from './govuk/Field.tsx';

export interface QuestionFormProps {
  page: PageSpec;
  values: RawValues | PageValues;
  errors: FormErrors | null;
  action: string;
  csrfToken: string;
}

/**
 * One question page's form. Rendered on the server as plain HTML; it posts natively, so the server
 * is the only path that validates and saves anything.
 */
export function QuestionForm({ page, values, errors, action, csrfToken }: QuestionFormProps) {
  const byField = errors?.byField ?? {};
  return (
    <form method="post" action={action} noValidate>
      <input type="hidden" name="csrfToken" value={csrfToken} />
      {page.fields.map((field) => (
        <Field key={field.name} field={field} values={values} errors={byField} />
      ))}
      <div className="govuk-form-group app-honeypot" aria-hidden="true">
        <label className="govuk-label" htmlFor="website">
          Leave this field empty
        </label>
        <input className="govuk-input" id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
        {page.submitLabel ?? 'Continue'}
      </button>
    </form>
  );
}

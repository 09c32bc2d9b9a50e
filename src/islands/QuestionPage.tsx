import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { useForm, type FieldErrors, type FieldValues } from 'react-hook-form';
import type { IsoDate } from '../domain/dates.ts';
import { flattenFields, toFieldAnchor, type FormCopy, type PageSpec } from '../forms/field-spec.ts';
import { datePartsOf, SAVE_BUTTON, SUBMIT_BUTTON_ID, toPageSchema, type FormErrors, type PageValues, type RawValues } from '../forms/page-schema.ts';
import { ErrorSummary } from './govuk/ErrorSummary.tsx';
import { Field, type LiveForm } from './govuk/Field.tsx';

export interface QuestionPageProps {
  page: PageSpec;
  values: RawValues | PageValues;
  /** Errors from the server's validation (the no-JavaScript path, or a post the island let through). */
  errors: FormErrors | null;
  action: string;
  csrfToken: string;
  /** Today in England, so "must be in the past" means the same on the phone as on the server. */
  today: IsoDate;
  /** The words every form shows, from the catalogue. */
  copy: FormCopy;
  /**
   * Rendered as plain HTML and never hydrated (check answers): govuk-frontend's own scripts run
   * its radios and stop a second press of the button sending the form again.
   */
  plain?: boolean;
  /** The "Save and come back later" button's words; without them the page has no such button. */
  saveLabel?: string;
}

/** Where the server puts a question page's markup and the props it was made from, for the island to hydrate. */
export const QUESTION_ISLAND_ID = 'question-page';
/** The container's `data-island` until the island has taken over the form, and after. */
export const ISLAND_STATE = { server: 'server', live: 'live' } as const;
export const QUESTION_PROPS_ID = 'question-page-props';

/** react-hook-form hands back false/null for untouched controls; the shared schema expects "not given". */
function toRawValues(values: FieldValues): RawValues {
  const raw: RawValues = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') raw[name] = value;
    else if (Array.isArray(value)) raw[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return raw;
}

function toFormErrors(page: PageSpec, errors: FieldErrors): FormErrors {
  const byField: Record<string, string> = {};
  const summary: FormErrors['summary'] = [];
  for (const field of flattenFields(page.fields)) {
    const message = errors[field.name]?.message;
    if (typeof message !== 'string') continue;
    byField[field.name] = message;
    summary.push({ text: message, href: `#${toFieldAnchor(field)}` });
  }
  return { summary, byField };
}

function defaultValuesOf(page: PageSpec, values: RawValues | PageValues): FieldValues {
  const defaults: FieldValues = {};
  for (const field of flattenFields(page.fields)) {
    const value = values[field.name];
    if (field.kind === 'checkboxes') defaults[field.name] = Array.isArray(value) ? value : value ? [value] : [];
    else if (field.kind === 'date') {
      const parts = datePartsOf(field);
      const [y, m, d] = typeof value === 'string' ? value.split('-') : [];
      const stored: Record<string, string | undefined> = { year: y, month: m && String(Number(m)), day: d && String(Number(d)) };
      for (const part of parts) {
        const posted = values[`${field.name}-${part}`];
        defaults[`${field.name}-${part}`] = typeof posted === 'string' ? posted : (stored[part] ?? '');
      }
    } else defaults[field.name] = typeof value === 'string' ? value : field.kind === 'radios' ? null : '';
  }
  return defaults;
}

/** How long after a send a second press is ignored: govuk-frontend's own double-click window. */
const DOUBLE_CLICK_MS = 1_000;

/** The values the controls hold right now, in react-hook-form's shape. */
function readFormValues(page: PageSpec, form: HTMLFormElement): FieldValues {
  const data = new FormData(form);
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  const values: FieldValues = {};
  for (const field of flattenFields(page.fields)) {
    if (field.kind === 'checkboxes') values[field.name] = data.getAll(field.name).filter((v) => typeof v === 'string');
    else if (field.kind === 'radios') values[field.name] = data.get(field.name) ?? null;
    else if (field.kind === 'date') {
      for (const part of datePartsOf(field)) values[`${field.name}-${part}`] = text(`${field.name}-${part}`);
    } else values[field.name] = text(field.name);
  }
  return values;
}

/**
 * A question page: error summary, heading and form. The server writes the same markup without
 * React (src/components/question/question-html.ts) for everyone; with JavaScript it hydrates, validates with the same zod schema as the server through
 * react-hook-form, and on success submits the native form, so the server stays the only path that
 * saves anything.
 */
export function QuestionPage(props: QuestionPageProps) {
  const { page, action, csrfToken, today, copy } = props;
  /** The island has taken over the form (after hydration): validation and reveals are React's. */
  const [live, setLive] = useState(false);

  const schema = useMemo(() => toPageSchema(page, { today }), [page, today]);
  const formRef = useRef<HTMLFormElement>(null);
  /** When the form was last sent, so a double click sends it once. */
  const sentAt = useRef(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [clientErrors, setClientErrors] = useState<FormErrors | null>(null);
  const [attempt, setAttempt] = useState(0);

  const { register, handleSubmit, watch, reset } = useForm<FieldValues>({
    defaultValues: defaultValuesOf(page, props.values),
    resolver: (values, context, options) => zodResolver(schema)(toRawValues(values), context, options as never) as never,
    shouldFocusError: false,
  });

  // Anything chosen or typed before the script arrived must survive: registering the controls
  // writes the form's values into them, so those values are first taken from the page as it is now.
  useEffect(() => {
    if (formRef.current) reset(readFormValues(page, formRef.current));
    setLive(true);
    // Outside React's tree: tells anyone waiting (a test, a reader of the page) that the form is live.
    formRef.current?.closest('[data-island]')?.setAttribute('data-island', ISLAND_STATE.live);
    // Once, when the island takes over: later renders must not reset what the person types.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const watched = watch();

  const liveForm: LiveForm | undefined = live
    ? {
        bind: (name) => register(name),
        current: (name) => {
          const value = watched[name];
          return typeof value === 'string' || Array.isArray(value) ? value : undefined;
        },
      }
    : undefined;

  const errors = clientErrors ?? props.errors;

  // After a failed submit: focus the summary and prefix the title, as the server's page would.
  useEffect(() => {
    if (attempt === 0 || !clientErrors) return;
    summaryRef.current?.focus();
    const prefix = copy.errorTitle.split('%{title}')[0] ?? '';
    if (!document.title.startsWith(prefix)) document.title = copy.errorTitle.replace('%{title}', document.title);
  }, [attempt, clientErrors, copy.errorTitle]);

  // A page the server sent back with errors: focus its summary once, as govuk-frontend would.
  useEffect(() => {
    if (props.errors?.summary.length) summaryRef.current?.focus();
  }, [props.errors]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // The double-click guard lives here, not in govuk-frontend's Button: that one would also ignore
    // the press that follows an error shown here, if it came within a second of the first.
    if (Date.now() - sentAt.current < DOUBLE_CLICK_MS) {
      event.preventDefault();
      return;
    }
    // Saving keeps whatever is on the page, complete or not: the browser sends it as it is, with
    // the button's own name and value, and nothing here may stop it.
    if ((event.nativeEvent as SubmitEvent).submitter?.getAttribute('name') === SAVE_BUTTON.name) {
      sentAt.current = Date.now();
      return;
    }
    void handleSubmit(
      () => {
        setClientErrors(null);
        sentAt.current = Date.now();
        formRef.current?.submit();
      },
      (fieldErrors) => {
        setClientErrors(toFormErrors(page, fieldErrors));
        setAttempt((n) => n + 1);
      },
    )(event);
  };

  // Summary links move focus to the field itself (govuk-frontend's behaviour), not just scroll.
  const onSummaryClick = (event: MouseEvent<HTMLDivElement>) => {
    const link = (event.target as HTMLElement).closest('a');
    const id = link?.getAttribute('href')?.slice(1);
    const input = id ? document.getElementById(id) : null;
    if (!input) return;
    event.preventDefault();
    input.scrollIntoView();
    input.focus({ preventScroll: true });
  };

  const headingIsField = page.fields.some((f) => f.isPageHeading);
  const byField = errors?.byField ?? {};
  const hasErrors = errors !== null && errors.summary.length > 0;
  // Not for a post refused as a whole (the honeypot): that is no sign the person cannot answer.
  const answerInError = Object.keys(byField).length > 0;
  const formErrorId = `${SUBMIT_BUTTON_ID}-error`;
  const continueButton = (
    <button
      type="submit"
      id={SUBMIT_BUTTON_ID}
      className="govuk-button"
      data-module="govuk-button"
      data-prevent-double-click={props.plain ? 'true' : undefined}
      aria-describedby={errors?.form ? formErrorId : undefined}
    >
      {page.submitLabel}
    </button>
  );
  return (
    <>
      {hasErrors && (
        <div onClick={onSummaryClick}>
          <ErrorSummary errors={errors} title={copy.errorSummaryTitle} module={props.plain} ref={summaryRef} />
        </div>
      )}
      {page.caption && <span className="govuk-caption-l">{page.caption}</span>}
      {!headingIsField && <h1 className="govuk-heading-l">{page.title}</h1>}
      {/* Rendered by the server from the catalogue's Markdown, with every value escaped. */}
      {page.introHtml && <div dangerouslySetInnerHTML={{ __html: page.introHtml }} />}
      <form method="post" action={action} noValidate ref={formRef} onSubmit={live ? onSubmit : undefined}>
        <input type="hidden" name="csrfToken" value={csrfToken} />
        {page.fields.map((field) => (
          <Field key={field.name} field={field} values={props.values} errors={byField} copy={copy} live={liveForm} island={!props.plain} />
        ))}
        <div className="govuk-form-group app-honeypot" aria-hidden="true">
          <label className="govuk-label" htmlFor="website">
            {copy.honeypotLabel}
          </label>
          <input className="govuk-input" id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>
        {errors?.form && (
          <p className="govuk-error-message" id={formErrorId}>
            <span className="govuk-visually-hidden">{copy.errorPrefix}</span> {errors.form}
          </p>
        )}
        {props.saveLabel ? (
          <div className="govuk-button-group">
            {continueButton}
            <button
              type="submit"
              name={SAVE_BUTTON.name}
              value={SAVE_BUTTON.value}
              className="govuk-button govuk-button--secondary"
              data-module="govuk-button"
              data-prevent-double-click={props.plain ? 'true' : undefined}
            >
              {props.saveLabel}
            </button>
          </div>
        ) : (
          continueButton
        )}
      </form>
      {/* What to do instead, for someone who cannot or will not answer: shown with their answers' errors, whichever side found them. */}
      {answerInError && page.errorHelpHtml && <div dangerouslySetInnerHTML={{ __html: page.errorHelpHtml }} />}
    </>
  );
}

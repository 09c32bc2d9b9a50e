import { useEffect, useState, type ReactNode } from 'react';
import type { CheckboxesField, DateField, FieldSpec, FormCopy, RadiosField, TextareaField, TextField } from '../../forms/field-spec.ts';
import { datePartsOf } from '../../forms/page-schema.ts';
import type { PageValues, RawValues } from '../../forms/page-schema.ts';

/**
 * GOV.UK Frontend form controls in React, for the island once it has hydrated. The server writes
 * the same markup without React (src/components/question/question-html.ts, held to it by a test);
 * the markup and class names follow govuk-frontend 6's templates so its CSS (and, for the chrome,
 * its JavaScript) works unchanged.
 */

/** How the enhanced form takes over the controls; absent when rendered as plain HTML. */
export interface LiveForm {
  /** Props that hand an input to react-hook-form (name, ref, onChange, onBlur). */
  bind: (name: string) => Record<string, unknown>;
  /** The current value of a field, to reveal conditional questions and count characters. */
  current: (name: string) => string | string[] | undefined;
}

export interface FieldProps {
  field: FieldSpec;
  /** What the person posted (after an error) or what they answered before. */
  values: RawValues | PageValues;
  errors: Record<string, string>;
  /** The words every form shows (error prefix, date parts, character count). */
  copy: FormCopy;
  live?: LiveForm | undefined;
  /**
   * Rendered inside the React island, which owns reveals and counts itself: govuk-frontend's
   * Radios, Checkboxes and CharacterCount modules must not also attach to these elements.
   */
  island?: boolean | undefined;
}

const cx = (...classes: (string | false | undefined)[]) => classes.filter(Boolean).join(' ');
const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

function valueOf(values: FieldProps['values'], name: string): string {
  const v = values[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function listOf(values: FieldProps['values'], name: string): string[] {
  const v = values[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function ErrorMessage({ id, text, prefix }: { id: string; text: string; prefix: string }) {
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">{prefix}</span> {text}
    </p>
  );
}

function Hint({ id, text, className }: { id: string; text: string; className?: string }) {
  return (
    <div id={id} className={cx('govuk-hint', className)}>
      {text}
    </div>
  );
}

function Label({ field, htmlFor }: { field: FieldSpec; htmlFor: string }) {
  if (field.isPageHeading) {
    return (
      <h1 className="govuk-label-wrapper">
        <label className="govuk-label govuk-label--l" htmlFor={htmlFor}>
          {field.label}
        </label>
      </h1>
    );
  }
  return (
    <label className={cx('govuk-label govuk-label--s', field.hiddenLabel && 'govuk-visually-hidden')} htmlFor={htmlFor}>
      {field.label}
    </label>
  );
}

function Fieldset({ field, describedBy: by, role, children }: { field: FieldSpec; describedBy?: string | undefined; role?: string; children: ReactNode }) {
  return (
    <fieldset className="govuk-fieldset" aria-describedby={by} role={role}>
      <legend
        className={cx(
          'govuk-fieldset__legend',
          field.isPageHeading ? 'govuk-fieldset__legend--l' : 'govuk-fieldset__legend--s',
          field.hiddenLabel && 'govuk-visually-hidden',
        )}
      >
        {field.isPageHeading ? <h1 className="govuk-fieldset__heading">{field.label}</h1> : field.label}
      </legend>
      {children}
    </fieldset>
  );
}

function TextInput({ field, values, errors, live, copy }: { field: TextField } & Omit<FieldProps, 'field'>) {
  const error = errors[field.name];
  return (
    <TextGroup field={field} error={error} copy={copy}>
      <input
        className={cx('govuk-input', field.widthClass, error && 'govuk-input--error')}
        id={field.name}
        name={field.name}
        type={field.inputType === 'number' ? 'text' : (field.inputType ?? 'text')}
        defaultValue={valueOf(values, field.name)}
        aria-describedby={textDescribedBy(field, error)}
        autoComplete={field.autocomplete}
        spellCheck={field.spellcheck}
        inputMode={field.inputmode}
        {...live?.bind(field.name)}
      />
    </TextGroup>
  );
}

/** A text box's form group: its label, hint and error above the control, and the ids that describe it. */
function TextGroup({ field, error, copy, children }: { field: TextField | TextareaField; error: string | undefined; copy: FormCopy; children: ReactNode }) {
  const hintId = field.hint ? `${field.name}-hint` : undefined;
  const errorId = error ? `${field.name}-error` : undefined;
  return (
    <div className={cx('govuk-form-group', error && 'govuk-form-group--error')}>
      <Label field={field} htmlFor={field.name} />
      {field.hint && hintId && <Hint id={hintId} text={field.hint} />}
      {error && errorId && <ErrorMessage id={errorId} text={error} prefix={copy.errorPrefix} />}
      {children}
    </div>
  );
}

/** The ids a text control is described by: the character count's limit, its hint, its error. */
const textDescribedBy = (field: TextField | TextareaField, error: string | undefined, infoId?: string | false) =>
  describedBy(infoId, field.hint && `${field.name}-hint`, error && `${field.name}-error`);

function Textarea({ field, values, errors, live, island, copy }: { field: TextareaField } & Omit<FieldProps, 'field'>) {
  const error = errors[field.name];
  const infoId = `${field.name}-info`;
  const group = (
    <TextGroup field={field} error={error} copy={copy}>
      <textarea
        className={cx('govuk-textarea', field.characterCount && 'govuk-js-character-count', error && 'govuk-textarea--error')}
        id={field.name}
        name={field.name}
        rows={field.rows ?? 5}
        defaultValue={valueOf(values, field.name)}
        aria-describedby={textDescribedBy(field, error, field.characterCount && infoId)}
        {...live?.bind(field.name)}
      />
    </TextGroup>
  );
  if (!field.characterCount) return group;
  return (
    <div className="govuk-form-group govuk-character-count" data-module={island ? undefined : 'govuk-character-count'} data-maxlength={field.maxLength}>
      {group}
      <div id={infoId} className={cx('govuk-hint govuk-character-count__message', live && 'govuk-visually-hidden')}>
        {field.characterCount}
      </div>
      {live && <CharacterCountStatus maxLength={field.maxLength} length={String(live.current(field.name) ?? '').length} messages={copy.characterCount} />}
    </div>
  );
}

/**
 * The live count govuk-frontend's CharacterCount shows, rendered by React so the two never fight
 * over the same element: a visible status, and a polite live region for screen readers that is
 * only updated when typing pauses (the same 1 second delay govuk-frontend uses, so a screen reader
 * is not interrupted on every keystroke).
 */
function CharacterCountStatus({ maxLength, length, messages }: { maxLength: number; length: number; messages: FormCopy['characterCount'] }) {
  const remaining = maxLength - length;
  const count = Math.abs(remaining);
  const template = remaining >= 0 ? (count === 1 ? messages.underOne : messages.underOther) : count === 1 ? messages.overOne : messages.overOther;
  const message = template.replace('%{count}', count.toLocaleString('en-GB'));
  const [announced, setAnnounced] = useState(message);
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(message), 1000);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <>
      <div className={cx('govuk-hint govuk-character-count__status', remaining < 0 && 'govuk-error-message')} aria-hidden="true">
        {message}
      </div>
      <div className="govuk-character-count__sr-status govuk-visually-hidden" aria-live="polite">
        {announced}
      </div>
    </>
  );
}

function Choices({ field, values, errors, live, island, copy }: { field: RadiosField | CheckboxesField } & Omit<FieldProps, 'field'>) {
  const error = errors[field.name];
  const hintId = field.hint ? `${field.name}-hint` : undefined;
  const errorId = error ? `${field.name}-error` : undefined;
  const type = field.kind === 'radios' ? 'radio' : 'checkbox';
  const block = field.kind === 'radios' ? 'govuk-radios' : 'govuk-checkboxes';
  const chosen = listOf(values, field.name);
  const current = live?.current(field.name);
  const selected = live ? (Array.isArray(current) ? current : current ? [current] : []) : chosen;
  const hasConditional = field.options.some((o) => o.conditional);
  return (
    <div className={cx('govuk-form-group', error && 'govuk-form-group--error')}>
      <Fieldset field={field} describedBy={describedBy(hintId, errorId)}>
        {field.hint && hintId && <Hint id={hintId} text={field.hint} />}
        {error && errorId && <ErrorMessage id={errorId} text={error} prefix={copy.errorPrefix} />}
        <div
          className={cx(block, field.kind === 'radios' && field.inline && !hasConditional && 'govuk-radios--inline')}
          data-module={island ? undefined : block}
        >
          {field.options.map((option, index) => {
            const id = index === 0 ? field.name : `${field.name}-${index + 1}`;
            const conditionalId = `conditional-${id}`;
            const itemHintId = option.hint ? `${id}-item-hint` : undefined;
            const checked = chosen.includes(option.value);
            const revealed = selected.includes(option.value);
            return (
              <ChoiceItem key={option.value} divider={field.dividerBefore === option.value ? copy.or : undefined} block={block}>
                <div className={`${block}__item`}>
                  <input
                    className={`${block}__input`}
                    id={id}
                    name={field.name}
                    type={type}
                    value={option.value}
                    defaultChecked={checked}
                    aria-describedby={itemHintId}
                    data-aria-controls={option.conditional && !live ? conditionalId : undefined}
                    aria-controls={option.conditional && live ? conditionalId : undefined}
                    aria-expanded={option.conditional && live ? revealed : undefined}
                    data-behaviour={option.exclusive ? 'exclusive' : undefined}
                    {...live?.bind(field.name)}
                  />
                  <label className={`govuk-label ${block}__label`} htmlFor={id}>
                    {option.label}
                  </label>
                  {option.hint && itemHintId && <Hint id={itemHintId} text={option.hint} className={`${block}__hint`} />}
                </div>
                {option.conditional && (
                  <div className={cx(`${block}__conditional`, !revealed && `${block}__conditional--hidden`)} id={conditionalId}>
                    {option.conditional.map((child) => (
                      <Field key={child.name} field={child} values={values} errors={errors} copy={copy} live={live} island={island} />
                    ))}
                  </div>
                )}
              </ChoiceItem>
            );
          })}
        </div>
      </Fieldset>
    </div>
  );
}

function ChoiceItem({ divider, block, children }: { divider: string | undefined; block: string; children: ReactNode }) {
  return (
    <>
      {divider && <div className={`${block}__divider`}>{divider}</div>}
      {children}
    </>
  );
}

function DateInput({ field, values, errors, live, copy }: { field: DateField } & Omit<FieldProps, 'field'>) {
  const error = errors[field.name];
  const hintId = field.hint ? `${field.name}-hint` : undefined;
  const errorId = error ? `${field.name}-error` : undefined;
  const parts = datePartsOf(field);
  // Stored answers are ISO dates; posted values arrive as separate parts.
  const stored = valueOf(values, field.name);
  const [y, m, d] = stored ? stored.split('-') : [];
  const fromStored: Record<string, string> = { year: y ?? '', month: m ? String(Number(m)) : '', day: d ? String(Number(d)) : '' };
  return (
    <div className={cx('govuk-form-group', error && 'govuk-form-group--error')}>
      <Fieldset field={field} describedBy={describedBy(hintId, errorId)} role="group">
        {field.hint && hintId && <Hint id={hintId} text={field.hint} />}
        {error && errorId && <ErrorMessage id={errorId} text={error} prefix={copy.errorPrefix} />}
        <div className="govuk-date-input" id={field.name}>
          {parts.map((part) => {
            const name = `${field.name}-${part}`;
            const posted = values[name];
            return (
              <div className="govuk-date-input__item" key={part}>
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-date-input__label" htmlFor={name}>
                    {copy.dateParts[part]}
                  </label>
                  <input
                    className={cx(
                      'govuk-input govuk-date-input__input',
                      part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2',
                      error && 'govuk-input--error',
                    )}
                    id={name}
                    name={name}
                    type="text"
                    inputMode="numeric"
                    defaultValue={typeof posted === 'string' ? posted : fromStored[part]}
                    {...live?.bind(name)}
                  />
                </div>
              </div>
            );
          })}
        </div>
      </Fieldset>
    </div>
  );
}

/** Renders one field of any kind. */
export function Field({ field, ...props }: FieldProps) {
  switch (field.kind) {
    case 'text':
      return <TextInput field={field} {...props} />;
    case 'textarea':
      return <Textarea field={field} {...props} />;
    case 'radios':
    case 'checkboxes':
      return <Choices field={field} {...props} />;
    case 'date':
      return <DateInput field={field} {...props} />;
  }
}

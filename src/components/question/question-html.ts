import type { CheckboxesField, DateField, FieldSpec, FormCopy, RadiosField, TextareaField, TextField } from '../../forms/field-spec.ts';
import { datePartsOf, SAVE_BUTTON, SUBMIT_BUTTON_ID } from '../../forms/page-schema.ts';
import type { QuestionPageProps } from '../../islands/QuestionPage.tsx';

/**
 * A question page's form as HTML, character for character what React's server renderer makes of
 * the island (src/islands/QuestionPage.tsx and govuk/Field.tsx) before it hydrates: the island
 * hydrates into this markup, so React never runs on the server for a page. Any change to the
 * island's markup belongs here too; tests/unit/islands/question-html.test.ts compares the two over
 * every page of every journey.
 */

type Attributes = Record<string, string | number | boolean | undefined>;

// React's own escaping (escapeTextForBrowser), and below its attribute names (autoComplete, not
// autocomplete) and order, so the HTML is identical, not merely equivalent.
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** React marks the boundary between two text nodes with an empty comment, so hydration can split them. */
const TEXT_SEPARATOR = '<!-- -->';

function attributes(attrs: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    out += value === true ? ` ${name}=""` : ` ${name}="${escape(String(value))}"`;
  }
  return out;
}

const element = (tag: string, attrs: Attributes, inner = ''): string => `<${tag}${attributes(attrs)}>${inner}</${tag}>`;
/** An <input>, its attributes in the order React writes them: the rest as given, then name, checked and value. */
function inputElement(attrs: Attributes): string {
  const { name, checked, value, ...rest } = attrs;
  return `<input${attributes(rest)}${attributes({ name, checked, value })}/>`;
}

const cx = (...classes: (string | false | undefined)[]) => classes.filter(Boolean).join(' ');
const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

type Values = QuestionPageProps['values'];

function valueOf(values: Values, name: string): string {
  const v = values[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function listOf(values: Values, name: string): string[] {
  const v = values[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

interface FieldContext {
  values: Values;
  errors: Record<string, string>;
  copy: FormCopy;
  /** On a hydrated page React owns reveals and counts, so govuk-frontend's modules are not attached. */
  island: boolean;
}

const errorText = (text: string, prefix: string) => `${element('span', { class: 'govuk-visually-hidden' }, escape(prefix))} ${TEXT_SEPARATOR}${escape(text)}`;
const errorMessage = (id: string, text: string, prefix: string) => element('p', { id, class: 'govuk-error-message' }, errorText(text, prefix));

const hint = (id: string, text: string, className?: string) => element('div', { id, class: cx('govuk-hint', className) }, escape(text));

function label(field: FieldSpec, htmlFor: string): string {
  if (field.isPageHeading) {
    return element('h1', { class: 'govuk-label-wrapper' }, element('label', { class: 'govuk-label govuk-label--l', for: htmlFor }, escape(field.label)));
  }
  return element('label', { class: cx('govuk-label govuk-label--s', field.hiddenLabel && 'govuk-visually-hidden'), for: htmlFor }, escape(field.label));
}

function fieldset(field: FieldSpec, by: string | undefined, role: string | undefined, inner: string): string {
  const legendClass = cx(
    'govuk-fieldset__legend',
    field.isPageHeading ? 'govuk-fieldset__legend--l' : 'govuk-fieldset__legend--s',
    field.hiddenLabel && 'govuk-visually-hidden',
  );
  const legend = element(
    'legend',
    { class: legendClass },
    field.isPageHeading ? element('h1', { class: 'govuk-fieldset__heading' }, escape(field.label)) : escape(field.label),
  );
  return element('fieldset', { class: 'govuk-fieldset', 'aria-describedby': by, role }, legend + inner);
}

/** The ids a text control is described by: the character count's limit, its hint, its error. */
const textDescribedBy = (field: TextField | TextareaField, error: string | undefined, infoId?: string | false) =>
  describedBy(infoId, field.hint && `${field.name}-hint`, error && `${field.name}-error`);

function textGroup(field: TextField | TextareaField, error: string | undefined, copy: FormCopy, control: string): string {
  const inner = [
    label(field, field.name),
    field.hint ? hint(`${field.name}-hint`, field.hint) : '',
    error ? errorMessage(`${field.name}-error`, error, copy.errorPrefix) : '',
    control,
  ].join('');
  return element('div', { class: cx('govuk-form-group', error && 'govuk-form-group--error') }, inner);
}

function textInput(field: TextField, { values, errors, copy }: FieldContext): string {
  const error = errors[field.name];
  const input = inputElement({
    class: cx('govuk-input', field.widthClass, error && 'govuk-input--error'),
    id: field.name,
    type: field.inputType === 'number' ? 'text' : (field.inputType ?? 'text'),
    'aria-describedby': textDescribedBy(field, error),
    autoComplete: field.autocomplete,
    spellCheck: field.spellcheck === undefined ? undefined : String(field.spellcheck),
    inputMode: field.inputmode,
    name: field.name,
    value: valueOf(values, field.name),
  });
  return textGroup(field, error, copy, input);
}

function textarea(field: TextareaField, { values, errors, copy, island }: FieldContext): string {
  const error = errors[field.name];
  const infoId = `${field.name}-info`;
  const value = valueOf(values, field.name);
  // The HTML parser drops a newline straight after <textarea>, so React writes one of its own first.
  const content = (value.startsWith('\n') ? '\n' : '') + escape(value);
  const control = element(
    'textarea',
    {
      class: cx('govuk-textarea', field.characterCount && 'govuk-js-character-count', error && 'govuk-textarea--error'),
      id: field.name,
      name: field.name,
      rows: field.rows ?? 5,
      'aria-describedby': textDescribedBy(field, error, field.characterCount && infoId),
    },
    content,
  );
  const group = textGroup(field, error, copy, control);
  if (!field.characterCount) return group;
  return element(
    'div',
    { class: 'govuk-form-group govuk-character-count', 'data-module': island ? undefined : 'govuk-character-count', 'data-maxlength': field.maxLength },
    group + element('div', { id: infoId, class: 'govuk-hint govuk-character-count__message' }, escape(field.characterCount)),
  );
}

function choices(field: RadiosField | CheckboxesField, context: FieldContext): string {
  const { values, errors, copy, island } = context;
  const error = errors[field.name];
  const hintId = field.hint ? `${field.name}-hint` : undefined;
  const errorId = error ? `${field.name}-error` : undefined;
  const type = field.kind === 'radios' ? 'radio' : 'checkbox';
  const block = field.kind === 'radios' ? 'govuk-radios' : 'govuk-checkboxes';
  const chosen = listOf(values, field.name);
  const hasConditional = field.options.some((o) => o.conditional);
  const items = field.options.map((option, index) => {
    const id = index === 0 ? field.name : `${field.name}-${index + 1}`;
    const conditionalId = `conditional-${id}`;
    const itemHintId = option.hint ? `${id}-item-hint` : undefined;
    const checked = chosen.includes(option.value);
    const divider = field.dividerBefore === option.value ? element('div', { class: `${block}__divider` }, escape(copy.or)) : '';
    const input = inputElement({
      class: `${block}__input`,
      id,
      type,
      value: option.value,
      'aria-describedby': itemHintId,
      'data-aria-controls': option.conditional ? conditionalId : undefined,
      'data-behaviour': option.exclusive ? 'exclusive' : undefined,
      name: field.name,
      checked,
    });
    const item = element(
      'div',
      { class: `${block}__item` },
      input +
        element('label', { class: `govuk-label ${block}__label`, for: id }, escape(option.label)) +
        (option.hint && itemHintId ? hint(itemHintId, option.hint, `${block}__hint`) : ''),
    );
    const conditional = option.conditional
      ? element(
          'div',
          { class: cx(`${block}__conditional`, !checked && `${block}__conditional--hidden`), id: conditionalId },
          option.conditional.map((child) => fieldHtml(child, context)).join(''),
        )
      : '';
    return divider + item + conditional;
  });
  const group = element(
    'div',
    { class: cx(block, field.kind === 'radios' && field.inline && !hasConditional && 'govuk-radios--inline'), 'data-module': island ? undefined : block },
    items.join(''),
  );
  const inner = (field.hint && hintId ? hint(hintId, field.hint) : '') + (error && errorId ? errorMessage(errorId, error, copy.errorPrefix) : '') + group;
  return element('div', { class: cx('govuk-form-group', error && 'govuk-form-group--error') }, fieldset(field, describedBy(hintId, errorId), undefined, inner));
}

function dateInput(field: DateField, { values, errors, copy }: FieldContext): string {
  const error = errors[field.name];
  const hintId = field.hint ? `${field.name}-hint` : undefined;
  const errorId = error ? `${field.name}-error` : undefined;
  // Stored answers are ISO dates; posted values arrive as separate parts.
  const stored = valueOf(values, field.name);
  const [y, m, d] = stored ? stored.split('-') : [];
  const fromStored: Record<string, string> = { year: y ?? '', month: m ? String(Number(m)) : '', day: d ? String(Number(d)) : '' };
  const parts = datePartsOf(field).map((part) => {
    const name = `${field.name}-${part}`;
    const posted = values[name];
    const input = inputElement({
      class: cx('govuk-input govuk-date-input__input', part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2', error && 'govuk-input--error'),
      id: name,
      type: 'text',
      inputMode: 'numeric',
      name,
      value: typeof posted === 'string' ? posted : fromStored[part],
    });
    const label = element('label', { class: 'govuk-label govuk-date-input__label', for: name }, escape(copy.dateParts[part]));
    return element('div', { class: 'govuk-date-input__item' }, element('div', { class: 'govuk-form-group' }, label + input));
  });
  const inner =
    (field.hint && hintId ? hint(hintId, field.hint) : '') +
    (error && errorId ? errorMessage(errorId, error, copy.errorPrefix) : '') +
    element('div', { class: 'govuk-date-input', id: field.name }, parts.join(''));
  return element('div', { class: cx('govuk-form-group', error && 'govuk-form-group--error') }, fieldset(field, describedBy(hintId, errorId), 'group', inner));
}

function fieldHtml(field: FieldSpec, context: FieldContext): string {
  switch (field.kind) {
    case 'text':
      return textInput(field, context);
    case 'textarea':
      return textarea(field, context);
    case 'radios':
    case 'checkboxes':
      return choices(field, context);
    case 'date':
      return dateInput(field, context);
  }
}

function errorSummary(errors: NonNullable<QuestionPageProps['errors']>, title: string, module: boolean): string {
  const list = errors.summary.map((item) => element('li', {}, element('a', { href: item.href }, escape(item.text)))).join('');
  const body = element('div', { class: 'govuk-error-summary__body' }, element('ul', { class: 'govuk-list govuk-error-summary__list' }, list));
  return element(
    'div',
    { class: 'govuk-error-summary', tabindex: '-1', 'data-module': module ? 'govuk-error-summary' : undefined },
    element('div', { role: 'alert' }, element('h2', { class: 'govuk-error-summary__title' }, escape(title)) + body),
  );
}

/**
 * The island's markup before it hydrates, in two parts: what comes before the form (error summary,
 * caption, heading, introduction) and the form with the help shown with errors. A page that is
 * never hydrated (check answers) puts its own content between the two.
 */
export function renderQuestionParts(props: QuestionPageProps): { before: string; after: string } {
  const { page, errors, copy } = props;
  const plain = props.plain === true;
  const context: FieldContext = { values: props.values, errors: errors?.byField ?? {}, copy, island: !plain };
  const headingIsField = page.fields.some((f) => f.isPageHeading);
  const hasErrors = errors !== null && errors.summary.length > 0;
  const answerInError = Object.keys(context.errors).length > 0;
  const formErrorId = `${SUBMIT_BUTTON_ID}-error`;

  const honeypot = element(
    'div',
    { class: 'govuk-form-group app-honeypot', 'aria-hidden': 'true' },
    element('label', { class: 'govuk-label', for: 'website' }, escape(copy.honeypotLabel)) +
      inputElement({ class: 'govuk-input', id: 'website', name: 'website', type: 'text', tabindex: '-1', autoComplete: 'off' }),
  );
  const button = element(
    'button',
    {
      type: 'submit',
      id: SUBMIT_BUTTON_ID,
      class: 'govuk-button',
      'data-module': 'govuk-button',
      'data-prevent-double-click': plain ? 'true' : undefined,
      'aria-describedby': errors?.form ? formErrorId : undefined,
    },
    escape(page.submitLabel),
  );
  const buttons = props.saveLabel
    ? element(
        'div',
        { class: 'govuk-button-group' },
        button +
          element(
            'button',
            {
              type: 'submit',
              value: SAVE_BUTTON.value,
              class: 'govuk-button govuk-button--secondary',
              'data-module': 'govuk-button',
              'data-prevent-double-click': plain ? 'true' : undefined,
              // React writes a button's name after its other attributes.
              name: SAVE_BUTTON.name,
            },
            escape(props.saveLabel),
          ),
      )
    : button;
  const form = element(
    'form',
    // In the order React writes them: its own attributes, then action and method.
    { noValidate: true, action: props.action, method: 'post' },
    inputElement({ type: 'hidden', name: 'csrfToken', value: props.csrfToken }) +
      page.fields.map((field) => fieldHtml(field, context)).join('') +
      honeypot +
      (errors?.form ? element('p', { class: 'govuk-error-message', id: formErrorId }, errorText(errors.form, copy.errorPrefix)) : '') +
      buttons,
  );

  const before = [
    hasErrors ? element('div', {}, errorSummary(errors, copy.errorSummaryTitle, plain)) : '',
    page.caption ? element('span', { class: 'govuk-caption-l' }, escape(page.caption)) : '',
    headingIsField ? '' : element('h1', { class: 'govuk-heading-l' }, escape(page.title)),
    // Rendered by the server from the catalogue's Markdown, with every value escaped.
    page.introHtml ? element('div', {}, page.introHtml) : '',
  ].join('');
  const after = form + (answerInError && page.errorHelpHtml ? element('div', {}, page.errorHelpHtml) : '');
  return { before, after };
}

/** The island's whole markup before it hydrates. */
export function renderQuestionHtml(props: QuestionPageProps): string {
  const { before, after } = renderQuestionParts(props);
  return before + after;
}

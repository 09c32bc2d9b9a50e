/**
 * Question pages described as data. The same description renders the no-JavaScript HTML, builds the
 * zod schema the server validates with, and (for the island) the schema react-hook-form uses, so the
 * three can never disagree about a field's name, label or message.
 */

export interface Option {
  value: string;
  label: string;
  hint?: string;
  /** Questions revealed when this option is chosen; ignored by validation otherwise. */
  conditional?: FieldSpec[];
  /** For checkboxes: "None of these" style option that cannot be combined with others. */
  exclusive?: boolean;
}

interface FieldBase {
  /** camelCase; used unchanged as the HTML name and id. */
  name: string;
  label: string;
  hint?: string;
  /** Message when nothing is given; absent means the field is optional. */
  required?: string;
  /** The label/legend is the page's <h1> (single-question pages). */
  isPageHeading?: boolean;
  /** The label repeats the page's <h1>, so it is read by screen readers but not shown twice. */
  hiddenLabel?: boolean;
  /** What generated error messages call the field when the label is a question, e.g. "Your name". */
  errorName?: string;
}

export interface RadiosField extends FieldBase {
  kind: 'radios';
  options: Option[];
  /** Put an "or" divider before this option value. */
  dividerBefore?: string;
  inline?: boolean;
}

export interface CheckboxesField extends FieldBase {
  kind: 'checkboxes';
  options: Option[];
  dividerBefore?: string;
}

export interface TextField extends FieldBase {
  kind: 'text';
  inputType?: 'text' | 'email' | 'tel' | 'number';
  autocomplete?: string;
  spellcheck?: boolean;
  widthClass?: string;
  maxLength: number;
  tooLong?: string;
  /** Extra check with its message, e.g. email or phone format. */
  format?: 'email' | 'phone' | 'age' | 'postcode';
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
}

export interface TextareaField extends FieldBase {
  kind: 'textarea';
  maxLength: number;
  rows?: number;
  tooLong?: string;
  /** Show govuk-frontend's character count. */
  characterCount?: boolean;
}

export interface DateField extends FieldBase {
  kind: 'date';
  /** `full` asks day, month and year; `month` asks month and year only. */
  precision: 'full' | 'month';
  /** The date must be today or earlier (in England). */
  past?: boolean;
  /** Noun used in messages, e.g. "the date it happened". */
  noun: string;
}

export type FieldSpec = RadiosField | CheckboxesField | TextField | TextareaField | DateField;

export interface PageSpec {
  id: string;
  /** The page's <h1> when no field is the heading; also the <title>. */
  title: string;
  caption?: string;
  /** Paragraphs shown before the fields. */
  intro?: string[];
  fields: FieldSpec[];
  /** At least one of these optional fields must be given; the message shows against `field`. */
  oneOf?: { names: string[]; field: string; message: string };
  submitLabel?: string;
}

/**
 * A page with explanatory text needs its own <h1> before that text, so no field can be the heading;
 * a field whose label repeats the heading keeps the label for screen readers only.
 */
export function toRenderedPage(page: PageSpec): PageSpec {
  if (!page.intro?.length) return page;
  return {
    ...page,
    fields: page.fields.map((f) => ({ ...f, isPageHeading: false, hiddenLabel: f.label === page.title })),
  };
}

/** Every field in a page, including those inside conditional reveals, in page order. */
export function flattenFields(fields: readonly FieldSpec[]): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const field of fields) {
    out.push(field);
    if (field.kind === 'radios' || field.kind === 'checkboxes') {
      for (const option of field.options) if (option.conditional) out.push(...flattenFields(option.conditional));
    }
  }
  return out;
}

/** The id of the element an error summary link must focus for a field (govuk-frontend conventions). */
export function toFieldAnchor(field: FieldSpec): string {
  if (field.kind === 'date') return field.precision === 'full' ? `${field.name}-day` : `${field.name}-month`;
  return field.name;
}

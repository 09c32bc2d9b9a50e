/**
 * Question pages as the browser gets them: every label, hint and message already in words. The same
 * description renders the no-JavaScript HTML, builds the zod schema the server validates with, and
 * (for the island) the schema react-hook-form uses, so the three can never disagree about a field's
 * name, label or message. Journeys do not write these by hand: `engine/resolve.ts` makes them from
 * a step's definition and the catalogue.
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

/** What a field's checks say, in the catalogue's words; only the checks the field runs are present. */
export interface FieldMessages {
  /** Longer than the field allows. */
  tooLong?: string;
  /** Not an email address, phone number, postcode or number, for fields with a format. */
  format?: string;
  /** An age over the limit. */
  tooHigh?: string;
  /** A choice that is not one of the options (a forged or stale form). */
  invalid?: string;
  /** An exclusive checkbox ("No, I do not need any help") chosen with others. */
  exclusive?: string;
  /** A date with parts missing, by the missing parts joined with a space: "day", "day month". */
  incomplete?: Record<string, string>;
  /** A date that does not exist. */
  notReal?: string;
  /** A date after today. */
  notPast?: string;
}

interface FieldBase {
  /** camelCase; used unchanged as the HTML name and id. */
  name: string;
  label: string;
  hint?: string;
  /** Message when nothing is given; absent means the field is optional. */
  required?: string;
  messages: FieldMessages;
  /** The label/legend is the page's <h1> (single-question pages). */
  isPageHeading?: boolean;
  /** The label repeats the page's <h1>, so it is read by screen readers but not shown twice. */
  hiddenLabel?: boolean;
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
  /** Extra check with its message, e.g. email or phone format. */
  format?: 'email' | 'phone' | 'age' | 'postcode';
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
}

export interface TextareaField extends FieldBase {
  kind: 'textarea';
  maxLength: number;
  rows?: number;
  /** Show govuk-frontend's character count, with this limit message ("You can enter up to 5,000 characters"). */
  characterCount?: string;
}

export interface DateField extends FieldBase {
  kind: 'date';
  /** `full` asks day, month and year; `month` asks month and year only. */
  precision: 'full' | 'month';
  /** The date must be today or earlier (in England). */
  past?: boolean;
  /**
   * What the month box accepts besides a number, January first: each month's name and short forms
   * in lower case, from the catalogue, so "June", "jun" and "6" all mean June (as GOV.UK accepts).
   */
  monthNames?: string[][];
}

export type FieldSpec = RadiosField | CheckboxesField | TextField | TextareaField | DateField;

export interface PageSpec {
  id: string;
  /** The page's <h1> when no field is the heading; also the <title>. */
  title: string;
  caption?: string;
  /** What the page says before its fields, as HTML the server rendered from the catalogue (values escaped). */
  introHtml?: string;
  /**
   * Shown after the form whenever the page has errors, as HTML the server rendered from the catalogue:
   * what someone can do instead when they cannot or will not answer (other ways to complain).
   */
  errorHelpHtml?: string;
  fields: FieldSpec[];
  /** At least one of these optional fields must be given; the message shows against `field`. */
  oneOf?: { names: string[]; field: string; message: string };
  submitLabel: string;
}

/** Words every form shows whatever its questions, from the catalogue's `form` area. */
export interface FormCopy {
  errorSummaryTitle: string;
  /** A page title with errors, `%{title}` standing for the title ("Error: %{title}"). */
  errorTitle: string;
  /** Read before each inline error by screen readers ("Error:"). */
  errorPrefix: string;
  /** The hidden field only bots fill in. */
  honeypotLabel: string;
  /** The divider before a "none of these" option. */
  or: string;
  dateParts: { day: string; month: string; year: string };
  /** govuk-frontend's character count messages, `%{count}` replaced as typing goes on. */
  characterCount: { underOne: string; underOther: string; overOne: string; overOther: string };
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

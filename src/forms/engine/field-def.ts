/**
 * A question as a journey declares it: its kind, name and rules, but no words. The words come from
 * the catalogue by convention (`engine/resolve.ts`): under the step's key,
 * `fields.<name>.label`, `.hint`, `.required`, `.options.<value>.label`; a field shared by several
 * journeys points at its own key with `copy`.
 */

/** One choice. Its words are at `options.<value>` under the field's key unless it says otherwise. */
export interface OptionDef {
  value: string;
  /** Where the option's `label` and `hint` are, e.g. `common.answers.yes`. */
  copy?: string;
  /** A label from the council file (a service, the council's name), used as it is. */
  label?: string;
  /** A hint from the council file. */
  hint?: string;
  conditional?: readonly FieldDef[];
  exclusive?: boolean;
}

interface FieldDefBase {
  name: string;
  /**
   * Where else the field's words are, after the step's own `fields.<name>`: shared keys, first
   * match wins, so a variant (a care leaver's past tense) can sit before the shared words.
   */
  copy?: string | readonly string[];
  /** The field must be answered; its message is the `required` sentence. */
  required?: boolean;
  /** The question is the page's heading (a page with one question); its label is the page title unless it has its own. */
  heading?: boolean;
}

export interface ChoiceDef extends FieldDefBase {
  kind: 'radios' | 'checkboxes';
  options: readonly OptionDef[];
  dividerBefore?: string | undefined;
  inline?: boolean;
}

export interface TextDef extends FieldDefBase {
  kind: 'text';
  maxLength: number;
  format?: 'email' | 'phone' | 'age' | 'postcode';
  inputType?: 'text' | 'email' | 'tel';
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
  autocomplete?: string;
  spellcheck?: boolean;
  widthClass?: string;
}

export interface TextareaDef extends FieldDefBase {
  kind: 'textarea';
  maxLength: number;
  rows?: number;
  characterCount?: boolean;
}

export interface DateDef extends FieldDefBase {
  kind: 'date';
  precision: 'full' | 'month';
  past?: boolean;
}

export type FieldDef = ChoiceDef | TextDef | TextareaDef | DateDef;

/** Options whose words all sit under one key: `options('common.answers', 'yes', 'no')`. */
export function optionsAt(copy: string, ...values: readonly string[]): OptionDef[] {
  return values.map((value) => ({ value, copy: `${copy}.${value}` }));
}

/** Yes and No, in that order, in the catalogue's shared words. */
export const yesNoOptions: readonly OptionDef[] = optionsAt('common.answers', 'yes', 'no');

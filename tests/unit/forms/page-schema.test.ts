import { describe, expect, it } from 'vitest';
import type { ChoiceDef, DateDef, FieldDef, TextareaDef, TextDef } from '../../../src/forms/engine/field-def.ts';
import type { Journey, Step } from '../../../src/forms/engine/journey.ts';
import { resolveStepPage } from '../../../src/forms/engine/resolve.ts';
import type { PageSpec } from '../../../src/forms/field-spec.ts';
import {
  datePartsOf,
  isEmailAddress,
  parsePage,
  SUBMIT_BUTTON_ID,
  toFormErrors,
  toFormLevelErrors,
  toMonthNumber,
  toPageSchema,
  type FormErrors,
  type PageValues,
  type RawValues,
} from '../../../src/forms/page-schema.ts';
import { createJourneyContext } from '../../fixtures/journeys.ts';
import { createSampleCopy, sampleJourney } from '../../fixtures/sample-journey.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

const ctx = { today: '2026-11-22' };

/**
 * The fields' words, as a journey's step would have them: every message below is made from these
 * and the catalogue's shared `form.errors` sentences by the resolver, as on a real page.
 */
const words = createSampleCopy(exampleCouncil(), {
  schema: `
steps:
  test:
    title: Test page
    oneOf: Enter the child's date of birth or their age
    fields:
      fullName: { label: Full name, required: Enter your full name }
      details: { label: Details, required: Enter the details }
      whatHappened: { label: What happened?, required: Enter what happened, tooLong: "What happened must be 5,000 characters or less" }
      nickname: { label: Nickname }
      email: { label: Email address, required: Enter your email address }
      phone: { label: Phone number, required: Enter your phone number }
      postcode: { label: Postcode, required: Enter postcode }
      age: { label: Age, required: Enter your age }
      role:
        label: Who is making this complaint?
        required: Select who is making this complaint
        options: { child: { label: I'm a child or young person }, parent: { label: I'm the child's parent } }
      needs:
        label: Do you need any help to communicate with us?
        required: Select the help you need, or select that you do not need any
        options: { bsl: { label: British Sign Language (BSL) }, easy_read: { label: Easy read }, none: { label: "No, I do not need any help" } }
      whenDate: { label: Date, errorName: The date it happened, required: Enter the date it happened }
      whenMonth: { label: Month and year, errorName: The month it happened, required: Enter the month and year it happened }
      dob: { label: Date of birth, errorName: The child's date of birth }
      whenKind:
        label: When did it happen?
        required: Select when it happened
        options: { exact: { label: I know the date }, month: { label: I know the month and year }, ongoing: { label: It is still happening } }
      contactMethods:
        label: How can we contact you?
        required: Select at least one way we can contact you
        options: { email: { label: Email }, phone: { label: Phone } }
      child1Name: { label: Child's full name, required: Enter the child's name or initials }
      child1Dob: { label: Date of birth, errorName: The child's date of birth }
      child1Age: { label: Age }
      name: { label: Name, required: Enter your name }
      kind: { label: Kind, required: Select a kind, options: { a: { label: A } } }
      detail: { label: Detail, required: Enter the detail }
`,
});

/** A page of these questions, put into words by the resolver. */
function pageOf(fields: readonly FieldDef[], oneOf?: Step['oneOf']): PageSpec {
  const step: Step = { id: 'test', section: 'test', fields, ...(oneOf ? { oneOf } : {}) };
  const journey: Journey = { ...sampleJourney, id: 'schema', steps: [step] };
  return resolveStepPage(journey, step, createJourneyContext({}), words);
}

/** The validated values, failing the test with the messages if the page did not validate. */
function valuesOf(fields: readonly FieldDef[] | PageSpec, raw: RawValues): PageValues {
  const result = parsePage('id' in fields ? fields : pageOf(fields), raw, ctx);
  if (!result.ok) throw new Error(`expected no errors, got ${JSON.stringify(result.error.byField)}`);
  return result.value;
}

/** The errors, failing the test if the page validated. */
function errorsOf(fields: readonly FieldDef[] | PageSpec, raw: RawValues): FormErrors {
  const result = parsePage('id' in fields ? fields : pageOf(fields), raw, ctx);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.error;
}

const fullName: TextDef = { kind: 'text', name: 'fullName', required: true, maxLength: 100 };
const details: TextareaDef = { kind: 'textarea', name: 'details', required: true, maxLength: 5000 };

describe('parsePage', () => {
  describe('text and textarea fields', () => {
    it.each([
      { field: fullName, input: '', given: 'nothing typed', message: 'Enter your full name' },
      { field: fullName, input: '   ', given: 'only spaces', message: 'Enter your full name' },
      { field: fullName, input: undefined, given: 'nothing posted', message: 'Enter your full name' },
      { field: details, input: '', given: 'nothing typed', message: 'Enter the details' },
    ])('shows the required message for $field.name given $given', ({ field, input, message }) => {
      expect(errorsOf([field], { [field.name]: input }).byField).toEqual({ [field.name]: message });
    });

    it('leaves an optional field out of the answers when it is empty', () => {
      const optional: TextDef = { kind: 'text', name: 'nickname', maxLength: 20 };
      expect(valuesOf([optional], { nickname: ' ' }).nickname).toBeUndefined();
    });

    it('trims the answer', () => {
      expect(valuesOf([fullName], { fullName: '  Sam Taylor \n' })).toEqual({ fullName: 'Sam Taylor' });
    });

    it('folds line breaks in a one-line answer into one space, so a name cannot add lines to an email', () => {
      expect(valuesOf([fullName], { fullName: 'Sam\nBcc: victim@example.com' }).fullName).toBe('Sam Bcc: victim@example.com');
      expect(valuesOf([fullName], { fullName: 'Sam \n\n  Taylor\u2028Jr\u2029' }).fullName).toBe('Sam Taylor Jr');
    });

    it('keeps line breaks in a long answer', () => {
      expect(valuesOf([details], { details: 'First\n\nSecond' }).details).toBe('First\n\nSecond');
    });

    it.each([
      // Text: the label and the limit.
      { field: fullName, input: 'x'.repeat(101), message: 'Full name must be 100 characters or less' },
      // Thousands are written with a comma.
      { field: details, input: 'x'.repeat(5001), message: 'Details must be 5,000 characters or less' },
      // A page's own message wins.
      { field: { ...details, name: 'whatHappened' }, input: 'x'.repeat(5001), message: 'What happened must be 5,000 characters or less' },
    ])('says "$message"', ({ field, input, message }) => {
      expect(errorsOf([field], { [field.name]: input }).byField[field.name]).toBe(message);
    });

    it('accepts an answer of exactly the limit', () => {
      expect(valuesOf([fullName], { fullName: 'x'.repeat(100) }).fullName).toHaveLength(100);
    });

    it('takes the first value when a single field is posted twice', () => {
      expect(valuesOf([fullName], { fullName: ['Sam', 'Alex'] }).fullName).toBe('Sam');
    });
  });

  describe('formats', () => {
    const email: TextDef = { kind: 'text', name: 'email', required: true, format: 'email', maxLength: 254 };
    const phone: TextDef = { kind: 'text', name: 'phone', required: true, format: 'phone', maxLength: 20 };
    const postcode: TextDef = { kind: 'text', name: 'postcode', required: true, format: 'postcode', maxLength: 10 };
    const age: TextDef = { kind: 'text', name: 'age', required: true, format: 'age', maxLength: 2 };

    const emailMessage = 'Enter an email address in the correct format, like name@example.com';
    const phoneMessage = 'Enter a phone number, like 01632 960 001 or 07700 900 982';
    const postcodeMessage = 'Enter a real postcode, like EX1 1AA';

    it.each([
      { field: email, input: 'name@example', message: emailMessage },
      { field: email, input: 'name.example.com', message: emailMessage },
      // A space inside the address.
      { field: email, input: 'sam taylor@example.com', message: emailMessage },
      // Top-level domain of one letter.
      { field: email, input: 'name@example.c', message: emailMessage },
      { field: phone, input: 'call me after 4', message: phoneMessage },
      // Too few digits to be a number.
      { field: phone, input: '12345', message: phoneMessage },
      { field: postcode, input: 'EX1', message: postcodeMessage },
      { field: postcode, input: '12345', message: postcodeMessage },
      { field: age, input: 'ab', message: 'Age must be a number, like 12' },
      // Letters longer than the box still get the number message, not a character count.
      { field: age, input: 'ten', message: 'Age must be a number, like 12' },
      { field: age, input: '31', message: 'Age must be 30 or less' },
      // Too big for the box: the age limit, not a character count, is what helps.
      { field: age, input: '123', message: 'Age must be 30 or less' },
    ])('rejects $field.name $input with the GOV.UK message', ({ field, input, message }) => {
      expect(errorsOf([field], { [field.name]: input }).byField[field.name]).toBe(message);
    });

    it.each([
      { field: email, input: 'sam.taylor@example.co.uk' },
      { field: phone, input: '01632 960 001' },
      { field: phone, input: '+44 (0)7700 900982' },
      { field: phone, input: '07700-900-982' },
      { field: postcode, input: 'EX1 1AA' },
      // Lower case and no space are still a postcode.
      { field: postcode, input: 'sw1a2aa' },
      { field: age, input: '0' },
      { field: age, input: '30' },
    ])('accepts $field.name $input as typed', ({ field, input }) => {
      expect(valuesOf([field], { [field.name]: input })[field.name]).toBe(input);
    });
  });

  describe('radios', () => {
    const role: ChoiceDef = { kind: 'radios', name: 'role', required: true, options: [{ value: 'child' }, { value: 'parent' }] };
    const optionalRole: ChoiceDef = { ...role, required: false };

    it('keeps the chosen value', () => {
      expect(valuesOf([role], { role: 'parent' })).toEqual({ role: 'parent' });
    });

    it('shows the required message when nothing is chosen', () => {
      expect(errorsOf([role], {}).byField).toEqual({ role: 'Select who is making this complaint' });
    });

    it.each([
      // Not one of the options.
      ['council_officer'],
      // A label is not a value.
      ["I'm the child's parent"],
    ])('treats a forged value "%s" as no answer', (forged) => {
      expect(errorsOf([role], { role: forged }).byField).toEqual({ role: 'Select who is making this complaint' });
    });

    it('asks for one of the options when a forged value is sent to an optional question', () => {
      expect(errorsOf([optionalRole], { role: 'council_officer' }).byField).toEqual({ role: 'Select one of the options' });
    });

    it('lets an optional question go unanswered', () => {
      expect(valuesOf([optionalRole], {}).role).toBeUndefined();
    });
  });

  describe('checkboxes', () => {
    const needs: ChoiceDef = {
      kind: 'checkboxes',
      name: 'needs',
      required: true,
      options: [{ value: 'bsl' }, { value: 'easy_read' }, { value: 'none', exclusive: true }],
    };
    const optionalNeeds: ChoiceDef = { ...needs, required: false };

    it('keeps every ticked value as a list, once each, in the order sent', () => {
      expect(valuesOf([needs], { needs: ['easy_read', 'bsl', 'easy_read'] })).toEqual({ needs: ['easy_read', 'bsl'] });
    });

    it('makes a list of a single ticked value', () => {
      expect(valuesOf([needs], { needs: 'bsl' })).toEqual({ needs: ['bsl'] });
    });

    it.each([
      // Nothing ticked.
      [undefined],
      [[]],
      // Only blank values.
      [['', ' ']],
    ])('shows the required message when nothing is ticked (%j)', (input) => {
      expect(errorsOf([needs], { needs: input }).byField).toEqual({ needs: 'Select the help you need, or select that you do not need any' });
    });

    it('gives an empty list when an optional question has nothing ticked', () => {
      expect(valuesOf([optionalNeeds], {})).toEqual({ needs: [] });
    });

    it.each([
      // A made-up value alone.
      [needs, ['sign_language'], 'Select the help you need, or select that you do not need any'],
      // A made-up value among real ones.
      [needs, ['bsl', 'sign_language'], 'Select the help you need, or select that you do not need any'],
      // An optional question has no required message to give.
      [optionalNeeds, ['sign_language'], 'Select from the options'],
      [optionalNeeds, ['bsl', 'sign_language'], 'Select from the options'],
    ])('rejects forged values (%#)', (field, input, message) => {
      expect(errorsOf([field], { needs: input }).byField).toEqual({ needs: message });
    });

    it('rejects the exclusive option ticked with others', () => {
      expect(errorsOf([needs], { needs: ['bsl', 'none'] }).byField).toEqual({
        needs: 'Select "No, I do not need any help" on its own, or other options without it',
      });
    });

    it('accepts the exclusive option on its own', () => {
      expect(valuesOf([needs], { needs: ['none'] })).toEqual({ needs: ['none'] });
    });
  });

  describe('dates', () => {
    const whenDate: DateDef = { kind: 'date', name: 'whenDate', precision: 'full', past: true, required: true };
    const whenMonth: DateDef = { kind: 'date', name: 'whenMonth', precision: 'month', past: true, required: true };
    const dob: DateDef = { kind: 'date', name: 'dob', precision: 'full' };

    const full = (day: string, month: string, year: string): RawValues => ({ 'whenDate-day': day, 'whenDate-month': month, 'whenDate-year': year });
    const month = (m: string, year: string): RawValues => ({ 'whenMonth-month': m, 'whenMonth-year': year });

    it.each([
      [whenDate, full('', ' ', ''), 'Enter the date it happened'],
      [whenMonth, {}, 'Enter the month and year it happened'],
    ])('shows the required message when every part is empty (%#)', (field, raw, message) => {
      expect(errorsOf([field], raw).byField).toEqual({ [field.name]: message });
    });

    it('leaves an optional date out of the answers when every part is empty', () => {
      expect(valuesOf([dob], { 'dob-day': '', 'dob-month': '', 'dob-year': '' }).dob).toBeUndefined();
    });

    it.each([
      [full('27', '', ''), 'The date it happened must include a month and year'],
      [full('27', '', '2026'), 'The date it happened must include a month'],
      [full('', '3', '2026'), 'The date it happened must include a day'],
      [full('27', '3', ''), 'The date it happened must include a year'],
      [full('', '', '2026'), 'The date it happened must include a day and month'],
      [full('', '3', ''), 'The date it happened must include a day and year'],
    ])('names the missing parts (%j)', (raw, message) => {
      expect(errorsOf([whenDate], raw).byField.whenDate).toBe(message);
    });

    it.each([
      [month('9', ''), 'The month it happened must include a year'],
      [month('', '2026'), 'The month it happened must include a month'],
    ])('names the missing part of a month and year (%j)', (raw, message) => {
      expect(errorsOf([whenMonth], raw).byField.whenMonth).toBe(message);
    });

    it.each([
      // Words that are not numbers or months' names.
      [full('27', 'Marchh', '2026')],
      [full('27', 'Ma', '2026')],
      [full('27', 'third', '2026')],
      [full('1st', '3', '2026')],
      // A month's name in the day or year box.
      [full('March', '3', '2026')],
      // A minus sign or decimal point is not a number here.
      [full('27', '-3', '2026')],
      [full('27', '3.5', '2026')],
      // 31 February.
      [full('31', '2', '2026')],
      // 29 February outside a leap year.
      [full('29', '2', '2025')],
      [full('0', '3', '2026')],
      [full('27', '13', '2026')],
      // Year out of range, or only two digits.
      [full('27', '3', '1899')],
      [full('27', '3', '26')],
      [full('27', '3', '20260')],
    ])('says a date must be real (%j)', (raw) => {
      expect(errorsOf([whenDate], raw).byField.whenDate).toBe('The date it happened must be a real date');
    });

    it('says a month must be real', () => {
      expect(errorsOf([whenMonth], month('13', '2026')).byField.whenMonth).toBe('The month it happened must be a real date');
    });

    it.each([
      // Tomorrow.
      [whenDate, full('23', '11', '2026'), 'The date it happened must be today or in the past'],
      // Next month.
      [whenMonth, month('12', '2026'), 'The month it happened must be today or in the past'],
    ])('rejects a future date when it must be in the past (%#)', (field, raw, message) => {
      expect(errorsOf([field], raw).byField[field.name]).toBe(message);
    });

    it('allows a future date when the past is not required', () => {
      expect(valuesOf([dob], { 'dob-day': '1', 'dob-month': '1', 'dob-year': '2030' }).dob).toBe('2030-01-01');
    });

    it.each([
      [full('7', '3', '2026'), '2026-03-07'],
      // Leading zeros and spaces.
      [full(' 07 ', '03', ' 2026'), '2026-03-07'],
      // Today itself is not in the future.
      [full('22', '11', '2026'), '2026-11-22'],
      // A real 29 February.
      [full('29', '2', '2024'), '2024-02-29'],
    ])('gives a full date as YYYY-MM-DD (%j)', (raw, expected) => {
      expect(valuesOf([whenDate], raw)).toEqual({ whenDate: expected });
    });

    it.each([
      [month('9', '2026'), '2026-09'],
      // The current month is not in the future.
      [month('11', '2026'), '2026-11'],
      // A day posted anyway is ignored.
      [{ ...month('9', '2026'), 'whenMonth-day': '31' }, '2026-09'],
    ])('gives a month as YYYY-MM (%j)', (raw, expected) => {
      expect(valuesOf([whenMonth], raw)).toEqual({ whenMonth: expected });
    });

    // GOV.UK date inputs take a month's name or its short form as well as its number, in any capitals.
    it.each([
      [month('June', '2026'), '2026-06'],
      [month('jun', '2026'), '2026-06'],
      [month('JUNE', '2026'), '2026-06'],
      [month(' Sep ', '2026'), '2026-09'],
      [month('Sept', '2026'), '2026-09'],
      // With the full stop many people put after a short form.
      [month('Sept.', '2026'), '2026-09'],
      [month('may', '2026'), '2026-05'],
    ])('takes a month’s name in a month and year (%j)', (raw, expected) => {
      expect(valuesOf([whenMonth], raw)).toEqual({ whenMonth: expected });
    });

    it.each([
      [full('27', 'March', '2026'), '2026-03-27'],
      [full('1', 'feb', '2024'), '2024-02-01'],
    ])('takes a month’s name in a full date (%j)', (raw, expected) => {
      expect(valuesOf([whenDate], raw)).toEqual({ whenDate: expected });
    });

    it('still checks a date given with a month’s name is real', () => {
      expect(errorsOf([whenDate], full('31', 'February', '2026')).byField.whenDate).toBe('The date it happened must be a real date');
    });

    it('still checks a month given by name is not in the future', () => {
      expect(errorsOf([whenMonth], month('December', '2026')).byField.whenMonth).toBe('The month it happened must be today or in the past');
    });
  });

  describe('conditional questions', () => {
    const when = pageOf([
      {
        kind: 'radios',
        name: 'whenKind',
        required: true,
        options: [
          { value: 'exact', conditional: [{ kind: 'date', name: 'whenDate', precision: 'full', past: true, required: true }] },
          { value: 'month', conditional: [{ kind: 'date', name: 'whenMonth', precision: 'month', past: true, required: true }] },
          { value: 'ongoing' },
        ],
      },
    ]);
    const contact = pageOf([
      {
        kind: 'checkboxes',
        name: 'contactMethods',
        required: true,
        options: [
          { value: 'email', conditional: [{ kind: 'text', name: 'email', required: true, format: 'email', maxLength: 254 }] },
          { value: 'phone', conditional: [{ kind: 'text', name: 'phone', required: true, format: 'phone', maxLength: 20 }] },
        ],
      },
    ]);

    it.each([
      [when, { whenKind: 'exact' }, { whenDate: 'Enter the date it happened' }],
      [
        contact,
        { contactMethods: ['email', 'phone'], email: 'nope', phone: '' },
        { email: 'Enter an email address in the correct format, like name@example.com', phone: 'Enter your phone number' },
      ],
    ])('validates the questions under the chosen options (%#)', (page, raw, byField) => {
      expect(errorsOf(page, raw).byField).toEqual(byField);
    });

    it('ignores, and drops, what was posted under options that were not chosen', () => {
      const raw = {
        whenKind: 'month',
        ...{ 'whenMonth-month': '9', 'whenMonth-year': '2026' },
        // Left over from choosing "I know the date" first, and not a real date.
        ...{ 'whenDate-day': '31', 'whenDate-month': '2', 'whenDate-year': '2026' },
      };
      expect(valuesOf(when, raw)).toEqual({ whenKind: 'month', whenMonth: '2026-09' });
    });

    it('drops a typed email when email is not ticked', () => {
      expect(valuesOf(contact, { contactMethods: ['phone'], email: 'not an email', phone: '07700 900982' })).toEqual({
        contactMethods: ['phone'],
        phone: '07700 900982',
      });
    });

    it('asks nothing more for an option without a question', () => {
      expect(valuesOf(when, { whenKind: 'ongoing', 'whenDate-day': 'x' })).toEqual({ whenKind: 'ongoing' });
    });

    it('does not look under any option when the choice itself is forged', () => {
      expect(errorsOf(when, { whenKind: 'sometime', 'whenDate-day': 'x' }).byField).toEqual({ whenKind: 'Select when it happened' });
    });
  });

  describe('one of several optional fields', () => {
    const child = pageOf(
      [
        { kind: 'text', name: 'child1Name', required: true, maxLength: 100 },
        { kind: 'date', name: 'child1Dob', precision: 'full', past: true },
        { kind: 'text', name: 'child1Age', maxLength: 2, format: 'age' },
      ],
      { names: ['child1Dob', 'child1Age'], field: 'child1Dob' },
    );
    const dob = { 'child1Dob-day': '2', 'child1Dob-month': '6', 'child1Dob-year': '2015' };

    it('asks for a date of birth or an age when neither is given, against the date of birth', () => {
      expect(errorsOf(child, { child1Name: 'Alex' })).toEqual({
        byField: { child1Dob: "Enter the child's date of birth or their age" },
        summary: [{ text: "Enter the child's date of birth or their age", href: '#child1Dob-day' }],
      });
    });

    it.each([
      [
        { child1Name: 'Alex', ...dob },
        { child1Name: 'Alex', child1Dob: '2015-06-02' },
      ],
      [
        { child1Name: 'Alex', child1Age: '11' },
        { child1Name: 'Alex', child1Age: '11' },
      ],
      [
        { child1Name: 'Alex', child1Age: '11', ...dob },
        { child1Name: 'Alex', child1Dob: '2015-06-02', child1Age: '11' },
      ],
    ])('accepts either one, or both (%#)', (raw, expected) => {
      expect(valuesOf(child, raw)).toEqual(expected);
    });

    it.each([
      // A broken date of birth says what is wrong with it, not "date of birth or age".
      [
        { child1Name: 'Alex', 'child1Dob-day': '31', 'child1Dob-month': '2', 'child1Dob-year': '2015' },
        { child1Dob: "The child's date of birth must be a real date" },
      ],
      [{ child1Name: 'Alex', child1Age: 'x' }, { child1Age: 'Age must be a number, like 12' }],
    ])('shows only the real problem when one of them is wrong (%#)', (raw, expected) => {
      expect(errorsOf(child, raw).byField).toEqual(expected);
    });
  });

  it('refuses to check a field that has no message for what went wrong, naming the field and the check', () => {
    const page: PageSpec = {
      id: 'p',
      title: 'p',
      submitLabel: 'Continue',
      fields: [{ kind: 'text', name: 'email', label: 'Email address', format: 'email', maxLength: 254, messages: {} }],
    };
    expect(() => parsePage(page, { email: 'nope' }, ctx)).toThrow('The field "email" has no message for "format"');
  });
});

describe('toPageSchema', () => {
  it('reports each problem against the field name, for the client-side resolver', () => {
    const result = toPageSchema(pageOf([fullName]), ctx).safeParse({ fullName: '' });
    expect(result.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([{ path: ['fullName'], message: 'Enter your full name' }]);
  });

  it('outputs the clean values', () => {
    expect(toPageSchema(pageOf([fullName]), ctx).parse({ fullName: ' Sam ' })).toEqual({ fullName: 'Sam' });
  });

  it('finds what parsePage finds, on the server, for the same posts', () => {
    const page = pageOf([
      fullName,
      { kind: 'date', name: 'whenDate', precision: 'full', required: true },
      {
        kind: 'radios',
        name: 'kind',
        required: true,
        options: [{ value: 'a', conditional: [{ kind: 'text', name: 'detail', required: true, maxLength: 10 }] }],
      },
    ]);
    const posts: RawValues[] = [
      {},
      { fullName: ' Sam ', 'whenDate-day': '31', 'whenDate-month': '2', 'whenDate-year': '2026', kind: 'a', detail: 'far too long for ten' },
      { fullName: 'Sam', 'whenDate-day': '1', 'whenDate-month': 'feb', 'whenDate-year': '2026', kind: 'a', detail: 'short' },
      { kind: 'forged' },
    ];
    for (const post of posts) {
      const result = toPageSchema(page, ctx).safeParse(post);
      const fromSchema = result.success ? { ok: true, value: result.data } : { ok: false, error: toFormErrors(page, result.error.issues) };
      expect(fromSchema).toEqual(parsePage(page, post, ctx));
    }
  });
});

describe('toFormErrors', () => {
  const page = pageOf([
    { kind: 'text', name: 'name', required: true, maxLength: 100 },
    { kind: 'date', name: 'whenDate', precision: 'full', required: true },
    { kind: 'radios', name: 'kind', required: true, options: [{ value: 'a', conditional: [{ kind: 'text', name: 'detail', required: true, maxLength: 10 }] }] },
    { kind: 'date', name: 'whenMonth', precision: 'month', required: true },
  ]);
  const issue = (name: string, message: string) => ({ code: 'custom' as const, path: [name], message, input: {} });

  it('lists problems in page order, whatever order they were found in, each linked to the input to focus', () => {
    const errors = toFormErrors(page, [
      issue('whenMonth', 'Enter the month and year it happened'),
      issue('detail', 'Enter the detail'),
      issue('whenDate', 'Enter the date it happened'),
      issue('name', 'Enter your name'),
    ]);
    expect(errors.summary).toEqual([
      { text: 'Enter your name', href: '#name' },
      { text: 'Enter the date it happened', href: '#whenDate-day' },
      // A revealed question sits just after the question that reveals it.
      { text: 'Enter the detail', href: '#detail' },
      { text: 'Enter the month and year it happened', href: '#whenMonth-month' },
    ]);
  });

  it('keeps the first message for a field', () => {
    const errors = toFormErrors(page, [issue('name', 'Enter your name'), issue('name', 'Name must be 100 characters or less')]);
    expect(errors).toEqual({ byField: { name: 'Enter your name' }, summary: [{ text: 'Enter your name', href: '#name' }] });
  });

  it('links nothing for a name that is not on the page', () => {
    expect(toFormErrors(page, [issue('somethingElse', 'Odd')]).summary).toEqual([]);
  });

  it('gives the same result as validating the page', () => {
    expect(errorsOf(page, { kind: 'a' })).toEqual({
      summary: [
        { text: 'Enter your name', href: '#name' },
        { text: 'Enter the date it happened', href: '#whenDate-day' },
        { text: 'Enter the detail', href: '#detail' },
        { text: 'Enter the month and year it happened', href: '#whenMonth-month' },
      ],
      byField: {
        name: 'Enter your name',
        whenDate: 'Enter the date it happened',
        detail: 'Enter the detail',
        whenMonth: 'Enter the month and year it happened',
      },
    });
  });
});

describe('toMonthNumber', () => {
  // Another locale's names, as its catalogue would give them: the words come from the list, not the code.
  const welsh = [['ionawr', 'ion'], ['chwefror', 'chwef'], ['mawrth'], ['ebrill'], ['mai'], ['mehefin', 'meh']];

  it.each([
    ['6', 6],
    ['06', 6],
    ['Mehefin', 6],
    ['MEH', 6],
    ['chwef', 2],
  ])('reads %j as month %i', (text, month) => {
    expect(toMonthNumber(text, welsh)).toBe(month);
  });

  it.each([['June'], ['jun'], ['me'], ['']])('does not read %j as a month', (text) => {
    expect(toMonthNumber(text, welsh)).toBeNaN();
  });

  it('reads only numbers when it is given no names', () => {
    expect(toMonthNumber('June')).toBeNaN();
  });
});

describe('toFormLevelErrors', () => {
  it('links the summary to the page’s button and keeps the message for beside it', () => {
    expect(toFormLevelErrors('Your answers have not been saved')).toEqual({
      summary: [{ text: 'Your answers have not been saved', href: `#${SUBMIT_BUTTON_ID}` }],
      byField: {},
      form: 'Your answers have not been saved',
    });
  });
});

describe('datePartsOf', () => {
  it.each([
    ['full', ['day', 'month', 'year']],
    ['month', ['month', 'year']],
  ] as const)('asks a %s date for %j', (precision, parts) => {
    expect(datePartsOf({ kind: 'date', name: 'd', label: 'Date', precision, messages: {} })).toEqual(parts);
  });
});

describe('isEmailAddress', () => {
  it.each([
    'pat@example.com',
    'a.b+tag@sub.example.co.uk',
    'name@example.gov.uk',
    "o'neil@example.com",
    // An international domain is accepted: mail sends it as punycode.
    'jo@exämple.com',
    'user@xn--exmple-cua.com',
  ])('accepts %s', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    // A mail library reads this as a display name and sends to the address in brackets.
    ['sam<victim@example.com', 'a display name'],
    ['a@b.com,c@d.com', 'a list'],
    ['a(comment)@example.com', 'a comment'],
    ['"quoted"@example.com', 'a quoted local part'],
    ['group:a@example.com;', 'a group'],
    ['a@b', 'no top-level domain'],
    ['a@localhost', 'a bare host'],
    ['a@b.c', 'a one-letter top-level domain'],
    ['a@1.2.3.4', 'an IP address'],
    ['a..b@example.com', 'two dots in a row'],
    ['a@-example.com', 'a label starting with a hyphen'],
    ['a@example.com:25', 'a port'],
    ['a@example.com/x', 'a path'],
    ['a@example.com ', 'a trailing space'],
    ['a@@example.com', 'two @ signs'],
    ['@example.com', 'no local part'],
  ])('refuses %s (%s)', (address) => {
    expect(isEmailAddress(address)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { DateField, FieldSpec, PageSpec, TextField } from '../../../src/forms/field-spec.ts';
import { parsePage, toFormErrors, toPageSchema, type FormErrors, type PageValues, type RawValues } from '../../../src/forms/page-schema.ts';

const ctx = { today: '2026-11-22' };

const pageOf = (...fields: FieldSpec[]): PageSpec => ({ id: 'test', title: 'Test page', fields });

/** The validated values, failing the test with the messages if the page did not validate. */
function valuesOf(page: PageSpec, raw: RawValues): PageValues {
  const result = parsePage(page, raw, ctx);
  if (!result.ok) throw new Error(`expected no errors, got ${JSON.stringify(result.error.byField)}`);
  return result.value;
}

/** The errors, failing the test if the page validated. */
function errorsOf(page: PageSpec, raw: RawValues): FormErrors {
  const result = parsePage(page, raw, ctx);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.error;
}

const fullName: TextField = { kind: 'text', name: 'fullName', label: 'Full name', required: 'Enter your full name', maxLength: 100 };

describe('parsePage', () => {
  describe('text and textarea fields', () => {
    const details = { kind: 'textarea', name: 'details', label: 'Details', required: 'Enter the details', maxLength: 5000 } as const;

    it.each([
      { field: fullName, input: '', given: 'nothing typed' },
      { field: fullName, input: '   ', given: 'only spaces' },
      { field: fullName, input: undefined, given: 'nothing posted' },
      { field: details, input: '', given: 'nothing typed' },
    ])('shows the required message for $field.name given $given', ({ field, input }) => {
      expect(errorsOf(pageOf(field), { [field.name]: input }).byField).toEqual({ [field.name]: field.required });
    });

    it('leaves an optional field out of the answers when it is empty', () => {
      const optional: TextField = { kind: 'text', name: 'nickname', label: 'Nickname', maxLength: 20 };
      expect(valuesOf(pageOf(optional), { nickname: ' ' }).nickname).toBeUndefined();
    });

    it('trims the answer', () => {
      expect(valuesOf(pageOf(fullName), { fullName: '  Sam Taylor \n' })).toEqual({ fullName: 'Sam Taylor' });
    });

    it.each([
      // Text: the label and the limit.
      { field: fullName, input: 'x'.repeat(101), message: 'Full name must be 100 characters or less' },
      // Thousands are written with a comma.
      { field: details, input: 'x'.repeat(5001), message: 'Details must be 5,000 characters or less' },
      // A page's own message wins.
      { field: { ...details, tooLong: 'What happened must be 5,000 characters or less' }, input: 'x'.repeat(5001), message: 'What happened must be 5,000 characters or less' },
    ])('says "$message"', ({ field, input, message }) => {
      expect(errorsOf(pageOf(field), { [field.name]: input }).byField[field.name]).toBe(message);
    });

    it('accepts an answer of exactly the limit', () => {
      expect(valuesOf(pageOf(fullName), { fullName: 'x'.repeat(100) }).fullName).toHaveLength(100);
    });

    it('takes the first value when a single field is posted twice', () => {
      expect(valuesOf(pageOf(fullName), { fullName: ['Sam', 'Alex'] }).fullName).toBe('Sam');
    });
  });

  describe('formats', () => {
    const email: TextField = { kind: 'text', name: 'email', label: 'Email address', required: 'Enter your email address', format: 'email', maxLength: 254 };
    const phone: TextField = { kind: 'text', name: 'phone', label: 'Phone number', required: 'Enter your phone number', format: 'phone', maxLength: 20 };
    const postcode: TextField = { kind: 'text', name: 'postcode', label: 'Postcode', required: 'Enter postcode', format: 'postcode', maxLength: 10 };
    const age: TextField = { kind: 'text', name: 'age', label: 'Age', required: 'Enter your age', format: 'age', maxLength: 2 };

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
      expect(errorsOf(pageOf(field), { [field.name]: input }).byField[field.name]).toBe(message);
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
      expect(valuesOf(pageOf(field), { [field.name]: input })[field.name]).toBe(input);
    });
  });

  describe('radios', () => {
    const role: FieldSpec = {
      kind: 'radios',
      name: 'role',
      label: 'Who is making this complaint?',
      required: 'Select who is making this complaint',
      options: [
        { value: 'child', label: "I'm a child or young person" },
        { value: 'parent', label: "I'm the child's parent" },
      ],
    };
    const optionalRole: FieldSpec = { ...role, required: undefined };

    it('keeps the chosen value', () => {
      expect(valuesOf(pageOf(role), { role: 'parent' })).toEqual({ role: 'parent' });
    });

    it('shows the required message when nothing is chosen', () => {
      expect(errorsOf(pageOf(role), {}).byField).toEqual({ role: 'Select who is making this complaint' });
    });

    it.each([
      // Not one of the options.
      ['council_officer'],
      // A label is not a value.
      ["I'm the child's parent"],
    ])('treats a forged value "%s" as no answer', (forged) => {
      expect(errorsOf(pageOf(role), { role: forged }).byField).toEqual({ role: 'Select who is making this complaint' });
    });

    it('asks for one of the options when a forged value is sent to an optional question', () => {
      expect(errorsOf(pageOf(optionalRole), { role: 'council_officer' }).byField).toEqual({ role: 'Select one of the options' });
    });

    it('lets an optional question go unanswered', () => {
      expect(valuesOf(pageOf(optionalRole), {}).role).toBeUndefined();
    });
  });

  describe('checkboxes', () => {
    const needs: FieldSpec = {
      kind: 'checkboxes',
      name: 'needs',
      label: 'Do you need any help to communicate with us?',
      required: 'Select the help you need, or select that you do not need any',
      options: [
        { value: 'bsl', label: 'British Sign Language (BSL)' },
        { value: 'easy_read', label: 'Easy read' },
        { value: 'none', label: 'No, I do not need any help', exclusive: true },
      ],
    };
    const optionalNeeds: FieldSpec = { ...needs, required: undefined };

    it('keeps every ticked value as a list, once each, in the order sent', () => {
      expect(valuesOf(pageOf(needs), { needs: ['easy_read', 'bsl', 'easy_read'] })).toEqual({ needs: ['easy_read', 'bsl'] });
    });

    it('makes a list of a single ticked value', () => {
      expect(valuesOf(pageOf(needs), { needs: 'bsl' })).toEqual({ needs: ['bsl'] });
    });

    it.each([
      // Nothing ticked.
      [undefined],
      [[]],
      // Only blank values.
      [['', ' ']],
    ])('shows the required message when nothing is ticked (%j)', (input) => {
      expect(errorsOf(pageOf(needs), { needs: input }).byField).toEqual({ needs: 'Select the help you need, or select that you do not need any' });
    });

    it('gives an empty list when an optional question has nothing ticked', () => {
      expect(valuesOf(pageOf(optionalNeeds), {})).toEqual({ needs: [] });
    });

    it.each([
      // A made-up value alone.
      [['sign_language']],
      // A made-up value among real ones.
      [['bsl', 'sign_language']],
    ])('rejects forged values %j', (input) => {
      expect(errorsOf(pageOf(needs), { needs: input }).byField).toEqual({ needs: 'Select the help you need, or select that you do not need any' });
      expect(errorsOf(pageOf(optionalNeeds), { needs: input }).byField).toEqual({ needs: 'Select from the options' });
    });

    it('rejects the exclusive option ticked with others', () => {
      expect(errorsOf(pageOf(needs), { needs: ['bsl', 'none'] }).byField).toEqual({
        needs: 'Select "No, I do not need any help" on its own, or other options without it',
      });
    });

    it('accepts the exclusive option on its own', () => {
      expect(valuesOf(pageOf(needs), { needs: ['none'] })).toEqual({ needs: ['none'] });
    });
  });

  describe('dates', () => {
    const whenDate: DateField = {
      kind: 'date',
      name: 'whenDate',
      label: 'Date',
      precision: 'full',
      past: true,
      required: 'Enter the date it happened',
      noun: 'the date it happened',
    };
    const whenMonth: DateField = {
      kind: 'date',
      name: 'whenMonth',
      label: 'Month and year',
      precision: 'month',
      past: true,
      required: 'Enter the month and year it happened',
      noun: 'the month it happened',
    };
    const dob: DateField = { kind: 'date', name: 'dob', label: 'Date of birth', precision: 'full', noun: "the child's date of birth" };

    const full = (day: string, month: string, year: string): RawValues => ({ 'whenDate-day': day, 'whenDate-month': month, 'whenDate-year': year });
    const month = (m: string, year: string): RawValues => ({ 'whenMonth-month': m, 'whenMonth-year': year });

    it('shows the required message when every part is empty', () => {
      expect(errorsOf(pageOf(whenDate), full('', ' ', '')).byField).toEqual({ whenDate: 'Enter the date it happened' });
      expect(errorsOf(pageOf(whenMonth), {}).byField).toEqual({ whenMonth: 'Enter the month and year it happened' });
    });

    it('leaves an optional date out of the answers when every part is empty', () => {
      expect(valuesOf(pageOf(dob), { 'dob-day': '', 'dob-month': '', 'dob-year': '' }).dob).toBeUndefined();
    });

    it.each([
      [full('27', '', ''), 'The date it happened must include a month and year'],
      [full('27', '', '2026'), 'The date it happened must include a month'],
      [full('', '3', '2026'), 'The date it happened must include a day'],
      [full('27', '3', ''), 'The date it happened must include a year'],
      [full('', '', '2026'), 'The date it happened must include a day and month'],
    ])('names the missing parts (%j)', (raw, message) => {
      expect(errorsOf(pageOf(whenDate), raw).byField.whenDate).toBe(message);
    });

    it('names a missing year in a month and year', () => {
      expect(errorsOf(pageOf(whenMonth), month('9', '')).byField.whenMonth).toBe('The month it happened must include a year');
    });

    it.each([
      // Words instead of numbers.
      [full('27', 'March', '2026')],
      [full('1st', '3', '2026')],
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
      expect(errorsOf(pageOf(whenDate), raw).byField.whenDate).toBe('The date it happened must be a real date');
    });

    it('says a month must be real', () => {
      expect(errorsOf(pageOf(whenMonth), month('13', '2026')).byField.whenMonth).toBe('The month it happened must be a real date');
    });

    it.each([
      // Tomorrow.
      [pageOf(whenDate), full('23', '11', '2026'), 'whenDate', 'The date it happened must be today or in the past'],
      // Next month.
      [pageOf(whenMonth), month('12', '2026'), 'whenMonth', 'The month it happened must be today or in the past'],
    ])('rejects a future date when it must be in the past (%#)', (page, raw, name, message) => {
      expect(errorsOf(page, raw).byField[name]).toBe(message);
    });

    it('allows a future date when the past is not required', () => {
      expect(valuesOf(pageOf(dob), { 'dob-day': '1', 'dob-month': '1', 'dob-year': '2030' }).dob).toBe('2030-01-01');
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
      expect(valuesOf(pageOf(whenDate), raw)).toEqual({ whenDate: expected });
    });

    it.each([
      [month('9', '2026'), '2026-09'],
      // The current month is not in the future.
      [month('11', '2026'), '2026-11'],
      // A day posted anyway is ignored.
      [{ ...month('9', '2026'), 'whenMonth-day': '31' }, '2026-09'],
    ])('gives a month as YYYY-MM (%j)', (raw, expected) => {
      expect(valuesOf(pageOf(whenMonth), raw)).toEqual({ whenMonth: expected });
    });
  });

  describe('conditional questions', () => {
    const when: PageSpec = pageOf({
      kind: 'radios',
      name: 'whenKind',
      label: 'When did it happen?',
      required: 'Select when it happened',
      options: [
        {
          value: 'exact',
          label: 'I know the date',
          conditional: [{ kind: 'date', name: 'whenDate', label: 'Date', precision: 'full', past: true, required: 'Enter the date it happened', noun: 'the date it happened' }],
        },
        {
          value: 'month',
          label: 'I know the month and year',
          conditional: [{ kind: 'date', name: 'whenMonth', label: 'Month and year', precision: 'month', past: true, required: 'Enter the month and year it happened', noun: 'the month it happened' }],
        },
        { value: 'ongoing', label: 'It is still happening' },
      ],
    });
    const contact: PageSpec = pageOf({
      kind: 'checkboxes',
      name: 'contactMethods',
      label: 'How can we contact you?',
      required: 'Select at least one way we can contact you',
      options: [
        { value: 'email', label: 'Email', conditional: [{ kind: 'text', name: 'email', label: 'Email address', required: 'Enter your email address', format: 'email', maxLength: 254 }] },
        { value: 'phone', label: 'Phone', conditional: [{ kind: 'text', name: 'phone', label: 'Phone number', required: 'Enter your phone number', format: 'phone', maxLength: 20 }] },
      ],
    });

    it('validates the question under the chosen option', () => {
      expect(errorsOf(when, { whenKind: 'exact' }).byField).toEqual({ whenDate: 'Enter the date it happened' });
      expect(errorsOf(contact, { contactMethods: ['email', 'phone'], email: 'nope', phone: '' }).byField).toEqual({
        email: 'Enter an email address in the correct format, like name@example.com',
        phone: 'Enter your phone number',
      });
    });

    it('ignores, and drops, what was posted under options that were not chosen', () => {
      const raw = {
        whenKind: 'month',
        ...{ 'whenMonth-month': '9', 'whenMonth-year': '2026' },
        // Left over from choosing "I know the date" first, and not a real date.
        ...{ 'whenDate-day': '31', 'whenDate-month': '2', 'whenDate-year': '2026' },
      };
      expect(valuesOf(when, raw)).toEqual({ whenKind: 'month', whenMonth: '2026-09' });
      expect(Object.keys(valuesOf(when, raw))).not.toContain('whenDate');
    });

    it('drops a typed email when email is not ticked', () => {
      const values = valuesOf(contact, { contactMethods: ['phone'], email: 'not an email', phone: '07700 900982' });
      expect(values).toEqual({ contactMethods: ['phone'], phone: '07700 900982' });
      expect(Object.keys(values)).not.toContain('email');
    });

    it('asks nothing more for an option without a question', () => {
      expect(valuesOf(when, { whenKind: 'ongoing', 'whenDate-day': 'x' })).toEqual({ whenKind: 'ongoing' });
    });

    it('does not look under any option when the choice itself is forged', () => {
      expect(errorsOf(when, { whenKind: 'sometime', 'whenDate-day': 'x' }).byField).toEqual({ whenKind: 'Select when it happened' });
    });
  });

  describe('one of several optional fields', () => {
    const child: PageSpec = {
      id: 'child-1',
      title: 'About the child',
      oneOf: { names: ['child1Dob', 'child1Age'], field: 'child1Dob', message: "Enter the child's date of birth or their age" },
      fields: [
        { kind: 'text', name: 'child1Name', label: "Child's full name", required: "Enter the child's name or initials", maxLength: 100 },
        { kind: 'date', name: 'child1Dob', label: 'Date of birth', precision: 'full', past: true, noun: "the child's date of birth" },
        { kind: 'text', name: 'child1Age', label: 'Age', maxLength: 2, format: 'age' },
      ],
    };
    const dob = { 'child1Dob-day': '2', 'child1Dob-month': '6', 'child1Dob-year': '2015' };

    it('asks for a date of birth or an age when neither is given, against the date of birth', () => {
      const errors = errorsOf(child, { child1Name: 'Alex' });
      expect(errors.byField).toEqual({ child1Dob: "Enter the child's date of birth or their age" });
      expect(errors.summary).toEqual([{ text: "Enter the child's date of birth or their age", href: '#child1Dob-day' }]);
    });

    it.each([
      [{ child1Name: 'Alex', ...dob }, { child1Name: 'Alex', child1Dob: '2015-06-02' }],
      [{ child1Name: 'Alex', child1Age: '11' }, { child1Name: 'Alex', child1Age: '11' }],
      [{ child1Name: 'Alex', child1Age: '11', ...dob }, { child1Name: 'Alex', child1Dob: '2015-06-02', child1Age: '11' }],
    ])('accepts either one, or both (%#)', (raw, expected) => {
      expect(valuesOf(child, raw)).toEqual(expected);
    });

    it.each([
      // A broken date of birth says what is wrong with it, not "date of birth or age".
      [{ child1Name: 'Alex', 'child1Dob-day': '31', 'child1Dob-month': '2', 'child1Dob-year': '2015' }, { child1Dob: "The child's date of birth must be a real date" }],
      [{ child1Name: 'Alex', child1Age: 'x' }, { child1Age: 'Age must be a number, like 12' }],
    ])('shows only the real problem when one of them is wrong (%#)', (raw, expected) => {
      expect(errorsOf(child, raw).byField).toEqual(expected);
    });
  });
});

describe('toPageSchema', () => {
  it('reports each problem against the field name, for the client-side resolver', () => {
    const result = toPageSchema(pageOf(fullName), ctx).safeParse({ fullName: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([{ path: ['fullName'], message: 'Enter your full name' }]);
  });

  it('outputs the clean values', () => {
    expect(toPageSchema(pageOf(fullName), ctx).parse({ fullName: ' Sam ' })).toEqual({ fullName: 'Sam' });
  });
});

describe('toFormErrors', () => {
  const page: PageSpec = pageOf(
    { kind: 'text', name: 'name', label: 'Name', required: 'Enter your name', maxLength: 100 },
    { kind: 'date', name: 'whenDate', label: 'Date', precision: 'full', required: 'Enter the date it happened', noun: 'the date it happened' },
    {
      kind: 'radios',
      name: 'kind',
      label: 'Kind',
      required: 'Select a kind',
      options: [{ value: 'a', label: 'A', conditional: [{ kind: 'text', name: 'detail', label: 'Detail', required: 'Enter the detail', maxLength: 10 }] }],
    },
    { kind: 'date', name: 'whenMonth', label: 'Month', precision: 'month', required: 'Enter the month it happened', noun: 'the month it happened' },
  );
  const issue = (name: string, message: string) => ({ code: 'custom' as const, path: [name], message, input: {} });

  it('lists problems in page order, whatever order they were found in, each linked to the input to focus', () => {
    const errors = toFormErrors(page, [
      issue('whenMonth', 'Enter the month it happened'),
      issue('detail', 'Enter the detail'),
      issue('whenDate', 'Enter the date it happened'),
      issue('name', 'Enter your name'),
    ]);
    expect(errors.summary).toEqual([
      { text: 'Enter your name', href: '#name' },
      { text: 'Enter the date it happened', href: '#whenDate-day' },
      // A revealed question sits just after the question that reveals it.
      { text: 'Enter the detail', href: '#detail' },
      { text: 'Enter the month it happened', href: '#whenMonth-month' },
    ]);
  });

  it('keeps the first message for a field', () => {
    const errors = toFormErrors(page, [issue('name', 'Enter your name'), issue('name', 'Name must be 100 characters or less')]);
    expect(errors.byField).toEqual({ name: 'Enter your name' });
    expect(errors.summary).toEqual([{ text: 'Enter your name', href: '#name' }]);
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
        { text: 'Enter the month it happened', href: '#whenMonth-month' },
      ],
      byField: { name: 'Enter your name', whenDate: 'Enter the date it happened', detail: 'Enter the detail', whenMonth: 'Enter the month it happened' },
    });
  });
});

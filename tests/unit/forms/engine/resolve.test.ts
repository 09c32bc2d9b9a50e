import { describe, expect, it } from 'vitest';
import type { JourneyAnswers } from '../../../../src/forms/engine/journey.ts';
import { resolveCheckPage, resolveFormCopy, resolveStepPage } from '../../../../src/forms/engine/resolve.ts';
import { findStep } from '../../../../src/forms/engine/walk.ts';
import type { FieldSpec } from '../../../../src/forms/field-spec.ts';
import { advocacyJourney } from '../../../../src/forms/journeys/advocacy.ts';
import { complaintJourney } from '../../../../src/forms/journeys/complaint/journey.ts';
import { reviewJourney } from '../../../../src/forms/journeys/review.ts';
import { childAnswers, createJourneyContext, parentAnswers, reviewAnswers } from '../../../fixtures/journeys.ts';
import { createSampleCopy, sampleJourney, sampleWords } from '../../../fixtures/sample-journey.ts';
import { exampleCouncil, testCouncil } from '../../../helpers/councils.ts';
import { createTestCopy } from '../../../helpers/copy.ts';

const words = createSampleCopy();
const copy = createTestCopy(exampleCouncil());

const adult: JourneyAnswers = { who: { who: 'adult' } };
const child: JourneyAnswers = { who: { who: 'child' } };

/** A sample page as someone with these answers sees it. */
const samplePage = (stepId: string, answers: JourneyAnswers = adult) =>
  resolveStepPage(sampleJourney, findStep(sampleJourney, stepId)!, createJourneyContext(answers), words);
const sampleField = (stepId: string, name: string, answers: JourneyAnswers = adult): FieldSpec =>
  samplePage(stepId, answers).fields.find((f) => f.name === name)!;

describe('resolveStepPage', () => {
  describe('the child’s wording', () => {
    it.each([
      // The child's path uses the `_child` form of a sentence that has one…
      ['a child', child, 'How can we get in touch with you?'],
      // …and nobody else does.
      ['an adult', adult, 'How can we reach you?'],
      ['someone who has not said yet', {}, 'How can we reach you?'],
    ])('titles a page for %s', (_, answers, title) => {
      expect(samplePage('contact', answers).title).toBe(title);
    });

    it.each([
      ['a child', childAnswers, 'What is your complaint about?'],
      ['a parent', parentAnswers, 'What is the complaint about?'],
    ])('titles the complaint’s service page for %s', (_, answers, title) => {
      expect(resolveStepPage(complaintJourney, findStep(complaintJourney, 'service')!, createJourneyContext(answers), copy).title).toBe(title);
    });
  });

  describe('where a field’s words come from', () => {
    it.each([
      // The journey's own hint wins over the shared question's…
      ['an adult', adult, "The journey's own hint"],
      // …but the shared child's hint wins over the journey's adult one.
      ['a child', child, 'The shared hint for a child'],
    ])('gives %s the hint meant for them', (_, answers, hint) => {
      expect(sampleField('contact', 'phone', answers).hint).toBe(hint);
    });

    it('takes what the journey does not reword from the shared question', () => {
      expect(sampleField('contact', 'phone')).toMatchObject({ label: 'Phone number', messages: { tooLong: 'Phone number must be 20 characters or less' } });
    });

    it.each([
      // The complaint's own check answers hint for adults…
      ['a parent', parentAnswers, 'This includes the child, or anyone else mentioned in the complaint.'],
      // …gives way to the shared hint written for children.
      ['a child', childAnswers, 'This means someone might get hurt, or is not safe.'],
    ])('gives %s the right hint for the last risk question', (_, answers, hint) => {
      expect(resolveCheckPage(complaintJourney, createJourneyContext(answers), copy).fields[0]?.hint).toBe(hint);
    });

    it.each([
      ['a field with a hint', 'contact', 'phone', true],
      ['a field without one', 'contact', 'nickname', false],
      ['a question that is the page heading, without one', 'who', 'who', false],
    ])('shows a hint only when the catalogue has one: %s', (_, stepId, name, has) => {
      expect('hint' in sampleField(stepId, name)).toBe(has);
    });

    it('words options from the field’s options, with their hints when they have them', () => {
      const field = sampleField('who', 'who');
      expect(field.kind === 'radios' && field.options).toEqual([
        { value: 'adult', label: 'An adult' },
        { value: 'child', label: 'A child', hint: 'Under 18' },
        { value: 'neither', label: 'Neither' },
      ]);
    });

    it('uses a label from the council file as it is', () => {
      const page = resolveStepPage(complaintJourney, findStep(complaintJourney, 'child-1')!, createJourneyContext(parentAnswers), copy);
      const council = page.fields.find((f) => f.name === 'child1Council');
      expect(council?.kind === 'radios' && council.options.map((o) => o.label)).toEqual(['Example Council', 'Another council', 'I do not know']);
    });
  });

  describe('the page heading', () => {
    it('makes a single question without its own label the page heading, worded as the title', () => {
      expect(sampleField('who', 'who')).toMatchObject({ label: 'Who are you?', isPageHeading: true });
      expect(sampleField('who', 'who')).not.toHaveProperty('hiddenLabel');
    });

    it('hides a label that repeats the title on a page with paragraphs before its question, which has a heading of its own', () => {
      const [field] = samplePage('more', adult).fields;
      expect(field).toMatchObject({ label: 'Tell us more', hiddenLabel: true });
      expect(field).not.toHaveProperty('isPageHeading');
    });

    it('shows a label that differs from the title on a page with paragraphs before its question', () => {
      const field = sampleField('last', 'note');
      expect(field.label).toBe('Is there anything else? (optional)');
      expect(field).not.toHaveProperty('hiddenLabel');
      expect(field).not.toHaveProperty('isPageHeading');
    });

    it.each([
      ['complaint', complaintJourney, parentAnswers],
      ['advocacy', advocacyJourney, { who: { requester: 'adult' } }],
    ])('hides the repeated label of the %s journey’s child-agreement question', (_, journey, answers) => {
      const page = resolveStepPage(journey, findStep(journey, 'child-agreement')!, createJourneyContext(answers), copy);
      expect(page.fields[0]).toMatchObject({ label: page.title, hiddenLabel: true });
      expect(page.fields[0]).not.toHaveProperty('isPageHeading');
    });
  });

  describe('the words around the questions', () => {
    it.each([
      ['a page with its own', 'last', { caption: 'Nearly done', submitLabel: 'Finish' }],
      // "Continue" and no caption.
      ['a page without', 'when', { submitLabel: 'Continue' }],
    ])('gives %s caption and button', (_, stepId, expected) => {
      const { caption, submitLabel } = samplePage(stepId);
      expect({ caption, submitLabel }).toEqual(expected);
    });

    it('renders the catalogue’s Markdown as GOV.UK paragraphs', () => {
      expect(samplePage('more').introHtml).toBe('<p class="govuk-body">First paragraph.</p>\n<p class="govuk-body">Second paragraph.</p>\n');
    });

    it('has no paragraphs when the catalogue has none for the page', () => {
      expect(samplePage('when')).not.toHaveProperty('introHtml');
    });

    it('fills sentences with the step’s values', () => {
      const ctx = createJourneyContext(reviewAnswers);
      const field = resolveStepPage(reviewJourney, findStep(reviewJourney, 'reply-date')!, ctx, copy).fields[0];
      expect(field?.hint).toMatch(/^For example, \d{1,2} \d{1,2} \d{4}\. /);
    });

    it('takes a title that depends on the answers from the step', () => {
      const ctx = createJourneyContext({ ...parentAnswers, service: { services: ['school', 'looked_after'] } });
      expect(resolveStepPage(complaintJourney, findStep(complaintJourney, 'elsewhere')!, ctx, copy).title).toBe(
        'Part of your complaint needs to go somewhere else',
      );
    });

    it('fills sentences with council facts', () => {
      const page = resolveStepPage(complaintJourney, findStep(complaintJourney, 'complained-before')!, createJourneyContext(parentAnswers), copy);
      expect(page.fields[1]?.hint).toBe('For example, CSC-7K4M-2P9C');
    });
  });

  describe('messages', () => {
    it.each([
      // What the catalogue calls the field in messages…
      ['its error name', 'contact', 'nickname', 'Your nickname must be 20 characters or less'],
      // …its label when it has no error name…
      ['its label', 'contact', 'phone', 'Phone number must be 20 characters or less'],
      // …and the field's own sentence when it has one.
      ['its own sentence', 'last', 'note', 'Your note must be 100 characters or less'],
    ])('says a field is too long with %s', (_, stepId, name, tooLong) => {
      expect(sampleField(stepId, name).messages.tooLong).toBe(tooLong);
    });

    it.each([
      // A phone number: too long, or not a number.
      [
        'a phone number',
        'contact',
        'phone',
        child,
        { tooLong: 'Phone number must be 20 characters or less', format: 'Enter a phone number, like 01632 960 001 or 07700 900 982' },
      ],
      // An age: the limit is the age, not the length.
      ['an age', 'age', 'age', child, { format: 'Age must be a number, like 12', tooHigh: 'Age must be 30 or less' }],
      // A required choice says only its required sentence.
      ['a required choice', 'who', 'who', adult, {}],
    ])('gives %s only the messages of the checks it runs', (_, stepId, name, answers, messages) => {
      expect(sampleField(stepId, name, answers).messages).toEqual(messages);
    });

    it('names every way a date can be part-filled, and says it must be real and past', () => {
      expect(sampleField('when', 'when').messages).toEqual({
        incomplete: {
          day: 'The date must include a day',
          month: 'The date must include a month',
          year: 'The date must include a year',
          'day month': 'The date must include a day and month',
          'day year': 'The date must include a day and year',
          'month year': 'The date must include a month and year',
        },
        notReal: 'The date must be a real date',
        notPast: 'The date must be today or in the past',
      });
    });

    it('gives a date the catalogue’s names for the months, so its month box takes "June" or "jun" as well as 6', () => {
      const field = sampleField('when', 'when');
      expect(field.kind === 'date' && field.monthNames?.[5]).toEqual(['june', 'jun']);
      expect(field.kind === 'date' && field.monthNames).toHaveLength(12);
    });

    it('takes the months’ names from the catalogue, so a council or another locale can give its own', () => {
      const reworded = createSampleCopy({ ...exampleCouncil(), wording: { en: { 'form.months.6': 'Mehefin, Meh' } } });
      const page = resolveStepPage(sampleJourney, findStep(sampleJourney, 'when')!, createJourneyContext(adult), reworded);
      const field = page.fields[0];
      expect(field?.kind === 'date' && field.monthNames?.[5]).toEqual(['mehefin', 'meh']);
    });

    it('gives the page’s "one of these" sentence', () => {
      const page = resolveStepPage(complaintJourney, findStep(complaintJourney, 'child-2')!, createJourneyContext(parentAnswers), copy);
      expect(page.oneOf).toEqual({ names: ['child2Dob', 'child2Age'], field: 'child2Dob', message: "Enter the child's date of birth or their age" });
    });
  });
});

describe('what a page offers with its errors', () => {
  const page = (stepId: string, answers: JourneyAnswers) =>
    resolveStepPage(complaintJourney, findStep(complaintJourney, stepId)!, createJourneyContext(answers), copy);

  it('has nothing when the catalogue gives the page no `errorHelp`', () => {
    expect(samplePage('contact')).not.toHaveProperty('errorHelpHtml');
  });

  it('renders a page’s `errorHelp` from the catalogue’s Markdown', () => {
    const withHelp = sampleWords.replace(
      '    title: Who are you?\n',
      '    title: Who are you?\n    errorHelp: "You can [phone us]({{complaints.tel}}) instead."\n',
    );
    const helped = createSampleCopy(exampleCouncil(), { helped: withHelp });
    const journey = { ...sampleJourney, id: 'helped' };
    expect(resolveStepPage(journey, findStep(journey, 'who')!, createJourneyContext(adult), helped).errorHelpHtml).toBe(
      '<p class="govuk-body">You can <a href="tel:01632960000" class="govuk-link">phone us</a> instead.</p>\n',
    );
  });

  describe.each(['your-name', 'contact'])('the complaint’s %s page', (stepId) => {
    it('offers an adult the other ways to complain, with the phone number as a link', () => {
      const html = page(stepId, parentAnswers).errorHelpHtml ?? '';
      expect(html).toContain('<a href="tel:01632960000" class="govuk-link">01632 960000</a>');
      expect(html).toContain('mailto:childrens.complaints@example.gov.uk');
      expect(html).toContain('Town Hall, High Street');
    });

    it('tells an adult how to report a worry about a child without giving a name: the front door and the NSPCC', () => {
      const html = page(stepId, parentAnswers).errorHelpHtml ?? '';
      expect(html).toContain('<a href="tel:01632960100" class="govuk-link">01632 960100</a>');
      expect(html).toContain('<a href="tel:08088005000" class="govuk-link">0808 800 5000</a>');
      expect(html).not.toContain('Childline');
    });

    it('gives a child the child’s wording: Childline rather than the NSPCC’s adult helpline, and an advocate', () => {
      const html = page(stepId, childAnswers).errorHelpHtml ?? '';
      expect(html).toContain('<a href="tel:08001111" class="govuk-link">0800 1111</a>');
      expect(html).toContain('<a href="tel:01632960100" class="govuk-link">01632 960100</a>');
      expect(html).toContain('href="/advocate"');
      expect(html).not.toContain('0808 800 5000');
    });
  });

  it('takes the numbers from the council file', () => {
    const other = testCouncil();
    const html = resolveStepPage(
      complaintJourney,
      findStep(complaintJourney, 'your-name')!,
      createJourneyContext(parentAnswers),
      createTestCopy(other),
    ).errorHelpHtml;
    expect(html).toContain(other.contacts.frontDoor.phone);
    expect(html).toContain(other.contacts.complaints.phone);
  });
});

describe('resolveCheckPage', () => {
  it('words check answers: its title, its Send button and its own questions', () => {
    const page = resolveCheckPage(reviewJourney, createJourneyContext(reviewAnswers), copy);
    expect(page).toMatchObject({ id: 'check', title: 'Check your answers before sending your request', submitLabel: 'Send request' });
    expect(page.fields.map((f) => [f.label, f.hint])).toEqual([
      ['Before you send this: is anyone at risk of harm?', 'This includes any child, or anyone else mentioned in your complaint.'],
      [
        'Do you want us to email you to say we have got your request?',
        'We will send the reference number and dates to sam.taylor@example.com. We will not include what you told us.',
      ],
    ]);
  });

  it('has no paragraphs before its questions', () => {
    expect(resolveCheckPage(sampleJourney, createJourneyContext(adult), words)).toEqual({
      id: 'check',
      title: 'Check your answers',
      fields: [],
      submitLabel: 'Send it',
    });
  });
});

describe('resolveFormCopy', () => {
  it('words what every form shows, with govuk-frontend’s placeholders kept for the browser', () => {
    expect(resolveFormCopy(copy)).toEqual({
      errorSummaryTitle: 'There is a problem',
      errorTitle: 'Error: %{title}',
      errorPrefix: 'Error:',
      honeypotLabel: 'Leave this field empty',
      or: 'or',
      dateParts: { day: 'Day', month: 'Month', year: 'Year' },
      characterCount: {
        underOne: 'You have %{count} character remaining',
        underOther: 'You have %{count} characters remaining',
        overOne: 'You have %{count} character too many',
        overOther: 'You have %{count} characters too many',
      },
    });
  });

  it('is made once for the same words', () => {
    expect(resolveFormCopy(copy)).toBe(resolveFormCopy(copy));
  });
});

import { describe, expect, it } from 'vitest';
import type { ComplainantRole } from '../../../../../src/domain/answers.ts';
import type { JourneyAnswers, JourneyContext } from '../../../../../src/forms/engine/journey.ts';
import { resolveStepPage } from '../../../../../src/forms/engine/resolve.ts';
import { applicableSteps, findStep, firstIncompleteStep, nextStep, previousStep } from '../../../../../src/forms/engine/walk.ts';
import { complaintJourney } from '../../../../../src/forms/journeys/complaint/journey.ts';
import { MAX_CHILDREN } from '../../../../../src/forms/journeys/complaint/paths.ts';
import { childAnswers, createJourneyContext, parentAnswers, schoolOnlyAnswers, withAnswers, without } from '../../../../fixtures/journeys.ts';
import { exampleCouncil, testCouncil } from '../../../../helpers/councils.ts';
import { createTestCopy } from '../../../../helpers/copy.ts';

const copy = createTestCopy(exampleCouncil());
const ids = (ctx: JourneyContext) => applicableSteps(complaintJourney, ctx).map((s) => s.id);
const pageFor = (ctx: JourneyContext, stepId: string) => resolveStepPage(complaintJourney, findStep(complaintJourney, stepId)!, ctx, copy);
const next = (answers: JourneyAnswers, from: string, returningToCheck = false) =>
  nextStep(complaintJourney, createJourneyContext(answers), from, returningToCheck);

const selfRoles: ComplainantRole[] = ['child', 'care_leaver'];
const parentLikeRoles: ComplainantRole[] = ['parent', 'parental_responsibility', 'foster_carer', 'special_guardian', 'adoption'];

/** The steps the parent of the fixtures is asked, in order. */
const parentSteps = [
  'danger',
  'worried',
  'who',
  'child-agreement',
  'child-1',
  'more-children-1',
  'child-2',
  'more-children-2',
  'service',
  'provider',
  'what-happened',
  'when',
  'put-right',
  'court-police',
  'complained-before',
  'documents',
  'your-name',
  'contact',
  'safe-contact',
  'needs',
];

describe('the complaint’s steps', () => {
  describe('which apply', () => {
    it('lists a parent’s steps in journey order', () => {
      expect(ids(createJourneyContext(parentAnswers))).toEqual(parentSteps);
    });

    it('lists a child’s steps in journey order', () => {
      expect(ids(createJourneyContext(childAnswers))).toEqual([
        'danger',
        'worried',
        'who',
        'about-you',
        'service',
        // Offered before "What happened?", so a young person can ask for an advocate's help first.
        'advocacy',
        'what-happened',
        'when',
        'put-right',
        'court-police',
        'complained-before',
        'documents',
        'your-name',
        'contact',
        'safe-contact',
        'needs',
      ]);
    });

    const roleSpecific = ['about-you', 'advocacy', 'child-1', 'more-children-1', 'child-agreement', 'provider', 'advocate', 'relationship'];
    it.each([
      // A child or care leaver says "you", is offered an advocate and is not asked about a child.
      ...selfRoles.map((role) => ({ role, asked: ['about-you', 'advocacy'] })),
      // Adults acting for a child describe the child and say whether the child agrees.
      ...parentLikeRoles.map((role) => ({ role, asked: ['child-1', 'more-children-1', 'child-agreement', 'provider'] })),
      // An advocate says whether the child asked them, instead of whether the child agrees.
      { role: 'advocate', asked: ['advocate', 'child-1', 'more-children-1', 'provider'] },
      // A relative says how they know the child, and may turn out to have standing of their own.
      { role: 'relative_or_other', asked: ['relationship', 'child-agreement', 'child-1', 'more-children-1', 'provider'] },
    ])('asks $role about $asked only', ({ role, asked }) => {
      const applicable = ids(createJourneyContext({ who: { role }, service: { services: ['looked_after'] } }));
      expect(roleSpecific.filter((id) => applicable.includes(id)).sort()).toEqual([...asked].sort());
    });

    it('asks nothing role-specific before the role is known', () => {
      const applicable = ids(createJourneyContext({ service: { services: ['looked_after'] } }));
      expect(roleSpecific.filter((id) => applicable.includes(id))).toEqual([]);
    });

    describe('with more than one child', () => {
      it('asks about a second child after a yes to "another child"', () => {
        const applicable = ids(createJourneyContext({ who: { role: 'parent' }, 'more-children-1': { moreChildren: 'yes' } }));
        expect(applicable.filter((id) => /^(child|more-children)-\d+$/.test(id))).toEqual(['child-1', 'more-children-1', 'child-2', 'more-children-2']);
      });

      it.each([
        ['before "another child" is answered', {}],
        ['after a no', { 'more-children-1': { moreChildren: 'no' } }],
      ])('asks about one child %s', (_, answers) => {
        const applicable = ids(createJourneyContext({ who: { role: 'parent' }, ...answers }));
        expect(applicable.filter((id) => /^child-\d+$/.test(id))).toEqual(['child-1']);
      });

      it('stops offering another child at the most allowed', () => {
        const answers: JourneyAnswers = { who: { role: 'parent' } };
        for (let i = 1; i <= MAX_CHILDREN + 2; i++) answers[`more-children-${i}`] = { moreChildren: 'yes' };
        const applicable = ids(createJourneyContext(answers));
        expect(applicable.filter((id) => /^(child|more-children)-\d+$/.test(id))).toEqual([
          ...Array.from({ length: MAX_CHILDREN - 1 }, (_, i) => [`child-${i + 1}`, `more-children-${i + 1}`]).flat(),
          `child-${MAX_CHILDREN}`,
        ]);
      });
    });

    it.each([
      // More than 12 months before 22 November 2026.
      [{ whenKind: 'exact', whenDate: '2025-11-21' }, ['when', 'found-out', 'why-not-sooner', 'put-right']],
      [{ whenKind: 'month', whenMonth: '2025-10' }, ['when', 'found-out', 'why-not-sooner', 'put-right']],
      // In time.
      [{ whenKind: 'exact', whenDate: '2025-11-22' }, ['when', 'put-right']],
      [{ whenKind: 'ongoing' }, ['when', 'put-right']],
    ])('asks when they found out and why not sooner, straight after the date, only when %j is out of time', (when, expected) => {
      const applicable = ids(createJourneyContext(withAnswers(childAnswers, { when })));
      expect(applicable.slice(applicable.indexOf('when'), applicable.indexOf('put-right') + 1)).toEqual(expected);
    });

    it('asks nothing about the complaint itself once the person has chosen not to send it', () => {
      const ctx = createJourneyContext(withAnswers(schoolOnlyAnswers, { elsewhere: { sendAnyway: 'no' } }));
      expect(ids(ctx)).toEqual([...parentSteps.slice(0, parentSteps.indexOf('service') + 1), 'elsewhere']);
    });
  });

  describe('questions that are the page heading', () => {
    it.each([
      // The child's title, from the complaint's own words, wins over the question's shared words.
      { who: 'a child', answers: childAnswers, step: 'put-right', heading: 'What would make it better?' },
      { who: 'a parent', answers: parentAnswers, step: 'put-right', heading: 'What would put things right?' },
      // No title of its own: the shared question is the title.
      { who: 'a parent', answers: parentAnswers, step: 'contact', heading: 'How can we contact you?' },
      { who: 'a child', answers: childAnswers, step: 'your-name', heading: 'What is your name?' },
    ])('words the question as the page title for $who on $step', ({ answers, step, heading }) => {
      const page = pageFor(createJourneyContext(answers), step);
      expect({ title: page.title, label: page.fields[0]?.label, isPageHeading: page.fields[0]?.isPageHeading }).toEqual({
        title: heading,
        label: heading,
        isPageHeading: true,
      });
    });
  });

  describe('the "somewhere else" page', () => {
    const everywhere = withAnswers(parentAnswers, { service: { services: ['school', 'nhs', 'police', 'court_decision'] } });
    const textOf = (html = '') =>
      html
        .replace(/<[^>]+>/g, '')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    const paragraphsOf = (html = '') => [...html.matchAll(/<p class="govuk-body">([\s\S]*?)<\/p>/g)].map((m) => textOf(m[1]));

    it('asks whether to send anyway when only a school is complained about', () => {
      const page = pageFor(createJourneyContext(schoolOnlyAnswers), 'elsewhere');
      expect({ title: page.title, caption: page.caption, fields: page.fields.map((f) => [f.name, f.label]) }).toEqual({
        title: 'Your complaint needs to go somewhere else',
        caption: undefined,
        fields: [['sendAnyway', 'Do you still want to send your complaint to Example Council?']],
      });
    });

    it('lists every organisation on one page, each with a heading and a link from the council file', () => {
      const ctx = createJourneyContext(everywhere);
      const html = pageFor(ctx, 'elsewhere').introHtml ?? '';
      const { signposts } = ctx.council;
      expect([...html.matchAll(/<h2 class="govuk-heading-m">(.*?)<\/h2>/g)].map((m) => textOf(m[1]))).toEqual(
        [signposts.school, signposts.nhs, signposts.police, signposts.court].map((s) => s.name),
      );
      for (const place of [signposts.school, signposts.nhs, signposts.police, signposts.court]) expect(html).toContain(`href="${place.url}"`);
      expect(ids(ctx).filter((id) => id.startsWith('elsewhere'))).toEqual(['elsewhere']);
    });

    it('says no sentence twice', () => {
      const paragraphs = paragraphsOf(pageFor(createJourneyContext(everywhere), 'elsewhere').introHtml);
      const sentences = paragraphs.flatMap((p) => p.split(/(?<=\.) /));
      expect(sentences.length).toBeGreaterThan(8);
      expect(sentences.filter((sentence, i) => sentences.indexOf(sentence) !== i)).toEqual([]);
    });

    it('gives the child the child’s words, not the council’s description for adults', () => {
      const child = withAnswers(childAnswers, { service: { services: ['school', 'looked_after'] } });
      const ctx = createJourneyContext(child);
      const page = pageFor(ctx, 'elsewhere');
      expect(textOf(page.introHtml)).toContain('Your school sorts out complaints about school itself.');
      expect(page.introHtml).not.toContain(textOf(ctx.council.signposts.school.description));
      expect(page.title).toBe('Part of your complaint needs to go somewhere else');
    });

    it('only informs when part of the complaint is for this council', () => {
      const ctx = createJourneyContext(withAnswers(parentAnswers, { service: { services: ['school', 'looked_after'] } }));
      const page = pageFor(ctx, 'elsewhere');
      expect({
        shown: ids(ctx).includes('elsewhere'),
        title: page.title,
        questions: page.fields,
        restLookedAt: paragraphsOf(page.introHtml).includes('We will still look at the rest of your complaint.'),
      }).toEqual({
        shown: true,
        title: 'Part of your complaint needs to go somewhere else',
        questions: [],
        restLookedAt: true,
      });
    });

    it('gives the IRM deadlines and phone number from the council', () => {
      const ctx = createJourneyContext(withAnswers(parentAnswers, { who: { role: 'foster_carer' }, service: { services: ['approval_decision'] } }));
      const t = ctx.council.timescales;
      const html = pageFor(ctx, 'elsewhere').introHtml ?? '';
      expect(paragraphsOf(html)).toContain(
        `You must apply within ${t.irmFosteringCalendarDays} calendar days of the date on the decision letter if it is about fostering, or ${t.irmAdoptionWorkingDays} working days if it is about adoption.`,
      );
      const phone = ctx.council.signposts.irm.phone ?? '';
      expect(html).toContain(`<a href="tel:${phone.replace(/ /g, '')}" class="govuk-link">${phone}</a>`);
    });

    it('escapes what the council file says, so it cannot become markup', () => {
      const ctx = createJourneyContext(schoolOnlyAnswers);
      ctx.council.signposts.school = { ...ctx.council.signposts.school, name: '<script>x</script> [a](javascript:alert(1))' };
      const html = pageFor(ctx, 'elsewhere').introHtml ?? '';
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('href="javascript');
    });
  });

  describe('the way through', () => {
    it.each([
      ['danger', 'worried'],
      ['who', 'child-agreement'],
      ['more-children-1', 'child-2'],
      ['more-children-2', 'service'],
      // The last question leads to check answers.
      ['needs', 'check'],
    ])('goes from %s to %s', (from, to) => {
      expect(next(parentAnswers, from)).toBe(to);
    });

    it.each([
      ['on the way through', false],
      ['after a change', true],
    ])('goes to the not-sending page once the person chooses not to send, %s', (_, returningToCheck) => {
      expect(next(withAnswers(schoolOnlyAnswers, { elsewhere: { sendAnyway: 'no' } }), 'elsewhere', returningToCheck)).toBe('not-sending');
    });

    it('goes back to check answers after a change that needs nothing new', () => {
      expect(next(withAnswers(parentAnswers, { 'put-right': { outcomeWanted: 'An apology.' } }), 'put-right', true)).toBe('check');
    });

    // A parent's complete journey, changed on check answers to a child's: each new question in turn, then check answers.
    const changedToChild = withAnswers(parentAnswers, { who: { role: 'child' } });
    const withAboutYou = withAnswers(changedToChild, { 'about-you': { age: '15', council: 'this' } });
    it.each([
      { answered: 'who', answers: changedToChild, to: 'about-you' },
      { answered: 'about-you', answers: withAboutYou, to: 'advocacy' },
      { answered: 'advocacy', answers: withAnswers(withAboutYou, { advocacy: { wantsAdvocate: 'no' } }), to: 'check' },
    ])('asks the new questions a change from parent to child needs: after $answered, $to', ({ answered, answers, to }) => {
      expect(next(answers, answered, true)).toBe(to);
    });

    const late = withAnswers(parentAnswers, { when: { whenKind: 'exact', whenDate: '2024-01-10' } });
    it.each([
      { answered: 'when', answers: late, to: 'found-out' },
      { answered: 'found-out', answers: withAnswers(late, { 'found-out': { foundOutKind: 'at_the_time' } }), to: 'why-not-sooner' },
    ])('asks why not sooner after a date is changed to more than 12 months ago: after $answered, $to', ({ answered, answers, to }) => {
      expect(next(answers, answered, true)).toBe(to);
    });

    it.each([
      ['worried', 'danger'],
      ['child-1', 'child-agreement'],
      ['service', 'more-children-2'],
      ['danger', undefined],
    ])('goes back from %s to %s', (from, to) => {
      expect(previousStep(complaintJourney, createJourneyContext(parentAnswers), from)).toBe(to);
    });
  });

  describe('the first gap', () => {
    it.each([
      { gap: 'an unanswered date', answers: without(parentAnswers, 'when'), expected: 'when' },
      { gap: 'the first question', answers: without(parentAnswers, 'danger'), expected: 'danger' },
      // Saying there is another child needs that child's details.
      { gap: 'the second child, after a yes to another child', answers: without(parentAnswers, 'child-2', 'more-children-2'), expected: 'child-2' },
      { gap: 'the earliest of two', answers: without(childAnswers, 'advocacy', 'needs'), expected: 'advocacy' },
      { gap: 'everything', answers: {}, expected: 'danger' },
      // A child's journey with left-over parent answers is still missing the child's own steps.
      {
        gap: 'a care leaver’s own page, after a parent’s answers',
        answers: withAnswers(parentAnswers, { who: { role: 'care_leaver' } }),
        expected: 'about-you',
      },
    ])('is $expected when $gap is missing', ({ answers, expected }) => {
      expect(firstIncompleteStep(complaintJourney, createJourneyContext(answers))).toBe(expected);
    });
  });

  describe('the earlier complaint’s reference', () => {
    it.each([
      ['the example council', exampleCouncil(), 'For example, CSC-7K4M-2P9C'],
      ['the test council', testCouncil(), 'For example, TST-7K4M-2P9C'],
    ])('is asked for in the reference format of %s', (_, council, hint) => {
      const ctx = { ...createJourneyContext(parentAnswers), council };
      const page = resolveStepPage(complaintJourney, findStep(complaintJourney, 'complained-before')!, ctx, createTestCopy(council));
      expect(page.fields.find((f) => f.name === 'previousReference')?.hint).toBe(hint);
    });
  });
});

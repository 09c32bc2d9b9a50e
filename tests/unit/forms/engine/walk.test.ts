import { describe, expect, it } from 'vitest';
import type { JourneyAnswers } from '../../../../src/forms/engine/journey.ts';
import {
  applicableSteps,
  CHECK,
  findStep,
  firstIncompleteStep,
  nextStep,
  previousStep,
  pruneAnswers,
  redirectForStep,
  withAnswer,
} from '../../../../src/forms/engine/walk.ts';
import { completeJourneys, createJourneyContext } from '../../../fixtures/journeys.ts';
import { sampleJourney } from '../../../fixtures/sample-journey.ts';

const ctxWith = (answers: JourneyAnswers) => createJourneyContext(answers);
const ids = (answers: JourneyAnswers) => applicableSteps(sampleJourney, ctxWith(answers)).map((s) => s.id);

/** An adult's complete sample journey, without the question only "MORE" asks. */
const adult: JourneyAnswers = {
  who: { who: 'adult' },
  reason: { why: 'BECAUSE' },
  when: { when: '2026-01-01' },
  contact: { phone: '07700 900123' },
  last: {},
};

/** The same adult, who answered "MORE" and the question it asks. */
const adultWithMore: JourneyAnswers = { ...adult, reason: { why: 'MORE' }, more: { more: 'Details' } };

describe('applicableSteps', () => {
  it.each([
    // Nothing answered: only the questions everyone is asked.
    [{}, ['who', 'when', 'contact', 'last']],
    [{ who: { who: 'adult' } }, ['who', 'reason', 'when', 'contact', 'last']],
    [{ who: { who: 'child' } }, ['who', 'age', 'when', 'contact', 'last']],
    // One answer decides whether a later question is asked.
    [adultWithMore, ['who', 'reason', 'more', 'when', 'contact', 'last']],
  ])('with %j applies %j, in order', (answers, expected) => {
    expect(ids(answers)).toEqual(expected);
  });
});

describe('findStep', () => {
  it.each([
    // A step that applies.
    ['when', 'when'],
    // A step that applies to nobody yet is still a step.
    ['more', 'more'],
    // Check answers and the stop page are not steps.
    ['check', undefined],
    ['stopped', undefined],
  ])('finds %s as %s', (id, expected) => {
    expect(findStep(sampleJourney, id)?.id).toBe(expected);
  });
});

describe('firstIncompleteStep', () => {
  it.each([
    [{}, 'who'],
    [{ who: { who: 'adult' } }, 'reason'],
    // Answers to a step that does not apply do not fill a gap.
    [{ who: { who: 'child' }, reason: { why: 'X' } }, 'age'],
    // An optional page answered with nothing still counts as answered.
    [adult, undefined],
    [{ ...adult, reason: { why: 'MORE' } }, 'more'],
  ])('with %j is %s', (answers, expected) => {
    expect(firstIncompleteStep(sampleJourney, ctxWith(answers))).toBe(expected);
  });
});

describe('nextStep', () => {
  it.each<{ from: string; answers: JourneyAnswers; to: string }>([
    { from: 'who', answers: { who: { who: 'adult' } }, to: 'reason' },
    { from: 'who', answers: { who: { who: 'child' } }, to: 'age' },
    // A step that does not apply is skipped.
    { from: 'reason', answers: adult, to: 'when' },
    { from: 'reason', answers: adultWithMore, to: 'more' },
    // The last question leads to check answers.
    { from: 'last', answers: adult, to: CHECK },
  ])('goes from $from to $to on the way through', ({ from, answers, to }) => {
    expect(nextStep(sampleJourney, ctxWith(answers), from, false)).toBe(to);
  });

  it.each([
    // A change that needs nothing new goes straight back.
    { change: 'the reason to another', answers: { ...adult, reason: { why: 'OTHER' } }, from: 'reason', to: CHECK },
    // A change that needs a new question asks it first…
    { change: 'the reason to "MORE"', answers: { ...adult, reason: { why: 'MORE' } }, from: 'reason', to: 'more' },
    { change: 'an adult to a child', answers: { ...adult, who: { who: 'child' } }, from: 'who', to: 'age' },
    // …and once it is answered, goes back.
    { change: 'an adult to a child, with the age given', answers: { ...adult, who: { who: 'child' }, age: { age: '12' } }, from: 'age', to: CHECK },
  ])('returns to check answers through the questions a change needs: $change', ({ answers, from, to }) => {
    expect(nextStep(sampleJourney, ctxWith(answers), from, true)).toBe(to);
  });

  it.each([
    ['on the way through', false],
    ['after a change', true],
  ])('goes to the stop page once the journey stops, %s', (_, returningToCheck) => {
    expect(nextStep(sampleJourney, ctxWith({ ...adult, who: { who: 'neither' } }), 'who', returningToCheck)).toBe('stopped');
  });
});

describe('previousStep', () => {
  it.each<{ from: string; answers: JourneyAnswers; to: string | undefined }>([
    { from: 'when', answers: { who: { who: 'adult' } }, to: 'reason' },
    { from: 'when', answers: { who: { who: 'child' } }, to: 'age' },
    { from: 'when', answers: adultWithMore, to: 'more' },
    // The first question has none: Back goes to the start page.
    { from: 'who', answers: {}, to: undefined },
  ])('goes back from $from to $to', ({ from, answers, to }) => {
    expect(previousStep(sampleJourney, ctxWith(answers), from)).toBe(to);
  });
});

describe('redirectForStep', () => {
  it.each<{ open: string; answers: JourneyAnswers; to: string | undefined }>([
    // Opened in order: stay.
    { open: 'who', answers: {}, to: undefined },
    { open: 'when', answers: { who: { who: 'adult' }, reason: { why: 'X' } }, to: undefined },
    // A later page opened directly goes back to the first question not yet answered.
    { open: 'last', answers: {}, to: 'who' },
    { open: 'last', answers: { who: { who: 'adult' } }, to: 'reason' },
    // A page that does not apply goes to the first gap…
    { open: 'age', answers: { who: { who: 'adult' } }, to: 'reason' },
    // …or to check answers when there is none.
    { open: 'more', answers: adult, to: CHECK },
    // An answered page may be opened again (to change it) whatever comes after.
    { open: 'who', answers: { who: { who: 'adult' } }, to: undefined },
  ])('sends $open with $answers to $to', ({ open, answers, to }) => {
    expect(redirectForStep(sampleJourney, ctxWith(answers), open)).toBe(to);
  });
});

describe('pruneAnswers', () => {
  it('drops answers to steps that no longer apply', () => {
    const answers = { ...adult, who: { who: 'child' }, age: { age: '12' } };
    expect(pruneAnswers(sampleJourney, ctxWith(answers))).toEqual({
      who: { who: 'child' },
      age: { age: '12' },
      when: adult['when'],
      contact: adult['contact'],
      last: {},
    });
  });

  it('keeps going until nothing changes, when a dropped answer was what made a later step apply', () => {
    // "child" drops the reason, and without the reason "more" no longer applies either.
    const pruned = pruneAnswers(sampleJourney, ctxWith({ ...adultWithMore, who: { who: 'child' } }));
    expect(Object.keys(pruned)).toEqual(['who', 'when', 'contact', 'last']);
  });

  it('keeps every answer of a journey that still applies', () => {
    expect(pruneAnswers(sampleJourney, ctxWith(adultWithMore))).toEqual(adultWithMore);
  });
});

describe('withAnswer', () => {
  it('saves the step’s values and drops what the change makes no longer apply', () => {
    const ctx = withAnswer(sampleJourney, ctxWith(adultWithMore), 'reason', { why: 'LESS' });
    expect(ctx.answers).toEqual({ ...adult, reason: { why: 'LESS' } });
  });
});

describe.each(completeJourneys)('$name', ({ journey, answers }) => {
  const ctx = createJourneyContext(answers);
  const steps = applicableSteps(journey, ctx);

  it('has nothing left to answer', () => {
    expect(firstIncompleteStep(journey, ctx)).toBeUndefined();
  });

  it('lets every page be opened again', () => {
    expect(steps.map((s) => redirectForStep(journey, ctx, s.id)).filter((to) => to !== undefined)).toEqual([]);
  });

  it('goes from each page to the next, and from the last to check answers', () => {
    expect(steps.map((s) => nextStep(journey, ctx, s.id, false))).toEqual([...steps.slice(1).map((s) => s.id), CHECK]);
  });

  it('goes back from each page to the one before', () => {
    expect(steps.map((s) => previousStep(journey, ctx, s.id))).toEqual([undefined, ...steps.slice(0, -1).map((s) => s.id)]);
  });

  it('returns to check answers after any change that needs nothing new', () => {
    expect(steps.map((s) => nextStep(journey, ctx, s.id, true))).toEqual(steps.map(() => CHECK));
  });

  it('sends a later page opened without the first answer back to the first question', () => {
    const [first] = steps;
    const { [first!.id]: _, ...rest } = answers;
    expect(redirectForStep(journey, createJourneyContext(rest), steps.at(-1)!.id)).toBe(first!.id);
  });
});

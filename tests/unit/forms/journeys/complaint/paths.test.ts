import { describe, expect, it } from 'vitest';
import { complainantRoles, type ComplainantRole } from '../../../../../src/domain/answers.ts';
import type { JourneyAnswers } from '../../../../../src/forms/engine/journey.ts';
import {
  childCount,
  isSelfPath,
  looksOutOfTime,
  MAX_CHILDREN,
  roleOf,
  signpostTargetsOf,
  stopsHere,
} from '../../../../../src/forms/journeys/complaint/paths.ts';
import { childAnswers, createJourneyContext, parentAnswers, schoolOnlyAnswers as schoolOnly, withAnswers } from '../../../../fixtures/journeys.ts';

const selfRoles: ComplainantRole[] = ['child', 'care_leaver'];

describe('roleOf', () => {
  it.each([
    [{ who: { role: 'foster_carer' } }, 'foster_carer'],
    // A role the journey does not know (a stale or forged answer) is no role.
    [{ who: { role: 'council_officer' } }, undefined],
    [{}, undefined],
  ])('reads %j as %s', (answers, expected) => {
    expect(roleOf(createJourneyContext(answers))).toBe(expected);
  });
});

describe('isSelfPath', () => {
  it.each(complainantRoles.map((role) => [role, selfRoles.includes(role)] as const))('for %s is %s', (role, expected) => {
    expect(isSelfPath(createJourneyContext({ who: { role } }))).toBe(expected);
  });

  it('is false before the role is known', () => {
    expect(isSelfPath(createJourneyContext({}))).toBe(false);
  });
});

describe('childCount', () => {
  it.each([
    [{}, 1],
    [{ 'more-children-1': { moreChildren: 'no' } }, 1],
    [{ 'more-children-1': { moreChildren: 'yes' } }, 2],
    [{ 'more-children-1': { moreChildren: 'yes' }, 'more-children-2': { moreChildren: 'yes' } }, 3],
    // A yes further on does not count past a no.
    [{ 'more-children-1': { moreChildren: 'no' }, 'more-children-2': { moreChildren: 'yes' } }, 1],
  ])('counts %j as %i', (answers, expected) => {
    expect(childCount(createJourneyContext({ who: { role: 'parent' }, ...answers }))).toBe(expected);
  });

  it('never counts more than the most allowed', () => {
    const answers: JourneyAnswers = { who: { role: 'parent' } };
    for (let i = 1; i <= 20; i++) answers[`more-children-${i}`] = { moreChildren: 'yes' };
    expect(childCount(createJourneyContext(answers))).toBe(MAX_CHILDREN);
  });
});

describe('signpostTargetsOf', () => {
  it('names the body for each signposted service chosen, in the order their pages appear', () => {
    const ctx = createJourneyContext(withAnswers(parentAnswers, { service: { services: ['nhs', 'looked_after', 'school'] } }));
    expect(signpostTargetsOf(ctx)).toEqual(['school', 'nhs']);
  });

  it.each([
    // The only child is looked after by another council.
    [{ 'child-1': { ...parentAnswers['child-1'], child1Council: 'another' }, 'more-children-1': { moreChildren: 'no' } }, ['other_council']],
    // One of two children is: this council still has a part.
    [{}, []],
  ])('adds another council only when every child is elsewhere (%#)', (changes, expected) => {
    expect(signpostTargetsOf(createJourneyContext(withAnswers(parentAnswers, changes)))).toEqual(expected);
  });

  it('uses a child’s own answer about their council', () => {
    const ctx = createJourneyContext(withAnswers(childAnswers, { 'about-you': { age: '14', council: 'another', selfOtherCouncil: 'Northshire' } }));
    expect(signpostTargetsOf(ctx)).toEqual(['other_council']);
  });
});

describe('stopsHere', () => {
  it.each([
    {
      when: 'the person chose not to send, and nothing is for this council',
      answers: withAnswers(schoolOnly, { elsewhere: { sendAnyway: 'no' } }),
      expected: true,
    },
    { when: 'the person chose to send anyway', answers: withAnswers(schoolOnly, { elsewhere: { sendAnyway: 'yes' } }), expected: false },
    { when: 'the question is not answered yet', answers: schoolOnly, expected: false },
    // The "no" was given before looked_after was added to the services.
    {
      when: 'a left-over "no" meets a complaint with a part for this council',
      answers: withAnswers(parentAnswers, { service: { services: ['school', 'looked_after'] }, elsewhere: { sendAnyway: 'no' } }),
      expected: false,
    },
    { when: 'nothing is signposted', answers: parentAnswers, expected: false },
  ])('is $expected when $when', ({ answers, expected }) => {
    expect(stopsHere(createJourneyContext(answers))).toBe(expected);
  });
});

describe('looksOutOfTime', () => {
  it.each([
    // A day past the 12 months (the anniversary was yesterday).
    [{ whenKind: 'exact', whenDate: '2025-11-21' }, true],
    // The anniversary is today: still in time.
    [{ whenKind: 'exact', whenDate: '2025-11-22' }, false],
    [{ whenKind: 'exact', whenDate: '2026-03-27' }, false],
    // A month counts from its last day: 31 October 2025 is past.
    [{ whenKind: 'month', whenMonth: '2025-10' }, true],
    // 30 November 2025 is not yet.
    [{ whenKind: 'month', whenMonth: '2025-11' }, false],
    // Still happening is in time.
    [{ whenKind: 'ongoing' }, false],
    // Not sure is for the complaints team to look into.
    [{ whenKind: 'not_sure' }, false],
    // Not answered yet.
    [undefined, false],
  ])('for %j is %s on 22 November 2026', (when, expected) => {
    expect(looksOutOfTime(createJourneyContext(when ? { when } : {}))).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { readAnswers } from '../../../../src/forms/engine/answers.ts';

const answers = readAnswers({
  who: { role: 'parent', blank: '', ticked: ['email', 'forged', 'phone'] },
  empty: {},
});
const roles = ['parent', 'child'] as const;
const methods = ['email', 'phone', 'post'] as const;

describe('readAnswers', () => {
  it.each([
    ['a stored string', 'who', 'role', 'parent'],
    // Nothing typed is no answer.
    ['an empty string', 'who', 'blank', undefined],
    // A list is not text.
    ['a list', 'who', 'ticked', undefined],
    ['a field not answered', 'who', 'other', undefined],
    ['a step not answered', 'when', 'role', undefined],
  ])('reads %s as text: %j', (_, step, name, expected) => {
    expect(answers.text(step, name)).toBe(expected);
  });

  it.each([
    ['ticked boxes, in order', 'ticked', ['email', 'forged', 'phone']],
    // A single string is not a list of ticked boxes.
    ['a string', 'role', []],
    ['nothing', 'other', []],
  ])('reads %s as a list: %j', (_, name, expected) => {
    expect(answers.list('who', name)).toEqual(expected);
  });

  it.each([
    ['one of the values it may take', roles, 'parent'],
    // A stale or forged value reads as no answer, not as a value of the wrong type.
    ['a value outside those allowed', ['child', 'care_leaver'] as const, undefined],
  ])('reads %s as a choice: %j', (_, allowed, expected) => {
    expect(answers.choice('who', 'role', allowed)).toBe(expected);
  });

  it('keeps only the allowed values of ticked boxes', () => {
    expect(answers.choices('who', 'ticked', methods)).toEqual(['email', 'phone']);
  });

  it.each([
    ['a step answered', 'who', true],
    // An optional page left empty was still seen.
    ['a step answered with nothing', 'empty', true],
    ['a step not answered', 'when', false],
  ])('knows %s: %s', (_, step, expected) => {
    expect(answers.has(step)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { ageOn, toChildAge, toComplainantAge } from '../../../src/domain/case-record.ts';
import { caseRecords, withChanges } from '../../fixtures/case-records.ts';

describe('ageOn', () => {
  it.each([
    // The day before the birthday.
    ['2015-06-02', '2026-06-01', 10],
    // On the birthday.
    ['2015-06-02', '2026-06-02', 11],
    // Born on 29 February: a year older on 1 March in a year with no 29th.
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
  ])('is %s on %s: %i', (dateOfBirth, on, age) => {
    expect(ageOn(dateOfBirth, on)).toBe(age);
  });
});

describe('toChildAge', () => {
  it('works the age out from the date of birth when there is one, else takes the age given', () => {
    expect(toChildAge({ name: 'A', dateOfBirth: '2015-06-02', age: 3, responsibleCouncil: 'this' }, '2026-11-20')).toBe(11);
    expect(toChildAge({ name: 'A', age: 9, responsibleCouncil: 'this' }, '2026-11-20')).toBe(9);
    expect(toChildAge({ name: 'A', responsibleCouncil: 'this' }, '2026-11-20')).toBeUndefined();
  });
});

describe('toComplainantAge', () => {
  const child = caseRecords['child with safeguarding and advocacy'];

  it('is the age of a young person complaining for themself on the day they sent it', () => {
    // Born 14 March 2011, sent 21 November 2026.
    expect(toComplainantAge(child)).toBe(15);
    expect(toComplainantAge(withChanges(child, { answers: { role: 'care_leaver', children: [{ name: 'J', age: 22, responsibleCouncil: 'this' }] } }))).toBe(22);
  });

  it('is not known for an adult complaining for a child', () => {
    expect(toComplainantAge(caseRecords['parent, statutory, in time'])).toBeUndefined();
  });
});

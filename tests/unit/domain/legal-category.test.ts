import { describe, expect, it } from 'vitest';
import { complainantRoles, type ComplainantRole, type RelativeStanding } from '../../../src/domain/answers.ts';
import { renderMessage } from '../../../src/domain/copy.ts';
import { toEffectiveRole, toLegalCategory as toCategoryMessage } from '../../../src/domain/legal-category.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

const { t } = createTestCopy(exampleCouncil());

/** The legal category in the catalogue's words. */
const toLegalCategory = (role: ComplainantRole, relativeStanding?: RelativeStanding): string => renderMessage(t, toCategoryMessage(role, relativeStanding));

describe('toLegalCategory', () => {
  it.each([
    ['child', 'Child or young person (Children Act 1989 s26(3)(a))'],
    ['care_leaver', 'Care leaver (s24D)'],
    ['parent', 'Parent, with or without parental responsibility (s26(3)(b))'],
    ['parental_responsibility', 'Person with parental responsibility (s26(3)(c))'],
    ['foster_carer', 'Local authority foster parent (s26(3)(d))'],
    ['special_guardian', 'Special guardianship (s26(3C))'],
    ['adoption', 'Adoption (s26(3B); ACA 2002 s3(1))'],
    ['advocate', 'Advocate acting for a child (s26A)'],
    ['relative_or_other', 'Other person: sufficient interest to be decided (s26(3)(e))'],
  ] as const)('prints %s as %s', (role, category) => {
    expect(toLegalCategory(role)).toBe(category);
  });

  it('gives every role a different category', () => {
    const categories = complainantRoles.map((role) => toLegalCategory(role));
    expect(new Set(categories).size).toBe(complainantRoles.length);
  });

  it.each([
    // A relative who is the approved or connected-person foster carer.
    ['foster_carer', 'Local authority foster parent (s26(3)(d))'],
    ['special_guardian', 'Special guardianship (s26(3C))'],
    // A "lives with" child arrangements order gives parental responsibility.
    ['lives_with_order', 'Person with parental responsibility (s26(3)(c))'],
    ['none', 'Other person: sufficient interest to be decided (s26(3)(e))'],
  ] as const)('prints a relative whose standing is %s as %s', (standing, category) => {
    expect(toLegalCategory('relative_or_other', standing)).toBe(category);
  });

  it('ignores a relative standing given with another role', () => {
    expect(toLegalCategory('parent', 'foster_carer')).toBe('Parent, with or without parental responsibility (s26(3)(b))');
  });
});

describe('toEffectiveRole', () => {
  it.each([
    ['foster_carer', 'foster_carer'],
    ['special_guardian', 'special_guardian'],
    ['lives_with_order', 'parental_responsibility'],
    ['none', 'relative_or_other'],
    [undefined, 'relative_or_other'],
  ] as const)('treats a relative with standing %s as %s', (standing, role) => {
    expect(toEffectiveRole('relative_or_other', standing)).toBe(role);
  });

  it('leaves other roles as they are', () => {
    expect(toEffectiveRole('advocate', 'lives_with_order')).toBe('advocate');
  });
});

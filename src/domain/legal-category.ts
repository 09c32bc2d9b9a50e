import type { ComplainantRole, RelativeStanding } from './answers.ts';

/**
 * The legal category of each role, as printed in the complaints team's email (DOMAIN Part 2 §(c)).
 * Section numbers are the Children Act 1989's unless another Act is named.
 */
const legalCategories: Record<ComplainantRole, string> = {
  child: 'Child or young person (Children Act 1989 s26(3)(a))',
  care_leaver: 'Care leaver (s24D)',
  parent: 'Parent, with or without parental responsibility (s26(3)(b))',
  parental_responsibility: 'Person with parental responsibility (s26(3)(c))',
  foster_carer: 'Local authority foster parent (s26(3)(d))',
  special_guardian: 'Special guardianship (s26(3C))',
  adoption: 'Adoption (s26(3B); ACA 2002 s3(1))',
  advocate: 'Advocate acting for a child (s26A)',
  relative_or_other: 'Other person: sufficient interest to be decided (s26(3)(e))',
};

/**
 * The role a complainant complains in. A relative who is the child's foster carer or special
 * guardian, or who holds a "lives with" order (which gives parental responsibility), is eligible
 * in that capacity rather than as "someone else" (DOMAIN edge case 8). Other roles are unchanged.
 * @example toEffectiveRole('relative_or_other', 'lives_with_order') // 'parental_responsibility'
 */
export function toEffectiveRole(role: ComplainantRole, relativeStanding?: RelativeStanding): ComplainantRole {
  if (role !== 'relative_or_other') return role;
  switch (relativeStanding) {
    case 'foster_carer':
      return 'foster_carer';
    case 'special_guardian':
      return 'special_guardian';
    case 'lives_with_order':
      return 'parental_responsibility';
    case 'none':
    case undefined:
      return 'relative_or_other';
  }
}

/**
 * The complainant's legal category as printed in the team's email.
 * @example toLegalCategory('parent') // 'Parent, with or without parental responsibility (s26(3)(b))'
 * @example toLegalCategory('relative_or_other', 'foster_carer') // 'Local authority foster parent (s26(3)(d))'
 */
export function toLegalCategory(role: ComplainantRole, relativeStanding?: RelativeStanding): string {
  return legalCategories[toEffectiveRole(role, relativeStanding)];
}

import type { ComplainantRole, RelativeStanding } from './answers.ts';
import { message, type Message } from './copy.ts';

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
 * The complainant's legal category as printed in the team's email (DOMAIN Part 2 §(c)), as the
 * catalogue's `rules.legalCategory.<role>`. Section numbers there are the Children Act 1989's
 * unless another Act is named.
 * @example renderMessage(t, toLegalCategory('parent')) // 'Parent, with or without parental responsibility (s26(3)(b))'
 * @example renderMessage(t, toLegalCategory('relative_or_other', 'foster_carer')) // 'Local authority foster parent (s26(3)(d))'
 */
export function toLegalCategory(role: ComplainantRole, relativeStanding?: RelativeStanding): Message {
  return message(`rules.legalCategory.${toEffectiveRole(role, relativeStanding)}`);
}

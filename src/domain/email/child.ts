import type { ResponsibleCouncil } from '../answers.ts';
import type { Translate } from '../copy.ts';

/**
 * Which council a child's case belongs to, as the team reads it.
 * @example formatResponsibleCouncil(t, 'another', 'Northshire County Council') // 'Another council: Northshire County Council'
 */
export function formatResponsibleCouncil(t: Translate, council: ResponsibleCouncil, otherName: string | undefined): string {
  if (council === 'another' && otherName) return t('emails.child.responsibleCouncil.anotherNamed', { otherCouncil: otherName });
  return t(`emails.child.responsibleCouncil.${council}`);
}

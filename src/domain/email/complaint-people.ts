import { isSelfRole } from '../answers.ts';
import { ageOn, type CaseRecord } from '../case-record.ts';
import type { Translate } from '../copy.ts';
import { formatDate } from '../dates.ts';
import { toRow, type EmailBlock, type KeyValueRow } from './blocks.ts';
import { formatResponsibleCouncil } from './child.ts';
import { toContactBlocks } from './contact.ts';
import { findEntry } from './date-time.ts';

/**
 * An advocate's organisation, and who replies go to: the advocate alone, or the young person too,
 * with how to reach the young person safely in the advocate's words.
 */
function toAdvocateRows(t: Translate, record: CaseRecord): KeyValueRow[] {
  const { answers } = record;
  if (answers.role !== 'advocate') return [];
  const row = (key: string, value: string): KeyValueRow => toRow(t, `emails.complaint.advocate.rows.${key}`, value);
  const rows: KeyValueRow[] = [];
  if (answers.advocacyOrganisation) rows.push(row('organisation', answers.advocacyOrganisation));
  if (answers.reachYoungPerson) rows.push(row('replyTo', t(`emails.complaint.advocate.replyTo.${answers.reachYoungPerson}`)));
  if (answers.reachYoungPerson === 'both') {
    rows.push(row('reachYoungPerson', answers.youngPersonContact?.trim() || t('emails.complaint.advocate.notSaid')));
  }
  return rows;
}

/** The complainant: the safe-contact warning first when there is one, then every way to reach them. */
export function toComplainantBlocks(t: Translate, record: CaseRecord): EmailBlock[] {
  return toContactBlocks(t, record.contact, {
    heading: t('emails.complaint.complainant'),
    whose: 'complaint',
    relationship: record.answers.relationship,
    moreRows: toAdvocateRows(t, record),
    needs: true,
    acknowledgement: true,
    acknowledgeBy: findEntry(record.timeline.entries, 'acknowledge')?.date,
  });
}

/** Each child the complaint is about, then the child's consent and advocacy answers when there are any. */
export function toChildrenBlocks(t: Translate, record: CaseRecord): EmailBlock[] {
  const { answers, timeline } = record;
  const several = answers.children.length > 1;
  const heading = isSelfRole(answers.role) ? 'childIsComplainant' : several ? 'children' : 'child';
  const blocks: EmailBlock[] = [{ type: 'heading', level: 2, text: t(`emails.complaint.children.${heading}`) }];
  const row = (key: string, value: string): KeyValueRow => toRow(t, `emails.child.rows.${key}`, value);
  answers.children.forEach((child, index) => {
    if (several) blocks.push({ type: 'heading', level: 3, text: t('emails.complaint.children.numbered', { number: index + 1 }) });
    const rows: KeyValueRow[] = [row('name', child.name)];
    if (child.dateOfBirth) {
      const age = ageOn(child.dateOfBirth, timeline.submittedDate);
      rows.push(row('dateOfBirth', t('emails.complaint.children.bornAged', { date: formatDate(child.dateOfBirth), age })));
    } else if (child.age !== undefined) {
      rows.push(row('age', String(child.age)));
    }
    rows.push(row('responsibleCouncil', formatResponsibleCouncil(t, child.responsibleCouncil, child.otherCouncilName)));
    blocks.push({ type: 'keyValue', rows });
  });
  const consent: KeyValueRow[] = [];
  if (answers.wantsAdvocate) consent.push(row('wantsAdvocate', t(`emails.yesNoNotSure.${answers.wantsAdvocate}`)));
  if (answers.childAgreement) consent.push(row('childAgreement', t(`emails.childAgreement.${answers.childAgreement}`)));
  if (answers.childInstructedAdvocate) consent.push(row('instructedAdvocate', t(`emails.yesNoNotSure.${answers.childInstructedAdvocate}`)));
  if (consent.length > 0) blocks.push({ type: 'heading', level: 3, text: t('emails.complaint.children.consent') }, { type: 'keyValue', rows: consent });
  return blocks;
}

import type { CommunicationNeed, ContactDetails } from '../answers.ts';
import type { Translate } from '../copy.ts';
import { toRow, type EmailBlock, type KeyValueRow, type ListItem } from './blocks.ts';

/**
 * How to reach the person who sent a case, and whether that is safe: the warning staff must read
 * before using any contact detail, the details themselves, and whether they were emailed.
 */

/**
 * Whether to email the person an acknowledgement: only when they asked for one, gave an email
 * address, and said it is safe to contact them without care (DOMAIN edge case 11).
 */
export function shouldSendAcknowledgement(contact: ContactDetails): boolean {
  return contact.wantsAcknowledgement && contact.safeToContact === 'yes' && Boolean(contact.email?.trim());
}

/** Why an acknowledgement was or was not sent, for the team. */
function toAcknowledgementStatus(t: Translate, contact: ContactDetails): string {
  if (shouldSendAcknowledgement(contact)) return t('emails.contact.acknowledgement.sent');
  if (!contact.wantsAcknowledgement) return t('emails.contact.acknowledgement.notAskedFor');
  if (!contact.email?.trim()) return t('emails.contact.acknowledgement.noEmail');
  return t('emails.contact.acknowledgement.notSafe');
}

/**
 * Whose case it is decides how the alert suggests finding a safe way: a complainant may have an
 * advocate to go through, while someone asking for one (or for the next stage) is not assumed to.
 */
export type ContactCase = 'complaint' | 'request';

/**
 * The warning shown above the contact details when contact is only safe with care, or not safe as
 * given, with the person's own words about what is safe. Nothing when contact is safe.
 */
function toSafeContactAlert(t: Translate, contact: ContactDetails, whose: ContactCase): EmailBlock | undefined {
  const words = contact.safeContactDetails?.trim();
  const theirWords = words ? t('emails.contact.alert.theirWords', { words }) : undefined;
  // A complainant may have an advocate to go through; someone asking for one may not.
  const unsaid = (key: string) => t(`emails.contact.alert.${key}`, whose === 'complaint' ? { context: 'complaint' } : {});
  if (contact.safeToContact === 'with_care') {
    return {
      type: 'alert',
      tone: 'warning',
      title: t('emails.contact.alert.withCareTitle'),
      lines: [t('emails.contact.alert.withCare'), theirWords ?? unsaid('withCareUnsaid')],
    };
  }
  if (contact.safeToContact === 'no') {
    const channels = [contact.email ? 'email' : '', contact.phone ? 'phone' : '', contact.address?.length ? 'post' : '']
      .filter(Boolean)
      .map((channel) => t(`emails.contact.channel.${channel}`));
    return {
      type: 'alert',
      tone: 'warning',
      title: t('emails.contact.alert.notSafeTitle'),
      lines: [
        channels.length ? t('emails.contact.alert.notSafe', { channels }) : t('emails.contact.alert.notSafeAsGiven'),
        theirWords ?? unsaid('notSafeUnsaid'),
      ],
    };
  }
  return undefined;
}

/** A triage item for contact that needs care, if it does. */
export function toContactTriageItems(t: Translate, contact: ContactDetails, whose: ContactCase): ListItem[] {
  if (contact.safeToContact === 'yes') return [];
  return [
    {
      title: t(contact.safeToContact === 'no' ? 'emails.contact.alert.notSafeTitle' : 'emails.contact.alert.withCareTitle'),
      text: t(whose === 'complaint' ? 'emails.contact.triage.readInstructionsUnderComplainant' : 'emails.contact.triage.readInstructions'),
    },
  ];
}

function toCommunicationNeeds(t: Translate, contact: ContactDetails): string {
  if (contact.communicationNeeds.length === 0) return t('emails.contact.needs.none');
  const need = (n: CommunicationNeed) => t(`emails.contact.needs.${n}`);
  return contact.communicationNeeds
    .map((n) => {
      if (n === 'interpreter' && contact.interpreterLanguage)
        return t('emails.contact.needs.interpreterIn', { need: need(n), language: contact.interpreterLanguage });
      if (n === 'other' && contact.otherNeeds) return t('emails.contact.needs.otherSaid', { need: need(n), needs: contact.otherNeeds });
      return need(n);
    })
    .join('\n');
}

/** What goes into the contact section besides the details every case has. */
export interface ContactSection {
  heading: string;
  whose: ContactCase;
  /** Their relationship to the child, in their words. */
  relationship?: string | undefined;
  /** How they prefer to be contacted and their communication needs (asked only of complainants). */
  needs?: boolean;
  /** Whether they were emailed an acknowledgement (left out where the reader has no use for it). */
  acknowledgement: boolean;
}

/** A heading, the safe-contact alert when contact needs care, and the contact details. */
export function toContactBlocks(t: Translate, contact: ContactDetails, section: ContactSection): EmailBlock[] {
  const alert = toSafeContactAlert(t, contact, section.whose);
  const row = (key: string, value: string): KeyValueRow => toRow(t, `emails.contact.rows.${key}`, value);
  const rows: KeyValueRow[] = [row('name', contact.name)];
  if (section.relationship) rows.push(row('relationship', section.relationship));
  rows.push(row('safeToContact', t(`emails.contact.safeToContact.${contact.safeToContact}`)));
  if (contact.safeContactDetails?.trim()) rows.push(row('instructions', contact.safeContactDetails));
  if (contact.email) rows.push(row('email', contact.email));
  if (contact.phone) rows.push(row('phone', contact.phone));
  if (contact.address?.length) rows.push(row('address', contact.address.join('\n')));
  if (section.needs) {
    if (contact.preferredMethod) rows.push(row('prefers', t(`emails.contact.method.${contact.preferredMethod}`)));
    rows.push(row('needs', toCommunicationNeeds(t, contact)));
  }
  if (section.acknowledgement) rows.push(row('acknowledgement', toAcknowledgementStatus(t, contact)));
  return [{ type: 'heading', level: 2, text: section.heading }, ...(alert ? [alert] : []), { type: 'keyValue', rows }];
}

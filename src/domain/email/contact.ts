import type { CommunicationNeed, ContactDetails } from '../answers.ts';
import type { CopyValues, Translate } from '../copy.ts';
import { formatLongDate, type IsoDate } from '../dates.ts';
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

/** The ways other than email they gave, as the acknowledgement would use them. */
type ReplyWay = 'trusted' | 'phone' | 'post';

/**
 * The way to acknowledge someone who gave no email: the one they prefer if they gave it, else the
 * adult they chose to be reached through (a child who chose one is reached no other way first),
 * else phone, else post.
 */
function toReplyWay(contact: ContactDetails): ReplyWay | undefined {
  const given: Record<ReplyWay, boolean> = {
    trusted: Boolean(contact.trustedAdult),
    phone: Boolean(contact.phone?.trim()),
    post: Boolean(contact.address?.length),
  };
  const preferred = contact.preferredMethod;
  if (preferred && preferred !== 'email' && given[preferred]) return preferred;
  return (['trusted', 'phone', 'post'] as const).find((way) => given[way]);
}

/**
 * Why an acknowledgement was or was not emailed, for the team. Someone who gave no email was never
 * offered one, so the line says how and by when to acknowledge them instead; someone who gave one
 * but declined it, or said email is not safe, is given that reason.
 */
function toAcknowledgementStatus(t: Translate, contact: ContactDetails, acknowledgeBy: IsoDate | undefined): string {
  const key = (name: string) => `emails.contact.acknowledgement.${name}`;
  if (shouldSendAcknowledgement(contact)) return t(key('sent'));
  if (contact.email?.trim()) return t(key(contact.wantsAcknowledgement ? 'notSafe' : 'notAskedFor'));
  const way = toReplyWay(contact);
  const values: CopyValues = {
    way: way === 'trusted' ? t(key('way.trusted'), { who: contact.trustedAdult?.who }) : t(key(`way.${way ?? 'other'}`)),
    ...(acknowledgeBy ? { date: formatLongDate(acknowledgeBy) } : {}),
    // Their safe-contact answer comes before any call or letter.
    ...(contact.safeToContact === 'yes' ? {} : { context: 'withCare' }),
  };
  return t(key(acknowledgeBy ? 'noEmailBy' : 'noEmail'), values);
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

/** Whether the only way they gave is through an adult they trust. */
export function isOnlyThroughTrustedAdult(contact: ContactDetails): boolean {
  return Boolean(contact.trustedAdult) && !contact.email?.trim() && !contact.phone?.trim() && !contact.address?.length;
}

/**
 * Triage items for contact: the adult a child chose to be reached through (first, because using
 * any other way may put them at risk), and contact that needs care, if it does.
 */
export function toContactTriageItems(t: Translate, contact: ContactDetails, whose: ContactCase): ListItem[] {
  const items: ListItem[] = [];
  if (contact.trustedAdult) {
    const values = { who: contact.trustedAdult.who, how: contact.trustedAdult.how };
    items.push(
      isOnlyThroughTrustedAdult(contact)
        ? { title: t('emails.contact.trusted.onlyTitle'), text: t('emails.contact.trusted.only', values) }
        : { title: t('emails.contact.trusted.alsoTitle'), text: t('emails.contact.trusted.also', values) },
    );
  }
  if (contact.safeToContact !== 'yes') {
    items.push({
      title: t(contact.safeToContact === 'no' ? 'emails.contact.alert.notSafeTitle' : 'emails.contact.alert.withCareTitle'),
      text: t(whose === 'complaint' ? 'emails.contact.triage.readInstructionsUnderComplainant' : 'emails.contact.triage.readInstructions'),
    });
  }
  return items;
}

/**
 * How to reach them, in one line for a summary: the only adult to go through, or the ways they
 * gave with whether that is safe.
 * @example formatHowToReach(t, contact) // 'By email or phone. Safe to contact.'
 */
export function formatHowToReach(t: Translate, contact: ContactDetails): string {
  const key = (name: string) => `emails.contact.howToReach.${name}`;
  if (contact.trustedAdult && isOnlyThroughTrustedAdult(contact)) return t(key('onlyThrough'), { who: contact.trustedAdult.who });
  const ways = [
    ...(contact.email?.trim() ? [t('emails.contact.channel.email')] : []),
    ...(contact.phone?.trim() ? [t('emails.contact.channel.phone')] : []),
    ...(contact.address?.length ? [t('emails.contact.channel.post')] : []),
    ...(contact.trustedAdult ? [t(key('through'), { who: contact.trustedAdult.who })] : []),
  ];
  return t(key(contact.safeToContact), { ways });
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
  /** When the team must acknowledge the case, for someone who was not emailed. */
  acknowledgeBy?: IsoDate | undefined;
  /** Rows about the person the section has no field for (an advocate's organisation), after the relationship. */
  moreRows?: KeyValueRow[];
}

/** A heading, the safe-contact alert when contact needs care, and the contact details. */
export function toContactBlocks(t: Translate, contact: ContactDetails, section: ContactSection): EmailBlock[] {
  const alert = toSafeContactAlert(t, contact, section.whose);
  const row = (key: string, value: string): KeyValueRow => toRow(t, `emails.contact.rows.${key}`, value);
  const rows: KeyValueRow[] = [row('name', contact.name)];
  if (section.relationship) rows.push(row('relationship', section.relationship));
  rows.push(...(section.moreRows ?? []));
  rows.push(row('safeToContact', t(`emails.contact.safeToContact.${contact.safeToContact}`)));
  if (contact.safeContactDetails?.trim()) rows.push(row('instructions', contact.safeContactDetails));
  if (contact.trustedAdult) rows.push(row('trustedAdult', `${contact.trustedAdult.who}\n${contact.trustedAdult.how}`));
  if (contact.email) rows.push(row('email', contact.email));
  if (contact.phone) rows.push(row('phone', contact.phone));
  if (contact.address?.length) rows.push(row('address', contact.address.join('\n')));
  if (section.needs) {
    if (contact.preferredMethod) rows.push(row('prefers', t(`emails.contact.method.${contact.preferredMethod}`)));
    rows.push(row('needs', toCommunicationNeeds(t, contact)));
  }
  if (section.acknowledgement) rows.push(row('acknowledgement', toAcknowledgementStatus(t, contact, section.acknowledgeBy)));
  return [{ type: 'heading', level: 2, text: section.heading }, ...(alert ? [alert] : []), { type: 'keyValue', rows }];
}

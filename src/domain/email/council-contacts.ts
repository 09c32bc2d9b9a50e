import { hoursContext, type Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import { toRow, type KeyValueRow } from './blocks.ts';

/**
 * The council's own contacts as emails give them: where to pass a worry about a child today, and
 * how to reach the complaints team and the independent organisations. Hours are optional in a
 * council's file, so each line has a wording with them and a `_noHours` one without.
 */

/** "Pass to the children's services front door today: 01632 960100 (Front Door, Monday to Friday, 9am to 5pm)." */
export function toFrontDoorLine(t: Translate, council: Council): string {
  return t('emails.contacts.frontDoor', hoursContext(council.contacts.frontDoor));
}

/** "Out of hours: 01632 960999, Emergency Duty Team." */
export function toOutOfHoursLine(t: Translate, council: Council): string {
  return t('emails.contacts.outOfHours', hoursContext(council.contacts.outOfHours));
}

/** The complaints team's phone, email, BSL, other formats (if the council offers them) and postal address. */
export function toCouncilContactRows(t: Translate, council: Council): KeyValueRow[] {
  const { complaints } = council.contacts;
  const row = (key: string, value: string): KeyValueRow => toRow(t, `emails.contacts.rows.${key}`, value);
  return [
    row('phone', t('common.phoneAndHours', { phone: complaints.phone, hours: complaints.hours })),
    row('email', complaints.email),
    row('bsl', complaints.bsl),
    ...(complaints.otherFormats ? [row('otherFormats', complaints.otherFormats)] : []),
    row('post', complaints.address.join('\n')),
  ];
}

/** An independent organisation's phone, email and website, one per line, leaving out what it lacks. */
export function toOrganisationLines(t: Translate, organisation: Council['contacts']['ombudsman']): string {
  const { phone, hours, email, url } = organisation;
  return [
    phone ? t('emails.contacts.organisation.phone', { phone: hours ? t('common.phoneAndHours', { phone, hours }) : phone }) : '',
    email ? t('emails.contacts.organisation.email', { email }) : '',
    url ? t('emails.contacts.organisation.website', { url }) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

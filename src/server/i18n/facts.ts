import { toTelHref, type Translate } from '../../domain/copy.ts';
import type { Council } from '../../domain/council.ts';

/**
 * Council facts every sentence and content page may fill in, by name: `{{council.shortName}}`,
 * `{{frontDoor.phone}}`, `{{statutory.stage1}}`, `{{complaints.addressOneLine}}`. Numbers and
 * contacts only ever come from the council file, never from the catalogue.
 */
export type Facts = { [name: string]: string | number | Facts };

/** Only plain values: nested lists (the postal address) are given their own one-line form. */
function plain(values: object): Facts {
  const out: Facts = {};
  for (const [key, value] of Object.entries(values)) if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  return out;
}

/** The facts for one council and this deployment's settings. */
export function toCouncilFacts(council: Council, settings: { retentionDays: number; sessionMinutes: number }): Facts {
  const { contacts, timescales } = council;
  const facts: Facts = {
    council: plain({
      name: council.name,
      shortName: council.shortName,
      referencePrefix: council.referencePrefix,
      websiteUrl: council.websiteUrl,
    }),
    statutory: plain(timescales.statutory),
    corporate: plain(timescales.corporate),
    timeLimitMonths: timescales.timeLimitMonths,
    irmFosteringCalendarDays: timescales.irmFosteringCalendarDays,
    irmAdoptionWorkingDays: timescales.irmAdoptionWorkingDays,
    careLeaverAgeLimit: timescales.careLeaverAgeLimit,
    retentionDays: settings.retentionDays,
    savedDraftsDays: council.savedDraftsDays,
    sessionMinutes: settings.sessionMinutes,
  };
  for (const [name, contact] of Object.entries(contacts)) {
    facts[name] = plain(contact);
    // A phone number as a link that dials it on a phone: digits and a leading + only.
    if ('phone' in contact && contact.phone) (facts[name] as Facts)['tel'] = toTelHref(contact.phone);
  }
  (facts['complaints'] as Facts)['addressOneLine'] = contacts.complaints.address.join(', ');
  // The Ombudsman's website as people read it, without the https://.
  if (contacts.ombudsman.url) (facts['ombudsman'] as Facts)['site'] = contacts.ombudsman.url.replace(/^https?:\/\//, '');
  return facts;
}

/**
 * How long unsent answers are kept, in words: whole hours as hours, anything else as minutes.
 * @example formatDuration(t, 120) // '2 hours'
 */
export function formatDuration(t: Translate, minutes: number): string {
  return minutes % 60 === 0 ? t('common.hours', { count: minutes / 60 }) : t('common.minutes', { count: minutes });
}

/** Every fact's dotted name, for checking which placeholders a council's wording may use. */
export function toFactNames(facts: Facts, prefix = ''): Set<string> {
  const names = new Set<string>();
  for (const [key, value] of Object.entries(facts)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object') for (const n of toFactNames(value, name)) names.add(n);
    else names.add(name);
  }
  return names;
}

/** Every fact as a flat map of dotted names to text, for content pages' `{{placeholders}}`. */
export function toFlatFacts(facts: Facts, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object') Object.assign(out, toFlatFacts(value, name));
    else out[name] = String(value);
  }
  return out;
}

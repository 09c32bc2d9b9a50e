import type { AdvocacyRecord } from '../advocacy.ts';
import type { Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import type { EscalationRecord } from '../escalation.ts';
import type { EmailBlock, ListItem } from './blocks.ts';
import { toFrontDoorLine, toOutOfHoursLine } from './council-contacts.ts';

/**
 * The safeguarding parts every case's emails share: the urgent banner that comes before anything
 * else, who to pass a worry to today, and the triage list that says "not raised" when it was not.
 */

/** What the case is, in the words the safeguarding lines use for it. */
export type SafeguardingCase = 'complaint' | 'request';

/** A request in the words the safeguarding lines use: "stage 2 request", "request for an advocate". */
export function formatRequestKind(t: Translate, record: EscalationRecord | AdvocacyRecord): string {
  return record.kind === 'escalation' ? t('emails.requests.what.stage', { stage: record.request.stage }) : t('emails.requests.what.advocacy');
}

/** The urgent banner: a red box in HTML, ruled with asterisks in plain text. */
export function toSafeguardingAlert(t: Translate, lines: string[]): EmailBlock {
  return { type: 'alert', tone: 'urgent', title: t('emails.safeguarding.title'), lines };
}

/** The banner at the top of a team's email: why, who to call today, and that a copy has gone to the safeguarding mailbox. */
export function toTeamSafeguardingAlert(t: Translate, council: Council, reasons: string[], what: SafeguardingCase): EmailBlock {
  return toSafeguardingAlert(t, [...reasons, toFrontDoorLine(t, council), toOutOfHoursLine(t, council), t(`emails.safeguarding.copySent.${what}`)]);
}

/** The banner at the top of the team's email about a request: they said someone is at risk when sending it. */
export function toRequestSafeguardingAlert(t: Translate, council: Council, record: EscalationRecord | AdvocacyRecord): EmailBlock | undefined {
  const flags: readonly string[] = record.screening.flags;
  if (!flags.includes('safeguarding')) return undefined;
  return toTeamSafeguardingAlert(t, council, [t('emails.requests.atRisk', { what: formatRequestKind(t, record) })], 'request');
}

/** "Who to contact" in the safeguarding mailbox's copy: the front door, out of hours, and the complaints team for the case itself. */
export function toWhoToContactBlocks(t: Translate, council: Council, what: SafeguardingCase): EmailBlock[] {
  return [
    { type: 'heading', level: 2, text: t('emails.safeguarding.whoToContact') },
    { type: 'list', items: [toFrontDoorLine(t, council), toOutOfHoursLine(t, council), t(`emails.safeguarding.complaintsTeam.${what}`)] },
  ];
}

/**
 * The triage section: the safeguarding banner first when it was raised (or "not raised" as the
 * first item when it was not), then the other items, or "No other flags." when there are none.
 */
export function toTriageBlocks(t: Translate, safeguardingAlert: EmailBlock | undefined, items: readonly ListItem[]): EmailBlock[] {
  const list: ListItem[] = safeguardingAlert ? [...items] : [{ title: t('emails.triage.safeguarding'), text: t('emails.triage.notRaised') }, ...items];
  if (items.length === 0) list.push(t('emails.triage.noOtherFlags'));
  return [...(safeguardingAlert ? [safeguardingAlert] : []), { type: 'heading', level: 2, text: t('emails.triage.heading') }, { type: 'list', items: list }];
}

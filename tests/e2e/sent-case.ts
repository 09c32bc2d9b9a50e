import { expect, type BrowserContext, type Page } from '@playwright/test';
import { formatLongDate } from '../../src/domain/dates.ts';
import type { Route } from '../../src/domain/screening-types.ts';
import { exampleCouncil } from '../helpers/councils.ts';
import type { AnsweredRow } from '../helpers/journey.ts';
import type { Mail, Service } from '../helpers/service.ts';

/** What one sent complaint must have produced, beyond the reference. */
export interface ExpectedCase {
  route: Route;
  safeguarding: boolean;
  /** The complainant's email address when an acknowledgement must arrive there. */
  acknowledgementTo?: string;
  /** An advocate was asked for inside the complaint: the provider's mailbox gets the referral. */
  advocateReferral?: boolean;
  /** Addresses the complainant gave that must receive nothing. */
  noMailTo?: string[];
  /** The complainant's name: never in a subject. */
  complainant: string;
  /** The children's names: never in a subject or the acknowledgement. */
  children: string[];
  /** The random part of every name in this test, so a name cannot hide in another spelling. */
  tag: string;
  /** What the person wrote, which must never reach the acknowledgement. */
  complaintText: string[];
  /** The answers in the order they were given. */
  rows: AnsweredRow[];
}

export const council = exampleCouncil();

export const REFERENCE = /^CSC-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

/** The first word of the route as the team's email prints it under "Provisional route". */
const routeWords: Record<Route, string> = {
  statutory: 'Statutory:',
  corporate: 'Corporate:',
  split: 'Split:',
  signpost: 'Signposted:',
  triage: 'Triage:',
};

/** How many cases the service has stored. */
export const countCases = (service: Service): number => Number(service.query('SELECT COUNT(*) AS n FROM cases')[0]?.['n']);

/** How long to keep listening for an email that must not come, once the case's first email has arrived. */
const QUIET_MS = 600;

/** Answers Exit this page's neutral site without the network: a plain page at the council's exitUrl. */
export async function interceptNeutralSite(context: BrowserContext): Promise<void> {
  const host = new URL(council.exitUrl).host;
  await context.route(
    (url) => url.host === host,
    (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html lang="en"><head><title>Weather</title></head><body><h1>Weather forecast</h1></body></html>',
      }),
  );
}

/** The answers section of a team or safeguarding email's text. */
function answersSection(text: string): string {
  const start = text.indexOf('Answers, in the order they were given');
  expect(start, 'the email has an answers section').toBeGreaterThanOrEqual(0);
  return text.slice(start);
}

/** Fails unless every row appears, question then answer, in the given order. */
export function expectRowsInOrder(text: string, rows: readonly AnsweredRow[]): void {
  const section = answersSection(text.replace(/\r\n/g, '\n'));
  let from = 0;
  for (const row of rows) {
    const block = `${row.question}\n${row.answer}`;
    const at = section.indexOf(block, from);
    expect(at, `"${block}" appears in the answers after the row before it`).toBeGreaterThanOrEqual(0);
    from = at + block.length;
  }
}

const isFor = (address: string, reference: string) => (mail: Mail) => mail.recipients.includes(address) && mail.subject.includes(reference);

/** Reads the acknowledge-by date the confirmation page promises. */
export async function readAcknowledgeBy(page: Page): Promise<string> {
  const line = page.getByRole('listitem').filter({ hasText: 'We will contact you by' });
  await expect(line).toHaveCount(1);
  return (await line.locator('strong').innerText()).trim();
}

/**
 * Checks everything a sent complaint owes: the confirmation page, the team's email (subject,
 * Message-ID, answers in order, route, JSON attachment), the safeguarding copy and the
 * acknowledgement exactly when they are due. Returns the team's email.
 */
export async function expectSentCase(page: Page, service: Service, reference: string, expected: ExpectedCase): Promise<Mail> {
  expect(reference).toMatch(REFERENCE);
  const acknowledgeBy = await readAcknowledgeBy(page);
  expect(acknowledgeBy).toMatch(/^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+ \d{4}$/);

  const team = await service.waitForMail(isFor(council.mail.complaintsTeam, reference));
  expect(team.subject).toContain(reference);
  if (expected.safeguarding) expect(team.subject.startsWith('SAFEGUARDING')).toBe(true);
  else expect(team.subject).not.toMatch(/safeguarding/i);
  for (const name of [expected.complainant, ...expected.children]) expect(team.subject, 'no name in the subject').not.toContain(name);
  expect(team.subject.toLowerCase(), 'no part of a name in the subject').not.toContain(expected.tag);
  expect(team.messageId).toBe(`<${reference}.team@${council.mail.messageIdDomain}>`);
  expect(team.text).toContain(`Reference: ${reference}`);
  expect(team.text).toContain(`Provisional route: ${routeWords[expected.route]}`);
  expectRowsInOrder(team.text, expected.rows);

  const jsonFile = team.attachments.find((a) => a.filename === `${reference}.json`);
  expect(jsonFile, 'the JSON attachment').toBeDefined();
  const json = JSON.parse(jsonFile?.content ?? '{}') as {
    schemaVersion: number;
    reference: string;
    route: Route;
    flags: string[];
    timeline: { id: string; date: string }[];
  };
  expect(json.schemaVersion).toBe(2);
  expect(json.reference).toBe(reference);
  expect(json.route).toBe(expected.route);
  expect(json.flags.includes('safeguarding')).toBe(expected.safeguarding);
  const acknowledge = json.timeline.find((e) => e.id === 'acknowledge');
  expect(acknowledge && formatLongDate(acknowledge.date), 'the page and the email give the same acknowledge-by date').toBe(acknowledgeBy);
  expect(team.text).toContain(`Acknowledge by: ${acknowledgeBy}`);

  if (expected.safeguarding) {
    const copy = await service.waitForMail(isFor(council.mail.safeguarding, reference));
    expect(copy.subject.startsWith('SAFEGUARDING')).toBe(true);
  }
  if (expected.acknowledgementTo) {
    const ack = await service.waitForMail(isFor(expected.acknowledgementTo, reference));
    expect(ack.to).toEqual([expected.acknowledgementTo]);
    expect(ack.text).toContain(reference);
    expect(ack.text).toContain(acknowledgeBy);
    for (const secret of [...expected.complaintText, ...expected.children]) {
      expect(ack.text, 'the acknowledgement repeats nothing the person wrote').not.toContain(secret);
      expect(ack.html).not.toContain(secret);
    }
    expect(`${ack.subject}\n${ack.text}\n${ack.html}`).not.toMatch(/safeguarding/i);
  }

  if (expected.advocateReferral) {
    const referralTo = council.contacts.advocacy.referralEmail;
    expect(referralTo, 'the test council has a referral mailbox').toBeDefined();
    const referral = await service.waitForMail(isFor(referralTo ?? '', reference));
    expect(referral.subject).toMatch(/^Advocacy referral /);
  }

  await new Promise((r) => setTimeout(r, QUIET_MS));
  const forCase = service.mails.filter((m) => m.subject.includes(reference));
  const expectedCount = 1 + (expected.safeguarding ? 1 : 0) + (expected.acknowledgementTo ? 1 : 0) + (expected.advocateReferral ? 1 : 0);
  expect(
    forCase.map((m) => `${m.recipients.join(',')}: ${m.subject}`),
    'exactly the emails the case owes',
  ).toHaveLength(expectedCount);
  for (const address of expected.noMailTo ?? []) {
    expect(
      service.mails.filter((m) => m.recipients.includes(address)),
      `nothing is sent to ${address}`,
    ).toHaveLength(0);
  }
  return team;
}

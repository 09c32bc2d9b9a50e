import type { ParsedMail } from 'mailparser';
import type { Council } from '../../src/domain/council.ts';
import { findUnescapedEchoes } from './hostile.ts';
import type { ReceivedMail } from './smtp.ts';

/**
 * Checks on an email as it arrived at a real SMTP server: the headers are exactly the ones the
 * service writes (nothing a person typed can add a Bcc or change the subject), the HTML part
 * holds only the service's own tags, and the attachments parse, with spreadsheet formulas
 * neutralised.
 */

/** The kinds of email, as the Message-ID names them (`<REF.kind@domain>`). */
export type MailKind = 'team' | 'safeguarding' | 'acknowledgement' | 'advocacy_referral';

/** Header names the service writes (and `priority`, which mailparser derives from X-Priority); anything else was injected. */
export const ALLOWED_HEADERS = new Set([
  'priority',
  'from',
  'to',
  'subject',
  'message-id',
  'date',
  'mime-version',
  'content-type',
  'auto-submitted',
  'importance',
  'x-priority',
  'x-complaint-reference',
  'x-case-kind',
]);

/** Tags the email renderer writes (src/domain/email/render-html.ts); user text must never add one. */
export const ALLOWED_HTML_TAGS = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'body',
  'table',
  'tr',
  'td',
  'th',
  'h2',
  'h3',
  'h4',
  'p',
  'br',
  'strong',
  'ul',
  'li',
  'hr',
  'a',
]);

const REFERENCE = /[A-Z]{2,5}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;

/** The reference and kind in a Message-ID such as `<CSC-7K4M-2P9X.team@complaints.example.gov.uk>`. */
export function readMessageId(mail: ParsedMail): { reference: string; kind: string; domain: string } | undefined {
  const match = /^<([A-Z]{2,5}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})\.([a-z_]+)@([a-z0-9.-]+)>$/.exec(mail.messageId ?? '');
  return match ? { reference: match[1]!, kind: match[2]!, domain: match[3]! } : undefined;
}

/** The addresses in a To header. */
export function readRecipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to === undefined ? [] : [mail.to];
  return to.flatMap((group) => group.value.flatMap((a) => (a.group ? a.group.map((g) => g.address ?? '') : [a.address ?? ''])));
}

/** Tag names in an HTML document, lower-cased, closing tags counted as their opening tag. */
export function readHtmlTags(html: string): Set<string> {
  const tags = new Set<string>();
  for (const match of html.matchAll(/<\/?([!a-zA-Z][^\s>/]*)/g)) tags.add(match[1]!.toLowerCase());
  return tags;
}

/** Parses RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks); drops a leading byte order mark. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && input[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  if (quoted) throw new Error('CSV ends inside a quoted cell');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A cell a spreadsheet would run as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** What the test knows about the case an email belongs to. */
export interface ExpectedCase {
  /** Free text as typed (for unescaped echoes) and as the service keeps it (for round trips). */
  typed: readonly string[];
  kept: readonly string[];
  /** The address typed for an acknowledgement, if one is owed. */
  acknowledgementTo?: string | undefined;
}

/**
 * Everything wrong with one received email; an empty list when it is well formed. `expected`
 * adds the checks that need the typed answers.
 */
export function findMailProblems(mail: ReceivedMail, council: Council, expected?: ExpectedCase): string[] {
  const problems: string[] = [];
  const { parsed } = mail;
  const id = readMessageId(parsed);
  if (id === undefined) return [`unexpected Message-ID ${parsed.messageId}`];
  const where = `${id.reference}.${id.kind}`;
  if (id.domain !== council.mail.messageIdDomain) problems.push(`${where}: Message-ID domain ${id.domain}`);

  for (const name of parsed.headers.keys()) if (!ALLOWED_HEADERS.has(name)) problems.push(`${where}: unexpected header ${name}`);
  // Header lines as sent: a folded line starts with white space; any other line must be a known header.
  const head = mail.raw.slice(0, mail.raw.search(/\r?\n\r?\n/));
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) continue;
    const name = /^([!-9;-~]+):/.exec(line)?.[1]?.toLowerCase();
    if (name === undefined || !ALLOWED_HEADERS.has(name)) problems.push(`${where}: raw header line ${JSON.stringify(line.slice(0, 80))}`);
  }

  const fromAddresses = (parsed.from?.value ?? []).map((a) => a.address);
  if (parsed.from?.text !== council.mail.from && !(fromAddresses.length === 1 && council.mail.from.includes(`<${fromAddresses[0]}>`))) {
    problems.push(`${where}: From is ${parsed.from?.text}`);
  }
  const mailboxes: Record<string, string | undefined> = {
    team: council.mail.complaintsTeam,
    safeguarding: council.mail.safeguarding,
    advocacy_referral: council.contacts.advocacy.referralEmail,
    acknowledgement: expected?.acknowledgementTo,
  };
  const recipients = readRecipients(parsed);
  const wanted = mailboxes[id.kind];
  if (!(id.kind in mailboxes)) problems.push(`${where}: unknown kind`);
  else if (wanted !== undefined && (recipients.length !== 1 || recipients[0] !== wanted))
    problems.push(`${where}: To is ${JSON.stringify(recipients)}, not ${wanted}`);
  if (mail.recipients.length !== 1 || (wanted !== undefined && mail.recipients[0] !== wanted)) {
    problems.push(`${where}: delivered to ${JSON.stringify(mail.recipients)}`);
  }
  if (parsed.headers.get('x-complaint-reference') !== id.reference) problems.push(`${where}: X-Complaint-Reference differs from the Message-ID`);

  const subject = parsed.subject ?? '';
  if (!subject.includes(id.reference)) problems.push(`${where}: subject without its reference: ${subject}`);
  // Only the service's own words, dates and references: no user text can reach a subject.
  if (!/^[A-Za-z0-9 '’–,:-]+$/.test(subject)) problems.push(`${where}: subject has unexpected characters: ${JSON.stringify(subject)}`);
  for (const text of expected?.kept ?? []) {
    if (text.length >= 6 && subject.includes(text)) problems.push(`${where}: subject holds typed text ${JSON.stringify(text)}`);
  }
  if (id.kind === 'team' && parsed.headers.get('x-case-kind') === undefined) {
    const pattern =
      /^(SAFEGUARDING – )?Children's social care complaint [A-Z]{2,5}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4} – (statutory|corporate|split statutory and corporate|signposted elsewhere|to triage)( – acknowledge by [A-Za-z]+ \d{1,2} [A-Za-z]+ \d{4})?$/;
    if (!pattern.test(subject)) problems.push(`${where}: team subject ${JSON.stringify(subject)}`);
  }

  const html = typeof parsed.html === 'string' ? parsed.html : '';
  if (html === '') problems.push(`${where}: no HTML part`);
  if ((parsed.text ?? '') === '') problems.push(`${where}: no text part`);
  const tags = [...readHtmlTags(html)].filter((tag) => !ALLOWED_HTML_TAGS.has(tag));
  if (tags.length > 0) problems.push(`${where}: HTML has tags ${JSON.stringify(tags.slice(0, 5))}`);
  const echoes = findUnescapedEchoes(html, expected?.typed ?? []);
  if (echoes.length > 0) problems.push(`${where}: HTML echoes typed text unescaped: ${JSON.stringify(echoes.slice(0, 3))}`);

  for (const attachment of parsed.attachments) {
    const content = attachment.content.toString('utf8');
    if (attachment.filename !== undefined && !new RegExp(`^${REFERENCE.source}\\.(json|csv)$`).test(attachment.filename)) {
      problems.push(`${where}: attachment name ${attachment.filename}`);
    }
    if (attachment.contentType === 'application/json') {
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch (error) {
        problems.push(`${where}: JSON attachment does not parse: ${String(error)}`);
        continue;
      }
      const canonical = JSON.stringify(json);
      for (const text of expected?.kept ?? []) {
        if (!canonical.includes(JSON.stringify(text).slice(1, -1)))
          problems.push(`${where}: JSON attachment lacks the answer ${JSON.stringify(text).slice(0, 80)}`);
      }
    } else if (attachment.contentType === 'text/csv') {
      let rows: string[][];
      try {
        rows = parseCsv(content);
      } catch (error) {
        problems.push(`${where}: CSV attachment does not parse: ${String(error)}`);
        continue;
      }
      if (rows.length !== 2 || rows[0]!.length !== rows[1]!.length)
        problems.push(`${where}: CSV has ${rows.length} rows of ${rows.map((r) => r.length).join('/')} cells`);
      for (const cell of rows.flat()) if (FORMULA_START.test(cell)) problems.push(`${where}: CSV cell starts a formula: ${JSON.stringify(cell.slice(0, 40))}`);
    } else problems.push(`${where}: unexpected attachment type ${attachment.contentType}`);
  }
  return problems;
}

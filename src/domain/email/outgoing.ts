import { toComplaintAdvocacyReferral, type AdvocacyRecord } from '../advocacy.ts';
import type { ContactDetails } from '../answers.ts';
import type { CaseRecord } from '../case-record.ts';
import type { Translate } from '../copy.ts';
import type { Council } from '../council.ts';
import type { EscalationRecord } from '../escalation.ts';
import type { FeedbackRecord } from '../feedback.ts';
import type { RequestRecord } from '../request.ts';
import { formatAdvocacyAcknowledgementEmail, formatAdvocacyReferralEmail, formatAdvocacyTeamEmail, referralMailbox } from './advocacy.ts';
import type { FormattedEmail } from './blocks.ts';
import { formatSafeguardingEmail, formatTeamEmail } from './complaint.ts';
import { formatAcknowledgementEmail } from './complaint-acknowledgement.ts';
import { shouldSendAcknowledgement } from './contact.ts';
import { createEnvelope, type Mailboxes, type OutgoingEmail } from './envelope.ts';
import { formatEscalationAcknowledgementEmail, formatEscalationTeamEmail } from './escalation.ts';
import { formatFeedbackTeamEmail } from './feedback.ts';
import { formatRequestAcknowledgementEmail, formatRequestTeamEmail } from './request.ts';
import { formatRequestSafeguardingEmail } from './request-safeguarding.ts';

/**
 * Every email each kind of case produces, in envelopes for the outbox: the team's always, the
 * safeguarding copy when flagged, the advocacy provider's referral when it has a mailbox, and the
 * person's acknowledgement when `shouldSendAcknowledgement` allows it.
 */

/** The emails one case may produce, each made only when it is sent. */
interface CaseEmails {
  team: () => FormattedEmail;
  safeguarding: () => FormattedEmail;
  acknowledgement: () => FormattedEmail;
  /** The advocacy provider's referral, when it has a mailbox to go to. */
  referral?: { to: string; email: () => FormattedEmail } | undefined;
}

/**
 * One case's emails in the order they are sent: the team's (important when safeguarding was
 * raised), the provider's referral, the safeguarding copy, then the acknowledgement.
 */
function toMessages(
  envelope: ReturnType<typeof createEnvelope>,
  mailboxes: Mailboxes,
  record: { contact: ContactDetails; screening: { flags: readonly string[] } },
  emails: CaseEmails,
): OutgoingEmail[] {
  const safeguarding = record.screening.flags.includes('safeguarding');
  const messages = [envelope('team', mailboxes.complaintsTeam, emails.team(), safeguarding)];
  if (emails.referral) messages.push(envelope('advocacy_referral', emails.referral.to, emails.referral.email(), safeguarding));
  if (safeguarding) messages.push(envelope('safeguarding', mailboxes.safeguarding, emails.safeguarding(), true));
  if (shouldSendAcknowledgement(record.contact) && record.contact.email) {
    messages.push(envelope('acknowledgement', record.contact.email, emails.acknowledgement(), false));
  }
  return messages;
}

/**
 * Every email one complaint produces. A child or care leaver who asked for an advocate in it is
 * referred exactly as the advocacy form would refer them, with the same email, when the provider
 * has a referral mailbox; otherwise the team's email says to refer them by hand.
 */
export function toOutgoingMessages(record: CaseRecord, council: Council, mailboxes: Mailboxes, t: Translate): OutgoingEmail[] {
  const mailbox = referralMailbox(council);
  const referral = mailbox ? toComplaintAdvocacyReferral(record, council) : undefined;
  return toMessages(createEnvelope({ reference: record.reference, council, from: mailboxes.from }), mailboxes, record, {
    team: () => formatTeamEmail(record, council, t),
    safeguarding: () => formatSafeguardingEmail(record, council, t),
    acknowledgement: () => formatAcknowledgementEmail(record, council, t),
    referral: mailbox && referral ? { to: mailbox, email: () => formatAdvocacyReferralEmail(referral, council, t) } : undefined,
  });
}

/** Every email a stage 2 or stage 3 request produces. */
export function toEscalationMessages(record: EscalationRecord, council: Council, mailboxes: Mailboxes, t: Translate): OutgoingEmail[] {
  return toMessages(createEnvelope({ reference: record.reference, council, from: mailboxes.from, caseKind: 'escalation' }), mailboxes, record, {
    team: () => formatEscalationTeamEmail(record, council, t),
    safeguarding: () => formatRequestSafeguardingEmail(record, council, t),
    acknowledgement: () => formatEscalationAcknowledgementEmail(record, council, t),
  });
}

/** Every email a request for an advocate produces; the referral only when the council names a referral mailbox. */
export function toAdvocacyMessages(record: AdvocacyRecord, council: Council, mailboxes: Mailboxes, t: Translate): OutgoingEmail[] {
  const mailbox = referralMailbox(council);
  return toMessages(createEnvelope({ reference: record.reference, council, from: mailboxes.from, caseKind: 'advocacy' }), mailboxes, record, {
    team: () => formatAdvocacyTeamEmail(record, council, t),
    safeguarding: () => formatRequestSafeguardingEmail(record, council, t),
    acknowledgement: () => formatAdvocacyAcknowledgementEmail(record, council, t),
    referral: mailbox ? { to: mailbox, email: () => formatAdvocacyReferralEmail(record, council, t) } : undefined,
  });
}

/** Every email a request on a journey with no rules of its own produces; safeguarding gets the team's email. */
export function toRequestMessages(record: RequestRecord, council: Council, mailboxes: Mailboxes, t: Translate): OutgoingEmail[] {
  const team = formatRequestTeamEmail(record, council, t);
  const screening = { flags: record.worriedAtCheck ? ['safeguarding'] : [] };
  return toMessages(
    createEnvelope({ reference: record.reference, council, from: mailboxes.from, caseKind: 'request' }),
    mailboxes,
    { contact: record.contact, screening },
    {
      team: () => team,
      safeguarding: () => team,
      acknowledgement: () => formatRequestAcknowledgementEmail(record, council, t),
    },
  );
}

/** The one email feedback produces: the team's. */
export function toFeedbackMessages(record: FeedbackRecord, council: Council, mailboxes: Mailboxes, t: Translate): OutgoingEmail[] {
  const envelope = createEnvelope({ reference: record.reference, council, from: mailboxes.from, caseKind: 'feedback' });
  return [envelope('team', mailboxes.complaintsTeam, formatFeedbackTeamEmail(record, t), false)];
}

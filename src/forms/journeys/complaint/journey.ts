import { toCaseDocument } from '../../../domain/case-document.ts';
import { toCaseFigures } from '../../../domain/case-figures.ts';
import { toComplaintAdvocacyReferral } from '../../../domain/advocacy.ts';
import { toComplainantAge, type CaseRecord } from '../../../domain/case-record.ts';
import { formatComplainantExplanation } from '../../../domain/complainant-explanation.ts';
import { toOutgoingMessages } from '../../../domain/email/outgoing.ts';
import { screenComplaint } from '../../../domain/screening.ts';
import { computeTimeline } from '../../../domain/timeline.ts';
import { readAnswers } from '../../engine/answers.ts';
import type { Journey } from '../../engine/journey.ts';
import { checkFields } from '../../fields.ts';
import { isSelfPath, stopsHere } from './paths.ts';
import { whereElseToGo } from './signposts.ts';
import { complaintSteps, emailOf } from './steps.ts';
import { toComplaint } from './to-case.ts';

/**
 * A complaint: the safety questions first, who is complaining, the child or children, what it is
 * about (and where else parts of it should go), what happened and when, and how to reply. Send
 * screens it against the routing rules and the 12-month limit, works out the dates, and writes the
 * team's email, the safeguarding copy and the acknowledgement.
 */
export const complaintJourney: Journey = {
  id: 'complaint',
  path: 'complaint',
  startPage: '/',
  steps: complaintSteps,
  isChild: isSelfPath,
  checkFields: (ctx) => {
    const answers = readAnswers(ctx.answers);
    // Someone who has already said a child is in danger or being harmed is not asked again.
    const saidYes = answers.text('danger', 'dangerNow') === 'yes' || answers.text('worried', 'worriedAboutHarm') === 'yes';
    return checkFields(answers, { askAboutRisk: !saidYes });
  },
  checkValues: (ctx) => ({ email: emailOf(ctx) }),
  interruptions: [
    { page: 'emergency', after: 'danger', when: (values) => values['dangerNow'] === 'yes', panel: true, withoutSession: true, secondaryContinue: true },
    { page: 'get-help', after: 'worried', when: (values) => values['worriedAboutHarm'] === 'yes' },
  ],
  stop: { page: 'not-sending', when: stopsHere, changeStep: () => 'elsewhere', details: whereElseToGo },
  // One "somewhere else" page replaced a page per organisation.
  moved: Object.fromEntries(
    ['other-council', 'school', 'send-tribunal', 'nhs', 'police', 'court', 'irm'].map((target) => [`elsewhere-${target}`, 'elsewhere']),
  ),
  submission: {
    kind: 'complaint',
    referencePrefix: (council) => council.referencePrefix,
    build: ({ ctx, check, reference, now, t, rows, startedAt, draft }) => {
      const { council } = ctx;
      const { answers, contact } = toComplaint(ctx, check);
      const screening = screenComplaint(answers, council, now);
      const timeline = computeTimeline({ route: screening.route, council, submittedAt: now });
      const record: CaseRecord = { reference, councilSlug: council.slug, answers, contact, screening, timeline, answerRows: rows, ...(draft ? { draft } : {}) };
      const messages = toOutgoingMessages(record, council, council.mail, t);
      // The date the referral (or the team, by hand) gave the provider, so the page promises the same one.
      const referral = toComplaintAdvocacyReferral(record, council);
      const youngPersonAge = toComplainantAge(record);
      return {
        record,
        messages,
        document: toCaseDocument({ kind: 'complaint', record }, council, t),
        figures: toCaseFigures({ kind: 'complaint', record }, council, now, startedAt),
        summary: {
          kind: 'complaint',
          reference,
          route: screening.route,
          explanation: formatComplainantExplanation(t, screening.explanation.complainant),
          selfPath: isSelfPath(ctx),
          safeguarding: screening.flags.includes('safeguarding'),
          advocacyRequested: referral !== undefined,
          ...(referral ? { advocateContactBy: referral.screening.contactBy } : {}),
          ...(youngPersonAge === undefined ? {} : { youngPersonAge }),
          acknowledgementEmail: messages.some((m) => m.kind === 'acknowledgement'),
          receiptDate: timeline.receiptDate,
          entries: timeline.entries.map(({ id, date }) => ({ id, date })),
        },
      };
    },
  },
};

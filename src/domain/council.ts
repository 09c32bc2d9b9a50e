import { z } from 'zod';
import { formatProblemList } from './problem-list.ts';

/**
 * A council's configuration: every name, contact, mailbox, number and list that DOMAIN.md says
 * may differ between councils. One YAML file per council in `content/councils/<slug>.yaml`.
 * Defaults are the statutory values and the product's decisions, so a council file only has to
 * say what is its own (names, contacts, mailboxes) and what it does differently.
 */

const workingDays = z.number().int().min(1).max(400);
const phoneNumber = z.string().regex(/^[0-9 +()-]{3,30}$/, 'a phone number such as "01234 567890"');
const emailAddress = z.email('an email address such as "complaints@example.gov.uk"');
const httpsUrl = z.url({ protocol: /^https?$/, error: 'a full web address starting https://' });
const isoDate = z.iso.date('a date written as YYYY-MM-DD');

const phoneContact = z.strictObject({
  /** What the person will reach, e.g. "Children's Services Front Door". */
  name: z.string().min(1),
  phone: phoneNumber,
  /** Opening hours in words, e.g. "Monday to Friday, 9am to 5pm". */
  hours: z.string().min(1).optional(),
});

const organisation = z.strictObject({
  name: z.string().min(1),
  description: z.string().min(1).optional(),
  phone: phoneNumber.optional(),
  hours: z.string().min(1).optional(),
  email: emailAddress.optional(),
  url: httpsUrl.optional(),
});

/** Where the screening sends a person when the matter belongs to another body (R1–R3). */
export const signpostTargets = ['school', 'send_tribunal', 'nhs', 'police', 'court', 'other_council', 'irm'] as const;
export type SignpostTarget = (typeof signpostTargets)[number];

/**
 * How the service catalogue classifies a subject:
 * - `statutory`: a Children Act function (R5), still subject to who is complaining (R6);
 * - `corporate`: the council's own procedure (R7, early help);
 * - `exclusion_check`: excluded from the statutory procedure by the LGSCO guide, so corporate,
 *   but flagged for the complaints manager to consider on its merits (R4);
 * - `signpost`: belongs to another body (R2, R3), named by `signpost`;
 * - `triage`: the person could not say; the complaints manager decides.
 */
export const serviceRoutes = ['statutory', 'corporate', 'exclusion_check', 'signpost', 'triage'] as const;
export type ServiceRoute = (typeof serviceRoutes)[number];

const service = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a snake_case id such as "looked_after"'),
    /** Label shown to adults. */
    label: z.string().min(1),
    /** Label shown on the child's path, in plain words. Falls back to `label`. */
    childLabel: z.string().min(1).optional(),
    hint: z.string().min(1).optional(),
    route: z.enum(serviceRoutes),
    signpost: z.enum(signpostTargets).optional(),
  })
  .refine((s) => (s.route === 'signpost') === (s.signpost !== undefined), {
    message: 'give "signpost" (one of ' + signpostTargets.join(', ') + ') exactly when route is "signpost"',
    path: ['signpost'],
  });

const statutoryTimescales = z.strictObject({
  /** Acknowledge a new complaint. Not set by the Regulations; seeds show 2, 3 and 5. */
  acknowledge: workingDays.default(3),
  /** Stage 1 response (reg 14). */
  stage1: workingDays.default(10),
  /** Stage 1 at most, for complex complaints or to appoint an advocate. */
  stage1Extended: workingDays.default(20),
  /** Guidance window to ask for stage 2 after the stage 1 reply; a late request is flagged, never blocked. */
  stage2RequestWindow: workingDays.default(20),
  /** Stage 2 investigation (reg 17). */
  stage2: workingDays.default(25),
  stage2Extended: workingDays.default(65),
  /** Window to ask for a review panel after the stage 2 reply (reg 18). */
  stage3RequestWindow: workingDays.default(20),
  /** Panel meets within this of the request (reg 19(4)). */
  panel: workingDays.default(30),
  /** Panel report after the meeting (reg 20). */
  panelReport: workingDays.default(5),
  /** Council's final response after the panel report (reg 20(3)). */
  finalResponse: workingDays.default(15),
});

const corporateTimescales = z.strictObject({
  acknowledge: workingDays.default(3),
  stage1: workingDays.default(10),
  /** Exceptional cases only, with the complainant's agreement (seed 004). */
  stage1Extended: workingDays.default(30),
  stage2RequestWindow: workingDays.default(20),
  stage2: workingDays.default(30),
});

const calendar = z.strictObject({
  /**
   * One-off statutory non-working days not yet in the holiday library (a newly proclaimed bank
   * holiday). These move statutory dates.
   */
  extraNonWorkingDays: z.array(isoDate).default(() => []),
  /** Office closures (e.g. between Christmas and New Year). Shown to staff; never move statutory dates. */
  officeClosures: z.array(isoDate).default(() => []),
  /**
   * Optional daily cut-off in England ("HH:MM"): a complaint sent after it counts as received on the
   * next working day. Default none: the day it was sent counts.
   */
  receiptCutOff: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time written as HH:MM, such as "17:00"')
    .nullable()
    .default(null),
});

export const councilSchema = z.strictObject({
  /** kebab-case, the same as the file name. */
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case, the same as the file name'),
  name: z.string().min(1),
  /** Used in running text ("Example Council will…"). */
  shortName: z.string().min(1),
  /** The council's own website, linked from the header logo. */
  websiteUrl: httpsUrl,
  /** Brand colour for the header and links' accents; must give 4.5:1 contrast with white. */
  brandColour: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour written as #RRGGBB')
    .default('#1d70b8'),
  /** Prefix of reference numbers, e.g. "CSC" gives CSC-7K4M-2P9C. */
  referencePrefix: z
    .string()
    .regex(/^[A-Z]{2,5}$/, '2 to 5 capital letters, such as "CSC"')
    .default('CSC'),
  /** Where "Exit this page" goes after the session is destroyed. */
  exitUrl: httpsUrl.default('https://www.bbc.co.uk/weather'),
  mail: z.strictObject({
    /** Sender, e.g. "Example Council <no-reply@example.gov.uk>". */
    from: z.string().min(3),
    complaintsTeam: emailAddress,
    safeguarding: emailAddress,
    /** Who hears when a message cannot be delivered. */
    alerts: emailAddress,
    /** Right-hand side of Message-IDs, so a retried message is recognisably the same. */
    messageIdDomain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a domain such as "complaints.example.gov.uk"'),
    /**
     * Sender of "Your saved form", the one email a person may get before they send anything. It
     * may arrive in an inbox others see, so neither its name nor its address should say what it
     * is about, e.g. "Example Council <no-reply@example.gov.uk>". Without it: the council's name
     * with the `from` address.
     */
    neutralFrom: z.string().min(3).optional(),
  }),
  contacts: z.strictObject({
    complaints: z.strictObject({
      phone: phoneNumber,
      hours: z.string().min(1),
      email: emailAddress,
      /** Postal address, one line per entry. */
      address: z.array(z.string().min(1)).min(2),
      /** How to reach the council in British Sign Language. */
      bsl: z.string().min(1),
      /** Interpreting and other formats, in words. */
      otherFormats: z.string().min(1).optional(),
    }),
    /** Children's services front door / MASH: where safeguarding concerns go in working hours. */
    frontDoor: phoneContact,
    /** Out-of-hours emergency duty team. */
    outOfHours: phoneContact,
    childline: phoneContact.default(() => ({ name: 'Childline', phone: '0800 1111', hours: 'any time, day or night' })),
    nspcc: phoneContact.default(() => ({ name: 'NSPCC helpline', phone: '0808 800 5000' })),
    /** The council's commissioned independent advocacy provider (s26A). */
    advocacy: organisation.extend({
      /** Referral mailbox for advocacy requests, if the provider takes them by email. */
      referralEmail: emailAddress.optional(),
      /** How soon the provider gets in touch after a referral. */
      responseWorkingDays: workingDays.default(2),
    }),
    /** Advice for adults, who are not covered by the children's advocacy duty. */
    adultAdvice: organisation.default(() => ({
      name: 'Family Rights Group advice line',
      phone: '0808 801 0366',
      url: 'https://frg.org.uk',
    })),
    ombudsman: organisation.default(() => ({
      name: 'Local Government and Social Care Ombudsman',
      phone: '0300 061 0614',
      url: 'https://www.lgo.org.uk',
    })),
  }),
  timescales: z
    .object({
      statutory: statutoryTimescales.default(() => statutoryTimescales.parse({})),
      corporate: corporateTimescales.default(() => corporateTimescales.parse({})),
      /** The complaint time limit in calendar months (reg 9). */
      timeLimitMonths: z.number().int().min(1).max(120).default(12),
      /** Independent Review Mechanism: fostering deadlines are calendar days, adoption working days. */
      irmFosteringCalendarDays: z.number().int().min(1).default(28),
      irmAdoptionWorkingDays: workingDays.default(40),
      /** Upper age for leaving-care support, for the care leaver's wording. */
      careLeaverAgeLimit: z.number().int().min(18).max(30).default(25),
    })
    // Factories, so no two parsed councils share (and can mutate) one default object.
    .default(() => ({
      statutory: statutoryTimescales.parse({}),
      corporate: corporateTimescales.parse({}),
      timeLimitMonths: 12,
      irmFosteringCalendarDays: 28,
      irmAdoptionWorkingDays: 40,
      careLeaverAgeLimit: 25,
    })),
  calendar: calendar.default(() => ({ extraNonWorkingDays: [], officeClosures: [], receiptCutOff: null })),
  /** The service catalogue: what a complaint can be about, mapped to a route. */
  services: z
    .array(service)
    .min(1)
    .refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'every service id must be different'),
  /** Where other bodies are, for signpost pages. */
  signposts: z.strictObject({
    school: organisation,
    send_tribunal: organisation,
    nhs: organisation,
    police: organisation,
    court: organisation,
    other_council: organisation,
    irm: organisation,
  }),
  /** What people may send with a complaint or request; the sizes are in megabytes (1 MB = 1,048,576 bytes). */
  uploads: z
    .strictObject({
      /** False: the journeys do not ask for documents (the service's UPLOADS=off also turns them off). */
      enabled: z.boolean().default(true),
      maxFiles: z.number().int().min(1).max(50).default(10),
      maxFileMb: z.number().int().min(1).max(50).default(10),
      maxTotalMb: z.number().int().min(1).max(200).default(25),
    })
    .default(() => ({ enabled: true, maxFiles: 10, maxFileMb: 10, maxTotalMb: 25 })),
  /** Days to keep a case's personal data after the team's email was delivered. */
  retentionDays: z.number().int().min(1).max(3650).default(30),
  /** Days answers saved with "Save and come back later" are kept before they are deleted. */
  savedDraftsDays: z.number().int().min(1).max(365).default(28),
  /** Whether the council handles complaints about the regional adoption agency (DOMAIN §9, unconfirmed). */
  handlesRegionalAdoptionAgency: z.boolean().default(true),
  /**
   * The council's own wording, by locale then by catalogue key, e.g.
   * `en: { complaint.steps.who.title: "Who is complaining?" }`. Checked against the catalogue at start-up.
   */
  wording: z.record(z.string().regex(/^[a-z]{2}$/, 'a language code such as "en"'), z.record(z.string(), z.string().min(1))).default(() => ({})),
});

/** A council file as written (defaults may be left out). */
export type CouncilInput = z.input<typeof councilSchema>;
/** A council with every default filled in: what domain functions receive. */
export type Council = z.output<typeof councilSchema>;
export type CouncilService = Council['services'][number];
export type StatutoryTimescales = Council['timescales']['statutory'];
export type CorporateTimescales = Council['timescales']['corporate'];

/** A council file that did not validate, with one line per problem naming the field and what to do. */
export class CouncilConfigError extends Error {
  override name = 'CouncilConfigError';
  readonly source: string;
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(
      formatProblemList(`The council configuration ${source} is not valid:`, problems, 'Fix these fields in the YAML file (see README, "Adding a council").'),
    );
    this.source = source;
    this.problems = problems;
  }
}

/**
 * Validates raw council data (parsed YAML) and fills in defaults.
 * Throws `CouncilConfigError` naming each bad field, because a bad council file is a deployment
 * mistake that must stop the build, not a value a page can recover from.
 */
export function parseCouncil(raw: unknown, source = 'council file'): Council {
  const result = councilSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new CouncilConfigError(source, formatCouncilIssues(result.error.issues));
}

/** Turns zod issues into "field.path: what is wrong" lines. */
export function formatCouncilIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(the whole file)';
    if (issue.code === 'invalid_type' && issue.input === undefined) return `${path}: missing; add it`;
    if (issue.code === 'unrecognized_keys') return `${path}: unknown field(s) ${issue.keys.join(', ')}; remove or rename`;
    return `${path}: ${issue.message}`;
  });
}

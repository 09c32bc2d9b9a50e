import type { AnswerRow, DraftOrigin } from '../../domain/case-record.ts';
import type { CaseSummary } from '../../domain/case-summary.ts';
import type { CopyValues, Message, Translate } from '../../domain/copy.ts';
import type { Council } from '../../domain/council.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { CaseDocument } from '../../domain/case-document.ts';
import type { CaseFigures } from '../../domain/case-figures.ts';
import type { OutgoingEmail } from '../../domain/email/envelope.ts';
import type { Result } from '../../domain/result.ts';
import type { PageValues } from '../page-schema.ts';
import type { FieldDef } from './field-def.ts';

/**
 * A journey is data: its steps in order, when each applies, the questions each asks, and what Send
 * makes of the answers. One engine (walk, resolve, parse, summary) and one set of pages run every
 * journey, so a navigation rule is written once. The words are in the catalogue under the
 * journey's id: `<id>.steps.<step>.title`, `<id>.sections.<section>`, `<id>.check.title`…
 */

/** Validated answers by step id, as the session stores them. */
export type JourneyAnswers = Record<string, PageValues>;

/** What a step's rules may look at. */
export interface JourneyContext {
  council: Council;
  answers: JourneyAnswers;
  /** Today in England. */
  today: IsoDate;
}

export interface Step {
  id: string;
  /** The heading it sits under on check answers and in the team's email: `<journey>.sections.<section>`. */
  section: string;
  /** Whether the step is asked, given the answers so far; always, when absent. */
  applies?: (ctx: JourneyContext) => boolean;
  fields: readonly FieldDef[] | ((ctx: JourneyContext) => readonly FieldDef[]);
  /** Where the page's words are, when several steps share them; `<journey>.steps.<id>` otherwise. */
  copy?: string;
  /** Values the page's sentences are filled with (besides council facts). */
  values?: (ctx: JourneyContext) => CopyValues;
  /** The page's title when it depends on the answers; otherwise the catalogue's `title`. */
  title?: (ctx: JourneyContext) => Message;
  /** What the page says before the questions when it depends on the answers (Markdown messages); otherwise the catalogue's `intro`, if any. */
  intro?: (ctx: JourneyContext) => readonly Message[];
  /** At least one of these optional fields must be given; the message is the page's `oneOf` sentence, shown against `field`. */
  oneOf?: { names: readonly string[]; field: string };
  /**
   * Checks across fields or against the council (a reference number, "an email or a phone"),
   * with messages by field name. May tidy values, e.g. a reference into its canonical form.
   */
  refine?: (values: PageValues, ctx: JourneyContext) => Result<PageValues, Record<string, Message>>;
}

/**
 * A page shown between steps after a particular answer (the 999 page after "a child is in danger"),
 * at `/<journey>/<page>`. Its words are at `<journey>.interruptions.<page>`.
 */
export interface Interruption {
  page: string;
  after: string;
  when: (values: PageValues) => boolean;
  /** The page's title sits in a panel that stands out (GOV.UK interruption card). */
  panel?: boolean;
  /** Reachable without answers (someone sent the link); then it only informs. */
  withoutSession?: boolean;
  /** The way on is a secondary button: leaving to get help matters more than carrying on. */
  secondaryContinue?: boolean;
}

/** Where the journey stops instead of reaching check answers: the person chose not to send. */
export interface Stop {
  page: string;
  when: (ctx: JourneyContext) => boolean;
  /** The question where they chose not to send, for changing their mind. */
  changeStep: (ctx: JourneyContext) => string;
  /** What the page repeats from their answers (where to go instead), as Markdown messages. */
  details?: (ctx: JourneyContext) => readonly Message[];
}

/** Pages that have moved: an old address (a bookmark, a page open during a release) goes to the new one. */
export type MovedPages = Readonly<Record<string, string>>;

/** Everything Send needs to build a case. */
export interface CaseInput {
  ctx: JourneyContext;
  /** The answers to check answers' own questions. */
  check: PageValues;
  reference: string;
  now: Date;
  t: Translate;
  /** The answers as check answers showed them, in journey order. */
  rows: AnswerRow[];
  /** Whether the reference named by `referenceToCheck` was issued by this service. */
  referenceKnown: boolean;
  /** What the store kept of the case named by `referenceToCheck`, when it has it. */
  earlierCase?: CaseSummary | undefined;
  /** When the journey started (epoch ms), for the anonymous figures' time-to-complete band; unknown when absent. */
  startedAt?: number | undefined;
  /** When the person started, and when they last came back with a return code. */
  draft?: DraftOrigin | undefined;
}

/** What one Send writes, in one transaction: the confirmation summary, the whole record, and its emails. */
export interface BuiltCase {
  summary: CaseSummary;
  /** The whole case for staff, as stored (answers, contact details, screening, timeline). */
  record: object;
  messages: OutgoingEmail[];
  /** The case as one versioned JSON document, for a case-management system (sent by webhook when one is set). */
  document: CaseDocument;
  /** The anonymous facts kept for the annual report after the case itself is deleted; undefined if they could not be made. */
  figures: CaseFigures | undefined;
}

export interface Submission {
  /** The kind of case the store records; its summary has the same kind. */
  kind: CaseSummary['kind'];
  referencePrefix: (council: Council) => string;
  build: (input: CaseInput) => BuiltCase;
  /** An answer naming an earlier case, to look up before building (a stage 2 request's complaint). */
  referenceToCheck?: (ctx: JourneyContext) => string | undefined;
}

export interface Journey {
  /** The session's journey marker and the catalogue area of its words. */
  id: string;
  /** Where its pages live: `/<path>/<step>`. */
  path: string;
  /** Where "Back" goes from the first question: the journey's start page. */
  startPage: string;
  steps: readonly Step[];
  /** Whether the person is the child or young person, so the child's wording (`_child`) is used. */
  isChild?: (ctx: JourneyContext) => boolean;
  /** Check answers' own questions (a last safety question, an acknowledgement): words at `<id>.check`. */
  checkFields: (ctx: JourneyContext) => readonly FieldDef[];
  checkValues?: (ctx: JourneyContext) => CopyValues;
  interruptions?: readonly Interruption[];
  stop?: Stop;
  moved?: MovedPages;
  submission: Submission;
}

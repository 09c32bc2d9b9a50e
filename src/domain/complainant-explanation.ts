import { isSelfRole, type ComplaintAnswers } from './answers.ts';
import { message, renderMessage, type CopyValues, type Message, type Translate } from './copy.ts';
import type { Council, SignpostTarget } from './council.ts';
import { joinMessages } from './join-messages.ts';
import type { Flag, Route, RoutedIssue } from './screening-types.ts';

/** What the explanation to the complainant is worked out from: the answers and the screening so far. */
export interface ComplainantContext {
  answers: ComplaintAnswers;
  council: Council;
  route: Route;
  signposts: readonly SignpostTarget[];
  flags: ReadonlySet<Flag>;
  issues: readonly RoutedIssue[];
  allAnotherCouncil: boolean;
}

/**
 * What we think will happen, in short paragraphs (`rules.complainant.*`). A child or care leaver
 * reads "you"; anyone else reads "the child". Every number comes from the council. It says "we
 * think" because the complaints manager makes the decision, and never talks of refusing.
 */
export function explainToComplainant(context: ComplainantContext): Message[] {
  const { answers, council, route, signposts, flags, issues, allAnotherCouncil } = context;
  const several = answers.children.length > 1;
  const who = isSelfRole(answers.role) ? said('who.self') : several ? said('who.many') : said('who.one');
  const procedures = { statutory: said('procedure.statutory'), own: said('procedure.own', { shortName: council.shortName }) };
  const acknowledge = route === 'corporate' ? council.timescales.corporate.acknowledge : council.timescales.statutory.acknowledge;
  const days = message('common.workingDays', { count: acknowledge });
  // Safeguarding and a requested advocate have sections of their own where this is shown, so they
  // are not said again here.
  const paragraphs: Message[] = [];

  switch (route) {
    case 'statutory':
      paragraphs.push(said('route.statutory', { procedure: procedures.statutory, who }));
      break;
    case 'corporate':
      paragraphs.push(said(issues.some((i) => i.exclusionCheck) ? 'route.corporateToCheck' : 'route.corporate', { procedure: procedures.own }));
      break;
    case 'split':
      paragraphs.push(said('route.split', { statutoryProcedure: procedures.statutory, ownProcedure: procedures.own }));
      break;
    case 'triage':
      paragraphs.push(said(flags.has('date_unknown') ? 'route.triageDateUnknown' : 'route.triage'));
      break;
    case 'signpost': {
      const sentences: Message[] = [];
      if (allAnotherCouncil) {
        const names = [...new Set(answers.children.flatMap((c) => (c.otherCouncilName ? [c.otherCouncilName] : [])))];
        const [only] = names;
        sentences.push(names.length === 1 && only ? said('route.otherCouncilNamed', { otherCouncil: only, who }) : said('route.otherCouncil', { who }));
      }
      const others = signposts.filter((t) => !(allAnotherCouncil && t === 'other_council'));
      if (others.length > 0) {
        sentences.push(said('route.elsewhere', { shortName: council.shortName, bodies: toBodyNames(others) }));
      }
      sentences.push(said('route.stillSend', { shortName: council.shortName, days }));
      paragraphs.push(joinMessages('rules.join.sentences', sentences));
      break;
    }
  }

  if (flags.has('partly_elsewhere')) {
    paragraphs.push(said('partlyElsewhere', { shortName: council.shortName, bodies: toBodyNames(signposts) }));
  }
  if (flags.has('another_council') && !allAnotherCouncil) {
    paragraphs.push(said('someChildrenAnotherCouncil'));
  }
  if (flags.has('sufficient_interest_decision')) {
    paragraphs.push(said('sufficientInterest', { who, whose: several && !isSelfRole(answers.role) ? said('whose.many') : said('whose.one') }));
  }
  // Another body has its own time limits and its own rules about proceedings, so these are only
  // explained when the council itself will look at the complaint.
  if (flags.has('out_of_time') && route !== 'signpost') {
    paragraphs.push(said('outOfTime', { months: message('common.months', { count: council.timescales.timeLimitMonths }) }));
  }
  if (flags.has('proceedings') && route !== 'signpost') {
    paragraphs.push(said('proceedings'));
  }
  if (route !== 'signpost') {
    paragraphs.push(said('confirm', { days }));
  }
  return paragraphs;
}

/**
 * The explanation as the confirmation page shows it: paragraphs separated by a blank line.
 * @example formatComplainantExplanation(t, screening.explanation.complainant) // 'We think your complaint…\n\nThe complaints team will confirm…'
 */
export function formatComplainantExplanation(t: Translate, paragraphs: readonly Message[]): string {
  return paragraphs.map((paragraph) => renderMessage(t, paragraph)).join('\n\n');
}

/** A paragraph or part of one under `rules.complainant.<key>`. */
function said(key: string, values?: CopyValues): Message {
  return message(`rules.complainant.${key}`, values);
}

/** Who else to go to, as a sentence names them ("the school", "the NHS"), from the catalogue. */
function toBodyNames(targets: readonly SignpostTarget[]): Message[] {
  return targets.map((t) => said(`bodies.${t}`));
}

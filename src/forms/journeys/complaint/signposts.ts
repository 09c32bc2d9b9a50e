import { hoursContext, message, toTelHref, type Message } from '../../../domain/copy.ts';
import type { JourneyContext } from '../../engine/journey.ts';
import { hasCouncilPart, isSelfPath, signpostTargetsOf } from './paths.ts';

/**
 * Where the parts of a complaint that belong to another organisation go: who, why, and how to
 * reach them (a link, a phone number, an email address from the council file). Shown on the
 * "somewhere else" page and again on the page shown when the person chooses not to send.
 */

/** Each organisation in turn, as Markdown messages; the child's path gets the catalogue's child wording. */
export function whereElseToGo(ctx: JourneyContext): Message[] {
  const child = isSelfPath(ctx);
  return signpostTargetsOf(ctx).flatMap((target) => {
    const place = ctx.council.signposts[target];
    const k = `complaint.signposts.${target}`;
    return [
      message('complaint.signposts.heading', { name: child ? message(`${k}.childName`) : place.name }),
      message(`${k}.why`),
      // The council's own words are written for adults; the child's path has only the catalogue's.
      ...(place.description && !child ? [message('common.councilText', { text: place.description })] : []),
      ...(target === 'irm' ? [message('complaint.signposts.irmDeadline')] : []),
      ...(place.url ? [message('complaint.signposts.link', { url: place.url, text: message(`${k}.link`) })] : []),
      ...(place.phone
        ? [message('complaint.signposts.phone', { phone: place.phone, tel: toTelHref(place.phone), hours: place.hours, ...hoursContext(place) })]
        : []),
      ...(place.email ? [message('complaint.signposts.email', { email: place.email })] : []),
    ];
  });
}

/** The "somewhere else" page: what this council cannot look into, where to go, and what happens to the rest. */
export function elsewherePage(ctx: JourneyContext): Message[] {
  const part = hasCouncilPart(ctx);
  return [
    message(part ? 'complaint.steps.elsewhere.leadPart' : 'complaint.steps.elsewhere.lead'),
    ...whereElseToGo(ctx),
    ...(part ? [message('complaint.steps.elsewhere.rest')] : []),
  ];
}

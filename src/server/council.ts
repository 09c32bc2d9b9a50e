import { parse } from 'yaml';
import { parseCouncil, type Council } from '../domain/council.ts';
import type { MailConfig } from './config.ts';

// Bundled at build time, so a deployment carries its councils and `scripts/check-councils.ts`
// (run before every build) has already refused any file that does not validate.
const files = import.meta.glob<string>('/content/councils/*.yaml', { query: '?raw', import: 'default', eager: true });

/** Every shipped council by slug. */
export function loadCouncils(): Map<string, Council> {
  const councils = new Map<string, Council>();
  for (const [path, text] of Object.entries(files)) {
    const council = parseCouncil(parse(text), path);
    councils.set(council.slug, council);
  }
  return councils;
}

/** Thrown when COUNCIL names a council that is not shipped. */
export class UnknownCouncilError extends Error {
  override name = 'UnknownCouncilError';
}

/** The council this instance serves, with mailbox overrides from the environment applied. */
export function selectCouncil(slug: string, mail: MailConfig, councils = loadCouncils()): Council {
  const council = councils.get(slug);
  if (!council) {
    throw new UnknownCouncilError(
      `COUNCIL is "${slug}", but there is no content/councils/${slug}.yaml. Shipped councils: ${[...councils.keys()].join(', ')}.`,
    );
  }
  return {
    ...council,
    mail: {
      ...council.mail,
      ...(mail.from ? { from: mail.from } : {}),
      ...(mail.complaintsTeam ? { complaintsTeam: mail.complaintsTeam } : {}),
      ...(mail.safeguarding ? { safeguarding: mail.safeguarding } : {}),
      ...(mail.alerts ? { alerts: mail.alerts } : {}),
    },
  };
}

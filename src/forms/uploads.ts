import { readAnswers } from './engine/answers.ts';
import { yesNoOptions } from './engine/field-def.ts';
import type { JourneyContext, Step } from './engine/journey.ts';

/**
 * "Do you want to send any documents or photos?" and, after a yes, the page that takes them (its
 * own route, `/<journey>/files`, because a file is posted as multipart form data, one at a time).
 * Shared by the complaint and the stage 2/3 request; words at `uploads.question` and `uploads.page`.
 */

/** The id of the step whose page takes the files. */
export const FILES_STEP = 'files';

/** Whether the person said they want to send documents or photos. */
export function wantsToSendFiles(ctx: JourneyContext): boolean {
  return readAnswers(ctx.answers).text('documents', 'sendDocuments') === 'yes';
}

/** The question and the files page, in the `section` they are listed under, asked when `applies` (and the council takes files). */
export function documentSteps(section: string, applies: (ctx: JourneyContext) => boolean = () => true): Step[] {
  const offered = (ctx: JourneyContext) => ctx.council.uploads.enabled && applies(ctx);
  return [
    {
      id: 'documents',
      section,
      copy: 'uploads.question',
      applies: offered,
      values: (ctx) => ({ maxFiles: ctx.council.uploads.maxFiles }),
      fields: [{ kind: 'radios', name: 'sendDocuments', required: true, heading: true, options: yesNoOptions, inline: true }],
    },
    // Its own page (not a question page) takes the files; Continue saves their names here, so check
    // answers lists them with a Change link back to that page.
    {
      id: FILES_STEP,
      section,
      copy: 'uploads.page',
      applies: (ctx) => offered(ctx) && wantsToSendFiles(ctx),
      fields: [{ kind: 'textarea', name: 'fileNames', maxLength: 5000 }],
    },
  ];
}

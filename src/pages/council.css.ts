import type { APIRoute } from 'astro';

/**
 * The council's brand colour as govuk-frontend's custom property, chosen at run time by COUNCIL.
 * `html:root` outranks the `:root` default in the main stylesheet, whichever loads first.
 */
export const GET: APIRoute = ({ locals }) =>
  new Response(`html:root{--govuk-brand-colour:${locals.runtime.council.brandColour}}\n`, {
    headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
  });

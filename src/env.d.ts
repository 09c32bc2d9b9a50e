/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    requestId: string;
    /** performance.now() when the request reached the middleware (or the server's answer path), for the request duration metric. */
    requestStartedAt?: number;
    runtime: import('./server/runtime.ts').Runtime;
    /** The words of the service (the runtime's, for short). */
    copy: import('./server/i18n/translator.ts').Copy;
    /** The visitor's live session, if they have one. */
    session: import('./server/store/types.ts').SessionRecord | undefined;
    /** A session cookie came with the request but its session has gone (expired or ended). */
    sessionExpired: boolean;
    /** The store could not read the session (after one retry): the page says so, never that answers were deleted. */
    storeUnavailable?: boolean;
    /** The journey page `/[journey]/[step]` shows, decided by the middleware before it renders (step-route.ts). */
    stepPage?: import('./server/journeys/step-route.ts').StepPageOutcome;
    /** Set by the middleware's first run for a request, so a rewrite's run is told apart. */
    inMiddleware?: boolean;
    /** What the server's path for journey answers found before handing the request over (journey-posts.ts). */
    handedOver?: import('./server/journeys/journey-posts.ts').HandedOver | undefined;
  }
}

/** Journeys a build adds from EXTRA_JOURNEYS (scripts/extra-journeys.mjs); empty for the service itself. */
declare module 'virtual:extra-journeys' {
  export const extraJourneys: readonly import('./forms/engine/journey.ts').Journey[];
  /** Catalogue areas by name, as YAML text. */
  export const extraWords: Record<string, string>;
}

/** govuk-frontend's browser modules, imported by the page's script; it ships no type declarations. */
declare module 'govuk-frontend';

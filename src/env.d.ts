/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    requestId: string;
    runtime: import('./server/runtime.ts').Runtime;
    /** The visitor's live session, if they have one. */
    session: import('./server/store/types.ts').SessionRecord | undefined;
    /** A session cookie came with the request but its session has gone (expired or ended). */
    sessionExpired: boolean;
  }
}

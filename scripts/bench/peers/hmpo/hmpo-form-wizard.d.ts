// The part of hmpo-form-wizard's API the peer uses (the package ships no types).
declare module 'hmpo-form-wizard' {
  import type { Router } from 'express';

  /** A field as the wizard reads it: its validators and, for radios, the allowed values. */
  interface FieldOptions {
    validate?: string | string[];
    items?: Array<string | { value: string }>;
  }

  /** A step: where it leads, which fields it takes, whether a journey may start there. */
  interface StepOptions {
    next?: string;
    fields?: string[];
    entryPoint?: boolean;
    noPost?: boolean;
    template?: string;
  }

  interface WizardOptions {
    /** Namespace of the wizard's data in the session. */
    name?: string;
    templatePath?: string;
    csrf?: boolean;
  }

  function wizard(steps: Record<string, StepOptions>, fields: Record<string, FieldOptions>, options?: WizardOptions): Router;
  export = wizard;
}

import type { JourneyAnswers } from './journey.ts';

/**
 * Typed reads of stored answers. A choice is checked against the values it may take, so a stale
 * or forged value reads as "not answered" rather than being cast into a type it does not have.
 */
export interface AnswerReader {
  /** A text answer, or undefined when not given or empty. */
  text(step: string, name: string): string | undefined;
  /** A checkbox answer: the values chosen, in order. */
  list(step: string, name: string): string[];
  /** A single choice, if it is one of `allowed`. */
  choice<T extends string>(step: string, name: string, allowed: readonly T[]): T | undefined;
  /** Checkbox choices that are among `allowed`. */
  choices<T extends string>(step: string, name: string, allowed: readonly T[]): T[];
  /** Whether a step was answered at all (an informational page counts once seen). */
  has(step: string): boolean;
}

const isOneOf = <T extends string>(allowed: readonly T[], value: string): value is T => (allowed as readonly string[]).includes(value);

/** Reads these answers. */
export function readAnswers(answers: JourneyAnswers): AnswerReader {
  const raw = (step: string, name: string) => answers[step]?.[name];
  const text = (step: string, name: string) => {
    const value = raw(step, name);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const list = (step: string, name: string) => {
    const value = raw(step, name);
    return Array.isArray(value) ? value : [];
  };
  return {
    text,
    list,
    choice: (step, name, allowed) => {
      const value = text(step, name);
      return value !== undefined && isOneOf(allowed, value) ? value : undefined;
    },
    choices: (step, name, allowed) => list(step, name).filter((v) => isOneOf(allowed, v)),
    has: (step) => answers[step] !== undefined,
  };
}

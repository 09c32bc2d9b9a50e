/**
 * Formats what is wrong with a configuration (a council file, the environment) for the person who
 * has to fix it by hand: what cannot go ahead, one indented line per problem, then where to fix it.
 * Both errors share the layout so an operator reading start-up output sees one shape of message.
 *
 * @example
 * formatProblemList('The server cannot start:', ['PORT: must be a whole number'], 'Set it in the environment.')
 * // 'The server cannot start:\n  - PORT: must be a whole number\nSet it in the environment.'
 */
export function formatProblemList(heading: string, problems: readonly string[], hint: string): string {
  return `${heading}\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n${hint}`;
}

import { message, type Message, type Translate } from './copy.ts';

/**
 * Several parts of a sentence (or several sentences) as one message, joined by a catalogue
 * sentence such as `rules.join.semicolons` ("{{first}}; {{rest}}"), so that the punctuation
 * between the parts is the catalogue's to change, like every other word.
 * @example joinMessages('rules.join.sentences', [a, b, c]) // renders as "A. B. C."
 */
export function joinMessages(separatorKey: string, parts: readonly Message[]): Message;
export function joinMessages(separatorKey: string, parts: readonly (Message | string)[]): Message | string;
export function joinMessages(separatorKey: string, parts: readonly (Message | string)[]): Message | string {
  const last = parts.at(-1);
  // Every caller has at least one part; an empty list is a mistake in the code calling it.
  if (last === undefined) throw new RangeError('joinMessages needs at least one part');
  return parts.slice(0, -1).reduceRight<Message | string>((rest, first) => message(separatorKey, { first, rest }), last);
}

/**
 * Words already rendered, joined the same way by a catalogue sentence; an empty list gives "".
 * @example joinWords(t, 'rules.join.semicolons', ['a', 'b']) // 'a; b'
 */
export function joinWords(t: Translate, separatorKey: string, parts: readonly string[]): string {
  if (parts.length === 0) return '';
  return parts.reduceRight((rest, first) => t(separatorKey, { first, rest }));
}

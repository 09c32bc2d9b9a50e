import type { Page } from '@playwright/test';
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';

/**
 * How hard a page's words are to read, by the Flesch–Kincaid grade level: a US school grade,
 * where grade 4 is read by most children of about 9 (reading age ≈ grade + 5). Counted with the
 * `syllable` and `flesch-kincaid` packages over the copy a person reads: headings, questions,
 * hints, paragraphs, list items, buttons and error messages, never what they typed.
 */

/** Blocks of copy; a block holding another block is read as the inner ones. */
const BLOCKS = [
  'h1',
  'h2',
  'h3',
  'legend',
  'label',
  '.govuk-hint',
  'p',
  'li',
  'dt',
  '.govuk-inset-text',
  '.govuk-panel__body',
  '.govuk-warning-text__text',
  '.govuk-error-message',
  '.govuk-button',
].join(', ');

/** The copy in the page's main content, one string per block, without visually hidden words or typed answers. */
export async function readCopy(page: Page): Promise<string[]> {
  return page.locator('main').evaluate((main, selector) => {
    const blocks: string[] = [];
    for (const el of main.querySelectorAll(selector)) {
      // Typed answers (check answers' values) and the robots' honeypot are not copy.
      if (el.closest('dd, [aria-hidden="true"]') || el.querySelector(selector)) continue;
      const copy = el.cloneNode(true) as Element;
      for (const hidden of copy.querySelectorAll('.govuk-visually-hidden')) hidden.remove();
      const text = (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text) blocks.push(text);
    }
    return blocks;
  }, BLOCKS);
}

/** Counts and grade for some copy. */
export interface Readability {
  sentences: number;
  words: number;
  syllables: number;
  /** Flesch–Kincaid grade level; NaN for no words. */
  grade: number;
}

/**
 * Reference numbers, email and web addresses and phone numbers are read as one unit (or not
 * read), not as words: leave them out of the counts.
 */
const NOT_WORDS = /\b[A-Z]{2,4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b|\S+@\S+|https?:\/\/\S+|\bwww\.\S+/g;

const WORD = /[A-Za-z]+(?:['’][A-Za-z]+)*/g;

/** Splits a block into sentences; a heading or label without a full stop is one sentence. */
export function splitSentences(block: string): string[] {
  return block
    .replace(NOT_WORDS, ' ')
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => /[A-Za-z]/.test(s));
}

/** Scores a list of sentences. */
export function scoreSentences(sentences: readonly string[]): Readability {
  let words = 0;
  let syllables = 0;
  for (const sentence of sentences) {
    for (const word of sentence.match(WORD) ?? []) {
      words += 1;
      syllables += Math.max(1, syllable(word));
    }
  }
  return { sentences: sentences.length, words, syllables, grade: fleschKincaid({ sentence: sentences.length, word: words, syllable: syllables }) };
}

/** Scores blocks of copy, each block split into its sentences. */
export function scoreCopy(blocks: readonly string[]): Readability {
  return scoreSentences(blocks.flatMap(splitSentences));
}

/**
 * The hardest sentences first (by their own grade), for a report of what to simplify. Sentences
 * under `minWords` words are left out: one long word alone scores as hard as a legal text.
 */
export function rankHardestSentences(blocks: readonly string[], count: number, minWords = 5): { sentence: string; grade: number }[] {
  const sentences = [...new Set(blocks.flatMap(splitSentences))];
  return sentences
    .map((sentence) => ({ sentence, grade: scoreSentences([sentence]).grade, words: (sentence.match(WORD) ?? []).length }))
    .filter((s) => s.words >= minWords && Number.isFinite(s.grade))
    .map(({ sentence, grade }) => ({ sentence, grade }))
    .sort((a, b) => b.grade - a.grade)
    .slice(0, count);
}

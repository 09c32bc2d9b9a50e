import { describe, expect, it } from 'vitest';
import { parseStep } from '../../../../src/forms/engine/parse.ts';
import { resolveCheckPage, resolveStepPage } from '../../../../src/forms/engine/resolve.ts';
import { toSummaryRows } from '../../../../src/forms/engine/summary.ts';
import { applicableSteps, findStep } from '../../../../src/forms/engine/walk.ts';
import { feedbackJourney, toFeedback } from '../../../../src/forms/journeys/feedback.ts';
import type { RawValues } from '../../../../src/forms/page-schema.ts';
import { createJourneyContext, feedbackAnswers as answers } from '../../../fixtures/journeys.ts';
import { exampleCouncil } from '../../../helpers/councils.ts';
import { createTestCopy } from '../../../helpers/copy.ts';

const copy = createTestCopy(exampleCouncil());
const empty = createJourneyContext({});

function post(stepId: string, raw: RawValues) {
  const step = findStep(feedbackJourney, stepId)!;
  return parseStep(feedbackJourney, step, resolveStepPage(feedbackJourney, step, empty, copy), raw, empty, copy);
}

const errorsOf = (result: ReturnType<typeof post>) => (result.ok ? undefined : result.error);

describe('feedbackJourney', () => {
  it('is two pages', () => {
    expect(applicableSteps(feedbackJourney, empty).map((s) => s.id)).toEqual(['feedback', 'reply']);
  });

  it('ends at check answers with Send and no questions', () => {
    expect(resolveCheckPage(feedbackJourney, empty, copy)).toEqual({
      id: 'check',
      title: 'Check your answers before sending your feedback',
      fields: [],
      submitLabel: 'Send feedback',
    });
  });

  it('asks what kind of feedback and what it says, in field order', () => {
    expect(errorsOf(post('feedback', {}))?.summary).toEqual([
      { text: 'Select what you would like to send', href: '#feedbackKind' },
      { text: 'Enter what you want to tell us', href: '#message' },
    ]);
  });

  it('says how long the feedback may be', () => {
    expect(errorsOf(post('feedback', { feedbackKind: 'suggestion', message: 'x'.repeat(3001) }))?.byField).toEqual({
      message: 'What you want to tell us must be 3,000 characters or less',
    });
  });

  it('keeps the team or person optional', () => {
    expect(post('feedback', { feedbackKind: 'suggestion', message: 'Later appointments, please.' })).toEqual({
      ok: true,
      value: { feedbackKind: 'suggestion', message: 'Later appointments, please.' },
    });
  });

  it.each([
    // A reply wanted with no way to reply: the message sits on the email box.
    [{ wantsReply: 'yes', replyName: 'Chris' }, { replyEmail: 'Enter an email address or a phone number so we can reply' }],
    // No name.
    [{ wantsReply: 'yes', replyPhone: '07700 900456' }, { replyName: 'Enter your name' }],
    // A badly typed email address.
    [{ wantsReply: 'yes', replyName: 'Chris', replyEmail: 'chris@' }, { replyEmail: 'Enter an email address in the correct format, like name@example.com' }],
    // Nothing chosen.
    [{}, { wantsReply: 'Select yes if you would like a reply' }],
  ])('refuses a reply page of %j with %j', (raw, byField) => {
    expect(errorsOf(post('reply', raw))?.byField).toEqual(byField);
  });

  it.each([
    [
      { wantsReply: 'yes', replyName: 'Chris', replyPhone: '07700 900456' },
      { wantsReply: 'yes', replyName: 'Chris', replyPhone: '07700 900456' },
    ],
    [
      { wantsReply: 'yes', replyName: 'Chris', replyEmail: 'chris@example.com' },
      { wantsReply: 'yes', replyName: 'Chris', replyEmail: 'chris@example.com' },
    ],
    // Details typed and then "No" chosen are not kept.
    [{ wantsReply: 'no', replyName: 'Chris', replyEmail: 'chris@example.com' }, { wantsReply: 'no' }],
  ])('accepts %j as %j', (raw, value) => {
    expect(post('reply', raw)).toEqual({ ok: true, value });
  });

  it('lists the answers for check answers and the team’s email', () => {
    expect(toSummaryRows(feedbackJourney, createJourneyContext(answers), copy).map((r) => [r.question, r.answer])).toEqual([
      ['What would you like to send?', 'A compliment'],
      ['What do you want to tell us?', 'Ann was brilliant.'],
      ['Which team or person is it about?', 'Ann, the social worker'],
      ['Would you like a reply?', 'Yes'],
      ['Your name', 'Chris'],
      ['Email address', 'chris@example.com'],
    ]);
  });
});

describe('toFeedback', () => {
  it('maps the answers, with the reply details when a reply is wanted', () => {
    expect(toFeedback(createJourneyContext(answers))).toEqual({
      feedbackKind: 'compliment',
      message: 'Ann was brilliant.',
      about: 'Ann, the social worker',
      reply: { name: 'Chris', email: 'chris@example.com' },
    });
  });

  it('has no reply details when none is wanted', () => {
    expect(toFeedback(createJourneyContext({ ...answers, reply: { wantsReply: 'no' } }))).toEqual({
      feedbackKind: 'compliment',
      message: 'Ann was brilliant.',
      about: 'Ann, the social worker',
    });
  });

  it.each([
    ['compliment', 'compliment'],
    ['suggestion', 'suggestion'],
    ['feedback', 'feedback'],
    // A forged kind is read as general feedback rather than as a kind it is not.
    ['complaint', 'feedback'],
  ])('reads the kind %s as %s', (feedbackKind, expected) => {
    expect(toFeedback(createJourneyContext({ feedback: { feedbackKind, message: 'Hello' } })).feedbackKind).toBe(expected);
  });
});

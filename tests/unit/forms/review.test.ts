import { describe, expect, it } from 'vitest';
import type { Council } from '../../../src/domain/council.ts';
import { findFlowStep, parseFlowStep, toApplicableSteps } from '../../../src/forms/flow.ts';
import type { JourneyAnswers, JourneyContext } from '../../../src/forms/journey.ts';
import type { RawValues } from '../../../src/forms/page-schema.ts';
import { reviewFlow, toEscalationRequest, toExampleReference, toReviewStage } from '../../../src/forms/review.ts';
import { createJourneyContext, journeyToday } from '../../fixtures/journeys.ts';
import { testCouncil } from '../../helpers/councils.ts';

/** A complete stage 2 request, in time on `journeyToday` (Sunday 22 November 2026). */
const inTime: JourneyAnswers = {
  reference: { reference: 'CSC-7AFQ-VEYZ' },
  stage: { stage: 'stage2' },
  'reply-date': { replyReceived: '2026-11-02' },
  'your-name': { fullName: 'Sam Taylor' },
  contact: { contactMethods: ['email'], email: 'sam.taylor@example.com' },
  'safe-contact': { safeToContact: 'yes' },
  why: { whyUnhappy: 'The reply did not look at the missed visits.' },
  'put-right': { outcomeWanted: 'An independent investigation.' },
};

const ctxWith = (answers: JourneyAnswers, council?: Council): JourneyContext => ({ ...createJourneyContext(answers), ...(council ? { council } : {}) });

/** Posts raw values to one step, as the page would. */
function post(stepId: string, raw: RawValues, ctx = ctxWith({})) {
  const step = findFlowStep(reviewFlow, stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  return parseFlowStep(step, step.page(ctx), raw, ctx);
}

const errorsOf = (result: ReturnType<typeof post>) => (result.ok ? undefined : result.error.byField);

describe('toExampleReference', () => {
  it('writes the example in the council’s format', () => {
    expect(toExampleReference('CSC')).toBe('CSC-7K4M-2P9X');
    expect(toExampleReference('TST')).toBe('TST-7K4M-2P9X');
  });
});

describe('reviewFlow', () => {
  describe('the reference question', () => {
    const checkMessage = 'Check your reference number. It is on the letter or email we sent you, like CSC-7K4M-2P9X';

    it.each([
      // Nothing typed.
      ['', 'Enter your complaint reference number'],
      // The example itself: its check character is wrong on purpose.
      ['CSC-7K4M-2P9X', checkMessage],
      // One character mistyped.
      ['CSC-7AFQ-VEYY', checkMessage],
      // Two neighbours swapped.
      ['CSC-A7FQ-VEYZ', checkMessage],
      // A feedback reference.
      ['FB-7AFQ-VEYZ', checkMessage],
      // Letters the alphabet leaves out.
      ['CSC-0OIL-VEYZ', checkMessage],
    ])('refuses %j with %j', (typed, message) => {
      expect(errorsOf(post('reference', { reference: typed }))).toEqual({ reference: message });
    });

    it.each([
      ['CSC-7AFQ-VEYZ'],
      // Lower case, spaces and no hyphens.
      [' csc 7afq veyz '],
      // Without the prefix.
      ['7AFQVEYZ'],
      // A word processor's dash.
      ['CSC–7AFQ–VEYZ'],
    ])('accepts %j and keeps it in canonical form', (typed) => {
      expect(post('reference', { reference: typed })).toEqual({ ok: true, value: { reference: 'CSC-7AFQ-VEYZ' } });
    });

    it('uses the council’s own prefix in the check and the message', () => {
      const ctx = ctxWith({}, testCouncil());
      expect(post('reference', { reference: 'tst 7afq veyz' }, ctx)).toEqual({ ok: true, value: { reference: 'TST-7AFQ-VEYZ' } });
      expect(errorsOf(post('reference', { reference: 'CSC-7AFQ-VEYZ' }, ctx))).toEqual({
        reference: 'Check your reference number. It is on the letter or email we sent you, like TST-7K4M-2P9X',
      });
    });
  });

  describe('the reply date question', () => {
    it.each([
      ['stage2', 'When did you get our reply to your complaint?'],
      ['stage3', 'When did you get the stage 2 reply?'],
    ])('asks about the right reply for %s', (stage, title) => {
      expect(findFlowStep(reviewFlow, 'reply-date')?.page(ctxWith({ stage: { stage } })).title).toBe(title);
    });

    it.each([
      [{}, 'Enter the date you got the reply'],
      [{ 'replyReceived-day': '23', 'replyReceived-month': '11', 'replyReceived-year': '2026' }, 'The date you got the reply must be today or in the past'],
      [{ 'replyReceived-day': '31', 'replyReceived-month': '2', 'replyReceived-year': '2026' }, 'The date you got the reply must be a real date'],
    ])('refuses %j with %j', (raw, message) => {
      expect(errorsOf(post('reply-date', raw, ctxWith({ stage: { stage: 'stage2' } })))).toEqual({ replyReceived: message });
    });

    it('accepts today', () => {
      const [y, m, d] = journeyToday.split('-');
      expect(post('reply-date', { 'replyReceived-day': d, 'replyReceived-month': m, 'replyReceived-year': y }, ctxWith({ stage: { stage: 'stage2' } }))).toEqual({
        ok: true,
        value: { replyReceived: journeyToday },
      });
    });
  });

  it('asks the questions in order, with no "why now" when in time', () => {
    expect(toApplicableSteps(reviewFlow, ctxWith(inTime)).map((s) => s.id)).toEqual(['reference', 'stage', 'reply-date', 'your-name', 'contact', 'safe-contact', 'why', 'put-right']);
  });

  it.each([
    // 20 working days from Thursday 22 October end on Thursday 19 November: late on the 22nd.
    ['2026-10-22', true],
    // From Friday 23 October it ends on Friday 20 November; a Sunday request counts as Monday 23rd, one day late.
    ['2026-10-23', true],
    // From Monday 26 October it ends on Monday 23 November: a Sunday request counts as that Monday.
    ['2026-10-26', false],
  ])('asks why now after a reply on %s: %s', (replyReceived, asks) => {
    const ids = toApplicableSteps(reviewFlow, ctxWith({ ...inTime, 'reply-date': { replyReceived } })).map((s) => s.id);
    expect(ids.includes('why-now')).toBe(asks);
  });

  it('names the window in the "why now" page and keeps the question optional', () => {
    const ctx = ctxWith({ ...inTime, stage: { stage: 'stage3' }, 'reply-date': { replyReceived: '2026-09-01' } });
    const page = findFlowStep(reviewFlow, 'why-now')!.page(ctx);
    expect(page.intro?.[0]).toContain('Requests for stage 3 are usually made within 20 working days of getting the reply. You can still ask.');
    expect(post('why-now', {}, ctx)).toEqual({ ok: true, value: {} });
  });

  describe('check answers', () => {
    it('asks about risk, and offers an acknowledgement when an email was given and it is safe', () => {
      const page = reviewFlow.checkPage(ctxWith(inTime));
      expect(page.fields.map((f) => f.name)).toEqual(['worriedAtCheck', 'wantsAcknowledgement']);
      expect(page.submitLabel).toBe('Send request');
    });

    it.each([
      ['with care', { ...inTime, 'safe-contact': { safeToContact: 'with_care', safeWhen: 'After 4pm' } }],
      ['by phone only', { ...inTime, contact: { contactMethods: ['phone'], phone: '07700 900123' } }],
    ])('does not offer an acknowledgement when contact is %s', (_, answers) => {
      expect(reviewFlow.checkPage(ctxWith(answers)).fields.map((f) => f.name)).toEqual(['worriedAtCheck']);
    });
  });
});

describe('toReviewStage', () => {
  it.each([
    ['stage2', 2],
    ['stage3', 3],
    [undefined, undefined],
  ])('reads %s as %s', (stage, expected) => {
    expect(toReviewStage(ctxWith(stage ? { stage: { stage } } : {}))).toBe(expected);
  });
});

describe('toEscalationRequest', () => {
  it('maps a complete journey to the request and contact details', () => {
    const { request, contact } = toEscalationRequest(ctxWith(inTime), { worriedAtCheck: 'no', wantsAcknowledgement: 'yes' }, true);
    expect(request).toEqual({
      stage: 2,
      originalReference: 'CSC-7AFQ-VEYZ',
      referenceKnown: true,
      replyReceived: '2026-11-02',
      whyUnhappy: 'The reply did not look at the missed visits.',
      outcomeWanted: 'An independent investigation.',
      worriedAtCheck: false,
    });
    expect(contact).toEqual({ name: 'Sam Taylor', email: 'sam.taylor@example.com', safeToContact: 'yes', communicationNeeds: [], wantsAcknowledgement: true });
  });

  it('carries the reason for asking now, stage 3, someone at risk and an unknown reference', () => {
    const answers = { ...inTime, stage: { stage: 'stage3' }, 'reply-date': { replyReceived: '2026-09-01' }, 'why-now': { whyNow: 'I was in hospital.' } };
    const { request } = toEscalationRequest(ctxWith(answers), { worriedAtCheck: 'yes' }, false);
    expect(request).toMatchObject({ stage: 3, whyNow: 'I was in hospital.', worriedAtCheck: true, referenceKnown: false });
  });

  it('ignores a reason for asking now once the request is no longer late', () => {
    const { request } = toEscalationRequest(ctxWith({ ...inTime, 'why-now': { whyNow: 'Left over' } }), { worriedAtCheck: 'no' }, true);
    expect(request.whyNow).toBeUndefined();
  });
});

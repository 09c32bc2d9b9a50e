import { describe, expect, it } from 'vitest';
import type { Council } from '../../../../src/domain/council.ts';
import type { JourneyAnswers, JourneyContext } from '../../../../src/forms/engine/journey.ts';
import { parseStep } from '../../../../src/forms/engine/parse.ts';
import { resolveCheckPage, resolveStepPage } from '../../../../src/forms/engine/resolve.ts';
import { applicableSteps, findStep, pruneAnswers } from '../../../../src/forms/engine/walk.ts';
import { reviewJourney, toEscalationRequest, toReviewStage } from '../../../../src/forms/journeys/review.ts';
import type { RawValues } from '../../../../src/forms/page-schema.ts';
import { createJourneyContext, journeyToday, reviewAnswers as inTime } from '../../../fixtures/journeys.ts';
import { exampleCouncil, testCouncil } from '../../../helpers/councils.ts';
import { createTestCopy } from '../../../helpers/copy.ts';

const example = exampleCouncil();
/** A council whose references start TST. */
const tst = testCouncil();
const copies = new Map([example, tst].map((council) => [council, createTestCopy(council)]));
const copyFor = (council: Council) => copies.get(council)!;

const ctxWith = (answers: JourneyAnswers, council: Council = example): JourneyContext => ({ ...createJourneyContext(answers), council });
const pageFor = (stepId: string, ctx: JourneyContext) => resolveStepPage(reviewJourney, findStep(reviewJourney, stepId)!, ctx, copyFor(ctx.council));
const ids = (answers: JourneyAnswers) => applicableSteps(reviewJourney, ctxWith(answers)).map((s) => s.id);

/** Posts raw values to one step, as the page would. */
function post(stepId: string, raw: RawValues, ctx = ctxWith({})) {
  return parseStep(reviewJourney, findStep(reviewJourney, stepId)!, pageFor(stepId, ctx), raw, ctx, copyFor(ctx.council));
}

const errorsOf = (result: ReturnType<typeof post>) => (result.ok ? undefined : result.error.byField);

describe('reviewJourney', () => {
  describe('the reference question', () => {
    const checkMessage = 'Check your reference number. It is on the letter or email we sent you, like CSC-7K4M-2P9C';

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

    describe('for a council with its own prefix', () => {
      const ctx = ctxWith({}, tst);

      it('accepts its references', () => {
        expect(post('reference', { reference: 'tst 7afq veyz' }, ctx)).toEqual({ ok: true, value: { reference: 'TST-7AFQ-VEYZ' } });
      });

      it('refuses another council’s, naming its own format', () => {
        expect(errorsOf(post('reference', { reference: 'CSC-7AFQ-VEYZ' }, ctx))).toEqual({
          reference: 'Check your reference number. It is on the letter or email we sent you, like TST-7K4M-2P9C',
        });
      });

      it('gives its own format in the hint', () => {
        expect(pageFor('reference', ctx).fields[0]?.hint).toBe('It is on the letter or email we sent you, like TST-7K4M-2P9C');
      });
    });

    it('gives an example that passes its own check, so copying it is not refused as mistyped', () => {
      const example = /like (\S+)$/.exec(pageFor('reference', ctxWith({})).fields[0]?.hint ?? '')?.[1] ?? '';
      expect(example).toMatch(/^CSC-/);
      expect(post('reference', { reference: example })).toEqual({ ok: true, value: { reference: example } });
    });
  });

  describe('the reply date question', () => {
    it.each([
      ['stage2', 'When did you get our reply to your complaint?'],
      ['stage3', 'When did you get the stage 2 reply?'],
    ])('asks about the right reply for %s', (stage, title) => {
      expect(pageFor('reply-date', ctxWith({ stage: { stage } })).title).toBe(title);
    });

    it('gives an example date two weeks before today', () => {
      expect(pageFor('reply-date', ctxWith({ stage: { stage: 'stage2' } })).fields[0]?.hint).toBe(
        'For example, 8 11 2026. If you are not sure, give the date on the letter or email.',
      );
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
      expect(
        post('reply-date', { 'replyReceived-day': d, 'replyReceived-month': m, 'replyReceived-year': y }, ctxWith({ stage: { stage: 'stage2' } })),
      ).toEqual({
        ok: true,
        value: { replyReceived: journeyToday },
      });
    });
  });

  it('asks the questions in order, with no "why now" when in time', () => {
    expect(ids(inTime)).toEqual(['reference', 'stage', 'reply-date', 'your-name', 'contact', 'safe-contact', 'why', 'put-right', 'documents']);
  });

  it.each([
    // 20 working days from Thursday 22 October end on Thursday 19 November: late on the 22nd.
    ['2026-10-22', true],
    // From Friday 23 October it ends on Friday 20 November; a Sunday request counts as Monday 23rd, one day late.
    ['2026-10-23', true],
    // From Monday 26 October it ends on Monday 23 November: a Sunday request counts as that Monday.
    ['2026-10-26', false],
  ])('asks why now after a reply on %s: %s', (replyReceived, asks) => {
    expect(ids({ ...inTime, 'reply-date': { replyReceived } }).includes('why-now')).toBe(asks);
  });

  describe('the "why now" page', () => {
    const ctx = ctxWith({ ...inTime, stage: { stage: 'stage3' }, 'reply-date': { replyReceived: '2026-09-01' } });

    it('names the stage and its window', () => {
      expect(pageFor('why-now', ctx).introHtml).toContain(
        'Requests for stage 3 are usually made within 20 working days of getting the reply. You can still ask.',
      );
    });

    it('keeps the question optional', () => {
      expect(post('why-now', {}, ctx)).toEqual({ ok: true, value: {} });
    });
  });

  describe('check answers', () => {
    it('asks about risk, and offers an acknowledgement when an email was given and it is safe', () => {
      expect(resolveCheckPage(reviewJourney, ctxWith(inTime), copyFor(example)).fields.map((f) => f.name)).toEqual(['worriedAtCheck', 'wantsAcknowledgement']);
    });

    it('sends a request', () => {
      expect(resolveCheckPage(reviewJourney, ctxWith(inTime), copyFor(example)).submitLabel).toBe('Send request');
    });

    it.each([
      ['with care', { ...inTime, 'safe-contact': { safeToContact: 'with_care', safeWhen: 'After 4pm' } }],
      ['by phone only', { ...inTime, contact: { contactMethods: ['phone'], phone: '07700 900123' } }],
    ])('does not offer an acknowledgement when contact is %s', (_, answers) => {
      expect(resolveCheckPage(reviewJourney, ctxWith(answers), copyFor(example)).fields.map((f) => f.name)).toEqual(['worriedAtCheck']);
    });
  });
});

describe('toReviewStage', () => {
  it.each([
    ['stage2', 2],
    ['stage3', 3],
    // A forged value is no stage.
    ['stage4', undefined],
    [undefined, undefined],
  ])('reads %s as %s', (stage, expected) => {
    expect(toReviewStage(ctxWith(stage ? { stage: { stage } } : {}))).toBe(expected);
  });
});

describe('toEscalationRequest', () => {
  it('maps a complete journey to the request and contact details', () => {
    const { request, contact } = toEscalationRequest(ctxWith(inTime), { worriedAtCheck: 'no', wantsAcknowledgement: 'yes' }, true);
    expect({ request, contact }).toEqual({
      request: {
        stage: 2,
        originalReference: 'CSC-7AFQ-VEYZ',
        referenceKnown: true,
        replyReceived: '2026-11-02',
        whyUnhappy: 'The reply did not look at the missed visits.',
        outcomeWanted: 'An independent investigation.',
        worriedAtCheck: false,
      },
      contact: { name: 'Sam Taylor', email: 'sam.taylor@example.com', safeToContact: 'yes', communicationNeeds: [], wantsAcknowledgement: true },
    });
  });

  it('carries the reason for asking now, stage 3, someone at risk and an unknown reference', () => {
    const answers = { ...inTime, stage: { stage: 'stage3' }, 'reply-date': { replyReceived: '2026-09-01' }, 'why-now': { whyNow: 'I was in hospital.' } };
    const { request } = toEscalationRequest(ctxWith(answers), { worriedAtCheck: 'yes' }, false);
    expect(request).toMatchObject({ stage: 3, whyNow: 'I was in hospital.', worriedAtCheck: true, referenceKnown: false });
  });

  it('has no reason for asking now left over once the request is no longer late, from the answers Send keeps', () => {
    const ctx = ctxWith({ ...inTime, 'why-now': { whyNow: 'Left over' } });
    const { request } = toEscalationRequest({ ...ctx, answers: pruneAnswers(reviewJourney, ctx) }, { worriedAtCheck: 'no' }, true);
    expect(request.whyNow).toBeUndefined();
  });
});

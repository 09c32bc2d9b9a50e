import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../src/domain/copy.ts';
import { escalationFlags, screenEscalation, toEscalationWindowLength, toOriginalCase, type EscalationRequest } from '../../../src/domain/escalation.ts';
import { createWorkingDayCalendar } from '../../../src/domain/working-days.ts';
import { complaintSummary } from '../../fixtures/case-summaries.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil, testCouncil } from '../../helpers/councils.ts';

const example = exampleCouncil();
const test = testCouncil();

/** A stage 2 request for a known complaint, in time unless a test changes it. */
function createRequest(changes: Partial<EscalationRequest> = {}): EscalationRequest {
  return {
    stage: 2,
    originalReference: 'CSC-7AFQ-VEYZ',
    referenceKnown: true,
    replyReceived: '2026-12-17',
    whyUnhappy: 'The reply did not answer my main point.',
    outcomeWanted: 'An independent investigation.',
    worriedAtCheck: false,
    ...changes,
  };
}

const { t } = createTestCopy(example);

/** The screening with its notes for staff and counting convention in the catalogue's words. */
function screen(request: EscalationRequest, instant: string, council = example) {
  const screening = screenEscalation({ request, council, requestedAt: new Date(instant) });
  const { timingNote, referenceNote, convention } = screening;
  return {
    ...screening,
    timingNote: renderMessage(t, timingNote),
    referenceNote: referenceNote && renderMessage(t, referenceNote),
    convention: renderMessage(t, convention),
  };
}

describe('screenEscalation', () => {
  describe('the window over Christmas and New Year 2026/27', () => {
    // The stage 1 reply came on Thursday 17 December 2026. Counting 20 working days: 18, 21, 22, 23,
    // 24 December (5); Christmas Day, the weekend and Monday 28 December (the Boxing Day substitute,
    // Boxing Day being a Saturday) are skipped; 29, 30, 31 December (8); New Year's Day, Friday 1
    // January, is skipped; 4 to 8 January (13), 11 to 15 January (18), 18 and 19 January (20).
    it.each([
      // The last day of the window, late afternoon: in time.
      ['2027-01-19T16:30:00Z', '2027-01-19', false, 0],
      // Late evening on the last day is still that day in England (GMT in January).
      ['2027-01-19T23:59:00Z', '2027-01-19', false, 0],
      // The next working day: one day late.
      ['2027-01-20T09:00:00Z', '2027-01-20', true, 1],
      // Monday 28 December (a bank holiday) counts from Tuesday 29th: well inside the window.
      ['2026-12-28T10:00:00Z', '2026-12-29', false, 0],
      // A week later than the window: 20, 21, 22, 25 and 26 January.
      ['2027-01-26T10:00:00Z', '2027-01-26', true, 5],
    ])('for a request sent at %s (received %s): late %s by %i working days', (instant, receiptDate, late, workingDaysLate) => {
      const { window, flags } = screen(createRequest(), instant);
      expect(window.windowEnd).toBe('2027-01-19');
      expect(window.receiptDate).toBe(receiptDate);
      expect(window.late).toBe(late);
      expect(window.workingDaysLate).toBe(workingDaysLate);
      expect(flags.includes('late_escalation')).toBe(late);
    });
  });

  describe('a request made at the weekend counts from Monday', () => {
    // A reply on Tuesday 15 December 2026 gives a window ending on Friday 15 January 2027
    // (16–24 December is 7, 29–31 December 10, 4–8 January 15, 11–15 January 20).
    it.each([
      // Friday 15 January, the last day: in time.
      ['2027-01-15T12:00:00Z', '2027-01-15', false, 0],
      // Saturday 16 January counts as Monday 18th, one working day after the window.
      ['2027-01-16T12:00:00Z', '2027-01-18', true, 1],
      // Sunday 17 January: the same Monday.
      ['2027-01-17T20:00:00Z', '2027-01-18', true, 1],
    ])('for a request sent at %s (received %s): late %s by %i', (instant, receiptDate, late, workingDaysLate) => {
      const { window } = screen(createRequest({ replyReceived: '2026-12-15' }), instant);
      expect(window.windowEnd).toBe('2027-01-15');
      expect(window.receiptDate).toBe(receiptDate);
      expect(window.late).toBe(late);
      expect(window.workingDaysLate).toBe(workingDaysLate);
    });

    it('keeps a Saturday request in time when the window ends on the Monday', () => {
      // A reply on Wednesday 16 December ends the window on Monday 18 January.
      const { window, flags } = screen(createRequest({ replyReceived: '2026-12-16' }), '2027-01-16T12:00:00Z');
      expect(window.windowEnd).toBe('2027-01-18');
      expect(window.receiptDate).toBe('2027-01-18');
      expect(window.late).toBe(false);
      expect(flags).toEqual([]);
    });
  });

  it('reads the date in England, not on the server, during British Summer Time', () => {
    // 23:30 UTC on Tuesday 30 June 2026 is 00:30 on Wednesday 1 July in England. A reply on Wednesday
    // 3 June ends the window on Wednesday 1 July (4–5 June 2, 8 June to 26 June 17, 29 June to 1 July 20).
    const { window } = screen(createRequest({ replyReceived: '2026-06-03' }), '2026-06-30T23:30:00Z');
    expect(window.windowEnd).toBe('2026-07-01');
    expect(window.receiptDate).toBe('2026-07-01');
    expect(window.late).toBe(false);
  });

  it('uses the council’s own stage 2 window', () => {
    // The test council allows 28 working days, and treats Friday 3 July 2026 as a non-working day.
    // From Monday 1 June 2026: 2–5 June (4), 8–26 June (19), 29 June to 2 July (23), 6–10 July (28).
    const { window, windowWorkingDays } = screen(createRequest({ replyReceived: '2026-06-01' }), '2026-06-02T10:00:00Z', test);
    expect(windowWorkingDays).toBe(28);
    expect(window.windowEnd).toBe('2026-07-10');
  });

  it('gives stage 3 its own window and the panel’s deadlines', () => {
    const { window, windowWorkingDays } = screen(createRequest({ stage: 3, replyReceived: '2026-12-17' }), '2027-01-19T10:00:00Z', test);
    expect(windowWorkingDays).toBe(test.timescales.statutory.stage3RequestWindow);
    expect(window.entries.map((e) => e.id)).toEqual(['received', 'panel', 'panel_report', 'final_response', 'ombudsman']);
  });

  it.each([
    // Stage 2's window is guidance: accept the request.
    [2 as const, 'guidance, not a bar'],
    // Stage 3's is in reg 18: the complaints manager decides.
    [3 as const, 'reg 18'],
  ])('explains a late stage %i request without refusing it', (stage, words) => {
    const { timingNote, flags } = screen(createRequest({ stage }), '2027-01-20T09:00:00Z');
    expect(flags).toContain('late_escalation');
    expect(timingNote).toContain('Tuesday 19 January 2027');
    expect(timingNote).toContain('Wednesday 20 January 2027, 1 working day late');
    expect(timingNote).toContain(words);
    expect(timingNote).not.toMatch(/reject|cannot/i);
  });

  it('says when a request is in time and when its window ends', () => {
    const { timingNote } = screen(createRequest(), '2027-01-05T10:00:00Z');
    expect(timingNote).toBe(
      'In time: the window to ask ends on Tuesday 19 January 2027 (20 working days after the stage 1 reply, which they got on Thursday 17 December 2026).',
    );
  });

  it('flags a well-formed reference this service did not issue, and says what to do', () => {
    const { flags, referenceNote } = screen(createRequest({ referenceKnown: false }), '2027-01-05T10:00:00Z');
    expect(flags).toEqual(['reference_not_found']);
    expect(referenceNote).toContain('CSC-7AFQ-VEYZ');
    expect(referenceNote).toContain('phone, letter or email');
  });

  it('has no reference note when the reference is known', () => {
    expect(screen(createRequest(), '2027-01-05T10:00:00Z').referenceNote).toBeUndefined();
  });

  it('puts every flag in the order staff read them, safeguarding first', () => {
    const { flags } = screen(createRequest({ worriedAtCheck: true, referenceKnown: false }), '2027-02-01T10:00:00Z');
    expect(flags).toEqual([...escalationFlags]);
  });

  it('dates the stage 2 steps from the day the request counts as received', () => {
    const { window } = screen(createRequest(), '2027-01-05T10:00:00Z');
    const byId = Object.fromEntries(window.entries.map((e) => [e.id, e.date]));
    const calendar = createWorkingDayCalendar();
    expect(byId).toEqual({
      received: '2027-01-05',
      acknowledge: calendar.addWorkingDays('2027-01-05', 3),
      stage2: calendar.addWorkingDays('2027-01-05', 25),
      stage2_extended: calendar.addWorkingDays('2027-01-05', 65),
    });
  });

  it('records when it was sent, in England, and how days are counted', () => {
    const screening = screen(createRequest(), '2027-01-05T10:00:00Z');
    expect(screening.submittedAt).toBe('2027-01-05T10:00:00.000Z');
    expect(screening.submittedDate).toBe('2027-01-05');
    expect(screening.convention).toContain('reg 2, SI 2006/1738');
  });
});

describe('toEscalationWindowLength', () => {
  it.each([
    ['example', example, 2 as const, 20],
    ['example', example, 3 as const, 20],
    ['test', test, 2 as const, 28],
    ['test', test, 3 as const, 20],
  ])('reads the %s council’s window for stage %i', (_, council, stage, days) => {
    expect(toEscalationWindowLength(stage, council)).toBe(days);
  });
});

describe('toOriginalCase', () => {
  it('keeps a complaint’s receipt date, route, first reply date and whether safeguarding was raised', () => {
    expect(toOriginalCase(complaintSummary('CSC-7AFQ-VEYZ'))).toEqual({
      kind: 'complaint',
      receiptDate: '2026-05-12',
      route: 'statutory',
      replyDue: '2026-05-27',
      safeguarding: false,
    });
  });

  it('takes the corporate reply date when there is no statutory one', () => {
    const summary = { ...complaintSummary('CSC-7AFQ-VEYZ'), route: 'corporate' as const, entries: [{ id: 'corporate_stage1', date: '2026-05-26' }] };
    expect(toOriginalCase(summary)).toMatchObject({ route: 'corporate', replyDue: '2026-05-26' });
  });

  it('leaves the reply date out when the complaint has none (signposted)', () => {
    expect(toOriginalCase({ ...complaintSummary('CSC-7AFQ-VEYZ'), route: 'signpost', entries: [] })).not.toHaveProperty('replyDue');
  });

  it('says when the reference is a stage request’s, with the complaint it was about', () => {
    const summary = {
      kind: 'escalation' as const,
      reference: 'CSC-A3N6-FHFY',
      originalReference: 'CSC-7AFQ-VEYZ',
      stage: 2 as const,
      late: false,
      windowWorkingDays: 20,
      safeguarding: false,
      acknowledgementEmail: false,
      entries: [],
    };
    expect(toOriginalCase(summary)).toEqual({ kind: 'escalation', stage: 2, complaintReference: 'CSC-7AFQ-VEYZ' });
  });

  it('says only that it is another kind of case otherwise', () => {
    expect(toOriginalCase({ kind: 'request', journey: 'copy-request', reference: 'CSC-A3N6-FHFY' })).toEqual({ kind: 'other' });
  });
});

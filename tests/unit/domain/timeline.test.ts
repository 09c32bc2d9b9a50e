import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage, type Message } from '../../../src/domain/copy.ts';
import type { Council } from '../../../src/domain/council.ts';
import { routes, type Route } from '../../../src/domain/screening-types.ts';
import { computeEscalationWindow, computeIrmDeadline, computeTimeline } from '../../../src/domain/timeline.ts';
import { createWorkingDayCalendar } from '../../../src/domain/working-days.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil, testCouncil } from '../../helpers/councils.ts';

const example = exampleCouncil();
const test = testCouncil();
const plainCalendar = createWorkingDayCalendar();
const testCalendar = createWorkingDayCalendar({ extraNonWorkingDays: test.calendar.extraNonWorkingDays });

const at = (iso: string): Date => new Date(iso);
const { t: translate } = createTestCopy(example);
/** A timeline's sentence in the catalogue's words. */
const inWords = (m: Message): string => renderMessage(translate, m);
const datesById = (council: Council, route: Route, submittedAt: Date): Record<string, string> =>
  Object.fromEntries(computeTimeline({ route, council, submittedAt }).entries.map((e) => [e.id, e.date]));

/** Instants around the 2026 clock changes (29 March 01:00 UTC, 25 October 01:00 UTC) and one in summer. */
const londonDateCases: [string, string, string][] = [
  // Saturday 28 March, 23:30 GMT: still the 28th in England.
  ['2026-03-28T23:30:00Z', '2026-03-28', '2026-03-30'],
  // Sunday 29 March, 00:30 GMT: clocks go forward at 01:00 UTC, so it is 00:30 on the 29th.
  ['2026-03-29T00:30:00Z', '2026-03-29', '2026-03-30'],
  // Saturday 24 October, 23:30 UTC is 00:30 BST on Sunday the 25th.
  ['2026-10-24T23:30:00Z', '2026-10-25', '2026-10-26'],
  // Sunday 25 October, 00:30 UTC is 01:30 BST, before the clocks go back.
  ['2026-10-25T00:30:00Z', '2026-10-25', '2026-10-26'],
  // Tuesday 30 June, 23:30 UTC is 00:30 BST on Wednesday 1 July: received that Wednesday.
  ['2026-06-30T23:30:00Z', '2026-07-01', '2026-07-01'],
  // Tuesday 30 June, 22:59 UTC is 23:59 BST, still Tuesday.
  ['2026-06-30T22:59:00Z', '2026-06-30', '2026-06-30'],
];

describe('computeTimeline', () => {
  describe('receipt date', () => {
    it.each([
      // Friday morning: received that day.
      ['2026-11-20T10:00:00Z', '2026-11-20', false],
      // Saturday: received on Monday.
      ['2026-11-21T10:00:00Z', '2026-11-23', true],
      // Early May bank holiday: received on Tuesday.
      ['2026-05-04T09:00:00Z', '2026-05-05', true],
      // Christmas Day 2026: Boxing Day is a Saturday, Monday 28th its substitute, so Tuesday 29th.
      ['2026-12-25T12:00:00Z', '2026-12-29', true],
      // Christmas Eve late evening, with no cut-off: still Christmas Eve.
      ['2026-12-24T23:00:00Z', '2026-12-24', false],
      // New Year's Eve 2022 (a Saturday): 2 January 2023 is a substitute day, so Tuesday 3rd.
      ['2022-12-31T12:00:00Z', '2023-01-03', true],
      // Good Friday 2027: received on the Tuesday after Easter.
      ['2027-03-26T12:00:00Z', '2027-03-30', true],
    ])('counts a complaint sent at %s as received on %s', (instant, receiptDate, moved) => {
      const timeline = computeTimeline({ route: 'statutory', council: example, submittedAt: at(instant) });
      expect(timeline.receiptDate).toBe(receiptDate);
      expect(timeline.receiptMoved).toBe(moved);
      expect(timeline.entries[0]).toMatchObject({ id: 'received', date: receiptDate, projected: false });
    });

    it.each(londonDateCases)('reads %s as sent on %s in England, received %s', (instant, submittedDate, receiptDate) => {
      const timeline = computeTimeline({ route: 'statutory', council: example, submittedAt: at(instant) });
      expect(timeline.submittedAt).toBe(new Date(instant).toISOString());
      expect(timeline.submittedDate).toBe(submittedDate);
      expect(timeline.receiptDate).toBe(receiptDate);
    });

    it.each([
      // 16:59 GMT on a Thursday: before the 17:00 cut-off.
      ['2026-01-15T16:59:59Z', '2026-01-15'],
      // 17:00 GMT exactly: at the cut-off, so the next day.
      ['2026-01-15T17:00:00Z', '2026-01-16'],
      // 16:30 UTC in summer is 17:30 BST: after the cut-off.
      ['2026-06-30T16:30:00Z', '2026-07-01'],
      // 15:59 UTC in summer is 16:59 BST: before it.
      ['2026-06-30T15:59:00Z', '2026-06-30'],
      // Friday after the cut-off: Saturday, so Monday.
      ['2026-11-20T17:30:00Z', '2026-11-23'],
      // Thursday 2 July after the cut-off: Friday 3 July is the council's extra non-working day.
      ['2026-07-02T16:30:00Z', '2026-07-06'],
    ])('applies the test council 17:00 cut-off to %s, giving %s', (instant, receiptDate) => {
      expect(computeTimeline({ route: 'statutory', council: test, submittedAt: at(instant) }).receiptDate).toBe(receiptDate);
    });

    it('ignores the time of day when the council has no cut-off', () => {
      expect(computeTimeline({ route: 'statutory', council: example, submittedAt: at('2026-01-15T17:30:00Z') }).receiptDate).toBe('2026-01-15');
    });

    it('explains why the receipt date moved', () => {
      const moved = computeTimeline({ route: 'statutory', council: test, submittedAt: at('2026-11-20T17:30:00Z') });
      expect(inWords(moved.entries[0]!.basis)).toBe('Sent on Friday 20 November 2026 at or after 17:00, so it counts as received on the next working day');
      const weekend = computeTimeline({ route: 'statutory', council: example, submittedAt: at('2026-11-21T10:00:00Z') });
      expect(inWords(weekend.entries[0]!.basis)).toBe(
        'Sent on Saturday 21 November 2026, which is not a working day, so it counts as received on the next working day',
      );
    });

    it('throws for an invalid instant', () => {
      expect(() => computeTimeline({ route: 'statutory', council: example, submittedAt: new Date('not a date') })).toThrow(RangeError);
    });
  });

  describe('statutory route', () => {
    // Sent on Friday 20 November 2026 at 10:00 to the example council (defaults).
    const timeline = computeTimeline({ route: 'statutory', council: example, submittedAt: at('2026-11-20T10:00:00Z') });
    const byId = Object.fromEntries(timeline.entries.map((e) => [e.id, e]));

    it('dates the early steps from the receipt date', () => {
      // Hand check: acknowledge 3 WD = Mon 23, Tue 24, Wed 25 November; stage 1 10 WD = 23–27 Nov
      // and 30 Nov–4 Dec; 20 WD = then 7–11 and 14–18 December.
      expect(byId['acknowledge']!.date).toBe('2026-11-25');
      expect(byId['stage1']!.date).toBe('2026-12-04');
      expect(byId['stage1_extended']!.date).toBe('2026-12-18');
      // 20 WD after 4 December: 7–11 (5), 14–18 (10), 21–24 (14), 29–31 (17), 4–6 January 2027 (20).
      expect(byId['stage2_request']!.date).toBe('2027-01-06');
    });

    it('chains each later step on the one before it', () => {
      const t = example.timescales.statutory;
      const add = plainCalendar.addWorkingDays;
      expect(byId['stage2']!.date).toBe(add(byId['stage2_request']!.date, t.stage2));
      expect(byId['stage2_extended']!.date).toBe(add(byId['stage2_request']!.date, t.stage2Extended));
      expect(byId['stage3_request']!.date).toBe(add(byId['stage2']!.date, t.stage3RequestWindow));
      expect(byId['panel']!.date).toBe(add(byId['stage3_request']!.date, t.panel));
      expect(byId['panel_report']!.date).toBe(add(byId['panel']!.date, t.panelReport));
      expect(byId['final_response']!.date).toBe(add(byId['panel_report']!.date, t.finalResponse));
      expect(byId['ombudsman']!.date).toBe(byId['final_response']!.date);
    });

    it('marks only steps that depend on an earlier reply as projected', () => {
      const projected = timeline.entries
        .filter((e) => e.projected)
        .map((e) => e.id)
        .sort();
      expect(projected).toEqual(
        ['final_response', 'ombudsman', 'panel', 'panel_report', 'stage2', 'stage2_extended', 'stage2_request', 'stage3_request'].sort(),
      );
    });

    it('says how each date was counted', () => {
      expect(inWords(byId['received']!.basis)).toBe('The day it was sent');
      expect(inWords(byId['acknowledge']!.basis)).toBe('3 working days after receipt');
      expect(inWords(byId['stage1']!.basis)).toBe('10 working days after receipt');
      expect(inWords(byId['ombudsman']!.basis)).toBe('You can go to the Ombudsman after the final response');
    });

    it('prints the counting convention', () => {
      expect(inWords(timeline.convention)).toMatch(
        /^Working days exclude weekends, Christmas Day, Boxing Day, Good Friday and England and Wales bank holidays \(reg 2, SI 2006\/1738\)\. Day 1 is the first working day after receipt\./,
      );
      expect(inWords(timeline.convention)).not.toContain('17:00');
    });

    it('gives triage cases the statutory timeline', () => {
      const triage = computeTimeline({ route: 'triage', council: example, submittedAt: at('2026-11-20T10:00:00Z') });
      expect(triage.entries).toEqual(timeline.entries);
    });
  });

  describe('other routes', () => {
    const submittedAt = at('2026-11-20T10:00:00Z');
    const idsFor = (route: Route) => computeTimeline({ route, council: example, submittedAt }).entries.map((e) => e.id);

    it('gives a corporate case the council procedure and the Ombudsman', () => {
      expect(new Set(idsFor('corporate'))).toEqual(
        new Set(['received', 'acknowledge', 'corporate_stage1', 'corporate_stage1_extended', 'corporate_stage2_request', 'corporate_stage2', 'ombudsman']),
      );
      const dates = datesById(example, 'corporate', submittedAt);
      // Hand check: 10 WD = 4 December; 30 WD = 14–18 Dec (20), 21–24 (24), 29–31 (27), 4–6 Jan (30).
      expect(dates['corporate_stage1']).toBe('2026-12-04');
      expect(dates['corporate_stage1_extended']).toBe('2027-01-06');
      expect(dates['ombudsman']).toBe(dates['corporate_stage2']);
    });

    it('gives a split case both procedures with one acknowledgement and one Ombudsman step', () => {
      const ids = idsFor('split');
      expect(new Set(ids)).toEqual(
        new Set([...idsFor('statutory'), 'corporate_stage1', 'corporate_stage1_extended', 'corporate_stage2_request', 'corporate_stage2']),
      );
      expect(ids).toHaveLength(new Set(ids).size);
      expect(datesById(example, 'split', submittedAt)['ombudsman']).toBe(datesById(example, 'statutory', submittedAt)['final_response']);
    });

    it('gives a signposted case only receipt and acknowledgement', () => {
      expect(idsFor('signpost')).toEqual(['received', 'acknowledge']);
      expect(datesById(example, 'signpost', submittedAt)['acknowledge']).toBe('2026-11-25');
    });
  });

  describe('with the test council', () => {
    it('uses its 5-working-day acknowledgement', () => {
      const submittedAt = at('2026-11-20T10:00:00Z');
      expect(datesById(example, 'statutory', submittedAt)['acknowledge']).toBe('2026-11-25');
      // Mon 23 to Fri 27 November.
      expect(datesById(test, 'statutory', submittedAt)['acknowledge']).toBe('2026-11-27');
      expect(datesById(test, 'corporate', submittedAt)['acknowledge']).toBe('2026-11-27');
      expect(datesById(test, 'signpost', submittedAt)['acknowledge']).toBe('2026-11-27');
    });

    it('uses its 28-working-day window to ask for stage 2', () => {
      const dates = datesById(test, 'statutory', at('2026-11-20T10:00:00Z'));
      expect(dates['stage2_request']).toBe(testCalendar.addWorkingDays(dates['stage1']!, 28));
      expect(dates['stage2_request']).not.toBe(datesById(example, 'statutory', at('2026-11-20T10:00:00Z'))['stage2_request']);
    });

    it('skips its extra non-working day', () => {
      // Sent Thursday 2 July 2026. Example council, 3 WD: Fri 3, Mon 6, Tue 7 July.
      // Test council, 5 WD without Friday 3 July: Mon 6 to Fri 10 July.
      expect(datesById(example, 'statutory', at('2026-07-02T09:00:00Z'))['acknowledge']).toBe('2026-07-07');
      expect(datesById(test, 'statutory', at('2026-07-02T09:00:00Z'))['acknowledge']).toBe('2026-07-10');
      expect(computeTimeline({ route: 'statutory', council: test, submittedAt: at('2026-07-03T09:00:00Z') }).receiptDate).toBe('2026-07-06');
    });

    it('does not skip its office closure days', () => {
      // Sent Tuesday 22 December 2026. 5 WD: Wed 23, Thu 24, then Tue 29, Wed 30, Thu 31 December,
      // all three closure days counted as working days.
      expect(datesById(test, 'statutory', at('2026-12-22T10:00:00Z'))['acknowledge']).toBe('2026-12-31');
      expect(computeTimeline({ route: 'statutory', council: test, submittedAt: at('2026-12-29T10:00:00Z') }).receiptDate).toBe('2026-12-29');
    });

    it('prints its cut-off, extra day and closure rule in the convention', () => {
      const convention = inWords(computeTimeline({ route: 'statutory', council: test, submittedAt: at('2026-11-20T10:00:00Z') }).convention);
      expect(convention).toContain('A complaint sent at or after 17:00 (UK time) counts as received on the next working day.');
      expect(convention).toContain('Testshire also treats Friday 3 July 2026 as a non-working day.');
      expect(convention).toContain('Office closure days do not move these dates.');
    });

    it('uses a calendar passed in instead of the council one', () => {
      const closedOnMonday = createWorkingDayCalendar({ extraNonWorkingDays: ['2026-11-23'] });
      const timeline = computeTimeline({ route: 'signpost', council: example, submittedAt: at('2026-11-20T10:00:00Z'), calendar: closedOnMonday });
      expect(timeline.entries[1]!.date).toBe('2026-11-26');
    });
  });

  describe('in a process whose time zone is Pacific/Kiritimati (UTC+14)', () => {
    const originalTz = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = 'Pacific/Kiritimati';
    });
    afterAll(() => {
      if (originalTz === undefined) delete process.env.TZ;
      else process.env.TZ = originalTz;
    });

    it('runs in that time zone', () => {
      expect(new Date(Date.UTC(2026, 2, 28, 23, 30)).getTimezoneOffset()).toBe(-14 * 60);
    });

    it.each(londonDateCases)('still reads %s as sent on %s in England, received %s', (instant, submittedDate, receiptDate) => {
      const timeline = computeTimeline({ route: 'statutory', council: example, submittedAt: at(instant) });
      expect(timeline.submittedDate).toBe(submittedDate);
      expect(timeline.receiptDate).toBe(receiptDate);
    });

    it('still applies the cut-off in England time', () => {
      expect(computeTimeline({ route: 'statutory', council: test, submittedAt: at('2026-06-30T16:30:00Z') }).receiptDate).toBe('2026-07-01');
      expect(computeTimeline({ route: 'statutory', council: test, submittedAt: at('2026-06-30T15:59:00Z') }).receiptDate).toBe('2026-06-30');
    });
  });

  describe('properties', () => {
    const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-12-31T23:59:59Z'), noInvalidDate: true });
    const council = fc.constantFrom(['example', example, plainCalendar] as const, ['test', test, testCalendar] as const);

    it('dates every entry on a working day, in date order, from a receipt on or after the day it was sent', () => {
      fc.assert(
        fc.property(instant, fc.constantFrom(...routes), council, (submittedAt, route, [, c, calendar]) => {
          const timeline = computeTimeline({ route, council: c, submittedAt });
          expect(timeline.receiptDate >= timeline.submittedDate).toBe(true);
          expect(timeline.entries[0]).toMatchObject({ id: 'received', date: timeline.receiptDate });
          for (const entry of timeline.entries) expect(calendar.isWorkingDay(entry.date)).toBe(true);
          for (let i = 1; i < timeline.entries.length; i += 1) {
            expect(timeline.entries[i]!.date >= timeline.entries[i - 1]!.date).toBe(true);
          }
        }),
      );
    });
  });
});

describe('computeEscalationWindow', () => {
  // The stage 1 reply arrived on Monday 2 November 2026. 20 WD: 3–6 Nov (4), 9–13 (9), 16–20 (14),
  // 23–27 (19), Monday 30 November (20).
  const responseReceived = '2026-11-02';

  it.each([
    // Well inside the window.
    ['2026-11-10T10:00:00Z', '2026-11-10', false, 0],
    // On the last day of the window.
    ['2026-11-30T16:00:00Z', '2026-11-30', false, 0],
    // The next working day: one day late.
    ['2026-12-01T10:00:00Z', '2026-12-01', true, 1],
    // Saturday 5 December counts as Monday 7th: 1–4 and 7 December, 5 working days late.
    ['2026-12-05T10:00:00Z', '2026-12-07', true, 5],
    // Sent on Christmas Day: received 29 December. Late by 1–4 (4), 7–11 (9), 14–18 (14), 21–24 (18)
    // and 29 December (19).
    ['2026-12-25T10:00:00Z', '2026-12-29', true, 19],
  ])('checks a stage 2 request sent %s (received %s): late %s by %i working days', (instant, receiptDate, late, workingDaysLate) => {
    const window = computeEscalationWindow({ stage: 2, responseReceived, requestedAt: at(instant), council: example });
    expect(window.windowEnd).toBe('2026-11-30');
    expect(window.receiptDate).toBe(receiptDate);
    expect(window.late).toBe(late);
    expect(window.workingDaysLate).toBe(workingDaysLate);
  });

  it('still dates the next steps for a late request', () => {
    const window = computeEscalationWindow({ stage: 2, responseReceived, requestedAt: at('2026-12-25T10:00:00Z'), council: example });
    expect(window.late).toBe(true);
    expect(window.entries.map((e) => e.id)).toEqual(['received', 'acknowledge', 'stage2', 'stage2_extended']);
  });

  it('counts the 65-working-day stage 2 limit from December into the next year', () => {
    // Request received Tuesday 1 December 2026. Hand check of 65 WD: 2–4 Dec (3), 7–11 (8),
    // 14–18 (13), 21–24 (17); 25 and 28 December skipped (Christmas, Boxing Day substitute);
    // 29–31 (20); 1 January skipped; 4 January to 26 February (60); 1–5 March (65).
    const window = computeEscalationWindow({ stage: 2, responseReceived, requestedAt: at('2026-12-01T10:00:00Z'), council: example });
    const byId = Object.fromEntries(window.entries.map((e) => [e.id, e.date]));
    expect(byId['received']).toBe('2026-12-01');
    expect(byId['acknowledge']).toBe('2026-12-04');
    expect(byId['stage2_extended']).toBe('2027-03-05');
    // 25 WD: 2–4 (3), 7–11 (8), 14–18 (13), 21–24 (17), 29–31 (20), 4–8 January (25).
    expect(byId['stage2']).toBe('2027-01-08');
  });

  it('uses the test council window and acknowledgement', () => {
    // 28 WD from 2 November: 30 November is day 20, then 1–4 (24), 7–10 December (28).
    const window = computeEscalationWindow({ stage: 2, responseReceived, requestedAt: at('2026-12-09T10:00:00Z'), council: test });
    expect(window.windowEnd).toBe('2026-12-10');
    expect(window.late).toBe(false);
    expect(window.entries.find((e) => e.id === 'acknowledge')!.date).toBe('2026-12-16');
  });

  it('applies the test council cut-off to the request', () => {
    // 17:30 on the last day of the window counts as the next day: one day late.
    const window = computeEscalationWindow({ stage: 2, responseReceived, requestedAt: at('2026-12-10T17:30:00Z'), council: test });
    expect(window.receiptDate).toBe('2026-12-11');
    expect(window.workingDaysLate).toBe(1);
  });

  it('dates the panel, its report and the final response for a stage 3 request', () => {
    const window = computeEscalationWindow({ stage: 3, responseReceived, requestedAt: at('2026-11-20T10:00:00Z'), council: example });
    const t = example.timescales.statutory;
    const byId = Object.fromEntries(window.entries.map((e) => [e.id, e.date]));
    expect(window.windowEnd).toBe(plainCalendar.addWorkingDays(responseReceived, t.stage3RequestWindow));
    expect(window.late).toBe(false);
    expect(byId['received']).toBe('2026-11-20');
    expect(byId['panel']).toBe(plainCalendar.addWorkingDays('2026-11-20', t.panel));
    expect(byId['panel_report']).toBe(plainCalendar.addWorkingDays(byId['panel']!, t.panelReport));
    expect(byId['final_response']).toBe(plainCalendar.addWorkingDays(byId['panel_report']!, t.finalResponse));
    expect(byId['ombudsman']).toBe(byId['final_response']);
  });
});

describe('computeIrmDeadline', () => {
  it.each([
    // 2 November 2026 + 28 calendar days.
    ['2026-11-02', '2026-11-30'],
    // Sunday 1 November + 28 days is Sunday 29 November: calendar days are not moved.
    ['2026-11-01', '2026-11-29'],
    // Over Christmas: 1 December + 28 days.
    ['2026-12-01', '2026-12-29'],
  ])('counts a fostering deadline from %s in calendar days to %s', (determinationDate, date) => {
    expect(computeIrmDeadline({ kind: 'fostering', determinationDate, council: example })).toMatchObject({
      kind: 'fostering',
      date,
      days: 28,
      unit: 'calendar_days',
    });
  });

  it('counts an adoption deadline in working days', () => {
    // 40 WD from 2 November 2026: 3–6 Nov (4), 9–13 (9), 16–20 (14), 23–27 (19), 30 Nov–4 Dec (24),
    // 7–11 (29), 14–18 (34), 21–24 (38), 29 (39), 30 December (40).
    expect(computeIrmDeadline({ kind: 'adoption', determinationDate: '2026-11-02', council: example })).toMatchObject({
      kind: 'adoption',
      date: '2026-12-30',
      days: 40,
      unit: 'working_days',
    });
  });

  it('counts an adoption deadline with the council extra non-working day', () => {
    expect(computeIrmDeadline({ kind: 'adoption', determinationDate: '2026-06-01', council: test }).date).toBe(testCalendar.addWorkingDays('2026-06-01', 40));
    expect(computeIrmDeadline({ kind: 'adoption', determinationDate: '2026-06-01', council: test }).date).not.toBe(
      plainCalendar.addWorkingDays('2026-06-01', 40),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  childAgreements,
  complainantRoles,
  delayReasons,
  relativeStandings,
  type ChildDetails,
  type ComplaintAnswers,
  type EventDate,
} from '../../../src/domain/answers.ts';
import { formatComplainantExplanation } from '../../../src/domain/complainant-explanation.ts';
import { renderMessage, type Translate } from '../../../src/domain/copy.ts';
import type { Council } from '../../../src/domain/council.ts';
import { screenComplaint } from '../../../src/domain/screening.ts';
import { flags as flagOrder, routes, ruleIds, type Screening } from '../../../src/domain/screening-types.ts';
import { createTestCopy } from '../../helpers/copy.ts';
import { exampleCouncil } from '../../helpers/councils.ts';

/** Monday 2 March 2026, 10am in London. */
const submittedAt = new Date('2026-03-02T10:00:00Z');

const thisCouncilChild: ChildDetails = { name: 'Sam Taylor', age: 12, responsibleCouncil: 'this' };

/** A parent complaining, in time, about their looked-after child's contact arrangements. */
function makeAnswers(overrides: Partial<ComplaintAnswers> = {}): ComplaintAnswers {
  return {
    dangerNow: false,
    worriedAboutHarm: false,
    worriedAtCheck: false,
    role: 'parent',
    relationship: 'mother',
    childAgreement: 'yes',
    children: [thisCouncilChild],
    services: ['looked_after'],
    commissionedProvider: 'no',
    whatHappened: 'Contact with my son was cancelled three times without notice.',
    when: { kind: 'exact', date: '2026-01-15' },
    outcomeWanted: 'Contact to happen as planned.',
    proceedings: 'no',
    previousComplaint: 'no',
    ...overrides,
  };
}

/** A young person complaining about their own care. */
function makeChildAnswers(overrides: Partial<ComplaintAnswers> = {}): ComplaintAnswers {
  const { relationship: _relationship, childAgreement: _agreement, ...base } = makeAnswers();
  return { ...base, role: 'child', children: [{ name: 'Sam Taylor', age: 15, responsibleCouncil: 'this' }], wantsAdvocate: 'no', ...overrides };
}

const copies = new WeakMap<Council, Translate>();

/** The screening with its explanations, legal category and time-limit reason in the catalogue's words. */
function inWords(result: Screening, council: Council) {
  const t = copies.get(council) ?? createTestCopy(council).t;
  copies.set(council, t);
  return {
    ...result,
    legalCategory: renderMessage(t, result.legalCategory),
    timeLimit: { ...result.timeLimit, reason: renderMessage(t, result.timeLimit.reason) },
    explanation: {
      complainant: formatComplainantExplanation(t, result.explanation.complainant),
      staff: result.explanation.staff.map((line) => renderMessage(t, line)),
    },
  };
}

function screen(answers: ComplaintAnswers, council: Council = exampleCouncil(), at: Date = submittedAt) {
  return inWords(screenComplaint(answers, council, at), council);
}

/** The example council with its acknowledgement days changed, to prove they are read from config. */
function councilWithAcknowledgement(statutory: number, corporate: number): Council {
  // A copy, because zod hands every parse the same default objects.
  const council = structuredClone(exampleCouncil());
  council.timescales.statutory.acknowledge = statutory;
  council.timescales.corporate.acknowledge = corporate;
  return council;
}

describe('screenComplaint', () => {
  describe('baseline', () => {
    it('routes a parent in time about a looked-after child to the statutory procedure with nothing to flag', () => {
      const result = screen(makeAnswers());
      expect(result).toMatchObject({ route: 'statutory', signposts: [], rules: ['R5', 'R6'], flags: [] });
      expect(result.issues).toEqual([
        {
          serviceId: 'looked_after',
          label: 'A child in care, including placements, care plans and contact with family',
          route: 'statutory',
          exclusionCheck: false,
        },
      ]);
      expect(result.timeLimit.status).toBe('in_time');
    });
  });

  describe('routing table', () => {
    it.each([
      ['danger now', { dangerNow: true }],
      ['worried about harm at the start', { worriedAboutHarm: true }],
      ['worried about harm on check answers', { worriedAtCheck: true }],
    ] as const)('R0 flags safeguarding for %s and keeps the route', (_, overrides) => {
      const result = screen(makeAnswers(overrides));
      expect(result.flags).toContain('safeguarding');
      expect(result.rules[0]).toBe('R0');
      expect(result.route).toBe('statutory');
      expect(result.explanation.staff[0]).toContain('safeguarding.complaints@example.gov.uk');
    });

    it("R1 signposts to the responsible council when every child is another council's", () => {
      const result = screen(
        makeAnswers({
          children: [
            { name: 'A', age: 5, responsibleCouncil: 'another', otherCouncilName: 'Northshire County Council' },
            { name: 'B', age: 7, responsibleCouncil: 'another', otherCouncilName: 'Northshire County Council' },
          ],
        }),
      );
      expect(result).toMatchObject({ route: 'signpost', signposts: ['other_council'] });
      expect(result.flags).toContain('another_council');
      expect(result.rules).toContain('R1');
      expect(result.explanation.complainant).toContain('We think Northshire County Council is responsible for the children');
    });

    it('R1 flags a commissioned provider and keeps the route', () => {
      const result = screen(makeAnswers({ commissionedProvider: 'yes' }));
      expect(result).toMatchObject({ route: 'statutory', flags: ['commissioned_provider'] });
      expect(result.rules).toEqual(['R1', 'R5', 'R6']);
    });

    it('notes a provider nobody is sure about, and says nothing about one on a path that never asked', () => {
      const notSure = screen(makeAnswers({ commissionedProvider: 'not_sure' }));
      expect(notSure.explanation.staff).toContain("Note: not sure whether a commissioned provider (fostering agency, children's home) was involved.");
      const { commissionedProvider: _asked, ...neverAsked } = makeChildAnswers();
      const child = screen(neverAsked);
      expect(child.flags).not.toContain('commissioned_provider');
      expect(child.explanation.staff.join('\n')).not.toMatch(/provider/);
    });

    it('R2 signposts a complaint about a school to the school', () => {
      const result = screen(makeAnswers({ services: ['school'] }));
      expect(result).toMatchObject({ route: 'signpost', signposts: ['school'], rules: ['R2'] });
      expect(result.explanation.complainant).toContain('You can complain to the school.');
    });

    it("R3 signposts a foster carer's approval decision to the IRM with its deadline from config", () => {
      const result = screen(makeAnswers({ role: 'foster_carer', services: ['approval_decision'] }));
      expect(result).toMatchObject({ route: 'signpost', signposts: ['irm'], rules: ['R3'] });
      expect(result.issues[0]).toMatchObject({ route: 'signpost', signpost: 'irm' });
      expect(result.explanation.staff[0]).toContain('28 calendar days (fostering) or 40 working days (adoption)');
    });

    it('R4 sends child protection to the corporate route with an exclusion check', () => {
      const result = screen(makeAnswers({ services: ['child_protection'] }));
      expect(result).toMatchObject({ route: 'corporate', rules: ['R4'], flags: ['exclusion_check'] });
      expect(result.issues[0]).toMatchObject({ route: 'corporate', exclusionCheck: true });
      expect(result.explanation.staff[0]).toBe(
        'R4 exclusion check: "A child protection enquiry, conference or plan" — corporate route; consider on its merits (LGSCO 2021 guide).',
      );
    });

    it('R5 finds a statutory function', () => {
      const result = screen(makeAnswers({ services: ['children_in_need'] }));
      expect(result.route).toBe('statutory');
      expect(result.rules).toContain('R5');
      expect(result.explanation.staff[0]).toMatch(/^R5 statutory function: "Help for a child in need/);
    });

    it('R6 sends a relative without standing to the statutory procedure for a sufficient-interest decision', () => {
      const result = screen(makeAnswers({ role: 'relative_or_other', relativeStanding: 'none', relationship: 'grandmother' }));
      expect(result).toMatchObject({ route: 'statutory', flags: ['sufficient_interest_decision'] });
      expect(result.rules).toContain('R6');
      expect(result.explanation.staff.find((l) => l.startsWith('R6'))).toContain('"grandmother"');
    });

    it("R7 sends an adult's own treatment to the corporate route", () => {
      const result = screen(makeAnswers({ services: ['adult_own_treatment'] }));
      expect(result).toMatchObject({ route: 'corporate', rules: ['R7'], flags: [] });
    });

    it('R8 splits statutory and corporate parts', () => {
      const result = screen(makeAnswers({ services: ['looked_after', 'early_help'] }));
      expect(result.route).toBe('split');
      expect(result.rules).toEqual(['R5', 'R6', 'R8']);
      expect(result.issues.map((i) => [i.serviceId, i.route])).toEqual([
        ['looked_after', 'statutory'],
        ['early_help', 'corporate'],
      ]);
    });

    it('R9 keeps the route and flags a complaint more than 12 months after the event', () => {
      const result = screen(makeAnswers({ when: { kind: 'exact', date: '2024-06-01' } }));
      expect(result).toMatchObject({ route: 'statutory', flags: ['out_of_time'] });
      expect(result.rules).toEqual(['R5', 'R6', 'R9']);
      expect(result.timeLimit.status).toBe('out_of_time');
    });

    it('R10 flags court proceedings or a police investigation and keeps the route', () => {
      const result = screen(makeAnswers({ proceedings: 'yes' }));
      expect(result).toMatchObject({ route: 'statutory', flags: ['proceedings'], rules: ['R5', 'R6', 'R10'] });
    });

    it('R11 flags a complaint that has been through all three stages', () => {
      const result = screen(makeAnswers({ previousComplaint: 'yes_completed', previousReference: 'CSC-1234-ABCD' }));
      expect(result).toMatchObject({ route: 'statutory', flags: ['repeat'], rules: ['R5', 'R6', 'R11'] });
      expect(result.explanation.staff.at(-1)).toContain('CSC-1234-ABCD');
    });
  });

  describe('combining issues', () => {
    it.each([
      // Corporate only.
      [['early_help'], 'corporate'],
      // Two statutory issues.
      [['looked_after', 'leaving_care'], 'statutory'],
      // An exclusion check counts as corporate.
      [['looked_after', 'child_protection'], 'split'],
      // Only other bodies.
      [['school', 'nhs'], 'signpost'],
      // Nothing the council can place yet.
      [['not_sure'], 'triage'],
      // The council's part decides; the undecided part is noted for staff.
      [['not_sure', 'early_help'], 'corporate'],
      // Other bodies plus an undecided part.
      [['not_sure', 'police'], 'triage'],
    ])('routes %j as %s', (services, route) => {
      expect(screen(makeAnswers({ services })).route).toBe(route);
    });

    it('keeps the council route and lists other bodies when only part belongs elsewhere', () => {
      const result = screen(makeAnswers({ services: ['looked_after', 'nhs', 'school'] }));
      expect(result).toMatchObject({ route: 'statutory', signposts: ['nhs', 'school'], flags: ['partly_elsewhere'] });
      expect(result.rules).toEqual(['R2', 'R5', 'R6']);
      expect(result.explanation.complainant).toContain('For that part, you can also contact the NHS and the school.');
    });

    it('lists each target once', () => {
      const result = screen(makeAnswers({ services: ['school', 'school'] }));
      expect(result.signposts).toEqual(['school']);
      expect(result.issues).toHaveLength(1);
    });

    it('sends a service the catalogue does not know to triage', () => {
      const result = screen(makeAnswers({ services: ['made_up_service'] }));
      expect(result.route).toBe('triage');
      expect(result.issues).toEqual([{ serviceId: 'made_up_service', label: 'made_up_service', route: 'triage', exclusionCheck: false }]);
      expect(result.explanation.staff.join('\n')).toContain('"made_up_service"');
    });

    it('sends a complaint with no subject chosen to triage', () => {
      const result = screen(makeAnswers({ services: [] }));
      expect(result.route).toBe('triage');
      expect(result.explanation.staff).toContain('Note: no subject chosen; for the complaints manager to decide.');
    });

    it('notes an undecided part for staff alongside a council route', () => {
      const result = screen(makeAnswers({ services: ['looked_after', 'not_sure'] }));
      expect(result.route).toBe('statutory');
      expect(result.explanation.staff.join('\n')).toContain('Note: not enough to tell');
    });
  });

  describe('responsible council', () => {
    it("keeps the route and flags when only some children are another council's", () => {
      const result = screen(makeAnswers({ children: [thisCouncilChild, { name: 'Jo Taylor', age: 3, responsibleCouncil: 'another' }] }));
      expect(result).toMatchObject({ route: 'statutory', flags: ['another_council'], signposts: [] });
      expect(result.explanation.staff[0]).toContain('Jo Taylor is another council');
    });

    it('flags a child whose council the person is not sure of', () => {
      const result = screen(makeAnswers({ children: [{ name: 'Sam', age: 12, responsibleCouncil: 'not_sure' }] }));
      expect(result).toMatchObject({ route: 'statutory', flags: ['responsible_council_unclear'] });
      expect(result.rules).toContain('R1');
    });

    it('still lists other bodies after the other council', () => {
      const result = screen(makeAnswers({ services: ['looked_after', 'school'], children: [{ name: 'A', age: 9, responsibleCouncil: 'another' }] }));
      expect(result).toMatchObject({ route: 'signpost', signposts: ['other_council', 'school'] });
      expect(result.flags).not.toContain('partly_elsewhere');
    });
  });

  describe('eligibility (R6)', () => {
    it.each([
      ['child', undefined, false],
      ['care_leaver', undefined, false],
      ['parent', undefined, false],
      ['parental_responsibility', undefined, false],
      ['foster_carer', undefined, false],
      ['special_guardian', undefined, false],
      // Acts for the child, who is eligible.
      ['advocate', undefined, false],
      // Eligible for adoption functions only.
      ['adoption', undefined, true],
      ['relative_or_other', 'none', true],
      ['relative_or_other', undefined, true],
      ['relative_or_other', 'foster_carer', false],
      ['relative_or_other', 'special_guardian', false],
      ['relative_or_other', 'lives_with_order', false],
    ] as const)('%s (standing %s) about a looked-after child needs a sufficient-interest decision: %s', (role, relativeStanding, expected) => {
      const result = screen(makeAnswers({ role, relativeStanding }));
      expect(result.route).toBe('statutory');
      expect(result.rules).toContain('R6');
      expect(result.flags.includes('sufficient_interest_decision')).toBe(expected);
    });

    it('treats an adoption-related person as eligible for adoption support', () => {
      const result = screen(makeAnswers({ role: 'adoption', services: ['adoption_support'] }));
      expect(result).toMatchObject({ route: 'statutory', flags: [] });
    });

    it('asks for a decision on the parts outside adoption', () => {
      const result = screen(makeAnswers({ role: 'adoption', services: ['adoption_support', 'disabled_children'] }));
      expect(result.flags).toEqual(['sufficient_interest_decision']);
      expect(result.explanation.staff.find((l) => l.startsWith('R6'))).toContain('"Services for disabled children, including short breaks"');
    });

    it('does not check eligibility when nothing is statutory', () => {
      const result = screen(makeAnswers({ role: 'relative_or_other', services: ['early_help'] }));
      expect(result.rules).not.toContain('R6');
      expect(result.flags).not.toContain('sufficient_interest_decision');
    });
  });

  describe('time limit (R9)', () => {
    it("uses the council's number of months", () => {
      const council = structuredClone(exampleCouncil());
      council.timescales.timeLimitMonths = 1;
      const result = screen(makeAnswers({ when: { kind: 'exact', date: '2026-01-15' } }), council);
      expect(result.flags).toContain('out_of_time');
      expect(result.explanation.complainant).toContain('within 1 month of what happened');
    });

    it('sends a date the person is not sure of to triage', () => {
      const result = screen(makeAnswers({ when: { kind: 'not_sure' } }));
      expect(result).toMatchObject({ route: 'triage', flags: ['date_unknown'] });
      expect(result.rules).toContain('R9');
      expect(result.issues[0]?.route).toBe('statutory');
    });

    it('keeps a signpost when the person is not sure of the date', () => {
      const result = screen(makeAnswers({ services: ['nhs'], when: { kind: 'not_sure' } }));
      expect(result).toMatchObject({ route: 'signpost', flags: ['date_unknown'] });
    });

    it('flags a 29 February anniversary', () => {
      const result = screen(makeAnswers({ when: { kind: 'exact', date: '2024-02-29' } }), exampleCouncil(), new Date('2025-02-28T12:00:00Z'));
      expect(result.flags).toEqual(['leap_day']);
      expect(result.rules).toContain('R9');
    });

    it('lists the reasons for the delay for staff', () => {
      const result = screen(makeAnswers({ when: { kind: 'exact', date: '2023-05-01' }, delayReasons: ['illness_or_mental_health', 'waiting_for_council'] }));
      expect(result.explanation.staff.find((l) => l.startsWith('R9'))).toContain('illness or mental health, waiting for council');
    });
  });

  describe('advocacy and consent', () => {
    it('flags a child who wants an advocate', () => {
      const result = screen(makeChildAnswers({ wantsAdvocate: 'yes' }));
      expect(result.flags).toEqual(['advocacy_requested']);
      // The confirmation page says what happens about the advocate in a section of its own.
      expect(result.explanation.complainant).not.toContain('advocate');
      // The referral is made (or to be made by hand) in the team's triage list, not in this note.
      expect(result.explanation.staff).toContain(
        'Note: an independent advocate was asked for (s26A); the referral to National Youth Advocacy Service (NYAS) is under Triage.',
      );
    });

    it('does not flag an advocate for an adult acting for a child', () => {
      expect(screen(makeAnswers({ wantsAdvocate: 'yes' })).flags).toEqual([]);
    });

    it.each([
      ['no', ['child_does_not_agree']],
      ['not_asked', ['child_not_asked']],
      ['too_young', []],
      ['not_safe', []],
      ['yes', []],
    ] as const)('records a child agreement of %s without changing the route', (childAgreement, expected) => {
      const result = screen(makeAnswers({ childAgreement }));
      expect(result.flags).toEqual(expected);
      expect(result.route).toBe('statutory');
    });

    it('flags an advocate the child did not instruct', () => {
      const result = screen(makeAnswers({ role: 'advocate', childInstructedAdvocate: 'no' }));
      expect(result).toMatchObject({ route: 'statutory', flags: ['non_instructed_advocate'] });
    });
  });

  describe('explanation', () => {
    it('speaks to a child as "you"', () => {
      const text = screen(makeChildAnswers()).explanation.complainant;
      expect(text).toContain('services for you');
      expect(text).not.toContain('the child');
    });

    it('speaks to an adult about "the child"', () => {
      expect(screen(makeAnswers()).explanation.complainant).toContain('services for the child');
    });

    it('says "the children" when there are several', () => {
      const result = screen(makeAnswers({ children: [thisCouncilChild, { name: 'Jo', age: 3, responsibleCouncil: 'this' }] }));
      expect(result.explanation.complainant).toContain('services for the children');
    });

    it.each([
      ['statutory', ['looked_after'], '4 working days'],
      ['split', ['looked_after', 'early_help'], '4 working days'],
      ['triage', ['not_sure'], '4 working days'],
      ['signpost', ['police'], '4 working days'],
      ['corporate', ['early_help'], '7 working days'],
    ])("gives the %s route the council's acknowledgement days", (route, services, days) => {
      const result = screen(makeAnswers({ services }), councilWithAcknowledgement(4, 7));
      expect(result.route).toBe(route);
      expect(result.explanation.complainant).toContain(`within ${days}`);
    });

    it('says what we think will happen and that the team will confirm it', () => {
      const text = screen(makeAnswers()).explanation.complainant;
      expect(text).toContain("We think your complaint will be looked at under the complaints procedure for children's social care set by law");
      expect(text).toContain('The complaints team will confirm how your complaint will be handled within 3 working days.');
    });

    it("names the council's own procedure for the corporate route", () => {
      expect(screen(makeAnswers({ services: ['early_help'] })).explanation.complainant).toContain(
        "We think your complaint will be looked at under Example Council's own complaints procedure.",
      );
    });

    it('tells a signposted person where to go and that they can still send it', () => {
      const text = screen(makeAnswers({ services: ['police'] })).explanation.complainant;
      expect(text).toContain('You can complain to the police.');
      expect(text).toContain('You can still send your complaint to us.');
    });

    it('lists several other bodies in one sentence', () => {
      const text = screen(makeAnswers({ services: ['school', 'send'] })).explanation.complainant;
      expect(text).toContain('You can complain to the school and the SEND Tribunal.');
    });

    it("leaves the council's time limit out of a signpost, which another body decides", () => {
      const result = screen(makeAnswers({ services: ['nhs'], when: { kind: 'exact', date: '2020-01-01' } }));
      expect(result.flags).toContain('out_of_time');
      expect(result.explanation.complainant).not.toContain('usually made within');
    });

    it('writes one staff line per rule that fired, in table order, then notes', () => {
      const result = screen(
        makeAnswers({ worriedAboutHarm: true, services: ['looked_after', 'early_help', 'nhs'], proceedings: 'yes', childAgreement: 'not_asked' }),
      );
      const ruleLines = result.explanation.staff.filter((l) => /^R\d+ /.test(l));
      expect(ruleLines.map((l) => l.split(' ')[0])).toEqual(result.rules);
      expect(result.rules).toEqual(['R0', 'R2', 'R5', 'R6', 'R8', 'R10']);
      expect(result.explanation.staff.slice(ruleLines.length).every((l) => l.startsWith('Note: '))).toBe(true);
    });

    it('mentions proceedings the person is not sure about to staff without a flag', () => {
      const result = screen(makeAnswers({ proceedings: 'not_sure' }));
      expect(result.flags).toEqual([]);
      expect(result.rules).not.toContain('R10');
      expect(result.explanation.staff.join('\n')).toContain('not sure whether there are court proceedings or a police investigation');
    });
  });

  describe('DOMAIN edge cases', () => {
    it('edge case 1: late from the event but recently found out is flagged, measured both ways, and kept', () => {
      const result = screen(
        makeAnswers({ when: { kind: 'exact', date: '2024-05-10' }, foundOut: { kind: 'exact', date: '2026-02-01' }, delayReasons: ['only_just_found_out'] }),
      );
      expect(result).toMatchObject({ route: 'statutory', flags: ['out_of_time'] });
      expect(result.timeLimit).toMatchObject({ outOfTimeFromEvent: true, outOfTimeFromKnowledge: false, limitFromKnowledge: '2027-02-01' });
      expect(result.explanation.staff.find((l) => l.startsWith('R9'))).toContain('in time on that basis');
    });

    it('edge case 2: something still happening is in time however long ago it started', () => {
      const result = screen(makeAnswers({ when: { kind: 'ongoing' } }));
      expect(result.timeLimit.status).toBe('ongoing');
      expect(result.flags).not.toContain('out_of_time');
      expect(result.rules).not.toContain('R9');
    });

    it('edge case 3: a 17-year-old is a child, eligible, spoken to as "you" and offered an advocate', () => {
      const result = screen(makeChildAnswers({ children: [{ name: 'Alex', age: 17, responsibleCouncil: 'this' }], wantsAdvocate: 'yes' }));
      expect(result.legalCategory).toBe('Child or young person (Children Act 1989 s26(3)(a))');
      expect(result).toMatchObject({ route: 'statutory', flags: ['advocacy_requested'] });
      expect(result.explanation.complainant).toContain('It is for complaints about services for you.');
    });

    it('edge case 4: a 24-year-old care leaver uses s24D and can still have an advocate', () => {
      const result = screen(
        makeChildAnswers({
          role: 'care_leaver',
          children: [{ name: 'Alex', age: 24, responsibleCouncil: 'this' }],
          services: ['leaving_care'],
          wantsAdvocate: 'yes',
        }),
      );
      expect(result.legalCategory).toBe('Care leaver (s24D)');
      expect(result).toMatchObject({ route: 'statutory', flags: ['advocacy_requested'] });
    });

    it('edge case 5: an adult complaining about care as a child stays statutory, out of time and historical', () => {
      const result = screen(
        makeChildAnswers({
          role: 'care_leaver',
          children: [{ name: 'Alex', age: 30, responsibleCouncil: 'this' }],
          when: { kind: 'month', year: 2012, month: 9 },
        }),
      );
      expect(result).toMatchObject({ route: 'statutory', flags: ['out_of_time', 'historical'] });
      expect(result.explanation.complainant).not.toMatch(/reject/i);
    });

    it('edge case 6: statutory and non-statutory issues together are split, each with its own route', () => {
      const result = screen(makeAnswers({ services: ['child_protection', 'looked_after'] }));
      expect(result.route).toBe('split');
      expect(result.issues.map((i) => [i.serviceId, i.route, i.exclusionCheck])).toEqual([
        ['child_protection', 'corporate', true],
        ['looked_after', 'statutory', false],
      ]);
      expect(result.explanation.complainant).toContain('The complaints team will tell you how each part will be handled.');
    });

    // The contact details form requires a name and a way to reply; this proves screening never turns anyone away.
    it('edge case 7: screening names a legal category and never returns a refusal for any role', () => {
      for (const role of complainantRoles) {
        const result = screen(makeAnswers({ role }));
        expect(result.legalCategory).not.toBe('');
        expect(routes).toContain(result.route);
        expect(result.explanation.complainant).not.toMatch(/reject|refus/i);
      }
    });

    it.each([
      ['foster_carer', 'Local authority foster parent (s26(3)(d))', "who is the child's foster carer"],
      ['special_guardian', 'Special guardianship (s26(3C))', "who is the child's special guardian"],
      ['lives_with_order', 'Person with parental responsibility (s26(3)(c))', 'who holds a "lives with" child arrangements order'],
    ] as const)('edge case 8: a grandparent whose standing is %s is eligible as %s', (relativeStanding, category, why) => {
      const result = screen(makeAnswers({ role: 'relative_or_other', relationship: 'grandfather', relativeStanding }));
      expect(result).toMatchObject({ route: 'statutory', legalCategory: category, flags: [] });
      expect(result.explanation.staff.find((l) => l.startsWith('R6'))).toBe(
        `R6 eligibility: ${category}, as a relative ("grandfather") ${why} — can use the statutory procedure in their own right.`,
      );
    });

    it('edge case 9: a parent without parental responsibility is eligible as a parent', () => {
      const result = screen(makeAnswers({ role: 'parent', relationship: 'father, not on the birth certificate' }));
      expect(result.legalCategory).toBe('Parent, with or without parental responsibility (s26(3)(b))');
      expect(result.flags).not.toContain('sufficient_interest_decision');
    });

    it('edge case 10: a worry raised only on check answers is flagged, whatever the complaint text says', () => {
      const quiet = screen(makeAnswers({ whatHappened: 'He hits me when I get home.' }));
      expect(quiet.flags).not.toContain('safeguarding');
      const result = screen(makeAnswers({ worriedAtCheck: true }));
      expect(result.flags).toEqual(['safeguarding']);
      // The confirmation page's safeguarding warning says what happens and who to call; the
      // explanation of the route does not say it again.
      expect(result.explanation.complainant).not.toContain('01632 960100');
    });

    // Exit this page, the safe-to-contact question and no browser storage belong to the journey's pages.
    it('edge case 11: the explanation repeats nothing the child wrote, so it is safe on a shared screen', () => {
      const answers = makeChildAnswers({
        children: [{ name: 'Riley Quinn', age: 14, responsibleCouncil: 'this' }],
        whatHappened: 'My stepdad shouts at me and the social worker does not listen.',
        outcomeWanted: 'A new placement.',
      });
      const text = screen(answers).explanation.complainant;
      expect(text).not.toContain('Riley');
      expect(text).not.toContain('stepdad');
      expect(text).not.toContain('placement');
    });

    it('edge case 12: a parent complaining when the child does not agree is recorded, not blocked', () => {
      const result = screen(makeAnswers({ childAgreement: 'no' }));
      expect(result).toMatchObject({ route: 'statutory', flags: ['child_does_not_agree'] });
      expect(result.explanation.complainant).not.toContain('agree');
    });

    it('edge case 13: proceedings are flagged, and a court decision itself is signposted to legal advice', () => {
      const withProceedings = screen(makeAnswers({ proceedings: 'yes' }));
      expect(withProceedings).toMatchObject({ route: 'statutory', flags: ['proceedings'] });
      expect(withProceedings.explanation.complainant).toContain('may wait for it to finish');
      const aboutDecision = screen(makeAnswers({ services: ['court_decision'] }));
      expect(aboutDecision).toMatchObject({ route: 'signpost', signposts: ['court'] });
    });

    // The journey's wording avoids promising a disciplinary outcome; screening must not promise one either.
    it('edge case 14: naming a member of staff changes nothing and no outcome is promised', () => {
      const plain = screen(makeAnswers());
      const named = screen(makeAnswers({ whatHappened: 'The social worker, Ms Jones, cancelled contact and was rude.' }));
      expect(named).toEqual(plain);
      expect(named.explanation.complainant).not.toMatch(/disciplin/i);
    });

    it.each([
      ['approval_decision', 'signpost'],
      ['fostering_support', 'statutory'],
    ])('edge case 15: a foster carer complaining about %s goes to %s', (service, route) => {
      const result = screen(makeAnswers({ role: 'foster_carer', services: [service] }));
      expect(result.route).toBe(route);
      expect(result.legalCategory).toBe('Local authority foster parent (s26(3)(d))');
    });

    it.each(['children_in_need', 'disabled_children'])('edge case 16: %s (a refused s17 assessment, short breaks) is statutory', (service) => {
      expect(screen(makeAnswers({ services: [service] })).route).toBe('statutory');
    });

    it('edge case 17: early help is corporate without an exclusion check', () => {
      const result = screen(makeAnswers({ services: ['early_help'] }));
      expect(result).toMatchObject({ route: 'corporate', flags: [] });
      expect(result.explanation.staff).toEqual(['Note: corporate by the service catalogue: "Early help or family support before social care was involved".']);
    });

    it('edge case 18: a child placed by another council is signposted to that council', () => {
      const result = screen(makeAnswers({ children: [{ name: 'Sam', age: 12, responsibleCouncil: 'another' }] }));
      expect(result).toMatchObject({ route: 'signpost', signposts: ['other_council'], flags: ['another_council'] });
      expect(result.explanation.complainant).toContain('We think another council is responsible for the child');
      expect(result.explanation.complainant).toContain('You can still send your complaint to us.');
    });

    // Late stage 2 and 3 requests are flagged by the escalation journey; here an earlier open complaint is noted, not treated as a repeat.
    it('edge case 19: an earlier complaint still going is noted for staff and never blocks a new one', () => {
      const result = screen(makeAnswers({ previousComplaint: 'yes_ongoing', previousReference: 'CSC-7K4M-2P9X' }));
      expect(result).toMatchObject({ route: 'statutory', flags: [] });
      expect(result.explanation.staff).toContain('Note: an earlier complaint about this is still open (reference CSC-7K4M-2P9X).');
    });

    it.each([
      ['a month and year, counted from its last day', { kind: 'month', year: 2025, month: 3 }, 'in_time', []],
      ['not sure, sent to triage', { kind: 'not_sure' }, 'unknown', ['date_unknown']],
    ] as const)('edge case 20: a date given as %s', (_, when, status, expectedFlags) => {
      // 31 March 2026 is the last day in time for March 2025.
      const result = screen(makeAnswers({ when }), exampleCouncil(), new Date('2026-03-31T10:00:00Z'));
      expect(result.timeLimit.status).toBe(status);
      expect(result.flags).toEqual(expectedFlags);
    });

    it('edge case 20: 29 February plus a year is 28 February and flagged', () => {
      const result = screen(makeAnswers({ when: { kind: 'exact', date: '2024-02-29' } }), exampleCouncil(), new Date('2025-03-01T10:00:00Z'));
      expect(result.timeLimit.limitFromEvent).toBe('2025-02-28');
      expect(result.flags).toEqual(['out_of_time', 'leap_day']);
    });

    // The timeline module moves receipt to the next working day; the time limit uses the day it was sent in England.
    it('edge case 21: at 23:30 UTC on 31 March in summer time the time limit uses the London date, 1 April', () => {
      const answers = makeAnswers({ when: { kind: 'exact', date: '2025-03-31' } });
      const justBefore = screen(answers, exampleCouncil(), new Date('2026-03-31T22:30:00Z'));
      const afterMidnightInLondon = screen(answers, exampleCouncil(), new Date('2026-03-31T23:30:00Z'));
      expect(justBefore.flags).not.toContain('out_of_time');
      expect(afterMidnightInLondon.flags).toContain('out_of_time');
      expect(afterMidnightInLondon.timeLimit.reason).toContain('received 1 April 2026');
    });

    it('edge case 22: several children are one complaint, each checked for their council', () => {
      const result = screen(
        makeAnswers({
          children: [
            thisCouncilChild,
            { name: 'Jo Taylor', age: 3, responsibleCouncil: 'another', otherCouncilName: 'Northshire County Council' },
            { name: 'Kit Taylor', age: 1, responsibleCouncil: 'not_sure' },
          ],
        }),
      );
      expect(result).toMatchObject({ route: 'statutory', flags: ['another_council', 'responsible_council_unclear'] });
      expect(result.explanation.staff[0]).toBe(
        "R1 responsible council: Jo Taylor is another council's responsibility (Northshire County Council): the parts about them belong to that council; not sure which council is responsible for Kit Taylor: check before starting.",
      );
      expect(result.explanation.complainant).toContain('Another council is responsible for some of the children.');
    });

    // The start page shows phone, letter, email and BSL; the explanation must read the same for a complaint keyed in from any of them.
    it('edge case 23: the explanation points to the complaints team, never to this website', () => {
      for (const services of [['looked_after'], ['early_help'], ['school'], ['not_sure']]) {
        const text = screen(makeAnswers({ services })).explanation.complainant;
        expect(text).toContain('complaints team');
        expect(text).not.toMatch(/website|online|this form|this page/i);
      }
    });
  });

  describe('for any answers', () => {
    const council = exampleCouncil();
    const serviceIds = [...council.services.map((s) => s.id), 'unknown_service'];
    const isoDate = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const eventDate: fc.Arbitrary<EventDate> = fc.oneof(
      isoDate.map((date) => ({ kind: 'exact' as const, date })),
      fc.record({ kind: fc.constant('month' as const), year: fc.integer({ min: 2000, max: 2027 }), month: fc.integer({ min: 1, max: 12 }) }),
      fc.constant({ kind: 'ongoing' as const }),
      fc.constant({ kind: 'not_sure' as const }),
    );
    const child: fc.Arbitrary<ChildDetails> = fc.record({
      name: fc.string({ minLength: 1, maxLength: 12 }),
      age: fc.integer({ min: 0, max: 25 }),
      responsibleCouncil: fc.constantFrom('this', 'another', 'not_sure'),
    });
    const yesNoNotSure = fc.constantFrom('yes', 'no', 'not_sure') as fc.Arbitrary<'yes' | 'no' | 'not_sure'>;
    const answers: fc.Arbitrary<ComplaintAnswers> = fc.record(
      {
        dangerNow: fc.boolean(),
        worriedAboutHarm: fc.boolean(),
        worriedAtCheck: fc.boolean(),
        role: fc.constantFrom(...complainantRoles),
        relativeStanding: fc.constantFrom(...relativeStandings),
        relationship: fc.string({ maxLength: 20 }),
        childInstructedAdvocate: yesNoNotSure,
        childAgreement: fc.constantFrom(...childAgreements),
        children: fc.array(child, { maxLength: 4 }),
        services: fc.array(fc.constantFrom(...serviceIds), { maxLength: 5 }),
        commissionedProvider: yesNoNotSure,
        whatHappened: fc.string(),
        when: eventDate,
        foundOut: eventDate.filter((d): d is Extract<EventDate, { kind: 'exact' | 'month' }> => d.kind === 'exact' || d.kind === 'month'),
        delayReasons: fc.subarray([...delayReasons]),
        outcomeWanted: fc.string(),
        proceedings: yesNoNotSure,
        previousComplaint: fc.constantFrom('no', 'yes_ongoing', 'yes_completed'),
        previousReference: fc.string({ maxLength: 14 }),
        wantsAdvocate: yesNoNotSure,
      },
      {
        requiredKeys: [
          'dangerNow',
          'worriedAboutHarm',
          'role',
          'children',
          'services',
          'commissionedProvider',
          'whatHappened',
          'when',
          'outcomeWanted',
          'proceedings',
          'previousComplaint',
        ],
      },
    );
    const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true });

    it('always gives a route, sorted unique flags, rules in table order, safeguarding exactly when asked, and never says "reject"', () => {
      fc.assert(
        fc.property(answers, instant, (a, at) => {
          const result = inWords(screenComplaint(a, council, at), council);
          expect(routes).toContain(result.route);
          expect(result.flags).toEqual(flagOrder.filter((f) => result.flags.includes(f)));
          expect(new Set(result.flags).size).toBe(result.flags.length);
          expect(result.rules).toEqual(ruleIds.filter((r) => result.rules.includes(r)));
          const worried = a.dangerNow || a.worriedAboutHarm || a.worriedAtCheck === true;
          expect(result.flags.includes('safeguarding')).toBe(worried);
          expect(result.explanation.complainant).not.toMatch(/reject/i);
          expect(result.explanation.complainant.length).toBeGreaterThan(0);
        }),
        { numRuns: 500 },
      );
    });
  });
});

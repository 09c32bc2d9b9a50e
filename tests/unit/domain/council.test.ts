import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CouncilConfigError, parseCouncil } from '../../../src/domain/council.ts';
import { loadCouncilFile } from '../../helpers/councils.ts';

const councilFiles = ['content/councils/example-borough.yaml', 'tests/fixtures/councils/test-council.yaml'];

/** Parsed YAML before validation: any shape, which is what these tests break on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests reach into fields of every shape
type RawCouncil = Record<string, any>;

/** The example council as raw YAML data, for breaking one field at a time. */
const rawExample = (): RawCouncil => parse(readFileSync('content/councils/example-borough.yaml', 'utf8'));

const exampleServiceCount = (rawExample()['services'] as unknown[]).length;

/** The error parseCouncil throws for this data; fails the test if it does not throw one. */
function councilErrorFor(raw: unknown): CouncilConfigError {
  try {
    parseCouncil(raw, 'broken.yaml');
  } catch (error) {
    if (error instanceof CouncilConfigError) return error;
    throw error;
  }
  throw new Error('parseCouncil accepted a broken council file');
}

describe('parseCouncil', () => {
  it.each(councilFiles)('accepts the shipped council file %s', (file) => {
    const council = loadCouncilFile(file);
    expect(council.slug).toBe(basename(file, '.yaml'));
  });

  it('fills in the DOMAIN.md defaults for the example council', () => {
    const council = loadCouncilFile(councilFiles[0]!);
    expect(council.timescales.statutory).toEqual({
      acknowledge: 3,
      stage1: 10,
      stage1Extended: 20,
      stage2RequestWindow: 20,
      stage2: 25,
      stage2Extended: 65,
      stage3RequestWindow: 20,
      panel: 30,
      panelReport: 5,
      finalResponse: 15,
    });
    expect(council.calendar).toEqual({ extraNonWorkingDays: [], officeClosures: [], receiptCutOff: null });
  });

  it('reads the test council values that differ from the defaults', () => {
    const council = loadCouncilFile(councilFiles[1]!);
    expect(council.referencePrefix).toBe('TST');
    expect(council.timescales.statutory.acknowledge).toBe(5);
    expect(council.timescales.statutory.stage2RequestWindow).toBe(28);
    expect(council.timescales.corporate.acknowledge).toBe(5);
    expect(council.calendar.receiptCutOff).toBe('17:00');
    expect(council.calendar.extraNonWorkingDays).toHaveLength(1);
    expect(council.calendar.officeClosures.length).toBeGreaterThan(0);
    expect(new Set(council.services.map((s) => s.route))).toEqual(new Set(['statutory', 'corporate', 'exclusion_check', 'signpost', 'triage']));
  });

  it('gives the test council its own names, contacts and mailboxes', () => {
    const example = loadCouncilFile(councilFiles[0]!);
    const test = loadCouncilFile(councilFiles[1]!);
    expect(test.name).not.toBe(example.name);
    expect(test.mail.complaintsTeam).not.toBe(example.mail.complaintsTeam);
    expect(test.mail.safeguarding).not.toBe(example.mail.safeguarding);
    expect(test.contacts.complaints.phone).not.toBe(example.contacts.complaints.phone);
    expect(test.contacts.frontDoor.phone).not.toBe(example.contacts.frontDoor.phone);
  });

  it.each([
    ['a missing field', (raw: RawCouncil) => delete raw['mail'].complaintsTeam, 'mail.complaintsTeam: missing; add it'],
    [
      'a bad email address',
      (raw: RawCouncil) => (raw['contacts'].complaints.email = 'complaints at example'),
      'contacts.complaints.email: an email address such as "complaints@example.gov.uk"',
    ],
    ['a bad colour', (raw: RawCouncil) => (raw['brandColour'] = 'teal'), 'brandColour: a colour written as #RRGGBB'],
    ['an unknown key', (raw: RawCouncil) => (raw['mail'].replyTo = 'someone@example.gov.uk'), 'mail: unknown field(s) replyTo; remove or rename'],
    ['an unknown key at the top of the file', (raw: RawCouncil) => (raw['colour'] = '#00635a'), 'unknown field(s) colour'],
    [
      'a signpost service without a target',
      (raw: RawCouncil) => raw['services'].push({ id: 'housing', label: 'Housing', route: 'signpost' }),
      `services.${exampleServiceCount}.signpost: give "signpost"`,
    ],
    ['a bad cut-off time', (raw: RawCouncil) => (raw['calendar'] = { receiptCutOff: '5pm' }), 'calendar.receiptCutOff: a time written as HH:MM'],
    [
      'an extra non-working day that is not a date',
      (raw: RawCouncil) => (raw['calendar'] = { extraNonWorkingDays: ['2026-02-30'] }),
      'calendar.extraNonWorkingDays.0: a date written as YYYY-MM-DD',
    ],
  ])('throws CouncilConfigError naming the field for %s', (_, breakIt, expected) => {
    const raw = rawExample();
    breakIt(raw);
    const error = councilErrorFor(raw);
    expect(error.name).toBe('CouncilConfigError');
    expect(error.source).toBe('broken.yaml');
    expect(error.message).toContain('broken.yaml');
    expect(error.message).toContain(expected);
    expect(error.problems).toHaveLength(1);
  });

  it('lists every problem, not only the first', () => {
    const raw = rawExample();
    raw['brandColour'] = 'teal';
    raw['referencePrefix'] = 'csc';
    expect(councilErrorFor(raw).problems.map((p) => p.split(':')[0])).toEqual(['brandColour', 'referencePrefix']);
  });
});

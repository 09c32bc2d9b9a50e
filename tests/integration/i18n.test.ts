import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyWording, CopyConfigError, placeholdersOf, readCatalogue } from '../../src/server/i18n/catalogue.ts';
import { loadCopy } from '../../src/server/i18n/load.ts';
import { toPseudoText } from '../../src/server/i18n/pseudo.ts';
import { createCopy, MissingCopyError } from '../../src/server/i18n/translator.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil, testCouncil } from '../helpers/councils.ts';

/** The catalogue of words, a council's wording over it, and the checks that keep both honest. */

const facts = new Set(['council.shortName', 'frontDoor.phone']);
const catalogue = { steps: { who: { title: 'Who is complaining?', hint: 'Tell us about {{name}}' } } };

/** The problems a council's wording is refused with. */
function problemsWith(wording: Record<string, string>): string[] {
  try {
    applyWording(catalogue, wording, { source: 'the test council', facts });
  } catch (error) {
    if (error instanceof CopyConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('applyWording', () => {
  it('rewords a sentence the catalogue has', () => {
    expect(applyWording(catalogue, { 'steps.who.title': 'Who are you?' }, { source: 'x', facts })).toEqual({
      steps: { who: { title: 'Who are you?', hint: 'Tell us about {{name}}' } },
    });
  });

  it.each([
    // The sentence's own value, and council facts, may be used.
    ['its own value', { 'steps.who.hint': 'About {{name}}' }],
    ['a council fact', { 'steps.who.title': 'Who is complaining to {{council.shortName}}?' }],
    // The child's wording may be added to a sentence that has none yet.
    ["the child's form of a sentence", { 'steps.who.title_child': 'Who are you?' }],
  ])('accepts %s', (_, wording) => {
    expect(problemsWith(wording)).toEqual([]);
  });

  it('refuses a key the catalogue does not have, naming it and the sentences beside it', () => {
    expect(problemsWith({ 'steps.who.titel': 'Who?' })).toEqual([
      'wording "steps.who.titel": there is no such sentence; sentences here are steps.who.title, steps.who.hint',
    ]);
  });

  it('refuses a value the sentence is not given, saying which it may use', () => {
    expect(problemsWith({ 'steps.who.hint': 'Call {{phone}}' })).toEqual([
      'wording "steps.who.hint": uses {{phone}}, which this sentence is not given; it may use {{name}} and council facts',
    ]);
  });

  it('stops start-up with every bad key named and what to do', () => {
    const council = { ...exampleCouncil(), wording: { en: { 'layout.noSuchThing': 'x', 'layout.back': 'Go back to {{nowhere}}' } } };
    const load = () => loadCopy({ council, councilSource: 'council.yaml', locale: 'en', settings: { retentionDays: 30, sessionMinutes: 120 }, strict: true });
    expect(load).toThrow(CopyConfigError);
    expect(load).toThrow(/The wording in council\.yaml cannot be used:\n {2}- wording "layout\.noSuchThing": there is no such sentence/);
    expect(load).toThrow(/wording "layout\.back": uses \{\{nowhere\}\}/);
    expect(load).toThrow(/npm run check-council/);
  });
});

describe("a council's wording", () => {
  it("is what the service says: the test council's own service name and child's hint", () => {
    const council = testCouncil();
    const { t } = createTestCopy(council);
    expect(t('layout.serviceName')).toBe("Complain about children's services in Testshire");
    expect(t('complaint.steps.what-happened.fields.whatHappened.hint', { context: 'child' })).toBe(
      'Tell us what went wrong, in your own words. A few lines is fine.',
    );
    // Everything it does not reword is the catalogue's.
    expect(t('complaint.steps.what-happened.fields.whatHappened.hint')).toBe(
      createTestCopy(exampleCouncil()).t('complaint.steps.what-happened.fields.whatHappened.hint'),
    );
  });
});

describe('placeholdersOf', () => {
  it.each([
    ['Call {{frontDoor.phone}} by {{date}}', ['frontDoor.phone', 'date']],
    ['{{items, and}} and $t(common.workingDays)', ['items', '$t(common.workingDays)']],
    ['No values', []],
  ])('finds the values in "%s"', (text, names) => {
    expect([...placeholdersOf(text)]).toEqual(names);
  });
});

describe('the translator', () => {
  const copy = createCopy({
    locale: 'en-GB',
    strict: true,
    catalogue: {
      common: { list: { and: '{{head}} and {{last}}', or: '{{head}} or {{last}}', separator: ', ' } },
      days_one: '{{count}} day',
      days_other: '{{count}} days',
      title: 'For adults',
      title_child: 'For you',
      lists: 'Go to {{places, and}}, or call {{numbers, or}}',
      link: 'Call **{{name}}** or [visit their website]({{url}})',
    },
    facts: { council: { shortName: 'Example' } },
  });

  it.each([
    [1, '1 day'],
    [3, '3 days'],
  ])('picks the plural form for %i', (count, text) => {
    expect(copy.t('days', { count })).toBe(text);
  });

  it("uses the child's form only on the child's path", () => {
    expect([copy.t('title'), copy.t('title', { context: 'child' })]).toEqual(['For adults', 'For you']);
  });

  it('joins lists in the catalogue’s words', () => {
    expect(copy.t('lists', { places: ['a school', 'the NHS', 'the police'], numbers: ['999', '111'] })).toBe(
      'Go to a school, the NHS and the police, or call 999 or 111',
    );
  });

  it('keeps typed braces in a listed value as text, never a placeholder', () => {
    expect(copy.t('lists', { places: ['a{{7*7}}', 'b {{x}}'], numbers: ['{{council.name}}', '${7*7}'] })).toBe(
      'Go to a{{7*7}} and b {{x}}, or call {{council.name}} or ${7*7}',
    );
    expect(copy.rich('lists', { places: ['<b>{{y}}</b>', 'c'], numbers: ['1'] })).toBe('Go to &lt;b&gt;{{y}}&lt;/b&gt; and c, or call 1');
  });

  it('renders Markdown in a rich sentence but keeps every value as text', () => {
    expect(copy.rich('link', { name: '<script>*x*</script>', url: 'https://example.org/a_(b)' })).toBe(
      'Call <strong>&lt;script&gt;*x*&lt;/script&gt;</strong> or <a href="https://example.org/a_(b)" class="govuk-link">visit their website</a>',
    );
  });

  it('throws, in strict mode, on a key the catalogue does not have and on a value not given', () => {
    expect(() => copy.t('nothing.here')).toThrow(MissingCopyError);
    expect(() => copy.t('link', { name: 'x' })).toThrow(/needs a value for \{\{url\}\}/);
  });

  it('shows the key and reports it, outside strict mode, instead of failing the page', () => {
    const missing: string[] = [];
    const lenient = createCopy({ locale: 'en-GB', strict: false, catalogue: {}, facts: {}, onMissing: (key) => missing.push(key) });
    expect(lenient.t('nothing.here')).toBe('nothing.here');
    expect(missing).toEqual(['nothing.here']);
  });
});

describe('the translator, asked for the same sentence again', () => {
  it('puts a sentence without values into words once, and one with values afresh every time', () => {
    const made: string[] = [];
    const copy = createCopy({
      locale: 'en-GB',
      strict: false,
      catalogue: { greeting: 'Hello **{{name}}** from {{council.shortName}}' },
      facts: { council: { shortName: 'Example' } },
      // A sentence missing a value is reported each time it is put into words.
      onMissing: (key) => made.push(key),
    });
    expect(copy.rich('greeting')).toBe('Hello **** from Example');
    expect(copy.rich('greeting')).toBe('Hello **** from Example');
    expect(made).toHaveLength(1);
    expect([copy.rich('greeting', { name: 'Ann' }), copy.rich('greeting', { name: 'Bo' })]).toEqual([
      'Hello <strong>Ann</strong> from Example',
      'Hello <strong>Bo</strong> from Example',
    ]);
  });

  it('keeps a sentence whose only value is a context naming one of its forms, and makes any other context afresh', () => {
    const made: string[] = [];
    const copy = createCopy({
      locale: 'en-GB',
      strict: false,
      catalogue: { banner: 'Call {{missing}} on {{council.shortName}}', banner_noHours: 'Call {{missing}} any time', banner_child: 'Ask [a grown-up](/help)' },
      facts: { council: { shortName: 'Example' } },
      onMissing: (key) => made.push(key),
    });
    const twice = (values: Parameters<typeof copy.rich>[1]) => [copy.rich('banner', values), copy.rich('banner', values)];

    expect(twice({ context: 'noHours' })).toEqual(['Call  any time', 'Call  any time']);
    expect(made).toHaveLength(1);
    expect(twice({})).toEqual(['Call  on Example', 'Call  on Example']);
    expect(made).toHaveLength(2);
    expect(twice({ context: 'child' })).toEqual([
      'Ask <a href="/help" class="govuk-link">a grown-up</a>',
      'Ask <a href="/help" class="govuk-link">a grown-up</a>',
    ]);

    // A context the catalogue has no form for reads as the sentence itself, and is never kept:
    // what is kept is bounded by the catalogue, whatever a caller passes.
    made.length = 0;
    expect(twice({ context: 'anything typed' })).toEqual(['Call  on Example', 'Call  on Example']);
    expect(made).toHaveLength(2);
    // Nor is a context with a value of its own.
    made.length = 0;
    expect([copy.rich('banner', { context: 'noHours', missing: 'Ann' }), copy.rich('banner', { context: 'noHours', missing: 'Bo' })]).toEqual([
      'Call Ann any time',
      'Call Bo any time',
    ]);
  });
});

describe('the pseudo-locale', () => {
  it.each([
    ['What happened?', 'Ŵĥàţ ĥàƥƥéñéð?'],
    // Values, references to other sentences, link targets and govuk-frontend's counts stay as they are.
    ['Call {{frontDoor.phone}} or $t(common.x) [here](/help) %{count}', 'Çàļļ {{frontDoor.phone}} öŕ $t(common.x) [ĥéŕé](/help) %{count}'],
  ])('accents the words of "%s" and nothing else', (text, pseudo) => {
    expect(toPseudoText(text)).toBe(pseudo);
  });
});

describe('readCatalogue and npm run check-council', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalogue-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names a catalogue file that is not valid YAML', () => {
    mkdirSync(join(dir, 'en'));
    writeFileSync(join(dir, 'en', 'broken.yml'), 'title: [unclosed\n');
    expect(() => readCatalogue(dir, 'en')).toThrow(/broken\.yml: not valid YAML/);
  });

  it('checks a council file before it is deployed, wording included', async () => {
    const run = promisify(execFile);
    const good = join(dir, 'good.yaml');
    const bad = join(dir, 'bad.yaml');
    const example = readFileSync('content/councils/example-borough.yaml', 'utf8');
    writeFileSync(good, `${example}\nwording:\n  en:\n    layout.back: Go back\n`);
    writeFileSync(bad, `${example}\nwording:\n  en:\n    layout.bakc: Go back\n`);
    const ok = await run(process.execPath, ['scripts/check-council.ts', good]);
    expect(ok.stdout).toBe(`${good}: ready to use\n`);
    const refused = await run(process.execPath, ['scripts/check-council.ts', bad]).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('wording "layout.bakc": there is no such sentence');
  });
});

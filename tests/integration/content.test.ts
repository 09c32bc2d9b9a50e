import { describe, expect, it } from 'vitest';
import { renderContentPages, toContentVariables, UnknownPlaceholderError } from '../../src/server/content.ts';
import type { Council } from '../../src/domain/council.ts';
import { createTestCopy } from '../helpers/copy.ts';
import { exampleCouncil, testCouncil } from '../helpers/councils.ts';

const extra = { retentionDays: 30, sessionMinutes: 120 };
const variablesFor = (council: Council) => toContentVariables(council, extra, createTestCopy(council).t);

describe('renderContentPages', () => {
  it.each([
    ['the example council', exampleCouncil],
    ['the test council', testCouncil],
  ])('renders every page for %s with every placeholder filled', (_, load) => {
    const pages = renderContentPages(variablesFor(load()));
    expect([...pages.keys()].sort()).toEqual(['accessibility', 'cookies', 'help', 'how-it-works', 'privacy', 'young-people']);
    for (const page of pages.values()) {
      expect(page.html).not.toContain('{{');
      expect(page.title.length).toBeGreaterThan(3);
    }
  });

  it('takes timescales and contacts from the council, not the copy', () => {
    const council = testCouncil();
    const html = renderContentPages(variablesFor(council)).get('how-it-works')!.html;
    expect(html).toContain(`within ${council.timescales.statutory.acknowledge} working days`);
    expect(html).toContain(`within ${council.timescales.statutory.stage2RequestWindow} working days of getting the stage 1 reply`);
    expect(html).toContain(council.contacts.advocacy.name);
  });

  it('uses GOV.UK typography classes', () => {
    const html = renderContentPages(variablesFor(exampleCouncil())).get('help')!.html;
    expect(html).toMatch(/<h2 class="govuk-heading-m"/);
    expect(html).toMatch(/<p class="govuk-body"/);
    expect(html).toMatch(/<ul class="govuk-list govuk-list--bullet"/);
  });

  it('escapes council values rather than rendering them as HTML', () => {
    const council = exampleCouncil();
    council.contacts.frontDoor.name = '<script>alert(1)</script> Front *Door*';
    const html = renderContentPages(variablesFor(council)).get('help')!.html;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('renders every page for a council that gives no hours for its front door', () => {
    const council = exampleCouncil();
    delete council.contacts.frontDoor.hours;
    const help = renderContentPages(variablesFor(council)).get('help')!.html;
    const { name, phone } = council.contacts.frontDoor;
    expect(help).toContain(`${name}: <a href="tel:${phone.replace(/[^0-9+]/g, '')}" class="govuk-link">${phone}</a></li>`);
  });

  it('refuses a page that names an unknown value', () => {
    expect(() => renderContentPages({})).toThrow(UnknownPlaceholderError);
  });
});

import { describe, expect, it } from 'vitest';
import { isEmailAddress } from '../../../src/forms/page-schema.ts';

describe('isEmailAddress', () => {
  it.each([
    'pat@example.com',
    'a.b+tag@sub.example.co.uk',
    'name@example.gov.uk',
    "o'neil@example.com",
    // An international domain is accepted: mail sends it as punycode.
    'jo@exämple.com',
    'user@xn--exmple-cua.com',
  ])('accepts %s', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    // A mail library reads this as a display name and sends to the address in brackets.
    ['sam<victim@example.com', 'a display name'],
    ['a@b.com,c@d.com', 'a list'],
    ['a(comment)@example.com', 'a comment'],
    ['"quoted"@example.com', 'a quoted local part'],
    ['group:a@example.com;', 'a group'],
    ['a@b', 'no top-level domain'],
    ['a@localhost', 'a bare host'],
    ['a@b.c', 'a one-letter top-level domain'],
    ['a@1.2.3.4', 'an IP address'],
    ['a..b@example.com', 'two dots in a row'],
    ['a@-example.com', 'a label starting with a hyphen'],
    ['a@example.com:25', 'a port'],
    ['a@example.com/x', 'a path'],
    ['a@example.com ', 'a trailing space'],
    ['a@@example.com', 'two @ signs'],
    ['@example.com', 'no local part'],
  ])('refuses %s (%s)', (address) => {
    expect(isEmailAddress(address)).toBe(false);
  });
});

// findAddress reads addresses as the old expression <?(local{1,64}@domain{1,253}.tld{2,24})>? did
// (kept below as the reference), in linear time: the expression itself could not be proven
// linear, so it was exempt from the check in regex-safety.test.ts; findAddress's parts are not.
// One difference, on purpose: a mail log's key glued to an address ("to=user@…") is not part of it.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findAddress, recipientIn } from '../../src/lib/analyzer/readers/address';

const REFERENCE = /<?([A-Za-z0-9._%+'=-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24})>?/g;

const LOG_KEY = /^(?:from|to|orig_to)=(?=[^@])/i;

function reference(text: string) {
  return [...text.matchAll(REFERENCE)].map((m) => {
    const key = LOG_KEY.exec(m[1])?.[0].length ?? 0;
    return { index: m.index + key, end: m.index + m[0].length, address: m[1].slice(key) };
  });
}
function scanned(text: string) {
  const out = [];
  for (let m = findAddress(text); m; m = findAddress(text, m.end))
    out.push({ index: m.index, end: m.end, address: m.address });
  return out;
}

describe('findAddress', () => {
  it('finds an address bare or in angle brackets, and where it is', () => {
    expect(findAddress('RCPT TO:<bob@example.com> NOTIFY=NEVER')).toEqual({
      index: 8,
      end: 25,
      address: 'bob@example.com',
      bracketed: true,
    });
    expect(findAddress('550 5.1.1 bob@example.com... User unknown')?.address).toBe('bob@example.com');
    expect(findAddress('to=<a@localhost>, to=<b@example.org>')?.address).toBe('b@example.org'); // no dot: not one
    expect(findAddress('no address @ here')).toBeUndefined();
  });
  it('cuts a local part longer than 64 characters as the expression did (no "<" then)', () => {
    const m = findAddress(`<${'x'.repeat(70)}@example.com>`)!;
    expect([m.address.length, m.bracketed]).toEqual([64 + '@example.com'.length, false]);
  });
  it('reads every text exactly as the old expression: random texts and the fixtures', () => {
    const alphabet = fc.constantFrom(..."ab.-_@<>: \nXZ09+%'=é".split(''), 'com', 'example', '@x.org');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 120 }), (parts) => {
        const text = parts.join('');
        expect(scanned(text)).toEqual(reference(text));
      }),
      { numRuns: 3000, seed: 7 },
    );
    // A long local part and a long domain, where the bounds decide.
    for (const text of [
      `${'a'.repeat(100)}@${'b.'.repeat(140)}com`,
      `a@${'b'.repeat(300)}.com`,
      `<a@b.${'c'.repeat(30)}>`,
    ])
      expect(scanned(text)).toEqual(reference(text));
    for (const name of readdirSync('tests/fixtures/bounces').filter((n) => n.endsWith('.txt'))) {
      const text = readFileSync(`tests/fixtures/bounces/${name}`, 'utf8');
      expect(scanned(text)).toEqual(reference(text));
    }
  });
  it("recipientIn skips an address to write to, and reads a log's bare from= and to= keys", () => {
    expect(
      recipientIn(
        '554 IP=* - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.)',
        new Set(),
      ),
    ).toBeUndefined();
    expect(recipientIn('550 5.7.1 please contact postmaster@example.net <a@example.com>', new Set())).toBe(
      'a@example.com',
    );
    expect(findAddress('relay=mx, to=user@example.de')?.address).toBe('user@example.de');
    expect(
      recipientIn('blocked using zen.spamhaus.org; from=bounces@news.example.com, to=user@example.de', new Set()),
    ).toBe('user@example.de');
    // An address whose local part holds '=' for its own reasons (SRS) is kept whole.
    expect(recipientIn('550 unknown SRS0=ab12=XY=example.org=joe@example.net', new Set())).toBe(
      'SRS0=ab12=XY=example.org=joe@example.net',
    );
  });
  it('recipientIn still skips the sender slot and the sender', () => {
    expect(recipientIn('MAIL FROM:<me@example.org> RCPT TO:<you@example.com>', new Set())).toBe('you@example.com');
    expect(recipientIn('<me@example.org> <you@example.com>', new Set(['me@example.org']))).toBe('you@example.com');
  });
});

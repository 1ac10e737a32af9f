/**
 * Person-facing text (shared/domain/text.ts `isPersonText`, shared/contracts/text.ts
 * `personText`): every Vietnamese name passes, in NFC or NFD, and comes out NFC; any value with a
 * control, invisible or direction-changing code point is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personText } from '../../shared/contracts/text.ts';
import { isPersonText, quoteValue } from '../../shared/domain/text.ts';

/** Every vowel with every tone (and its circumflex, breve or horn), đ, and the other letters. */
const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323']; // huyền, sắc, hỏi, ngã, nặng
const toned = vowels.flatMap((v) => tones.map((t) => (v + t).normalize('NFC')));
const letters = [...toned, ...'bcdđghklmnpqrstvx'.split(''), "'"];

const word = fc
  .array(fc.constantFrom(...letters), { minLength: 1, maxLength: 7 })
  .map((ls) => ls.join(''))
  .filter((w) => /\p{L}/u.test(w));
const capitalised = fc.tuple(word, fc.boolean()).map(([w, up]) => (up ? w[0]!.toUpperCase() + w.slice(1) : w));
const name = fc.array(capitalised, { minLength: 2, maxLength: 5 }).map((ws) => ws.join(' '));

/** Code points person-facing text refuses, from every family. */
const forbidden = fc.oneof(
  fc.integer({ min: 0x00, max: 0x1f }), // C0: NUL, tab, line breaks, ESC
  fc.constant(0x7f),
  fc.integer({ min: 0x80, max: 0x9f }), // C1
  fc.integer({ min: 0x202a, max: 0x202e }), // bidi embeddings and overrides
  fc.integer({ min: 0x2066, max: 0x2069 }), // bidi isolates
  fc.constantFrom(0x200e, 0x200f, 0x061c), // direction marks
  fc.constantFrom(0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad), // zero-width, BOM, soft hyphen
  fc.constantFrom(0x2028, 0x2029), // line and paragraph separators
  fc.integer({ min: 0xd800, max: 0xdfff }), // lone surrogates
  fc.integer({ min: 0xe000, max: 0xf8ff }), // private use
  fc.constantFrom(0xfffe, 0xffff, 0x3164, 0xe0041), // noncharacters, Hangul filler, a tag letter
).map((cp) => String.fromCodePoint(cp));

const schema = personText({ min: 2, max: 200 });

describe('person-facing text', () => {
  it('draws names from all 72 toned vowels', () => expect(new Set(toned).size).toBe(72));

  it('accepts every Vietnamese name, NFC or NFD, and gives it back in NFC', () => {
    fc.assert(
      fc.property(name, fc.constantFrom('NFC', 'NFD') as fc.Arbitrary<'NFC' | 'NFD'>, (n, form) => {
        const given = n.normalize(form);
        expect(isPersonText(given)).toBe(true);
        const parsed = schema.safeParse(given);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toBe(n.normalize('NFC'));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any value with a forbidden code point, wherever it is', () => {
    fc.assert(
      fc.property(name, forbidden, fc.nat(), (n, bad, at) => {
        const i = at % (n.length + 1);
        const value = n.slice(0, i) + bad + n.slice(i);
        expect(isPersonText(value)).toBe(false);
        expect(schema.safeParse(value).success).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses values with nothing visible: zero-width only, combining marks only', () => {
    for (const v of ['\u200B', '\u200B\u200C\u200D', '\u2060', '\uFEFF', '\u0301\u0303', '\u3164\u3164']) expect(schema.safeParse(v).success, JSON.stringify(v)).toBe(false);
    expect(schema.safeParse('   ').success).toBe(false);
  });

  it('collapses whitespace (no-break spaces included) and measures the stored form', () => {
    expect(schema.parse('  Rơ\u00A0Châm   Hyun ')).toBe('Rơ Châm Hyun');
    // 100 decomposed letters are 200 code units but 100 characters once stored.
    const nfd = 'ễ'.repeat(100).normalize('NFD');
    expect(nfd.length).toBeGreaterThan(200);
    expect(personText({ max: 100 }).parse(nfd)).toBe('ễ'.repeat(100));
    expect(personText({ max: 100 }).safeParse('ễ'.repeat(101)).success).toBe(false);
  });
});

describe('quoteValue', () => {
  it('quotes a short value whole and cuts a long one to its first code points', () => {
    expect(quoteValue('khong-co')).toBe('"khong-co"');
    expect(quoteValue('khong-co-thu-tuc-nay', 8)).toBe('"khong-co…"');
    expect(quoteValue('😀'.repeat(10), 3)).toBe('"😀😀😀…"');
  });

  it('never grows with the value, and shows forbidden code points as U+FFFD', () => {
    expect(quoteValue('x'.repeat(500_000)).length).toBe(43);
    expect(quoteValue('a\u202Eb\u001b[31m')).toBe('"a\uFFFDb\uFFFD[31m"');
  });
});

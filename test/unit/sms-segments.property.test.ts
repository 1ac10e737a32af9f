/**
 * SMS segment counting against a brute-force reference written here from the published tables:
 * the GSM 03.38 default alphabet as code point lists (unicode.org GSM0338.TXT, in septet order),
 * septets packed one by one into segments, an escape never left at the end of a segment, a high
 * surrogate never either (the rule of Android's SmsMessage). No dates involved.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSegments, smsEncoding } from '../../shared/domain/sms/segments.ts';

// GSM0338.TXT, septets 0x00–0x7F (0x1B, the escape, stands for nothing and is left out).
const basicCodePoints = [
  0x40, 0xa3, 0x24, 0xa5, 0xe8, 0xe9, 0xf9, 0xec, 0xf2, 0xe7, 0x0a, 0xd8, 0xf8, 0x0d, 0xc5, 0xe5,
  0x394, 0x5f, 0x3a6, 0x393, 0x39b, 0x3a9, 0x3a0, 0x3a8, 0x3a3, 0x398, 0x39e, 0xc6, 0xe6, 0xdf, 0xc9,
  0x20, 0x21, 0x22, 0x23, 0xa4, ...range(0x25, 0x3f),
  0xa1, ...range(0x41, 0x5a), 0xc4, 0xd6, 0xd1, 0xdc, 0xa7,
  0xbf, ...range(0x61, 0x7a), 0xe4, 0xf6, 0xf1, 0xfc, 0xe0,
];
// GSM0338.TXT, the 0x1BXX rows: form feed ^ { } \ [ ~ ] | €.
const extensionCodePoints = [0x0c, 0x5e, 0x7b, 0x7d, 0x5c, 0x5b, 0x7e, 0x5d, 0x7c, 0x20ac];
function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
const basic = basicCodePoints.map((c) => String.fromCodePoint(c));
const extension = extensionCodePoints.map((c) => String.fromCodePoint(c));
const ESC = '\u001b';

/** The reference: the text as the septets or UTF-16 units on the air, cut into segments one unit at a time. */
function reference(text: string) {
  const gsm = Array.from(text).every((c) => basic.includes(c) || extension.includes(c));
  const stream: string[] = gsm ? Array.from(text).flatMap((c) => (extension.includes(c) ? [ESC, c] : [c])) : text.split('');
  const single = gsm ? 160 : 70;
  if (stream.length <= single) return { encoding: gsm ? 'GSM-7' : 'UCS-2', units: stream.length, segments: 1, remainingInLast: single - stream.length };
  const size = gsm ? 153 : 67;
  const segments: string[][] = [[]];
  for (const unit of stream) {
    const current = segments.at(-1)!;
    if (current.length === size) {
      // A full segment must not end in the middle of a character: move its last unit on.
      const last = current.at(-1)!;
      // (ESC only ever opens a pair here: the escape itself is no character of the text.)
      const torn = gsm ? last === ESC : /[\uD800-\uDBFF]/.test(last);
      segments.push(torn ? [current.pop()!, unit] : [unit]);
    } else current.push(unit);
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units: stream.length, segments: segments.length, remainingInLast: size - segments.at(-1)!.length };
}

const vietnamese = Array.from('ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ');
const emoji = ['😀', '👍🏽', '🇻🇳', '👨‍👩‍👧', '₫', '“', '…'];
const charOf = (pools: string[][]) => fc.oneof(...pools.map((p) => fc.constantFrom(...p)));
const textOf = (pools: string[][], maxLength: number) => fc.array(charOf(pools), { maxLength }).map((cs) => cs.join(''));
/** A run of one-unit characters that ends near a segment's edge, then a mix: where splitting rules bite. */
const nearEdge = (filler: string, from: number, to: number, pools: string[][], maxLength: number) =>
  fc.tuple(fc.integer({ min: from, max: to }), textOf(pools, maxLength)).map(([n, rest]) => filler.repeat(n) + rest);

describe('SMS segments', () => {
  it('knows the 127 basic and 10 extension characters of GSM 03.38', () => {
    expect(smsEncoding(basic.join('') + extension.join(''))).toBe('GSM-7');
    expect(countSegments(basic.join('')).units).toBe(127);
    expect(countSegments(extension.join('')).units).toBe(20);
    // Outside both tables: Vietnamese letters, the đồng sign, a capital Ç (GSM0338.TXT maps 0x09 to ç).
    for (const c of ['đ', 'ư', 'ệ', '₫', 'Ç', '`', '\t']) expect(smsEncoding(`Ho so ${c}`)).toBe('UCS-2');
  });

  it('counts like the reference for any mix of basic, extension, Vietnamese and emoji', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          textOf([basic], 480),
          textOf([basic, extension], 400),
          textOf([extension], 200),
          textOf([vietnamese, basic], 220),
          textOf([emoji, vietnamese], 150),
          textOf([emoji], 120),
          nearEdge('a', 148, 153, [extension, basic], 320),
          nearEdge('ệ', 62, 67, [emoji, vietnamese], 140),
        ),
        (text) => {
          const { perSegment, ...counted } = countSegments(text);
          expect(counted).toEqual(reference(text));
          expect(perSegment).toBe(counted.segments === 1 ? (counted.encoding === 'GSM-7' ? 160 : 70) : counted.encoding === 'GSM-7' ? 153 : 67);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('holds the hand-checked boundaries', () => {
    const a = (n: number) => 'a'.repeat(n);
    const e = (n: number) => 'ệ'.repeat(n);
    expect(countSegments(a(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160, remainingInLast: 0 });
    expect(countSegments(a(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153, remainingInLast: 145 });
    expect(countSegments(a(306))).toMatchObject({ segments: 2, remainingInLast: 0 });
    expect(countSegments(a(307))).toMatchObject({ segments: 3, remainingInLast: 152 });
    // An extension character costs two septets: 158 + € fills one message, 159 + € does not.
    expect(countSegments(a(158) + '€')).toMatchObject({ units: 160, segments: 1 });
    expect(countSegments(a(159) + '€')).toMatchObject({ units: 161, segments: 2 });
    // € at the 153rd septet: ESC and € move together to segment 2, so 306 septets take 3 segments.
    expect(countSegments(a(152) + '€' + a(152))).toMatchObject({ units: 306, segments: 3, remainingInLast: 152 });
    expect(countSegments(e(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1, perSegment: 70, remainingInLast: 0 });
    expect(countSegments(e(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2, perSegment: 67, remainingInLast: 63 });
    expect(countSegments(e(134))).toMatchObject({ segments: 2, remainingInLast: 0 });
    expect(countSegments(e(135))).toMatchObject({ segments: 3 });
    // A surrogate pair at the 67th unit goes whole to segment 2.
    expect(countSegments(e(66) + '😀' + e(66))).toMatchObject({ units: 134, segments: 3, remainingInLast: 66 });
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 1, perSegment: 160, remainingInLast: 160 });
  });

  it('refuses to count a non-GSM text as GSM-7, and counts a GSM text as UCS-2 when asked', () => {
    expect(() => countSegments('Hồ sơ', 'GSM-7')).toThrow(/U\+1ED3/);
    expect(countSegments('a'.repeat(71), 'UCS-2')).toMatchObject({ encoding: 'UCS-2', segments: 2 });
  });
});

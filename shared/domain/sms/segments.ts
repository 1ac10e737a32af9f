/**
 * How many SMS segments a text costs: the GSM 7-bit default alphabet or UCS-2, single or
 * concatenated.
 *
 * Sources:
 * - the alphabet: 3GPP TS 23.038 (GSM 03.38) §6.2.1, the default alphabet and its extension
 *   table, as mapped to Unicode by unicode.org/Public/MAPPINGS/ETSI/GSM0338.TXT (0x09 is the
 *   small ç there; the capital Ç is therefore counted as UCS-2, which can only over-count);
 * - the sizes: 140 octets of user data (3GPP TS 23.040 §9.2.3.24) = 160 septets or 70 UCS-2
 *   units; a concatenated segment gives 6 octets to its user data header (IEI 00, 8-bit
 *   reference), leaving 153 septets or 67 units;
 * - the splitting rule: Android's SmsMessage (GsmAlphabet.findGsmSeptetLimitIndex, and
 *   findNextUnicodePosition for UCS-2): an escape and its extension character, and a UTF-16
 *   surrogate pair, always travel in the same segment; a segment that cannot take the whole
 *   character ends one unit short. Grapheme clusters (an emoji with modifiers) may still be split
 *   between code points, which reassembly hides.
 * National language shift tables (23.038 §6.2.1.2) are not used: Vietnamese has none.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

// The 127 characters of the basic table in code order (0x1B, the escape, is not a character).
const basicTable =
  '@£$¥èéùìòç\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// The extension table: each is sent as ESC + its code, two septets.
const extensionTable = '\f^{}\\[~]|€';

/** The characters of the GSM 7-bit basic table (one septet each). */
export const gsmBasic: ReadonlySet<string> = new Set(basicTable);
/** The characters of the GSM 7-bit extension table (two septets each: the escape and the code). */
export const gsmExtension: ReadonlySet<string> = new Set(extensionTable);

/** Units of one message alone, and of each segment of a concatenated one. */
export const segmentSizes = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
} as const satisfies Record<SmsEncoding, { single: number; concatenated: number }>;

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text, escapes included. */
  units: number;
  segments: number;
  /** Units a segment holds: 160/70 alone, 153/67 concatenated. */
  perSegment: number;
  /** Units still free in the last segment. */
  remainingInLast: number;
}

/** Whether a character (one code point) is in GSM-7: `isGsmChar('đ')` -> false. */
export function isGsmChar(char: string): boolean {
  return gsmBasic.has(char) || gsmExtension.has(char);
}

/** GSM-7 when every character is in the basic or extension table, else UCS-2: `smsEncoding('Hồ sơ')` -> 'UCS-2'. */
export function smsEncoding(text: string): SmsEncoding {
  for (const char of text) if (!isGsmChar(char)) return 'UCS-2';
  return 'GSM-7';
}

/** Units of one code point in an encoding: an extension character 2 septets, an astral code point 2 UTF-16 units. */
function unitsOf(char: string, encoding: SmsEncoding): number {
  if (encoding === 'UCS-2') return char.length;
  if (gsmBasic.has(char)) return 1;
  if (gsmExtension.has(char)) return 2;
  throw new RangeError(`U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not in the GSM 7-bit alphabet`);
}

/**
 * Segments of a text in its encoding (or the one given; GSM-7 for a text outside it throws):
 * `countSegments('a'.repeat(161))` -> `{ encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153, remainingInLast: 145 }`.
 * An empty text is one (empty) message, as phones count it.
 */
export function countSegments(text: string, encoding: SmsEncoding = smsEncoding(text)): SegmentCount {
  const sizes = segmentSizes[encoding];
  const costs = Array.from(text, (char) => unitsOf(char, encoding));
  const units = costs.reduce((a, b) => a + b, 0);
  if (units <= sizes.single) return { encoding, units, segments: 1, perSegment: sizes.single, remainingInLast: sizes.single - units };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    // The character does not fit whole: it opens the next segment (never split, see above).
    if (used + cost > sizes.concatenated) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments, perSegment: sizes.concatenated, remainingInLast: sizes.concatenated - used };
}

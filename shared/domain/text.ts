/**
 * Vietnamese text: NFC normalisation, the unaccented rendering used for GSM-7 SMS, what
 * person-facing text may contain, and how a user's value is quoted in a message.
 */

/** Unicode NFC with collapsed whitespace: "Nguyễn  Văn An " -> "Nguyễn Văn An". */
export function normalizeName(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * Strips diacritics (đ/Đ -> d/D included): "Đăng ký khai sinh" -> "Dang ky khai sinh".
 * NFD splits a letter from its combining marks; đ has no decomposition, so it is mapped by hand.
 */
export function unaccent(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/**
 * Code points person-facing text (names, addresses, reasons, notes) never contains. Every such
 * text is one line, written in Vietnamese (Latin script, left to right), read by people and
 * printed on receipts, so all of these are refused:
 * - Cc: C0 controls (NUL, tab, line breaks, ESC that starts ANSI escapes), DEL, C1 controls;
 * - Cf: format characters, invisible by design: bidi embeddings, overrides and isolates
 *   (U+202A–U+202E, U+2066–U+2069), and the marks U+200E/U+200F/U+061C too — direction marks
 *   have no use in Vietnamese and make two different strings look the same; zero-width space,
 *   joiners, word joiner, BOM (U+200B–U+200D, U+2060, U+FEFF), soft hyphen, tag characters;
 * - Cs: lone surrogates (JSON's `"\ud800"`), which no UTF-8 store can keep;
 * - Co: private-use characters, which render differently on every machine;
 * - Zl, Zp: line and paragraph separators; noncharacters (U+FFFE, U+FFFF, ...);
 * - the Hangul fillers, letters that draw nothing (U+115F, U+1160, U+3164, U+FFA0).
 */
const forbiddenClass = String.raw`[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}\u115F\u1160\u3164\uFFA0]`;
const forbiddenCodePoint = new RegExp(forbiddenClass, 'u');
const forbiddenCodePoints = new RegExp(forbiddenClass, 'gu');

/**
 * Whether a person-facing text is acceptable: no forbidden code point (above) and, unless it is
 * blank (length rules decide whether blank is allowed), at least one letter or digit, so a value
 * of combining marks or punctuation alone is refused.
 * `isPersonText('Rơ Châm Hyun')` -> true; `isPersonText('\u200B')` -> false.
 */
export function isPersonText(text: string): boolean {
  if (forbiddenCodePoint.test(text)) return false;
  return text.trim() === '' || /[\p{L}\p{N}]/u.test(text);
}

/**
 * A user's value quoted for an error message, cut to `max` code points:
 * `quoteValue('khong-co-thu-tuc-nay', 8)` -> `"khong-co…"`. Messages never echo more than a short
 * prefix of what was sent, however long it was; forbidden code points show as U+FFFD, so an
 * echoed bidi override or escape cannot garble the message itself.
 */
export function quoteValue(value: unknown, max = 40): string {
  const text = String(value);
  // Only the head is split into code points: the cost does not grow with the value.
  const points = Array.from(text.length > max * 2 + 2 ? text.slice(0, max * 2 + 2) : text);
  const cut = points.length > max;
  return `"${(cut ? points.slice(0, max) : points).join('').replace(forbiddenCodePoints, '\uFFFD')}${cut ? '…' : ''}"`;
}

/** dd/mm/yyyy of an ISO day: `displayDay('2026-09-07')` -> `07/09/2026`. */
export function displayDay(isoDay: string): string {
  return `${isoDay.slice(8, 10)}/${isoDay.slice(5, 7)}/${isoDay.slice(0, 4)}`;
}

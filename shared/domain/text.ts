/** Vietnamese text: NFC normalisation and the unaccented rendering used for GSM-7 SMS. */

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

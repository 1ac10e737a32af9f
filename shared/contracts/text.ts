/**
 * Person-facing text in the contracts: names, address lines, reasons, notes. One line of
 * Vietnamese, bounded, without control, invisible or direction-changing characters
 * (shared/domain/text.ts `isPersonText`), stored in NFC with its whitespace collapsed.
 */
import * as z from 'zod';
import { isPersonText, normalizeName } from '../domain/text.ts';

export const personTextMessage = 'chứa ký tự điều khiển, ký tự ẩn hoặc ký tự đổi chiều văn bản (chỉ nhận chữ, số, dấu câu và khoảng trắng trên một dòng)';

/**
 * A zod string for person-facing text: refused when `isPersonText` says so, then normalised
 * (NFC, whitespace collapsed and trimmed), then held to `min`..`max` characters of the
 * normalised text, so a decomposed (NFD) name is measured as it is stored. `max` shows in the
 * OpenAPI document as `maxLength`.
 * Example: `personText({ min: 2, max: 100 }).parse('Nguyễn  Văn An ')` -> `'Nguyễn Văn An'`.
 */
export function personText({ min = 1, max, tooShort }: { min?: number; max: number; tooShort?: string }) {
  return z
    .string()
    .refine(isPersonText, { message: personTextMessage, abort: true })
    .overwrite(normalizeName)
    .min(min, tooShort)
    .max(max);
}

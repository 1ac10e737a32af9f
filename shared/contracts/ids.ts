/**
 * Identifiers a request names (in its path or body), held to their pattern and length before any
 * lookup: a DynamoDB key has limits of its own (2 KB for a partition key), and an id that cannot
 * exist is a 400 naming the field, never a 500 or a full echo of what was sent.
 */
import * as z from 'zod';
import { dossierIdPattern, maxDossierCodeLength } from '../domain/dossier.ts';
import { slugPattern, unitIdPattern } from '../domain/province.ts';

const bounded = (max: number, pattern: RegExp, message: string) => z.string().max(max, { abort: true }).regex(pattern, message);

/**
 * What a path names a dossier by: its code, Circular 01/2018 (`000.02.28.H21-261126-0001`; a day's
 * sequence past 9999 widens), or its reference from creation (`HS-K7Q2M4ZX3A`).
 */
export const dossierCode = bounded(maxDossierCodeLength, dossierIdPattern, 'mã hồ sơ có dạng 000.02.28.H21-261126-0001, hoặc số tham chiếu dạng HS-K7Q2M4ZX3A').meta({
  example: '000.02.28.H21-261126-0001',
});
export const procedureId = bounded(41, slugPattern, 'mã thủ tục gồm 2–41 chữ thường không dấu, số và dấu gạch ngang').meta({ example: 'ltp-cap-phieu' });
export const servicePointId = bounded(41, slugPattern, 'mã điểm phục vụ gồm 2–41 chữ thường không dấu, số và dấu gạch ngang').meta({ example: 'bd-iagrai' });
/** GSO code of an administrative unit; the domain checks it is a commune known today. */
export const unitId = bounded(5, unitIdPattern, 'mã đơn vị hành chính là 2 đến 5 chữ số').meta({ example: '23776' });
/** A document or result slot of a dossier (`doc-1`, `extra-2`, `result-1`). */
export const slotId = bounded(40, /^[a-z0-9-]{1,40}$/, 'mã thành phần hồ sơ không hợp lệ').meta({ example: 'doc-1' });

/**
 * Data a function's build puts in its bundle packed (infra/bundling.ts): JSON, deflated, in
 * base64. As a plain string literal the prepared province was a fifth of an API function's cold
 * bundle (216 KB: esbuild writes ASCII, so every Vietnamese letter is a 6-byte \u escape); packed
 * it is 28 KB and inflating it takes about a millisecond at cold start (issue 15, item 4). UTF-8
 * output instead saves less, and V8 then reads the whole file as two-byte text (+3% init).
 */
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';

/** The JSON of `data`, packed: `unpackJson(packJson(x))` equals `x` as JSON carries it. */
export const packJson = (data: unknown): string => deflateRawSync(JSON.stringify(data), { level: constants.Z_BEST_COMPRESSION }).toString('base64');

/** The value `packJson` packed. */
export const unpackJson = <T>(packed: string): T => JSON.parse(inflateRawSync(Buffer.from(packed, 'base64')).toString()) as T;

/** Reading a JSON body within limits (shared/http/body.ts), on the raw event, before any parse. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, ValidationError } from '../../shared/domain/errors.ts';
import { jsonDepthExceeds, readJsonBody } from '../../shared/http/body.ts';

const event = (body: string | undefined, headers: Record<string, string> = {}, isBase64Encoded = false) => ({
  body,
  isBase64Encoded,
  headers: { 'content-type': 'application/json', ...headers },
});
const fieldOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues[0]!.field;
    if (e instanceof PayloadTooLargeError) return 413;
    throw e;
  }
  return 'accepted';
};

describe('readJsonBody', () => {
  it('parses a JSON body, as text or base64', () => {
    expect(readJsonBody(event('{"a":[1,{"b":"ư"}]}'))).toEqual({ a: [1, { b: 'ư' }] });
    expect(readJsonBody(event(Buffer.from('{"a":"ữ"}').toString('base64'), {}, true))).toEqual({ a: 'ữ' });
  });

  it('refuses a missing body, another content type and broken JSON with 400 naming the field', () => {
    expect(fieldOf(() => readJsonBody(event(undefined)))).toBe('body');
    expect(fieldOf(() => readJsonBody(event('')))).toBe('body');
    expect(fieldOf(() => readJsonBody(event('{}', { 'content-type': 'text/plain' })))).toBe('content-type');
    expect(fieldOf(() => readJsonBody(event('{"a":')))).toBe('body');
  });

  it('refuses by the declared content-length, whatever the body', () => {
    expect(fieldOf(() => readJsonBody(event('{}', { 'content-length': '70000' }), { maxBytes: 65536 }))).toBe(413);
  });

  it('refuses by the decoded size when the content-length understates it', () => {
    const big = JSON.stringify({ a: 'x'.repeat(100) });
    expect(fieldOf(() => readJsonBody(event(big, { 'content-length': '2' }), { maxBytes: 64 }))).toBe(413);
    expect(fieldOf(() => readJsonBody(event(Buffer.from(big).toString('base64'), { 'content-length': '2' }, true), { maxBytes: 64 }))).toBe(413);
  });

  it('counts UTF-8 bytes: 40 × "ữ" (3 bytes each) is over 64 bytes though 40 characters', () => {
    const body = JSON.stringify('ữ'.repeat(40));
    expect(body.length).toBeLessThan(64);
    expect(fieldOf(() => readJsonBody(event(body), { maxBytes: 64 }))).toBe(413);
  });

  it('accepts a body of exactly the limit', () => {
    const body = JSON.stringify({ a: 'x'.repeat(64 - 8) });
    expect(Buffer.byteLength(body)).toBe(64);
    expect(fieldOf(() => readJsonBody(event(body), { maxBytes: 64 }))).toBe('accepted');
  });

  it('refuses a base64 body that is not UTF-8', () => {
    expect(fieldOf(() => readJsonBody(event(Buffer.from([0x22, 0xff, 0xfe, 0x22]).toString('base64'), {}, true)))).toBe('body');
  });

  it('refuses nesting past the limit before parsing, and accepts it at the limit', () => {
    expect(fieldOf(() => readJsonBody(event('['.repeat(20_000) + ']'.repeat(20_000))))).toBe('body');
    expect(fieldOf(() => readJsonBody(event('['.repeat(33) + ']'.repeat(33))))).toBe('body');
    expect(readJsonBody(event('['.repeat(32) + ']'.repeat(32)))).toBeInstanceOf(Array);
  });
});

describe('jsonDepthExceeds', () => {
  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[{{{', b: 'say \\"[[[\\"', c: '\\' }), 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\"","b":[[1]]}', 2)).toBe(true);
  });

  it('agrees with the real depth of any JSON value', () => {
    const depth = (v: unknown): number =>
      Array.isArray(v) ? 1 + Math.max(0, ...v.map(depth)) : v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, limit) => {
        expect(jsonDepthExceeds(JSON.stringify(value), limit)).toBe(depth(value) > limit);
      }),
    );
  });
});

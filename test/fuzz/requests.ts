/**
 * Fuzz requests for the operations of an OpenAPI document: each is a valid request built from the
 * operation's schemas, or one with a single, named mutation (an "input class"): wrong types,
 * missing or extra fields, huge strings and arrays, deep nesting, Unicode control/bidi/zero-width
 * characters, long path parameters, bad JSON, a wrong content type, an oversize body, odd
 * `Idempotency-Key`s, odd JWTs, odd `X-Dossier-Token`s, a method the path does not serve.
 *
 * Large inputs stay symbolic (`Huge`, `Deep`) until the request is sent, so thousands of planned
 * requests cost little memory and a reproduction prints as `"a"×512000`, not half a megabyte.
 */
import fc from 'fast-check';
import { resolve, valueFor, type JsonSchema, type SchemaContext } from './schema.ts';

/** `unit` repeated `times` times, then `tail`: written out only when sent. */
export class Huge {
  constructor(
    readonly unit: string,
    readonly times: number,
    readonly tail = '',
  ) {}
  get length() {
    return this.unit.length * this.times + this.tail.length;
  }
  expand(): string {
    return this.unit.repeat(this.times) + this.tail;
  }
  toJSON() {
    return this.expand();
  }
  describe() {
    return `${JSON.stringify(this.unit)}×${this.times}${this.tail ? ` + ${JSON.stringify(this.tail.slice(0, 40))}` : ''}`;
  }
}

/** JSON nested `depth` levels: `[[[...]]]` or `{"a":{"a":...}}`. */
export class Deep {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object',
  ) {}
  text(): string {
    return this.kind === 'array' ? '['.repeat(this.depth) + ']'.repeat(this.depth) : '{"a":'.repeat(this.depth) + 'null' + '}'.repeat(this.depth);
  }
  describe() {
    return `${this.kind === 'array' ? '[' : '{"a":'}×${this.depth}`;
  }
}

export type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string | Huge | Deep };

export const inputClasses = [
  'valid',
  'wrong-type',
  'missing-field',
  'extra-field',
  'huge-string',
  'huge-array',
  'deep-nesting',
  'unicode',
  'long-path-param',
  'bad-json',
  'wrong-content-type',
  'oversize-body',
  'idempotency-key',
  'jwt',
  'dossier-token',
  'wrong-method',
] as const;
export type InputClass = (typeof inputClasses)[number];

export interface FuzzRequest {
  operationId: string;
  method: string;
  /** The route's path template, as in the OpenAPI document. */
  route: string;
  /** Path parameters, each percent-encoded when sent unless `rawParams`. */
  params: Record<string, string | Huge>;
  rawParams?: boolean;
  headers: Record<string, string | Huge>;
  body: Body;
  inputClass: InputClass;
  /** What was changed, for people: `applicant.email = "a"×512000`. */
  note: string;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  jwt: boolean;
  tags: string[];
  params: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
}

/** The operations of an OpenAPI document. */
export function operationsOf(doc: any): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const security = op.security ?? doc.security ?? [];
      out.push({
        operationId: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        jwt: security.some((s: object) => Object.keys(s).length > 0),
        tags: op.tags ?? [],
        params: (op.parameters ?? []).map((p: any) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return out;
}

/** Authorization header values by name: `plausible` ones (each role) and `odd` ones (expired, tampered, no role...). */
export interface Credentials {
  plausible: Record<string, string>;
  odd: Record<string, string | undefined>;
  /** The plausible credentials made for an operation tag (`counter` -> `clerk`): tried most often there. */
  byTag?: Record<string, string[]>;
}

export interface PlanContext extends SchemaContext {
  pools: Record<string, string[]>;
  credentials: Credentials;
}

/** Characters people paste, and attackers send, into text fields. */
const nasty = [
  '\u0000',
  '\u001b[31mđỏ\u001b[0m',
  '\u202eabc',
  '\u2066\u2067\u2068\u2069',
  '\u200b',
  '\u200b\u200c\u200d\u2060',
  '\ufeff',
  '\ud800',
  '\udfff\ud800',
  'a\u0301\u0301\u0301\u0301\u0301\u0301',
  'Nguye\u0302\u0303n',
  '\u2028\u2029',
  '０６４０９０００１２３４',
  '👨‍👩‍👧‍👦',
  'مرحبا',
  '\r\n\r\nX-Injected: 1',
  "'; DROP TABLE dossiers; --",
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00%2e%2e%2f',
  '\\',
];
const oddKeys = ['__proto__', 'constructor', 'prototype', 'status', 'code', 'accessToken', 'pk', 'sk', 'createdAt', 'agencyId', 'roles', '', ' ', '\u0000', 'a'.repeat(300)];
const otherTypes = [null, true, 0, -1, 1e308, 2 ** 53 + 1, 0.5, '', '123', 'null', [], [1], {}, { a: 1 }];
const badJson = [
  '{',
  '{"a":',
  '{"procedureId":"x",}',
  "{'procedureId':'x'}",
  'NaN',
  'null',
  '[]',
  '""',
  '123',
  'true',
  '{"a":1}{"a":2}',
  '{"a":1e999999}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '\u0000',
  ' ',
  '{"__proto__":{"polluted":true}}',
  '{"a":1,"a":2}',
  '\u00ff\u00fe{\u0000}',
];
const contentTypes = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  '',
  'application/json; charset=utf-16',
  'application/jsonp',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'image/png',
  'application/octet-stream',
  'application/json, text/plain',
];

type Path = (string | number)[];

/** Every node of a JSON value with its path (root first). */
function nodes(value: unknown, path: Path = [], out: { path: Path; value: unknown }[] = []): { path: Path; value: unknown }[] {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => nodes(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) nodes(v, [...path, k], out);
  return out;
}

function setAt(root: unknown, path: Path, v: unknown): unknown {
  if (!path.length) return v;
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path;
  copy[head!] = setAt(copy[head!], rest, v);
  return copy;
}

function deleteAt(root: unknown, path: Path): unknown {
  if (path.length === 1) {
    if (Array.isArray(root)) return root.filter((_, i) => i !== path[0]);
    const { [path[0]!]: _, ...rest } = root as Record<string, unknown>;
    return rest;
  }
  const [head, ...tail] = path;
  return setAt(root, [head!], deleteAt((root as any)[head!], tail));
}

const show = (p: Path) => (p.length ? p.join('.') : '(body)');
const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);

/**
 * Where the body's schema sets no maximum, for the value at hand: strings without maxLength (nor
 * enum/const), arrays without maxItems; absent optional ones included, with a value to grow from.
 * A oneOf is followed into the alternative whose `const` properties the value matches.
 */
export function unbounded(doc: unknown, schema: JsonSchema, value: unknown, path: Path = [], out: { path: Path; kind: 'string' | 'array'; seed: unknown }[] = []) {
  const s = resolve(doc, schema);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) {
    const fits = alternatives.map((a) => resolve(doc, a)).find((a) => Object.entries(a.properties ?? {}).every(([k, p]) => resolve(doc, p).const === undefined || (value as any)?.[k] === resolve(doc, p).const));
    if (fits) unbounded(doc, fits, value, path, out);
    return out;
  }
  if (s.properties && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, p] of Object.entries(s.properties)) {
      const v = (value as Record<string, unknown>)[k];
      const ps = resolve(doc, p);
      if (v === undefined && ps.type === 'string' && ps.maxLength === undefined && !ps.enum && ps.const === undefined)
        out.push({ path: [...path, k], kind: 'string', seed: ps.example ?? (ps.format === 'email' ? 'an@example.vn' : 'x') });
      else if (v !== undefined) unbounded(doc, p, v, [...path, k], out);
    }
  } else if (s.type === 'array' && Array.isArray(value)) {
    if (s.maxItems === undefined) out.push({ path, kind: 'array', seed: value[0] });
    if (s.items) value.forEach((v, i) => unbounded(doc, s.items!, v, [...path, i], out));
  } else if (s.type === 'string' && typeof value === 'string' && s.maxLength === undefined && !s.enum && s.const === undefined) {
    out.push({ path, kind: 'string', seed: value });
  }
  return out;
}

/** Applies one mutation of `cls` to a valid JSON body (`schema`: the body's, for the unbounded fields). */
function mutateBody(cls: InputClass, value: unknown, doc: unknown, schema: JsonSchema | undefined): fc.Arbitrary<{ body: Body; note: string }> {
  const open = schema ? unbounded(doc, schema, value) : [];
  const openStrings = open.filter((o) => o.kind === 'string');
  const openArrays = open.filter((o) => o.kind === 'array');
  const all = nodes(value);
  const strings = all.filter((n) => typeof n.value === 'string');
  const objects = all.filter((n) => n.value && typeof n.value === 'object' && !Array.isArray(n.value));
  const keyed = all.filter((n) => n.path.length > 0);
  const json = (v: unknown, note: string) => ({ body: { kind: 'json', value: v } as Body, note });
  switch (cls) {
    case 'wrong-type':
      return fc.tuple(pick(all), pick(otherTypes)).map(([n, v]) => json(setAt(value, n.path, v), `${show(n.path)} = ${JSON.stringify(v)}`));
    case 'missing-field':
      return keyed.length ? pick(keyed).map((n) => json(deleteAt(value, n.path), `${show(n.path)} removed`)) : fc.constant(json({}, 'empty object'));
    case 'extra-field':
      return fc.tuple(pick(objects.length ? objects : [{ path: [] as Path, value: {} }]), pick(oddKeys), fc.jsonValue({ maxDepth: 2 })).map(([n, k, v]) =>
        json(setAt(value, [...n.path, k], v), `${show([...n.path, k === '' ? '""' : k.slice(0, 20)])} = ${JSON.stringify(v)?.slice(0, 40)}`),
      );
    case 'huge-string': {
      // Any string, or (half the time) one the contract sets no maximum on, grown in front of its
      // valid value so it still passes validation: a 500 KB e-mail address matches its pattern.
      const anyString = fc.tuple(pick(strings.length ? strings : all), fc.boolean()).map(([n, keep]) => ({ path: n.path, tail: keep && typeof n.value === 'string' ? n.value : '' }));
      const target = openStrings.length ? fc.oneof(anyString, pick(openStrings).map((o) => ({ path: o.path, tail: String(o.seed) }))) : anyString;
      return fc.tuple(target, pick(['a', 'ệ', '0', '\u200b']), pick([2_100, 65_536, 450_000, 512_000])).map(([t, unit, times]) => {
        const huge = new Huge(unit, times, t.tail);
        return json(setAt(value, t.path, huge), `${show(t.path)} = ${huge.describe()}`);
      });
    }
    case 'huge-array':
      return fc.tuple(openArrays.length ? fc.oneof(pick(all), pick(openArrays).map((o) => ({ path: o.path, value: [o.seed] }))) : pick(all), pick([1_000, 3_000, 20_000])).map(([n, times]) => {
        const item = Array.isArray(n.value) && n.value.length ? n.value[0] : n.value;
        return json(setAt(value, n.path, Array.from({ length: times }, () => item)), `${show(n.path)} = [${JSON.stringify(item)?.slice(0, 30)} ×${times}]`);
      });
    case 'deep-nesting':
      return fc.tuple(pick([64, 1_000, 20_000, 100_000]), pick(['array', 'object'] as const), fc.boolean(), pick(all)).map(([depth, kind, whole, n]) => {
        const deep = new Deep(depth, kind);
        return whole ? { body: { kind: 'raw', text: deep } as Body, note: `body = ${deep.describe()}` } : json(setAt(value, n.path, deep), `${show(n.path)} = ${deep.describe()}`);
      });
    case 'unicode':
      return fc
        .tuple(pick(strings.length ? strings : all), pick(nasty), pick(['replace', 'prefix', 'suffix', 'only-repeated'] as const))
        .map(([n, bad, how]) => {
          const old = typeof n.value === 'string' ? n.value : '';
          const v = how === 'replace' ? bad : how === 'prefix' ? bad + old : how === 'suffix' ? old + bad : bad.repeat(8);
          return json(setAt(value, n.path, v), `${show(n.path)} = ${JSON.stringify(v).slice(0, 60)}`);
        });
    default:
      return fc.constant(json(value, 'as generated'));
  }
}

/** One arbitrary of fuzz requests for an operation. */
export function requestsFor(op: Operation, ctx: PlanContext): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const headerParams = op.params.filter((p) => p.in === 'header');
  const tokenHeader = headerParams.find((p) => /token/i.test(p.name));
  const idempotent = headerParams.some((p) => p.name.toLowerCase() === 'idempotency-key') || op.method === 'POST';
  const classes: { arbitrary: fc.Arbitrary<InputClass>; weight: number }[] = (
    [
      ['valid', 25],
      ['wrong-type', op.body ? 8 : 0],
      ['missing-field', op.body ? 5 : 0],
      ['extra-field', op.body ? 5 : 0],
      ['huge-string', op.body ? 4 : 0],
      ['huge-array', op.body ? 2 : 0],
      ['deep-nesting', op.method !== 'GET' ? 3 : 0],
      ['unicode', op.body || pathParams.length ? 8 : 0],
      ['long-path-param', pathParams.length ? 5 : 0],
      ['bad-json', op.method !== 'GET' ? 5 : 0],
      ['wrong-content-type', op.body ? 4 : 0],
      ['oversize-body', op.method !== 'GET' ? 1 : 0],
      ['idempotency-key', idempotent ? 5 : 0],
      ['jwt', op.jwt ? 8 : 0],
      ['dossier-token', tokenHeader ? 5 : 0],
      ['wrong-method', 1],
    ] as [InputClass, number][]
  )
    .filter(([, w]) => w > 0)
    .map(([c, weight]) => ({ arbitrary: fc.constant(c), weight }));

  const paramValue = (p: Operation['params'][number]) => {
    const s = resolve(ctx.doc, p.schema);
    const pool = [...(ctx.pools[p.name] ?? []), ...(p.name === 'slot' ? (ctx.pools.id ?? []) : [])].filter((v) => !s.pattern || new RegExp(s.pattern, 'u').test(v));
    const fromSchema = valueFor(ctx, p.schema).map(String);
    return pool.length ? fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 3 }, { arbitrary: fromSchema, weight: 1 }) : fromSchema;
  };
  const params = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, paramValue(p)]))) as fc.Arbitrary<Record<string, string>>;
  const body = op.body ? valueFor(ctx, op.body) : fc.constant(undefined);
  const plausible = Object.values(ctx.credentials.plausible);
  const fitting = op.tags.flatMap((t) => ctx.credentials.byTag?.[t] ?? []).flatMap((n) => ctx.credentials.plausible[n] ?? []);
  const auth = !op.jwt || !plausible.length ? fc.constant(undefined) : fitting.length ? fc.oneof({ arbitrary: pick(fitting), weight: 4 }, { arbitrary: pick(plausible), weight: 1 }) : pick(plausible);
  const tokens = ctx.pools.accessToken ?? [];
  const dossierToken = tokenHeader ? fc.option(tokens.length ? pick(tokens) : fc.string({ minLength: 43, maxLength: 43 }), { freq: 3 }) : fc.constant(null);

  return fc
    .record({ cls: fc.oneof(...classes), params, body, auth, dossierToken, key: fc.uuid(), seed: fc.integer() })
    .chain(({ cls, params, body, auth, dossierToken, key, seed }) => {
      const headers: Record<string, string | Huge> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (idempotent) headers['idempotency-key'] = key;
      if (auth) headers.authorization = auth;
      if (tokenHeader && dossierToken !== null) headers[tokenHeader.name] = dossierToken;
      const base: FuzzRequest = {
        operationId: op.operationId,
        method: op.method,
        route: op.path,
        params,
        headers,
        body: body === undefined ? { kind: 'none' } : { kind: 'json', value: body },
        inputClass: cls,
        note: 'as generated',
      };
      return variant(cls, base, op, ctx, tokenHeader?.name).map((r) => ({ ...r, inputClass: cls }));
    });
}

function variant(cls: InputClass, base: FuzzRequest, op: Operation, ctx: PlanContext, tokenHeader: string | undefined): fc.Arbitrary<FuzzRequest> {
  const withHeader = (name: string, v: string | Huge | undefined, note: string): FuzzRequest => {
    const headers = { ...base.headers };
    if (v === undefined) delete headers[name];
    else headers[name] = v;
    return { ...base, headers, note };
  };
  switch (cls) {
    case 'valid':
      return fc.constant(base);
    case 'wrong-type':
    case 'missing-field':
    case 'extra-field':
    case 'huge-string':
    case 'huge-array':
    case 'deep-nesting':
    case 'unicode': {
      if (cls === 'unicode' && base.body.kind !== 'json') {
        return fc.tuple(pick(Object.keys(base.params)), pick(nasty)).map(([name, bad]) => ({
          ...base,
          params: { ...base.params, [name]: `${base.params[name]}${bad}` },
          note: `path ${name} += ${JSON.stringify(bad)}`,
        }));
      }
      if (cls === 'deep-nesting' && base.body.kind !== 'json') {
        return pick([1_000, 20_000]).map((d) => ({ ...base, headers: { ...base.headers, 'content-type': 'application/json' }, body: { kind: 'raw', text: new Deep(d, 'array') }, note: `body = ${new Deep(d, 'array').describe()}` }));
      }
      return mutateBody(cls, base.body.kind === 'json' ? base.body.value : {}, ctx.doc, op.body).map(({ body, note }) => ({ ...base, body, note }));
    }
    case 'long-path-param':
      return fc
        .tuple(pick(Object.keys(base.params)), pick([256, 1_025, 2_100, 7_000]), pick(['a', '9', '.', 'ệ', '%2F', '../'] as const))
        .map(([name, length, unit]) => {
          const raw = unit === '%2F' || unit === '../';
          // At most about 8 KB once percent-encoded (an "ệ" is 9 bytes): API Gateway refuses a
          // request line past 10 KB before any function runs.
          const encoded = unit === 'ệ' ? 9 : unit.length;
          const times = Math.min(Math.ceil(length / unit.length), Math.floor(8_000 / encoded));
          return {
            ...base,
            // Raw units go into the path as they are: `%2F` stays an encoded slash, `../` a dot segment.
            params: raw ? { ...Object.fromEntries(Object.entries(base.params).map(([k, v]) => [k, encodeURIComponent(String(v))])), [name]: new Huge(unit, times) } : { ...base.params, [name]: new Huge(unit, times) },
            rawParams: raw,
            note: `path ${name} = ${new Huge(unit, times).describe()}${raw ? ' (raw)' : ''}`,
          };
        });
    case 'bad-json':
      return pick(badJson).map((text) => ({ ...base, headers: { ...base.headers, 'content-type': 'application/json' }, body: { kind: 'raw', text }, note: `body = ${JSON.stringify(text)}` }));
    case 'wrong-content-type':
      return pick(contentTypes).map((type) => withHeader('content-type', type || undefined, `content-type = ${JSON.stringify(type)}`));
    case 'oversize-body':
      return fc.tuple(pick([1_048_577, 6_000_000, 10_485_760, 10_485_761, 12_000_000]), fc.boolean()).map(([size, asJson]) => {
        // A JSON document of exactly `size` bytes: one string field, or plain bytes.
        const text = asJson ? new Huge('a', size - 8) : new Huge('a', size);
        const body: Body = asJson ? { kind: 'json', value: { a: text } } : { kind: 'raw', text };
        return { ...base, headers: { ...base.headers, 'content-type': 'application/json' }, body, note: `body of ${size} bytes${asJson ? ' ({"a":"aaa..."})' : ''}` };
      });
    case 'idempotency-key':
      return pick([
        undefined,
        '',
        'a',
        'abc',
        'k'.repeat(129),
        new Huge('k', 8_000),
        'khóa',
        Buffer.from('khóa-\u202e-ключ', 'utf8').toString('latin1'),
        'fuzz-shared-key-0001',
        'fuzz-shared-key-0002',
        'fuzz-shared-key-0003',
        ' 8f14e45f-ceea-467f-a0e6-0e4b0d2f3c11 ',
      ]).map((k) => withHeader('idempotency-key', k, `idempotency-key = ${k === undefined ? '(none)' : k instanceof Huge ? k.describe() : JSON.stringify(k)}`));
    case 'jwt':
      return pick(Object.entries(ctx.credentials.odd)).map(([name, v]) => withHeader('authorization', v, `authorization: ${name}`));
    case 'dossier-token':
      return pick([undefined, '', 'x', new Huge('t', 4_000), Buffer.from('mã-\u200b', 'utf8').toString('latin1'), ...(ctx.pools.accessToken ?? []).slice(0, 3).map((t) => t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A'))]).map((v) =>
        withHeader(tokenHeader!, v, `${tokenHeader} = ${v === undefined ? '(none)' : v instanceof Huge ? v.describe() : JSON.stringify(v)}`),
      );
    case 'wrong-method':
      return pick(['PUT', 'DELETE', 'PATCH', op.method === 'GET' ? 'POST' : 'GET']).map((m) => ({ ...base, method: m, note: `method ${m} on ${op.method} route` }));
  }
}

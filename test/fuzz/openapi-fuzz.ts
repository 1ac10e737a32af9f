/**
 * A seeded, bounded fuzzer driven by the API's own OpenAPI document. It fetches
 * `/v1/openapi.json`, warms up (the catalog, a few creates from the schemas' examples) to learn
 * real ids, codes and access tokens, plans `runs` requests from the seed (test/fuzz/requests.ts),
 * sends them a few at a time, and judges every answer (test/fuzz/oracle.ts).
 *
 * Example: `const report = await fuzz({ api, seed: 42, runs: 2_000, credentials }); console.log(formatReport(report));`
 */
import http from 'node:http';
import fc from 'fast-check';
import { judge, type Answer, type Violation } from './oracle.ts';
import { Deep, Huge, inputClasses, operationsOf, requestsFor, type Credentials, type FuzzRequest, type Operation } from './requests.ts';
import { resolve } from './schema.ts';

export interface FuzzOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:3140 */
  api: string;
  seed: number;
  runs: number;
  credentials: Credentials;
  /** Requests in flight at once (default 6). */
  concurrency?: number;
  /** Per-request limit; API Gateway's integration timeout is 30 s (default 45 s). */
  timeoutMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Where to look up the error text of a 5xx by its correlation id (the function logs), if visible. */
  logsFor?: (correlationId: string) => string[];
}

export interface Failure {
  request: FuzzRequest;
  status: number | 'no answer';
  violations: Violation[];
  correlationId?: string;
  logs?: string[];
  /** How many failing requests share this one's signature (method, route, input class, violation). */
  count: number;
}

export interface FuzzReport {
  seed: number;
  api: string;
  /** Requests sent, warm-up included. */
  requests: number;
  byStatus: Record<string, number>;
  byClass: Record<string, Record<string, number>>;
  byOperation: Record<string, Record<string, number>>;
  /** Every failing request's signature once, with its smallest reproduction. */
  failures: Failure[];
  failedRequests: number;
  /** Requests sent a second time after their connection was reset before any answer. */
  resent: number;
  ms: number;
}

/** Runs the fuzzer against a running API. */
export async function fuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const resentBefore = resent.count;
  const log = opts.log ?? (() => {});
  const base = new URL(opts.api);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency ?? 6 });
  const byStatus: Record<string, number> = {};
  const byClass: Record<string, Record<string, number>> = {};
  const byOperation: Record<string, Record<string, number>> = {};
  const failures = new Map<string, Failure>();
  let requests = 0;
  let failedRequests = 0;

  const run = async (r: FuzzRequest) => {
    const answer = await send(base, agent, r, opts.timeoutMs ?? 45_000);
    if ('refused' in answer) {
      // Node would not put this on the wire (a planning slip, not the API's doing): counted apart.
      byStatus['not sent'] = (byStatus['not sent'] ?? 0) + 1;
      return answer;
    }
    requests++;
    const status = 'error' in answer ? 'no answer' : answer.status;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const cls = (byClass[r.inputClass] ??= {});
    cls[status] = (cls[status] ?? 0) + 1;
    const op = (byOperation[`${r.method} ${r.route}`] ??= {});
    op[status] = (op[status] ?? 0) + 1;
    const violations = judge(answer, inputsOf(r));
    if (violations.length) {
      failedRequests++;
      const signature = `${violations.map((v) => v.kind).join('+')} ${status} ${r.method} ${r.route} ${r.inputClass}`;
      const previous = failures.get(signature);
      const correlationId = 'error' in answer ? undefined : (tryJson(answer.text) as { correlationId?: string } | undefined)?.correlationId;
      if (!previous || size(r) < size(previous.request)) failures.set(signature, { request: r, status, violations, correlationId, count: (previous?.count ?? 0) + 1 });
      else previous.count++;
    }
    return answer;
  };

  // Warm-up: the document, then what the API hands out, to plan requests that reach past validation.
  const docAnswer = await send(base, agent, plain('GET', '/v1/openapi.json'), 30_000);
  if (!('status' in docAnswer) || docAnswer.status !== 200) throw new Error(`GET ${opts.api}/v1/openapi.json: ${JSON.stringify(docAnswer).slice(0, 300)}`);
  const doc = JSON.parse(docAnswer.text);
  const operations = operationsOf(doc);
  const pools: Record<string, string[]> = {};
  const harvestFrom = (answer: Sent) => {
    if ('status' in answer && answer.status >= 200 && answer.status < 300) harvest(tryJson(answer.text), pools);
  };
  // Documents (`*.json`) are left out: their property names are the schemas', not the API's data.
  for (const op of operations.filter((o) => o.method === 'GET' && !o.path.endsWith('.json') && !o.params.some((p) => p.in === 'path'))) harvestFrom(await run(warmup(op, {}, opts.credentials)));
  for (const op of operations.filter((o) => o.method === 'POST' && o.body && !o.params.some((p) => p.in === 'path'))) {
    const example = resolve(doc, op.body!).example;
    if (example === undefined) continue;
    // A few of each (dossiers to act on later), with the credentials made for the operation's tags.
    const fitting = op.tags.flatMap((t) => opts.credentials.byTag?.[t] ?? []).flatMap((n) => opts.credentials.plausible[n] ?? []);
    const auths = op.jwt ? (fitting.length ? fitting : Object.values(opts.credentials.plausible)) : [undefined];
    for (const auth of Array.from({ length: 6 }, (_, i) => auths[i % auths.length])) {
      harvestFrom(await run(warmup(op, { body: example, auth, key: `fuzz-warmup-${opts.seed}-${requests}` }, opts.credentials)));
    }
  }
  log(`fuzz: ${operations.length} operations; learnt ${Object.entries(pools).map(([k, v]) => `${v.length} ${k}`).join(', ')}`);

  const plan = planRequests(doc, { pools, credentials: opts.credentials, seed: opts.seed, runs: opts.runs });

  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < plan.length) {
      const r = plan[next++]!;
      await run(r);
      if (++done % 500 === 0) log(`fuzz: ${done}/${plan.length} sent, ${failedRequests} failing`);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 6 }, worker));
  agent.destroy();

  const list = [...failures.values()];
  for (const f of list) if (f.correlationId && opts.logsFor) f.logs = opts.logsFor(f.correlationId);
  return { seed: opts.seed, api: opts.api, requests, byStatus, byClass, byOperation, failures: list, failedRequests, resent: resent.count - resentBefore, ms: Date.now() - started };
}

/** The plan: the same requests for the same document, seed and learnt values. */
export function planRequests(doc: unknown, o: { pools: Record<string, string[]>; credentials: Credentials; seed: number; runs: number }): FuzzRequest[] {
  const ctx = { doc, pools: o.pools, credentials: o.credentials };
  return fc.sample(fc.oneof(...operationsOf(doc).map((op) => requestsFor(op, ctx))), { seed: o.seed, numRuns: o.runs });
}

function plain(method: string, route: string): FuzzRequest {
  return { operationId: 'warm-up', method, route, params: {}, headers: {}, body: { kind: 'none' }, inputClass: 'valid', note: 'warm-up' };
}

function warmup(op: Operation, o: { body?: unknown; auth?: string; key?: string }, _c: Credentials): FuzzRequest {
  const headers: Record<string, string> = {};
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.auth) headers.authorization = o.auth;
  if (o.key) headers['idempotency-key'] = o.key;
  return { ...plain(op.method, op.path), operationId: op.operationId, headers, body: o.body === undefined ? { kind: 'none' } : { kind: 'json', value: o.body } };
}

/** Collects short strings of an answer by property name (`code`, `id`, `accessToken`, ...). */
function harvest(value: unknown, pools: Record<string, string[]>, key?: string) {
  if (typeof value === 'string' && key && value.length <= 200) {
    const pool = (pools[key] ??= []);
    if (!pool.includes(value) && pool.length < 50) pool.push(value);
  } else if (Array.isArray(value)) value.forEach((v) => harvest(v, pools, key));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) harvest(v, pools, k);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const deepMarker = (d: Deep) => `\u0000deep:${d.kind}:${d.depth}\u0000`;

/** The body as sent. */
export function bodyText(r: FuzzRequest): string | undefined {
  const b = r.body;
  if (b.kind === 'none') return undefined;
  if (b.kind === 'raw') return typeof b.text === 'string' ? b.text : b.text instanceof Huge ? b.text.expand() : b.text.text();
  const deeps: Deep[] = [];
  const text = JSON.stringify(b.value, (_k, v) => (v instanceof Deep ? (deeps.push(v), deepMarker(v)) : v));
  return deeps.reduce((t, d) => t.replace(JSON.stringify(deepMarker(d)), d.text()), text);
}

/** The path as sent: parameters percent-encoded (unless raw). */
export function pathOf(r: FuzzRequest): string {
  return r.route.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = r.params[name];
    const s = v instanceof Huge ? v.expand() : (v ?? '');
    return r.rawParams ? s : encodeURIComponent(s.toWellFormed());
  });
}

const headerText = (v: string | Huge) => (v instanceof Huge ? v.expand() : v);

/** What the API received, as it sees it: the oracle looks for echoes of these. */
function inputsOf(r: FuzzRequest): string[] {
  const out: string[] = [];
  for (const v of Object.values(r.params)) out.push(v instanceof Huge ? v.expand() : v);
  out.push(pathOf(r));
  for (const v of Object.values(r.headers)) out.push(headerText(v));
  if (r.body.kind === 'raw') out.push(r.body.text instanceof Deep ? r.body.text.text() : r.body.text instanceof Huge ? r.body.text.expand() : r.body.text);
  if (r.body.kind === 'json') {
    const walk = (v: unknown) => {
      if (typeof v === 'string') out.push(v);
      else if (v instanceof Huge) out.push(v.expand());
      else if (v instanceof Deep) out.push(v.text());
      else if (Array.isArray(v)) v.slice(0, 50).forEach(walk);
      else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => (out.push(k), walk(x)));
    };
    walk(r.body.value);
  }
  return out.filter((s) => s.length > 200);
}

/** How big a request is, to keep the smallest reproduction of a failure. */
function size(r: FuzzRequest): number {
  const huge = (v: unknown): number =>
    v instanceof Huge ? v.length : v instanceof Deep ? v.depth * 5 : Array.isArray(v) ? v.reduce((n: number, x) => n + huge(x), 0) : v && typeof v === 'object' ? Object.values(v).reduce((n: number, x) => n + huge(x), 0) : String(v ?? '').length;
  return huge(r.params) + huge(r.headers) + (r.body.kind === 'none' ? 0 : r.body.kind === 'raw' ? huge(r.body.text) : huge(r.body.value));
}

/** One connection per request, for the resend after a reused socket was reset. */
const fresh = new http.Agent({ keepAlive: false });
/** Requests sent again after a reset connection (reported, so a flaky front cannot hide). */
export const resent = { count: 0 };

export type Sent = Answer | { error: string } | { refused: string };

/** Sends one request with node:http (raw header bytes, early answers to big bodies). */
export function send(base: URL, agent: http.Agent, r: FuzzRequest, timeoutMs: number): Promise<Sent> {
  const started = Date.now();
  const body = bodyText(r);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k] = headerText(v);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolvePromise) => {
    let settled = false;
    const settle = (a: Sent) => {
      if (!settled) {
        settled = true;
        resolvePromise(a);
      }
    };
    let req: http.ClientRequest;
    try {
      req = http.request({ host: base.hostname, port: base.port, method: r.method, path: pathOf(r), headers, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => settle({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started }));
        res.on('error', (err) => settle({ error: `${err.name}: ${err.message} (after the status line ${res.statusCode})` }));
      });
    } catch (err) {
      // Node refuses to send the header (e.g. a character a header may not hold): no request left.
      return settle({ refused: (err as Error).message });
    }
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      // A connection reset before any answer: most often a kept-alive socket the server closed
      // just as we reused it (Node's documented race). Sent again once on a new connection, and
      // counted (`resent`); a second reset is the API's answer.
      if ((err.code === 'ECONNRESET' || err.code === 'EPIPE') && agent !== fresh) {
        resent.count++;
        return void send(base, fresh, r, timeoutMs).then(settle);
      }
      // The server may answer a big body early and close: that answer counts, not our write error.
      setTimeout(() => settle({ error: `${err.code ?? err.name}: ${err.message}` }), 50);
    });
    req.end(body);
  });
}

/** One failure as a short reproduction: method, path, headers, body (each truncated). */
export function reproduction(f: Failure, api: string): string {
  const r = f.request;
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  const headers = Object.entries(r.headers).map(([k, v]) => `  ${k}: ${v instanceof Huge ? v.describe() : cut(v, 120)}`);
  const body = bodyText(r);
  const path = r.route.replace(/\{([^}]+)\}/g, (_, n: string) => {
    const v = r.params[n];
    return v instanceof Huge ? `<${v.describe()}>` : cut(r.rawParams ? String(v) : encodeURIComponent(String(v).toWellFormed()), 120);
  });
  return [
    `${f.violations.map((v) => v.kind).join(', ')}: ${f.status} on ${r.method} ${r.route} [${r.inputClass}: ${r.note}] (${f.count} request${f.count > 1 ? 's' : ''})`,
    `  ${r.method} ${api}${path}`,
    ...headers,
    ...(body !== undefined ? [`  body: ${cut(body, 300)}`] : []),
    ...f.violations.map((v) => `  -> ${v.kind}: ${cut(v.detail, 300)}`),
    ...(f.correlationId ? [`  correlationId: ${f.correlationId}`] : []),
    ...(f.logs ?? []).slice(0, 3).map((l) => `  log: ${cut(l, 400)}`),
  ].join('\n');
}

/** The report as people read it: seed, counts by status and by input class, then each failure. */
export function formatReport(report: FuzzReport): string {
  const statuses = Object.entries(report.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  const counts = (c: Record<string, number>) => Object.entries(c).map(([s, n]) => `${s}×${n}`).join(' ');
  const classes = inputClasses.filter((c) => report.byClass[c]).map((c) => `  ${c.padEnd(20)} ${counts(report.byClass[c]!)}`);
  const width = Math.max(...Object.keys(report.byOperation).map((k) => k.length));
  const operations = Object.entries(report.byOperation).map(([k, c]) => `  ${k.padEnd(width)} ${counts(c)}`);
  return [
    `fuzz: seed ${report.seed}, ${report.requests} requests in ${(report.ms / 1000).toFixed(1)} s against ${report.api}`,
    `by status: ${statuses}${report.resent ? ` (${report.resent} sent again after a connection reset)` : ''}`,
    'by input class:',
    ...classes,
    'by operation:',
    ...operations,
    report.failures.length
      ? `${report.failedRequests} requests broke the oracle, ${report.failures.length} distinct (replay: --seed ${report.seed}):\n\n${report.failures.map((f) => reproduction(f, report.api)).join('\n\n')}`
      : 'no request broke the oracle (no 5xx, every 4xx problem+json, no echo over 200 characters)',
  ].join('\n');
}

/**
 * API Gateway HTTP API stand-in (Lambda proxy integration, payload format 2.0): matches the
 * topology's served routes, authorizes `jwt` routes, builds the v2 event, invokes the route's
 * function and turns its result into an HTTP response the way API Gateway does, quirks included.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { routeKey } from '../../shared/contracts/routes.ts';
import { servedRoutes, type Topology } from '../topology.ts';
import { accountId, assertPortFree, listen } from './config.ts';
import type { AuthorizerOutcome, JwtAuthorizerContext } from './authorizer.ts';
import type { FunctionHost } from './lambda.ts';
import { FunctionError } from './lambda.ts';
import type { MalwareScanner, ScannerRule } from './malware-scanner.ts';
import { gatewayRulesSchema, type LocalSmsGateway } from './sms-gateway.ts';
import { paymentFaultsSchema, type LocalPaymentGateway } from './payment-gateway.ts';
import { describeClock, type ClockSetting, type LocalClock } from './clock.ts';
import type { LocalSchedules } from './schedules.ts';
import { apiPrefixes } from '../../web/apps.ts';
import { servePage } from '../../web/serve.ts';
import { runtimeConfigPath, type RuntimeConfig } from '../../web/common/runtime-config.ts';
import { signInEndpoint, type LocalSignIn } from './sign-in.ts';

export interface HttpFrontOptions {
  port: number;
  topology: Topology;
  functions: Pick<FunctionHost, 'invoke'>;
  authorize: (authorizationHeader: string | undefined) => Promise<AuthorizerOutcome>;
  log: (line: string) => void;
  /** Serves the local-only `POST /_local/schedules/{id}` (run a schedule now). */
  schedules?: Pick<LocalSchedules, 'has' | 'run'>;
  /** Serves the local-only `PUT`/`DELETE /_local/malware-scanner` (make scans slow or fail). */
  malwareScanner?: Pick<MalwareScanner, 'configure' | 'reset'>;
  /** Serves the local-only `GET /_local/courier-partner`: where the courier partner stand-in listens (its `/_partner/*` controls). */
  courierPartner?: { url: string };
  /** Serves the local-only `GET /_local/sms?phone=` (every SMS the gateway took) and `PUT`/`DELETE /_local/sms/faults`. */
  smsGateway?: Pick<LocalSmsGateway, 'messages' | 'configure' | 'reset'>;
  /**
   * Serves the local-only payment gateway controls: `GET /_local/payments?txnRef=` (attempts, each
   * with its IPN calls), `POST /_local/payments/{txnRef}/complete|fail|abandon` (`fail` takes
   * `{ "responseCode": "51" }`), `PUT /_local/payments/faults`, `DELETE /_local/payments` (reset).
   */
  paymentGateway?: Pick<LocalPaymentGateway, 'payments' | 'complete' | 'fail' | 'abandon' | 'configure' | 'reset'>;
  /** The cloud's clock: the request time of events (`timeEpoch`), and the local-only `GET`/`PUT`/`DELETE /_local/clock`. */
  clock?: Pick<LocalClock, 'now' | 'set' | 'reset' | 'view'>;
  /**
   * The built pages (web/build.ts), served at the API's origin as CloudFront serves them: a GET or
   * HEAD of any path outside `/v1/` and `/_local/` (web/serve.ts). `uploadOrigins`: where the
   * pages may POST scans (the S3 endpoint), for their Content-Security-Policy.
   */
  pages?: { dir: string; uploadOrigins: string[] };
  /**
   * Serves the development sign-in `GET`/`POST /_local/sign-in` (sign-in.ts) and, with the pages,
   * their runtime configuration `GET /config.json` naming it (in AWS: the hosted UI's, from CDK).
   */
  signIn?: LocalSignIn;
}

export interface LocalHttpFront {
  endpoint: string;
  stop(): Promise<void>;
}

/** HTTP API's integration timeout: a function still running after it gets a 503. */
const integrationTimeoutMs = 30_000;
/** HTTP API's payload limit (10 MB); the functions set their own, far lower (shared/http/body.ts). */
const maxBodyBytes = 10 * 1024 * 1024;
/** Request headers a browser may send cross-origin (CORS preflight answer). */
const corsAllowHeaders = ['content-type', 'authorization', 'idempotency-key', 'x-dossier-token'];
const apiId = 'local';

interface CompiledRoute {
  method: string;
  path: string;
  routeKey: string;
  function: string;
  auth: 'none' | 'jwt';
  pattern: RegExp;
  params: string[];
  /** Sort key: literal segments beat `{param}`, which beats `{proxy+}`. */
  rank: number[];
}

/** Compiles API Gateway path templates: `{name}` is one segment, `{name+}` the rest of the path. */
export function compileRoutes(t: Topology): CompiledRoute[] {
  const compiled = servedRoutes(t).map((r) => {
    const params: string[] = [];
    const segments = r.path.split('/').slice(1);
    const rank = segments.map((s) => (s.endsWith('+}') ? 0 : s.startsWith('{') ? 1 : 2));
    const source = segments
      .map((s) => {
        const m = /^\{([^}+]+)(\+?)\}$/.exec(s);
        if (!m) return '/' + s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        params.push(m[1]!);
        return m[2] ? '/(.+)' : '/([^/]+)';
      })
      .join('');
    return {
      method: r.method,
      path: r.path,
      routeKey: routeKey(r),
      function: r.function as string,
      auth: r.auth,
      pattern: new RegExp(`^${source}$`),
      params,
      rank,
    };
  });
  // HTTP API picks the most specific route: compare segment by segment.
  return compiled.sort((a, b) => {
    for (let i = 0; i < Math.max(a.rank.length, b.rank.length); i++) {
      const d = (b.rank[i] ?? -1) - (a.rank[i] ?? -1);
      if (d) return d;
    }
    return 0;
  });
}

export function matchRoute(routes: CompiledRoute[], method: string, path: string) {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const pathParameters = Object.fromEntries(r.params.map((p, i) => [p, safeDecode(m[i + 1]!)]));
    return { route: r, pathParameters };
  }
  return undefined;
}

export async function startHttpFront(opts: HttpFrontOptions): Promise<LocalHttpFront> {
  await assertPortFree(opts.port, 'HTTP API');
  const routes = compileRoutes(opts.topology);
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      opts.log(`http: ${err.message}`);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const requestId = randomBytes(12).toString('base64').replace(/[+/]/g, 'A');
    res.setHeader('apigw-requestid', requestId);
    // The request time the function sees: the cloud's clock, as the functions read it.
    const started = Math.round(opts.clock?.now() ?? Date.now());
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQueryString = q < 0 ? '' : url.slice(q + 1);
    const method = req.method ?? 'GET';
    const origin = req.headers.origin;

    // Local only, no API Gateway counterpart (no route of the topology starts with /_local/).
    const schedule = /^\/_local\/schedules\/([^/]+)$/.exec(rawPath);
    if (schedule && opts.schedules) return runSchedule(res, method, safeDecode(schedule[1]!), opts.schedules, opts.log);
    if (rawPath === '/_local/malware-scanner' && opts.malwareScanner) return configureScanner(req, res, method, opts.malwareScanner);
    if (rawPath === '/_local/sms' && opts.smsGateway && method === 'GET') {
      const phone = new URL(req.url ?? '/', 'http://local').searchParams.get('phone') ?? undefined;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return void res.end(JSON.stringify({ messages: opts.smsGateway.messages(phone ? { phone } : undefined) }));
    }
    if (rawPath === '/_local/sms/faults' && opts.smsGateway && (method === 'PUT' || method === 'DELETE')) return smsFaults(req, res, method, opts.smsGateway);
    if (rawPath.startsWith('/_local/payments') && opts.paymentGateway) return paymentControl(req, res, method, rawPath, opts.paymentGateway);
    if (rawPath === '/_local/courier-partner' && opts.courierPartner && method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ url: opts.courierPartner.url, controls: ['GET /_partner/calls', 'PUT /_partner/faults', 'PUT /_partner/script', 'DELETE /_partner'] }));
    }
    if (rawPath === '/_local/clock' && opts.clock) return clockEndpoint(req, res, method, opts.clock, opts.log);
    if (rawPath === '/_local/sign-in' && opts.signIn) return signInEndpoint(req, res, method, opts.signIn);
    if (rawPath === runtimeConfigPath && opts.signIn && opts.pages && (method === 'GET' || method === 'HEAD')) {
      const config: RuntimeConfig = { signIn: { kind: 'local' } };
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
      return void res.end(method === 'HEAD' ? undefined : JSON.stringify(config));
    }
    if (opts.pages && (method === 'GET' || method === 'HEAD') && !apiPrefixes.some((p) => rawPath.startsWith(p))) {
      const page = await servePage(opts.pages.dir, rawPath, opts.pages.uploadOrigins);
      res.writeHead(page.status, { ...page.headers, 'content-length': page.body.length });
      return void res.end(method === 'HEAD' ? undefined : page.body);
    }

    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      // CORS preflight: API Gateway answers it itself (no function call) for any route path.
      const methods = routes.filter((r) => r.pattern.test(rawPath)).map((r) => r.method);
      if (!methods.length) return send(res, 404, { message: 'Not Found' });
      res.writeHead(204, {
        'access-control-allow-origin': origin ?? '*',
        'access-control-allow-methods': [...new Set([...methods, 'OPTIONS'])].join(','),
        'access-control-allow-headers': corsAllowHeaders.join(','),
        'access-control-max-age': '600',
        vary: 'origin',
      });
      return res.end();
    }
    if (origin) res.setHeader('access-control-allow-origin', origin);

    const hit = matchRoute(routes, method, rawPath);
    if (!hit) return send(res, 404, { message: 'Not Found' });

    // HTTP API refuses a body over its payload limit itself, by its declared length before
    // reading it, and the function never runs. (Node discards the rest of the upload, so the
    // client still reads the answer instead of a reset connection.)
    if (Number(req.headers['content-length']) > maxBodyBytes) return send(res, 413, { message: 'Request Entity Too Large' });
    const body = await readBody(req);
    if (body === 'too-large') return send(res, 413, { message: 'Request Entity Too Large' });

    let authorizer: { jwt: JwtAuthorizerContext } | undefined;
    if (hit.route.auth === 'jwt') {
      const outcome = await opts.authorize(headerValue(req, 'authorization'));
      if (!outcome.ok) {
        opts.log(`http: ${hit.route.routeKey} 401 (${outcome.reason})`);
        // HTTP API answers a rejected JWT with exactly this body and a bearer challenge. The
        // challenge's wording is approximate; the reason stays in the log, as in AWS's logs.
        res.setHeader('www-authenticate', outcome.missing ? 'Bearer' : 'Bearer error="invalid_token"');
        return send(res, 401, { message: 'Unauthorized' });
      }
      authorizer = { jwt: outcome.jwt };
    }

    const event = buildEvent(req, { rawPath, rawQueryString, body, requestId, started, route: hit.route, pathParameters: hit.pathParameters, authorizer });
    let result: unknown;
    try {
      result = await withTimeout(opts.functions.invoke(hit.route.function, event), integrationTimeoutMs);
    } catch (err) {
      if (err === timeoutMarker) return send(res, 503, { message: 'Service Unavailable' });
      // A function error, its own timeout included, is a 500 to the caller; details stay in the log.
      if (!(err instanceof FunctionError)) opts.log(`http: invoking ${hit.route.function}: ${(err as Error).message}`);
      return send(res, 500, { message: 'Internal Server Error' });
    }
    const response = toHttpResponse(result);
    if (!response) {
      opts.log(`http: ${hit.route.function} returned a malformed response for ${hit.route.routeKey}`);
      return send(res, 500, { message: 'Internal Server Error' });
    }
    for (const [name, value] of response.headers) res.appendHeader(name, value);
    res.statusCode = response.statusCode;
    res.end(response.body);
  }

  return listen(server, opts.port);
}

/**
 * `POST /_local/schedules/{id}`: invokes the schedule's function now, once, and waits for it (no
 * integration timeout: the function's own timeout applies). 200 with the function's result as
 * JSON; 404 for an unknown schedule; 500 with Lambda's error payload (errorType, errorMessage) and
 * `x-amz-function-error: Unhandled` when the function fails. A developer tool: it shows errors.
 */
async function runSchedule(
  res: http.ServerResponse,
  method: string,
  id: string,
  schedules: Pick<LocalSchedules, 'has' | 'run'>,
  log: (line: string) => void,
): Promise<void> {
  if (!schedules.has(id)) return send(res, 404, { message: `no schedule "${id}"` });
  if (method !== 'POST') {
    res.setHeader('allow', 'POST');
    return send(res, 405, { message: 'Method Not Allowed' });
  }
  try {
    return send(res, 200, (await schedules.run(id)) ?? null);
  } catch (err) {
    if (!(err instanceof FunctionError)) log(`http: running schedule ${id}: ${(err as Error).message}`);
    res.setHeader('x-amz-function-error', 'Unhandled');
    const errorType = err instanceof FunctionError ? err.errorType : (err as Error).name;
    return send(res, 500, { errorType, errorMessage: (err as Error).message });
  }
}

/** `PUT /_local/malware-scanner` with a ScannerRule as JSON adds it (204); `DELETE` clears every rule. */
async function configureScanner(req: http.IncomingMessage, res: http.ServerResponse, method: string, scanner: Pick<MalwareScanner, 'configure' | 'reset'>) {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  if (method === 'DELETE') scanner.reset();
  else if (method === 'PUT') {
    try {
      scanner.configure(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ScannerRule);
    } catch {
      return send(res, 400, { message: 'body must be JSON: {"prefix"?, "delayMs"?, "result"?}' });
    }
  } else {
    res.setHeader('allow', 'PUT, DELETE');
    return send(res, 405, { message: 'Method Not Allowed' });
  }
  res.writeHead(204).end();
}

/**
 * `GET /_local/clock`: the clock (`{ now, vietnam, simulated, speed }`). `PUT` with
 * `{"at":"2026-08-28T10:00:00+07:00","speed":1}` sets it (`at` null or absent: the real time;
 * speed alone: from the current time) and answers the new view; `DELETE` puts back the clock the
 * cloud started with. 400 with the reason for a bad setting.
 */
async function clockEndpoint(req: http.IncomingMessage, res: http.ServerResponse, method: string, clock: Pick<LocalClock, 'set' | 'reset' | 'view'>, log: (line: string) => void) {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  if (method === 'GET') return send(res, 200, clock.view());
  if (method === 'DELETE') {
    const v = clock.reset();
    log(`clock: reset to ${describeClock(v)}`);
    return send(res, 200, v);
  }
  if (method !== 'PUT') {
    res.setHeader('allow', 'GET, PUT, DELETE');
    return send(res, 405, { message: 'Method Not Allowed' });
  }
  let setting: ClockSetting;
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    const { at, speed } = parsed as Record<string, unknown>;
    if (at !== undefined && at !== null && typeof at !== 'string') throw new Error('"at" must be an ISO 8601 string');
    if (speed !== undefined && typeof speed !== 'number') throw new Error('"speed" must be a number');
    setting = { at: at as string | null | undefined, ...(speed === undefined ? {} : { speed }) };
  } catch (err) {
    return send(res, 400, { message: `body must be JSON {"at"?: "2026-08-28T10:00:00+07:00", "speed"?: 1}: ${(err as Error).message}` });
  }
  try {
    const v = clock.set(setting);
    log(`clock: set to ${describeClock(v)}`);
    return send(res, 200, v);
  } catch (err) {
    return send(res, 400, { message: (err as Error).message });
  }
}

interface EventInput {
  rawPath: string;
  rawQueryString: string;
  body: Buffer | undefined;
  requestId: string;
  started: number;
  route: CompiledRoute;
  pathParameters: Record<string, string>;
  authorizer: { jwt: JwtAuthorizerContext } | undefined;
}

/** The payload format 2.0 event, field for field as HTTP API sends it. */
export function buildEvent(req: http.IncomingMessage, i: EventInput) {
  const headers: Record<string, string> = {};
  // Node has already lower-cased names; HTTP API joins repeated headers with commas.
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values && name !== 'cookie') headers[name] = values.join(',');
  }
  // Cookies move from the header to their own array.
  const cookies = (req.headersDistinct.cookie ?? [])
    .flatMap((c) => c.split(';'))
    .map((c) => c.trim())
    .filter(Boolean);
  const query: Record<string, string[]> = {};
  for (const part of i.rawQueryString.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = safeDecode((eq < 0 ? part : part.slice(0, eq)).replaceAll('+', ' '));
    const v = eq < 0 ? '' : safeDecode(part.slice(eq + 1).replaceAll('+', ' '));
    (query[k] ??= []).push(v);
  }
  const host = headers.host ?? 'localhost';
  const contentType = headers['content-type'];
  const isBase64Encoded = !!i.body && !isTextContentType(contentType);
  const method = req.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: i.route.routeKey,
    rawPath: i.rawPath,
    rawQueryString: i.rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    // Repeated query parameters are joined with commas, like repeated headers.
    ...(Object.keys(query).length ? { queryStringParameters: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.join(',')])) } : {}),
    requestContext: {
      accountId,
      apiId,
      ...(i.authorizer ? { authorizer: i.authorizer } : {}),
      domainName: host,
      domainPrefix: host.split('.')[0]!,
      http: {
        method,
        path: i.rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: i.requestId,
      routeKey: i.route.routeKey,
      stage: '$default',
      time: clfTime(new Date(i.started)),
      timeEpoch: i.started,
    },
    ...(i.route.params.length ? { pathParameters: i.pathParameters } : {}),
    // No body: the field is absent, not an empty string.
    ...(i.body ? { body: i.body.toString(isBase64Encoded ? 'base64' : 'utf8') } : {}),
    isBase64Encoded,
  };
}

/**
 * HTTP API passes text bodies as they are and base64-encodes everything else (images, PDFs,
 * bodies without a content type).
 */
function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    /^application\/(json|xml|javascript|x-www-form-urlencoded|graphql|ld\+json|problem\+json|x-ndjson)$/.test(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  );
}

interface HttpResponse {
  statusCode: number;
  headers: [string, string][];
  body: Buffer;
}

/**
 * Turns a v2 function result into the HTTP response. A result with a `statusCode` is used as
 * is; anything else is the v2 "inferred" format: 200, `content-type: application/json`, and the
 * value as body (a string as it is, anything else as JSON). Returns undefined for a malformed
 * result (API Gateway answers those with 500).
 */
export function toHttpResponse(result: unknown): HttpResponse | undefined {
  const isObject = typeof result === 'object' && result !== null && !Array.isArray(result);
  if (!isObject || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body) };
  }
  const r = result as Record<string, unknown>;
  const status = typeof r.statusCode === 'string' ? Number(r.statusCode) : r.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') return undefined;
  const headers: [string, string][] = [];
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (r.headers !== undefined && r.headers !== null) {
    if (typeof r.headers !== 'object') return undefined;
    for (const [k, v] of Object.entries(r.headers)) {
      if (!scalar(v)) return undefined;
      headers.push([k.toLowerCase(), String(v)]);
    }
  }
  if (r.multiValueHeaders && typeof r.multiValueHeaders === 'object') {
    for (const [k, vs] of Object.entries(r.multiValueHeaders)) {
      for (const v of Array.isArray(vs) ? vs : [vs]) if (scalar(v)) headers.push([k.toLowerCase(), String(v)]);
    }
  }
  if (Array.isArray(r.cookies)) for (const c of r.cookies) headers.push(['set-cookie', String(c)]);
  const text = (r.body as string | undefined | null) ?? '';
  const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text);
  return { statusCode: status, headers, body };
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function headerValue(req: http.IncomingMessage, name: string): string | undefined {
  return req.headersDistinct[name]?.join(',');
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the limit the rest is read and dropped: leaving the loop would destroy the socket
  // under a client still sending, which then sees a reset instead of the 413.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBodyBytes) chunks.push(chunk);
  }
  if (size > maxBodyBytes) return 'too-large';
  return size ? Buffer.concat(chunks) : undefined;
}

const timeoutMarker = Symbol('integration timeout');
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeoutMarker), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `12/Mar/2020:19:03:58 +0000`, the access-log time format of `requestContext.time`. */
function clfTime(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** `PUT /_local/sms/faults` with the gateway's rules as JSON (204, or 400 naming the field); `DELETE` forgets messages and faults. */
async function smsFaults(req: http.IncomingMessage, res: http.ServerResponse, method: string, gateway: Pick<LocalSmsGateway, 'configure' | 'reset'>) {
  if (method === 'DELETE') {
    gateway.reset();
    res.writeHead(204);
    return void res.end();
  }
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const parsed = gatewayRulesSchema.safeParse((() => {
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return undefined;
    }
  })());
  if (!parsed.success) {
    res.writeHead(400, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ message: `invalid rules at ${parsed.error.issues[0]?.path.join('.') || 'body'}` }));
  }
  gateway.configure(parsed.data);
  res.writeHead(204);
  res.end();
}

/** The payment gateway stand-in's controls under `/_local/payments` (see `HttpFrontOptions.paymentGateway`); its refusals as problem+json naming `txnRef`. */
async function paymentControl(req: http.IncomingMessage, res: http.ServerResponse, method: string, rawPath: string, gateway: NonNullable<HttpFrontOptions['paymentGateway']>) {
  const reply = (status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let json: unknown;
  try {
    json = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
  } catch {
    return reply(400, { type: 'urn:motcua:local:400', title: 'Dữ liệu không phải JSON', status: 400, field: 'body' });
  }
  if (rawPath === '/_local/payments' && method === 'GET') {
    const txnRef = new URL(req.url ?? '/', 'http://local').searchParams.get('txnRef');
    return reply(200, { payments: gateway.payments(txnRef ? { txnRef } : {}) });
  }
  if (rawPath === '/_local/payments' && method === 'DELETE') return (gateway.reset(), reply(204));
  if (rawPath === '/_local/payments/faults' && method === 'PUT') {
    const parsed = paymentFaultsSchema.safeParse(json);
    if (!parsed.success) return reply(400, { type: 'urn:motcua:local:400', title: 'Dữ liệu không hợp lệ', status: 400, field: parsed.error.issues[0]?.path.join('.') || 'body' });
    return (gateway.configure(parsed.data), reply(204));
  }
  const action = /^\/_local\/payments\/([^/]{1,100})\/(complete|fail|abandon)$/.exec(rawPath);
  if (!action || method !== 'POST') return reply(404, { message: 'Not Found' });
  const txnRef = safeDecode(action[1]!);
  const code = (json as { responseCode?: unknown } | undefined)?.responseCode;
  try {
    if (action[2] === 'abandon') return (gateway.abandon(txnRef), reply(200, {}));
    reply(200, action[2] === 'complete' ? gateway.complete(txnRef) : gateway.fail(txnRef, typeof code === 'string' ? code : undefined));
  } catch (error) {
    // The stand-in's refusals carry their HTTP status (404 unknown txnRef, 409 already finished).
    const status = (error as { status?: unknown }).status;
    if (typeof status !== 'number') throw error;
    reply(status, { type: `urn:motcua:payment-gateway:${status}`, title: (error as Error).message, status, field: 'txnRef' });
  }
}

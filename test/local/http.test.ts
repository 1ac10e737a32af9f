import { rm } from 'node:fs/promises';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import type { RouteSpec } from '../../shared/contracts/routes.ts';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { loadOrCreateKeySet, signToken } from '../../infra/local/keys.ts';
import { fixtureTopology, freePorts, tempDir } from './support.ts';

const ports = await freePorts();
const route = (method: RouteSpec['method'], path: string, audience: RouteSpec['audience'], auth: RouteSpec['auth']): RouteSpec => ({
  method,
  path,
  operationId: `${method} ${path}`,
  audience,
  auth,
  summary: 'fixture',
});

let cloud: LocalCloud;
let dataDir: string;
const logs: string[] = [];

beforeAll(async () => {
  dataDir = await tempDir('http');
  cloud = await startLocalCloud({
    dataDir,
    ports,
    log: (l) => logs.push(l),
    topology: fixtureTopology('httptest', {
      functions: {
        'echo-public': { entry: 'test/fixtures/echo.ts', audience: 'public', memoryMb: 128, permissions: { tables: { dossiers: 'readWrite' } } },
        'echo-agency': { entry: 'test/fixtures/echo.ts', audience: 'agency' },
        slow: { entry: 'test/fixtures/slow.ts', audience: 'courier', timeoutSeconds: 1 },
        broken: { entry: 'test/fixtures/broken.ts', audience: 'admin' },
      },
      routes: [
        route('GET', '/v1/echo/{variant}', 'public', 'none'),
        route('POST', '/v1/echo/{variant}', 'public', 'none'),
        route('GET', '/v1/echo/literal', 'public', 'none'),
        route('GET', '/v1/files/{proxy+}', 'public', 'none'),
        route('GET', '/v1/secure/{variant}', 'agency', 'jwt'),
        route('GET', '/v1/slow', 'courier', 'none'),
        route('GET', '/v1/broken', 'admin', 'none'),
      ],
    }),
  });
});
afterAll(async () => {
  await cloud?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json: any;
}
/** node:http, so a header can be sent twice. */
function request(method: string, path: string, headers: http.OutgoingHttpHeaders = {}, body?: Buffer | string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${cloud.endpoints.api}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        let json: unknown;
        try {
          json = JSON.parse(buf.toString());
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode!, headers: res.headers, body: buf, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP front (API Gateway HTTP API, payload format 2.0)', () => {
  it('builds a v2 event: route key, raw path and query, joined repeated values, cookies, path parameters', async () => {
    const res = await request('GET', '/v1/echo/hello%20world?x=1&x=2&name=Ng%E1%BB%8Dc', {
      'X-Multi': ['a', 'b'],
      cookie: 'a=1; b=2',
      'user-agent': 'vitest',
    });

    expect(res.status).toBe(200);
    const { event, context, env } = res.json;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/echo/{variant}',
      rawPath: '/v1/echo/hello%20world',
      rawQueryString: 'x=1&x=2&name=Ng%E1%BB%8Dc',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { x: '1,2', name: 'Ngọc' },
      pathParameters: { variant: 'hello world' },
      isBase64Encoded: false,
      requestContext: {
        accountId: expect.any(String),
        apiId: expect.any(String),
        domainName: `127.0.0.1:${ports.http}`,
        http: { method: 'GET', path: '/v1/echo/hello%20world', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
        routeKey: 'GET /v1/echo/{variant}',
        stage: '$default',
        timeEpoch: expect.any(Number),
      },
    });
    expect(event.headers['x-multi']).toBe('a,b');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.requestContext.requestId).toBe(res.headers['apigw-requestid']);
    // The response: headers and cookies as the function set them.
    expect(res.headers['x-echo']).toBe('yes');
    expect(res.headers['set-cookie']).toEqual(['session=abc; Path=/', 'theme=dark']);
    // The function ran with a Lambda-like context and its own environment.
    expect(context.functionName).toBe('echo-public');
    expect(context.remainingMs).toBeGreaterThan(0);
    expect(env).toEqual({
      AWS_LAMBDA_FUNCTION_NAME: 'echo-public',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_ENDPOINT_URL_SQS: cloud.endpoints.sqs,
      AWS_REGION: 'ap-southeast-1',
      DOSSIERS_TABLE: 'httptest-dossiers',
    });
  });

  it('prefers a literal route over a path parameter, and matches a greedy {proxy+}', async () => {
    expect((await request('GET', '/v1/echo/literal')).json.event.routeKey).toBe('GET /v1/echo/literal');
    const greedy = (await request('GET', '/v1/files/a/b/c.pdf')).json.event;
    expect(greedy.routeKey).toBe('GET /v1/files/{proxy+}');
    expect(greedy.pathParameters).toEqual({ proxy: 'a/b/c.pdf' });
  });

  it('passes a JSON body as text and a binary body as base64', async () => {
    const json = (await request('POST', '/v1/echo/x', { 'content-type': 'application/json' }, '{"hồ sơ":1}')).json.event;
    expect(json).toMatchObject({ body: '{"hồ sơ":1}', isBase64Encoded: false });
    const bytes = Buffer.from([0, 1, 2, 255]);
    const binary = (await request('POST', '/v1/echo/x', { 'content-type': 'application/pdf' }, bytes)).json.event;
    expect(binary).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('answers like API Gateway: inferred 200 JSON, base64 responses, 404, 500 on a crash or a malformed result', async () => {
    const plain = await request('GET', '/v1/echo/plain');
    expect([plain.status, plain.headers['content-type'], plain.json]).toEqual([200, 'application/json', { hello: 'world' }]);
    const png = await request('GET', '/v1/echo/binary');
    expect([...png.body]).toEqual([137, 80, 78, 71]);
    expect((await request('GET', '/v1/nowhere')).json).toEqual({ message: 'Not Found' });
    const wrongMethod = await request('DELETE', '/v1/echo/x');
    expect([wrongMethod.status, wrongMethod.json]).toEqual([404, { message: 'Not Found' }]);
    const crash = await request('GET', '/v1/echo/throw');
    expect([crash.status, crash.json]).toEqual([500, { message: 'Internal Server Error' }]);
    const malformed = await request('GET', '/v1/echo/malformed');
    expect([malformed.status, malformed.json]).toEqual([500, { message: 'Internal Server Error' }]);
  });

  it('turns a function timeout into a 500, and the next invocation gets a fresh runtime', async () => {
    const late = await request('GET', '/v1/slow?ms=1500');
    expect([late.status, late.json]).toEqual([500, { message: 'Internal Server Error' }]);
    expect(logs.some((l) => /^λ slow \S+ \d+ ms error Sandbox.Timedout$/.test(l))).toBe(true);
    const next = await request('GET', '/v1/slow?ms=0');
    expect([next.status, next.body.toString()]).toEqual([200, 'done 1']);
  });

  it('answers 500 while a module fails to initialise, retrying the init on each invocation', async () => {
    for (let i = 0; i < 2; i++) expect((await request('GET', '/v1/broken')).status).toBe(500);
    expect(logs.filter((l) => l.startsWith('λ broken init failed: Error: fixture: init failure'))).toHaveLength(2);
    await expect(cloud.invoke('broken', {})).rejects.toMatchObject({ functionId: 'broken', errorType: 'Error' });
  });

  it('answers a CORS preflight for a known path with the project headers allowed', async () => {
    const res = await request('OPTIONS', '/v1/echo/x', { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toBe('content-type,authorization,idempotency-key,x-dossier-token');
    expect((await request('OPTIONS', '/v1/nowhere', { origin: 'http://x', 'access-control-request-method': 'GET' })).status).toBe(404);
  });

  it('logs one line per invocation, without the event', async () => {
    const secret = '079201001234';
    await request('POST', '/v1/echo/x', { 'content-type': 'application/json' }, JSON.stringify({ cccd: secret }));
    expect(logs.some((l) => /^λ echo-public \S+ \d+ ms ok$/.test(l))).toBe(true);
    expect(logs.some((l) => /^λ echo-public \S+ \d+ ms error Error/.test(l))).toBe(true);
    expect(logs.join('\n')).not.toContain(secret);
  });
});

describe('JWT authorizer', () => {
  const claims = { sub: 'u-1', token_use: 'id', 'cognito:groups': ['clerk', 'agency'], 'custom:agency_id': 'gl-stp', email_verified: true };
  const secure = (token?: string) => request('GET', '/v1/secure/x', token === undefined ? {} : { authorization: token });

  it('accepts a token minted with the local key and passes every claim as a string', async () => {
    const token = await signToken(dataDir, claims);

    const res = await secure(`Bearer ${token}`);

    expect(res.status).toBe(200);
    const { jwt } = res.json.event.requestContext.authorizer;
    expect(jwt.claims).toMatchObject({
      sub: 'u-1',
      iss: cloud.jwt.issuer,
      aud: cloud.jwt.audience,
      'cognito:groups': '[clerk agency]',
      'custom:agency_id': 'gl-stp',
      email_verified: 'true',
    });
    expect(jwt.claims.exp).toMatch(/^\d+$/);
    expect(jwt.scopes).toBeNull();
  });

  it('answers 401 {"message":"Unauthorized"} without a token, or with an expired, foreign-signed, wrong-audience or wrong-issuer one', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await signToken(dataDir, { ...claims, iat: past, exp: past + 60 });
    const wrongAudience = await signToken(dataDir, { ...claims, aud: 'someone-else' });
    const wrongIssuer = await signToken(dataDir, { ...claims, iss: 'https://cognito-idp.example/other' });
    // Same kid as the local key, another private key: only the signature is wrong.
    const { kid } = await loadOrCreateKeySet(dataDir);
    const { privateKey } = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ ...claims, iss: cloud.jwt.issuer, aud: cloud.jwt.audience })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);

    for (const token of [undefined, 'Bearer', 'Bearer not.a.jwt', `Bearer ${expired}`, `Bearer ${foreign}`, `Bearer ${wrongAudience}`, `Bearer ${wrongIssuer}`]) {
      const res = await secure(token);
      expect([res.status, res.json], String(token)).toEqual([401, { message: 'Unauthorized' }]);
    }
  });

  it('keeps the key set in the data folder: loading it again gives the same key', async () => {
    const before = await loadOrCreateKeySet(dataDir);
    const again = await loadOrCreateKeySet(dataDir);
    expect(again.kid).toBe(before.kid);
    expect(again.jwks).toEqual(before.jwks);
  });
});

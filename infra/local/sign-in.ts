/**
 * The development sign-in (local only: no route of the topology starts with `/_local/`, and AWS
 * has the Cognito hosted UI instead). `GET /_local/sign-in` lists the roles, service points and
 * agencies a token can name; `POST /_local/sign-in` with `{ role, servicePoint?, agency? }`
 * answers `{ token, expiresAt }`: the same ID token `npm run token` prints (token.ts), checked
 * against the province data the same way, a refusal as problem+json naming the field.
 */
import type http from 'node:http';
import { roles, type Role } from '../../shared/contracts/routes.ts';
import { province } from '../../shared/province/index.ts';
import { signToken, tokenClaims, type TokenRequest } from './token.ts';

export interface LocalSignIn {
  /** The signed ID token and its expiry (ISO 8601). */
  issue(req: TokenRequest): Promise<{ token: string; expiresAt: string }>;
  choices(): { roles: readonly Role[]; servicePoints: { id: string; name: string }[]; agencies: { id: string; name: string }[] };
}

/** The sign-in of the cloud whose keys live under `dataDir` (province data: `dataset`, default PROVINCE_DATASET). */
export function localSignIn(dataDir: string, dataset = process.env.PROVINCE_DATASET): LocalSignIn {
  return {
    async issue(req) {
      const claims = tokenClaims(req, dataset);
      return { token: await signToken(dataDir, claims), expiresAt: new Date((claims.exp as number) * 1000).toISOString() };
    },
    choices() {
      const p = province(dataset);
      const pick = (m: ReadonlyMap<string, { id: string; name: string }>) => [...m.values()].map(({ id, name }) => ({ id, name }));
      return { roles, servicePoints: pick(p.servicePoints), agencies: pick(p.agencies) };
    },
  };
}

const fieldOf = (message: string) => (message.startsWith('--role must') ? 'role' : message.includes('agency') ? 'agency' : message.includes('service point') ? 'servicePoint' : 'role');
const messages: Record<string, string> = {
  role: 'Chọn vai trò: nhân viên quầy, cơ quan, bưu tá hoặc quản trị',
  agency: 'Chọn cơ quan có trong dữ liệu của tỉnh',
  servicePoint: 'Chọn điểm phục vụ có trong dữ liệu của tỉnh',
};

/** Answers `/_local/sign-in` (GET: the choices; POST: a token). */
export async function signInEndpoint(req: http.IncomingMessage, res: http.ServerResponse, method: string, signIn: LocalSignIn): Promise<void> {
  const reply = (status: number, body: unknown, type = 'application/json; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (method === 'GET') return reply(200, signIn.choices());
  if (method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    return reply(405, { message: 'Method Not Allowed' });
  }
  let body: Record<string, unknown>;
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    body = parsed as Record<string, unknown>;
  } catch {
    return reply(400, { type: 'urn:motcua:local:sign-in', title: 'Dữ liệu không phải JSON', status: 400, field: 'body' }, 'application/problem+json; charset=utf-8');
  }
  const text = (k: string) => (typeof body[k] === 'string' && body[k] ? (body[k] as string) : undefined);
  try {
    const request: TokenRequest = { role: (text('role') ?? '') as Role };
    const agency = text('agency');
    const servicePoint = text('servicePoint');
    if (agency) request.agency = agency;
    if (servicePoint) request.servicePoint = servicePoint;
    return reply(200, await signIn.issue(request));
  } catch (error) {
    const field = fieldOf((error as Error).message);
    return reply(422, { type: 'urn:motcua:local:sign-in', title: 'Không đăng nhập được', status: 422, field, detail: messages[field] }, 'application/problem+json; charset=utf-8');
  }
}

/**
 * The local stand-in for the Cognito user pool's signing keys: one RS256 key pair, created on
 * first use and kept under `<dataDir>/keys/` (private JWK + public JWKS), so tokens minted with
 * `npm run token` stay valid across restarts until the data folder is deleted. The JWT authorizer
 * (http.ts) verifies with the public half; token.ts and tests sign with the private half.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { writeFileAtomic } from './config.ts';

/** A stable issuer (independent of the port) under a reserved TLD so it can never resolve. */
export const localIssuer = 'https://local-cognito.motcua.invalid/ap-southeast-1_local';
/** The app client id: Cognito ID tokens carry it as `aud`. */
export const localAudience = 'motcua-local';
export const jwtAlgorithm = 'RS256';

export interface LocalKeySet {
  kid: string;
  privateJwk: JWK;
  /** Public keys, as the user pool's `/.well-known/jwks.json` would serve them. */
  jwks: JSONWebKeySet;
}

const files = (dataDir: string) => {
  const dir = path.join(dataDir, 'keys');
  return { dir, privateKey: path.join(dir, 'private-key.jwk.json'), jwks: path.join(dir, 'jwks.json') };
};

/** Reads the key set under dataDir, creating it on first use (safe if two processes race). */
export async function loadOrCreateKeySet(dataDir: string): Promise<LocalKeySet> {
  const f = files(dataDir);
  const existing = await readPrivate(f.privateKey);
  if (existing) return withPublic(existing);

  const { privateKey } = await generateKeyPair(jwtAlgorithm, { extractable: true, modulusLength: 2048 });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: jwtAlgorithm, use: 'sig' };
  await mkdir(f.dir, { recursive: true });
  try {
    // 'wx': the first writer wins; a concurrent starter (token.ts while the cloud starts) reads its key.
    await writeFile(f.privateKey, JSON.stringify(jwk, null, 2), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = await waitForPrivate(f.privateKey);
    return withPublic(winner);
  }
  const set = withPublic(jwk);
  await writeFileAtomic(f.jwks, JSON.stringify(set.jwks, null, 2));
  return set;
}

async function readPrivate(file: string): Promise<JWK | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A half-written file from a concurrent writer: the caller waits for it.
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

async function waitForPrivate(file: string): Promise<JWK> {
  for (let i = 0; i < 50; i++) {
    const jwk = await readPrivate(file);
    if (jwk) return jwk;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${file} is not a JSON Web Key`);
}

function withPublic(privateJwk: JWK): LocalKeySet {
  if (!privateJwk.kid || privateJwk.kty !== 'RSA') throw new Error('local signing key: expected an RSA JWK with a kid');
  const { kty, n, e, kid } = privateJwk;
  return { kid, privateJwk, jwks: { keys: [{ kty, n, e, kid, alg: jwtAlgorithm, use: 'sig' }] } };
}

/**
 * Signs a JWT with the local key. `iss`, `aud`, `iat` and `exp` (1 h) are filled in unless the
 * claims set them, e.g. `signToken(dir, { sub: 'u1', 'cognito:groups': ['clerk'] })`.
 */
export async function signToken(dataDir: string, claims: JWTPayload & Record<string, unknown>): Promise<string> {
  const set = await loadOrCreateKeySet(dataDir);
  const key = await importJWK(set.privateJwk, jwtAlgorithm);
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = { iss: localIssuer, aud: localAudience, iat: now, exp: now + 3600, ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg: jwtAlgorithm, kid: set.kid }).sign(key);
}

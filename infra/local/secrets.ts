/**
 * Secrets Manager stand-in: the one call motcua's functions make (GetSecretValue, JSON protocol
 * 1.1, `X-Amz-Target: secretsmanager.GetSecretValue`), for the secrets the topology declares.
 * Each value is generated on first start and kept in `<dataDir>/secrets.json`, so access tokens
 * re-derived for a retried create and keyed hashes stay stable across restarts, as a deployed
 * secret does. It listens on a port the OS picks (nothing outside the local cloud calls it) and
 * answers like Secrets Manager: ResourceNotFoundException (400) for an unknown id.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { names, type SecretId, type Topology } from '../topology.ts';
import { accountId, listen, region, writeFileAtomic } from './config.ts';

export interface LocalSecrets {
  endpoint: string;
  /** A secret's value, for a local stand-in that must know it (the courier partner checks the key motcua presents). */
  value(id: SecretId): string;
  stop(): Promise<void>;
}

async function loadOrCreate(dataDir: string, wanted: string[]): Promise<Record<string, string>> {
  const file = path.join(dataDir, 'secrets.json');
  let values: Record<string, string> = {};
  try {
    values = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch {
    /* first start */
  }
  const missing = wanted.filter((name) => !values[name]);
  if (missing.length > 0) {
    for (const name of missing) values[name] = randomBytes(48).toString('base64url');
    await writeFileAtomic(file, JSON.stringify(values, null, 2));
  }
  return values;
}

export async function startSecrets(opts: { dataDir: string; topology: Topology }): Promise<LocalSecrets> {
  const secretNames = (Object.keys(opts.topology.secrets) as SecretId[]).map((id) => names.secret(opts.topology.prefix, id));
  const values = await loadOrCreate(opts.dataDir, secretNames);
  const arnOf = (name: string) => `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}`;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue')
        return reply(400, { __type: 'InvalidRequestException', message: `the local stand-in answers only GetSecretValue` });
      let id = '';
      try {
        id = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: unknown }).SecretId ?? '');
      } catch {
        return reply(400, { __type: 'InvalidRequestException', message: 'body is not JSON' });
      }
      // Like Secrets Manager, the id may be the name or the ARN.
      const name = secretNames.find((n) => n === id || arnOf(n) === id);
      if (!name) return reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      reply(200, { ARN: arnOf(name), Name: name, SecretString: values[name], VersionId: 'local', VersionStages: ['AWSCURRENT'], CreatedDate: 0 });
    });
  });
  const listening = await listen(server, 0);
  return { ...listening, value: (id: SecretId) => values[names.secret(opts.topology.prefix, id)]! };
}

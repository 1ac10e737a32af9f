/**
 * The application secret (Secrets Manager; a local stand-in in `npm start`): the key of every
 * keyed hash and derivation motcua makes, so that nothing stored in DynamoDB (idempotency records,
 * draft counters) can be turned back into an access token, a CCCD or a phone number without it.
 * Fetched once per execution environment, on first use.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

let client: SecretsManagerClient | undefined;
const cache = new Map<string, Promise<Buffer>>();

/** The secret's bytes (its SecretString, at least 32 characters). */
export function appSecret(secretId: string): Promise<Buffer> {
  let pending = cache.get(secretId);
  if (!pending) {
    pending = (async () => {
      const out = await (client ??= new SecretsManagerClient({})).send(new GetSecretValueCommand({ SecretId: secretId }));
      const value = out.SecretString ?? '';
      if (value.length < 32) throw new Error(`secret ${secretId} is shorter than 32 characters`);
      return Buffer.from(value, 'utf8');
    })();
    // A failed fetch (network, throttling) is retried by the next request, not cached.
    pending.catch(() => cache.delete(secretId));
    cache.set(secretId, pending);
  }
  return pending;
}

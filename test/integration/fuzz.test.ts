/**
 * The fuzz suite (test/fuzz): a few thousand requests planned from the API's own OpenAPI
 * document, seeded, against the shared local cloud. The oracle: no 5xx, every 4xx problem+json,
 * no error answer echoing more than 200 characters of an input. `npm run fuzz` runs 10,000+.
 */
import { describe, expect, it } from 'vitest';
import { signToken } from '../../infra/local/keys.ts';
import { fuzzCredentials } from '../fuzz/credentials.ts';
import { formatReport, fuzz } from '../fuzz/openapi-fuzz.ts';
import { api, cloud } from '../support/cloud.ts';

/** Fixed, so a failure here replays with `npm run fuzz -- --seed 20261201 --runs 2000`. */
const seed = 20261201;
const runs = 2_000;

describe('fuzzing the API from its OpenAPI document', () => {
  it(`answers ${runs} generated and mutated requests with no 5xx, problem+json 4xx and no echoed input`, { timeout: 110_000 }, async () => {
    const credentials = await fuzzCredentials((claims) => signToken(cloud.dataDir, claims));

    const report = await fuzz({ api, seed, runs, credentials, concurrency: 6 });

    console.log(formatReport(report));
    // The run reached past validation (creates succeeded) and was refused where it should be.
    expect(report.requests).toBeGreaterThanOrEqual(runs);
    expect(report.byStatus['201']).toBeGreaterThan(0);
    expect(report.byStatus['400']).toBeGreaterThan(0);
    expect(report.byStatus['401']).toBeGreaterThan(0);
    expect(report.failures.length, formatReport(report)).toBe(0);
  });
});

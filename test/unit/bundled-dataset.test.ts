/**
 * A function's bundle carries the province dataset of its topology and no other, validated at
 * build time (issue 15: one dataset deployed and bundled; no schema run at cold start).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { functionBuildOptions, repoRoot } from '../../infra/bundling.ts';
import { loadProvince } from '../../shared/domain/province.ts';
import { datasetFiles } from '../../shared/province/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'motcua-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['gia-lai-2019', 'gia-lai-2025'])('built for %s', (dataset) => {
  it('bundles that dataset only, prepared at build time, and loads it as the raw files load', async () => {
    // Arrange: shared/province built as a function is (infra/bundling.ts) with its environment
    const other = dataset === 'gia-lai-2019' ? 'gia-lai-2025' : 'gia-lai-2019';
    const out = join(dir, dataset);
    const result = await build({ ...functionBuildOptions(join(repoRoot, 'shared/province/index.ts'), out, { PROVINCE_DATASET: dataset }), metafile: true, logLevel: 'silent' });
    // Act
    const carried = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f));
    const mod = (await import(pathToFileURL(join(out, 'index.mjs')).href)) as typeof import('../../shared/province/index.ts');
    // Assert
    // No raw file of either dataset: its dataset comes already validated and assembled.
    expect(carried.filter((f) => f.includes('shared/province/gia-lai-'))).toEqual([]);
    expect(mod.datasetIds).toEqual([dataset]);
    // Whatever PROVINCE_DATASET the process has (gia-lai-2019 under vitest), a bundle defaults to its own.
    expect(mod.defaultDataset).toBe(dataset);
    expect(mod.province(dataset).agencies.size).toBeGreaterThan(0);
    expect(mod.province(dataset)).toEqual(loadProvince(dataset, datasetFiles[dataset as keyof typeof datasetFiles]));
    expect(() => mod.province(other)).toThrow(`unknown province dataset "${other}" (present: ${dataset})`);
  });
});

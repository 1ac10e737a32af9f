/**
 * A function's bundle carries the shipped calendar, SMS scenarios and rating criteria already validated at build
 * time (infra/bundling.ts; issue 15, item 4: no schema run at cold start), and they read as the
 * raw files read unbundled.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { functionBuildOptions, repoRoot } from '../../infra/bundling.ts';
import { addWorkingDays, describeDay, loadCalendar } from '../../shared/domain/calendar.ts';
import { calendarFiles } from '../../shared/calendar/index.ts';
import { loadScenarios } from '../../shared/domain/sms/scenarios.ts';
import { loadCriteria } from '../../shared/domain/ratings.ts';
import scenariosFile from '../../shared/sms/scenarios.json' with { type: 'json' };
import criteriaFile from '../../shared/ratings/criteria.json' with { type: 'json' };

const dir = mkdtempSync(join(tmpdir(), 'motcua-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shipped data in a bundle', () => {
  it('carries the calendar, the SMS scenarios and the rating criteria validated at build time, with the same days, scenarios and criteria', async () => {
    // Arrange: an entry using both, built as a function is
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `export { vietnamCalendar } from ${JSON.stringify(join(repoRoot, 'shared/calendar/index.ts'))};\nexport { scenarios } from ${JSON.stringify(join(repoRoot, 'shared/domain/sms/scenarios.ts'))};\nexport { ratingCriteria } from ${JSON.stringify(join(repoRoot, 'shared/domain/ratings.ts'))};\n`,
    );
    const out = join(dir, 'out');
    const result = await build({ ...functionBuildOptions(entry, out, {}), metafile: true, logLevel: 'silent' });
    // Act
    const carried = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f));
    const mod = (await import(pathToFileURL(join(out, 'index.mjs')).href)) as { vietnamCalendar: () => ReturnType<typeof loadCalendar>; scenarios: () => ReturnType<typeof loadScenarios>; ratingCriteria: () => ReturnType<typeof loadCriteria> };
    const unbundled = loadCalendar(calendarFiles);
    // Assert: no raw file, and the same answers as the raw files give
    expect(carried.filter((f) => f.endsWith('.json'))).toEqual([]);
    expect(mod.scenarios()).toEqual(loadScenarios(scenariosFile));
    expect(mod.ratingCriteria()).toEqual(loadCriteria(criteriaFile));
    expect(mod.vietnamCalendar().data).toEqual(unbundled.data);
    expect(describeDay('2026-09-01', mod.vietnamCalendar())).toEqual(describeDay('2026-09-01', unbundled));
    expect(addWorkingDays('2026-08-20', 5, mod.vietnamCalendar())).toEqual(addWorkingDays('2026-08-20', 5, unbundled));
  });
});

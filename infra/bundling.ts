import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { calendarFiles } from '../shared/calendar/index.ts';
import { parseCalendarData } from '../shared/domain/calendar.ts';
import { ratingCriteria } from '../shared/domain/ratings.ts';
import { scenarios } from '../shared/domain/sms/scenarios.ts';
import { packJson } from '../shared/packed.ts';
import { province } from '../shared/province/index.ts';
import { toPrepared } from '../shared/province/prepared.ts';

/**
 * How every function is bundled, in AWS (infra/constructs/motcua-function.ts) and locally
 * (infra/local): one esbuild build (functionBuildOptions) so both run the same code. The AWS SDK
 * is bundled (nothing external) so a function carries the SDK version it was tested with.
 */
export const bundling = {
  format: 'esm' as const,
  platform: 'node' as const,
  target: 'node24',
  minify: true,
  sourcemap: true,
  /** Prefer ESM entry points so esbuild can tree-shake the SDK. */
  mainFields: ['module', 'main'],
  /** Some dependencies still `require()` Node built-ins; give ESM bundles a require. */
  banner: "import { createRequire as __motcuaCreateRequire } from 'node:module'; const require = __motcuaCreateRequire(import.meta.url);",
  externalModules: [] as string[],
  /** The bundle's file name; the handler is `index.handler`. */
  outFile: 'index.mjs',
};

/**
 * Shipped data a bundle carries already validated (issue 15, item 4: their schemas ran at every
 * cold start): each is checked here, once per build process, and defined as the JSON text its
 * module parses instead of the raw file (shared/domain/sms/scenarios.ts, shared/domain/ratings.ts),
 * or packed when it is large (the calendar below, shared/calendar/index.ts; the province).
 * A broken file fails the build, naming the file and field.
 */
const preparedData: Record<string, () => unknown> = {
  MOTCUA_PREPARED_SMS_SCENARIOS: () => scenarios(),
  MOTCUA_PREPARED_RATING_CRITERIA: () => ratingCriteria(),
};
const preparedText = new Map<string, string>();
// A string literal of JSON: JSON.parse reads it faster than V8 parses the same object literal.
const asDefine = (name: string, data: () => unknown) => preparedText.get(name) ?? preparedText.set(name, JSON.stringify(JSON.stringify(data()))).get(name)!;
/** The same data packed (shared/packed.ts): the province and the calendar, a fifth of a bundle as plain JSON text. */
const asPackedDefine = (name: string, data: () => unknown) => preparedText.get(name) ?? preparedText.set(name, JSON.stringify(packJson(data()))).get(name)!;

/**
 * Constants a function's build fixes (esbuild `define`): the shipped data above and, from its
 * environment, the province dataset, so the bundle carries that dataset only, validated and
 * assembled here as a PreparedProvince (shared/province/index.ts, ./prepared.ts).
 */
function buildDefines(env: Record<string, string>): Record<string, string> {
  const defines = {
    ...Object.fromEntries(Object.entries(preparedData).map(([name, data]) => [name, asDefine(name, data)])),
    MOTCUA_PREPARED_CALENDAR: asPackedDefine('MOTCUA_PREPARED_CALENDAR', () => parseCalendarData(calendarFiles)),
  };
  if (!env.PROVINCE_DATASET) return defines;
  return {
    ...defines,
    MOTCUA_PROVINCE_DATASET: JSON.stringify(env.PROVINCE_DATASET),
    MOTCUA_PROVINCE_PREPARED: asPackedDefine(`province:${env.PROVINCE_DATASET}`, () => toPrepared(province(env.PROVINCE_DATASET))),
  };
}

/**
 * The esbuild options of one function's build into `outdir` (its handler file is
 * `bundling.outFile`, its lazily loaded chunks beside it): CDK's function package
 * (infra/constructs/motcua-function.ts), the local runner and the bench all build with it.
 * @param env the function's environment (environmentFor): what the build may fix in advance
 */
export function functionBuildOptions(entry: string, outdir: string, env: Record<string, string>): BuildOptions {
  return {
    entryPoints: { [bundling.outFile.replace(/\.mjs$/, '')]: entry },
    outdir,
    // Code splitting: what a function imports lazily (the PDF renderer, exceljs) goes into chunks
    // loaded on first use, not at cold start (issue 15: without splitting esbuild inlines lazily
    // imported code into the one file). Chunks sit beside index.mjs, so code that finds files
    // beside its module (shared/pdf/fonts.ts: fonts/) finds them from a chunk too.
    splitting: true,
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: bundling.format,
    platform: bundling.platform,
    target: bundling.target,
    minify: bundling.minify,
    sourcemap: bundling.sourcemap,
    mainFields: bundling.mainFields,
    banner: { js: bundling.banner },
    external: bundling.externalModules,
    define: buildDefines(env),
  };
}

/** Repository root, resolved from this file (never from the current directory). */
export const repoRoot = new URL('..', import.meta.url).pathname;

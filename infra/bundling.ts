import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
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
 * Constants a function's build fixes from its environment (esbuild `define`): the province
 * dataset, so the bundle carries that dataset only, validated and assembled here, once, as the
 * JSON text the function parses at cold start (shared/province/index.ts, ./prepared.ts). A broken
 * dataset fails the build with its file and field (ProvinceDataError).
 */
function buildDefines(env: Record<string, string>): Record<string, string> {
  if (!env.PROVINCE_DATASET) return {};
  return {
    MOTCUA_PROVINCE_DATASET: JSON.stringify(env.PROVINCE_DATASET),
    // A string literal of JSON: JSON.parse reads it faster than V8 parses the same object literal.
    MOTCUA_PROVINCE_PREPARED: JSON.stringify(JSON.stringify(toPrepared(province(env.PROVINCE_DATASET)))),
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

import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * How every function is bundled, in AWS (NodejsFunction) and locally (infra/local): one set of
 * esbuild options so both run the same code. The AWS SDK is bundled (NodejsFunction leaves
 * `@aws-sdk/*` out by default; `externalModules: []` puts it back in) so a function carries the
 * SDK version it was tested with.
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
 * dataset, so the bundle carries that dataset only (shared/province/index.ts).
 */
export function buildDefines(env: Record<string, string>): Record<string, string> {
  return env.PROVINCE_DATASET ? { MOTCUA_PROVINCE_DATASET: JSON.stringify(env.PROVINCE_DATASET) } : {};
}

/**
 * The esbuild options of one function's build into `outdir` (its handler file is
 * `bundling.outFile`), used by the local runner and the bench; CDK's NodejsFunction gets the
 * same values through its bundling props (infra/constructs/motcua-function.ts).
 * @param env the function's environment (environmentFor): what the build may fix in advance
 */
export function functionBuildOptions(entry: string, outdir: string, env: Record<string, string>): BuildOptions {
  return {
    entryPoints: [entry],
    outfile: join(outdir, bundling.outFile),
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

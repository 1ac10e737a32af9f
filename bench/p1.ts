/**
 * Bench P1 (issue 15, item 4): every function of the topology against its bare twin, a handler
 * that imports the same AWS SDK clients (read from the function's esbuild metafile) and
 * constructs each at module scope as shared/aws/clients.ts does, and nothing else. Both are
 * built with the functions' own options (infra/bundling.ts); "bundle" is what a cold start
 * loads: the entry file plus the chunks it imports statically, not the lazily loaded ones. Init
 * is the wall time of a cold import, CPU its user + system time (steadier on a shared machine).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { bundling, functionBuildOptions, repoRoot } from '../infra/bundling.ts';
import { environmentFor, type FunctionId, type Topology } from '../infra/topology.ts';

/** SDK packages a twin imports, and the client each constructs at module scope (none for helpers). */
const sdkPackages: Record<string, { name: string; client?: string }> = {
  'client-dynamodb': { name: 'DynamoDBClient', client: 'DynamoDBClient' },
  'client-dynamodb-streams': { name: 'DynamoDBStreamsClient', client: 'DynamoDBStreamsClient' },
  'client-s3': { name: 'S3Client', client: 'S3Client' },
  'client-sqs': { name: 'SQSClient', client: 'SQSClient' },
  'client-secrets-manager': { name: 'SecretsManagerClient', client: 'SecretsManagerClient' },
  'client-pinpoint-sms-voice-v2': { name: 'PinpointSMSVoiceV2Client', client: 'PinpointSMSVoiceV2Client' },
  'lib-dynamodb': { name: 'DynamoDBDocumentClient' },
  's3-presigned-post': { name: 'createPresignedPost' },
  's3-request-presigner': { name: 'getSignedUrl' },
  'util-dynamodb': { name: 'marshall' },
};

export interface P1Row {
  id: FunctionId;
  sdk: string[];
  bundle: number;
  twin: number;
  init: number;
  twinInit: number;
  /** CPU milliseconds (user + system) of the same imports: less sensitive than `init` to the other work of a shared machine. */
  cpu: number;
  twinCpu: number;
}

/** The SDK packages (of sdkPackages) with code in a build's outputs, whichever copy of them (tree-shaken inputs do not count). */
export function sdkPackagesOf(meta: Metafile): string[] {
  const found = new Set<string>();
  const inputs = Object.values(meta.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f));
  for (const input of inputs) {
    const m = /node_modules\/@aws-sdk\/([a-z0-9-]+)\//.exec(input);
    if (m && sdkPackages[m[1]!]) found.add(m[1]!);
  }
  return [...found].sort();
}

/** Bytes a cold start loads: the entry file and, transitively, the chunks it imports statically (metafile paths are relative to the working directory). */
export function coldBytes(meta: Metafile, entryFile: string): number {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of meta.outputs[file]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(relative(process.cwd(), entryFile));
  return [...seen].reduce((n, f) => n + (meta.outputs[f]?.bytes ?? 0), 0);
}

/** The twin's source: the same SDK packages, each client constructed at module scope. */
function twinSource(sdk: string[]): string {
  const lines = sdk.map((p) => `import { ${sdkPackages[p]!.name} } from '@aws-sdk/${p}';`);
  const clients = sdk.flatMap((p) => (sdkPackages[p]!.client ? [`new ${sdkPackages[p]!.client}({})`] : []));
  if (sdk.includes('lib-dynamodb')) clients.push(`DynamoDBDocumentClient.from(${sdk.includes('client-dynamodb') ? 'new DynamoDBClient({})' : '{}'})`);
  const helpers = sdk.filter((p) => !sdkPackages[p]!.client && p !== 'lib-dynamodb').map((p) => sdkPackages[p]!.name);
  return `${lines.join('\n')}\nconst clients = [${clients.join(', ')}];\nexport const handler = async () => ({ clients: clients.length, helpers: [${helpers.join(', ')}].length });\n`;
}

/** Milliseconds to import `file` in a fresh Node process (the module's own init, after process start). */
export function timeImport(file: string, env: Record<string, string>): number {
  return measureImport(file, env).ms;
}

/** Wall and CPU (user + system) milliseconds of importing `file` in a fresh Node process. */
function measureImport(file: string, env: Record<string, string>): { ms: number; cpu: number } {
  const script = `const c0 = process.cpuUsage(); const t0 = performance.now(); await import(${JSON.stringify(file)}); const t = performance.now() - t0; const c = process.cpuUsage(c0); console.log(t, (c.user + c.system) / 1000);`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env, AWS_REGION: 'ap-southeast-1' } });
  const [ms, cpu] = stdout.toString().trim().split('\n').at(-1)!.split(' ').map(Number);
  return { ms: ms!, cpu: cpu! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Builds each function and its twin and times `runs` interleaved cold imports of each (function, twin, function, twin…). */
export async function p1(t: Topology, dir: string, runs: number, ids = Object.keys(t.functions) as FunctionId[]): Promise<P1Row[]> {
  const rows: P1Row[] = [];
  for (const id of ids) {
    const env = environmentFor(t, id);
    const fnDir = join(dir, 'p1', id, 'function');
    const twinDir = join(dir, 'p1', id, 'twin');
    const fn = await build({ ...functionBuildOptions(join(repoRoot, t.functions[id].entry), fnDir, env), metafile: true, logLevel: 'silent' });
    const sdk = sdkPackagesOf(fn.metafile);
    const twinFile = join(dir, 'p1', id, 'twin.mjs');
    writeFileSync(twinFile, twinSource(sdk));
    // The twin lives outside the repository: its imports resolve in the repository's node_modules.
    const twin = await build({ ...functionBuildOptions(twinFile, twinDir, env), nodePaths: [join(repoRoot, 'node_modules')], metafile: true, logLevel: 'silent' });
    const [fnEntry, twinEntry] = [join(fnDir, bundling.outFile), join(twinDir, bundling.outFile)];
    const pairs = Array.from({ length: runs }, () => [measureImport(fnEntry, env), measureImport(twinEntry, env)] as const);
    rows.push({
      id,
      sdk,
      bundle: coldBytes(fn.metafile, fnEntry),
      twin: coldBytes(twin.metafile, twinEntry),
      init: median(pairs.map((p) => p[0].ms)),
      twinInit: median(pairs.map((p) => p[1].ms)),
      cpu: median(pairs.map((p) => p[0].cpu)),
      twinCpu: median(pairs.map((p) => p[1].cpu)),
    });
  }
  return rows;
}

/** The P1 table in Markdown, with the targets (bundle ≤ 1.15×, init ≤ 1.2× the twin) marked. */
export function p1Table(rows: P1Row[]): string {
  const kb = (n: number) => `${Math.round(n / 1024).toLocaleString('en')} KB`;
  const lines = [
    '| function | bundle | twin | ratio | init | twin init | ratio | CPU | twin CPU | ratio | SDK packages |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const b = r.bundle / r.twin;
      const i = r.init / r.twinInit;
      const c = r.cpu / r.twinCpu;
      return `| ${r.id} | ${kb(r.bundle)} | ${kb(r.twin)} | ${b.toFixed(2)}×${b <= 1.15 ? '' : ' ✗'} | ${r.init.toFixed(1)} ms | ${r.twinInit.toFixed(1)} ms | ${i.toFixed(2)}×${i <= 1.2 ? '' : ' ✗'} | ${r.cpu.toFixed(1)} ms | ${r.twinCpu.toFixed(1)} ms | ${c.toFixed(2)}× | ${r.sdk.join(', ')} |`;
    }),
  ];
  return lines.join('\n');
}

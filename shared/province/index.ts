/**
 * The province datasets shipped with motcua. `PROVINCE_DATASET` picks one (default gia-lai-2025).
 * A function's bundle carries only the dataset of its topology, already validated: the build
 * defines `MOTCUA_PROVINCE_DATASET` and `MOTCUA_PROVINCE_PREPARED`, that dataset as loaded at
 * build time (./prepared.ts, infra/bundling.ts), and every raw file's branch folds away (issue 15,
 * items 1 and 4: one dataset deployed and bundled, no schema run at cold start). Unbundled
 * (tests, scripts, the local cloud's host) both names are undefined and every dataset is there,
 * validated when first loaded.
 *
 * - gia-lai-2019: Gia Lai as it stood in 2019 (province > district > commune), the pilot's data.
 * - gia-lai-2025: the merged Gia Lai after 1 July 2025 (province > 135 communes and wards), with the
 *   old units it replaced, so that old addresses resolve.
 */
import { loadProvince, type Province, type ProvinceFiles } from '../domain/province.ts';
import { unpackJson } from '../packed.ts';
import { fromPrepared, type PreparedProvince } from './prepared.ts';
import units2019 from './gia-lai-2019/units.json' with { type: 'json' };
import agencies2019 from './gia-lai-2019/agencies.json' with { type: 'json' };
import servicePoints2019 from './gia-lai-2019/service-points.json' with { type: 'json' };
import procedures2019 from './gia-lai-2019/procedures.json' with { type: 'json' };
import rollout2019 from './gia-lai-2019/rollout.json' with { type: 'json' };
import postal2019 from './gia-lai-2019/postal.json' with { type: 'json' };
import feeReductions2019 from './gia-lai-2019/fee-reductions.json' with { type: 'json' };
import units2025 from './gia-lai-2025/units.json' with { type: 'json' };
import agencies2025 from './gia-lai-2025/agencies.json' with { type: 'json' };
import servicePoints2025 from './gia-lai-2025/service-points.json' with { type: 'json' };
import procedures2025 from './gia-lai-2025/procedures.json' with { type: 'json' };
import rollout2025 from './gia-lai-2025/rollout.json' with { type: 'json' };
import postal2025 from './gia-lai-2025/postal.json' with { type: 'json' };
import feeReductions2025 from './gia-lai-2025/fee-reductions.json' with { type: 'json' };

/** Set by the build to the one dataset a bundle carries; undefined when run unbundled. */
declare const MOTCUA_PROVINCE_DATASET: string | undefined;
/** Set by the build to that dataset's PreparedProvince, packed (../packed.ts); undefined when run unbundled. */
declare const MOTCUA_PROVINCE_PREPARED: string | undefined;

const prepared: PreparedProvince | undefined = typeof MOTCUA_PROVINCE_PREPARED === 'undefined' ? undefined : unpackJson<PreparedProvince>(MOTCUA_PROVINCE_PREPARED);

// Each condition names the build-time constants themselves (not a local copy of them) so that
// esbuild folds it and drops the raw files' imports: a bundle with its dataset prepared carries
// none of them, a bundle without one only its own dataset's.
const files = {
  'gia-lai-2019':
    typeof MOTCUA_PROVINCE_PREPARED === 'undefined' && (typeof MOTCUA_PROVINCE_DATASET === 'undefined' || MOTCUA_PROVINCE_DATASET === 'gia-lai-2019')
      ? {
          'units.json': units2019,
          'agencies.json': agencies2019,
          'service-points.json': servicePoints2019,
          'procedures.json': procedures2019,
          'rollout.json': rollout2019,
          'postal.json': postal2019,
          'fee-reductions.json': feeReductions2019,
        }
      : undefined,
  'gia-lai-2025':
    typeof MOTCUA_PROVINCE_PREPARED === 'undefined' && (typeof MOTCUA_PROVINCE_DATASET === 'undefined' || MOTCUA_PROVINCE_DATASET === 'gia-lai-2025')
      ? {
          'units.json': units2025,
          'agencies.json': agencies2025,
          'service-points.json': servicePoints2025,
          'procedures.json': procedures2025,
          'rollout.json': rollout2025,
          'postal.json': postal2025,
          'fee-reductions.json': feeReductions2025,
        }
      : undefined,
} as const;

/** The raw files of each dataset, by id (in a bundle, none: its dataset comes prepared). */
export const datasetFiles = files as { readonly [K in keyof typeof files]: NonNullable<(typeof files)[K]> } satisfies Record<string, ProvinceFiles>;
export type DatasetId = keyof typeof datasetFiles;
/** The datasets present: every one unbundled, the bundled one in a function. */
export const datasetIds = prepared ? [prepared.id as DatasetId] : (Object.keys(files) as DatasetId[]).filter((id) => files[id] !== undefined);
/**
 * The dataset deployed: PROVINCE_DATASET, else gia-lai-2025, the merged province in force (the
 * 2019 pilot stays as history: `PROVINCE_DATASET=gia-lai-2019`). A bundle defaults to the dataset
 * it carries. An unknown name fails here, at load, naming the datasets there are.
 */
export const defaultDataset: DatasetId = (() => {
  const id = typeof MOTCUA_PROVINCE_DATASET === 'undefined' ? process.env.PROVINCE_DATASET || 'gia-lai-2025' : MOTCUA_PROVINCE_DATASET;
  if (!datasetIds.includes(id as DatasetId)) throw new Error(`PROVINCE_DATASET=${id}: unknown province dataset (known: ${datasetIds.join(', ')})`);
  return id as DatasetId;
})();

const cache = new Map<string, Province>();
/** Loads (once) and returns a dataset; throws ProvinceDataError naming the file and field. */
export function province(id: string = defaultDataset): Province {
  let p = cache.get(id);
  if (!p) {
    const found = files[id as DatasetId];
    if (prepared?.id === id) p = fromPrepared(prepared);
    else if (!found) throw new Error(`unknown province dataset "${id}" (present: ${datasetIds.join(', ')})`);
    else p = loadProvince(id, found);
    cache.set(id, p);
  }
  return p;
}

/** Broken copies of a province dataset for the data-validation tests: mutate a copy, load it, read its problems. */
import { loadProvince, ProvinceDataError, type ProvinceFiles } from '../../shared/domain/province.ts';
import { datasetFiles } from '../../shared/province/index.ts';

export type Files = Record<keyof ProvinceFiles, any>;
export type DatasetId = keyof typeof datasetFiles;

/** A deep copy of a shipped dataset's files, free to break. */
export const files = (dataset: DatasetId = 'gia-lai-2019'): Files => structuredClone(datasetFiles[dataset]) as Files;

/**
 * The problems a changed copy of the dataset fails with; throws if it loads (it must fail). Each
 * problem is also in the error's message, as `file: field: message`.
 */
export function problemsOf(mutate: (f: Files) => void, dataset: DatasetId = 'gia-lai-2019'): ProvinceDataError['problems'] {
  const f = files(dataset);
  mutate(f);
  try {
    loadProvince('broken', f);
  } catch (e) {
    if (!(e instanceof ProvinceDataError)) throw e;
    for (const p of e.problems) if (!e.message.includes(`${p.file}: ${p.field}: ${p.message}`)) throw new Error(`problem ${p.file}: ${p.field} is not in the message`);
    return e.problems;
  }
  throw new Error('the broken dataset loaded');
}

/** Loads a JSON resource for a page: `const r = useResource<ProcedureList>('/v1/procedures')`. */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, getJson } from './api.ts';

export type Resource<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; problem: ApiProblem };

export function useResource<T>(path: string | undefined, headers: Record<string, string> = {}): Resource<T> {
  const [r, setR] = useState<Resource<T>>({ state: 'loading' });
  const headerKey = JSON.stringify(headers);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setR({ state: 'loading' });
    getJson<T>(path, headers).then(
      (data) => live && setR({ state: 'ready', data }),
      (e: unknown) => live && setR({ state: 'failed', problem: e instanceof ApiProblem ? e : new ApiProblem(0, {}) }),
    );
    return () => {
      live = false;
    };
  }, [path, headerKey]);
  return r;
}

/** Loads a JSON resource for a page: `const r = useResource<ProcedureList>('/v1/procedures')`. */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, getJson } from './api.ts';

export type Resource<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; problem: ApiProblem };

/**
 * The one loader of the pages' resources: `load(path)` read for `path`, again by `reload()`.
 * Another path (or `key`: what else the answer depends on, e.g. headers) is "loading" until its own
 * answer, never the last one's data; a reload keeps the page as it is until its answer arrives (no
 * flash). No path: nothing is read, the last answer stays.
 */
export function useLoaded<T>(path: string | undefined, load: (path: string) => Promise<T>, key = ''): Resource<T> & { reload: () => void } {
  const asked = path === undefined ? undefined : `${path}\n${key}`;
  const [held, setHeld] = useState<{ asked?: string; r: Resource<T> }>({ r: { state: 'loading' } });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    load(path).then(
      (data) => live && setHeld({ asked, r: { state: 'ready', data } }),
      (e: unknown) => live && setHeld({ asked, r: { state: 'failed', problem: e instanceof ApiProblem ? e : new ApiProblem(0, {}) } }),
    );
    return () => {
      live = false;
    };
  }, [asked, version]);
  const r: Resource<T> = !path || held.asked === asked ? held.r : { state: 'loading' };
  return { ...r, reload: () => setVersion((v) => v + 1) };
}

/** A public resource (the catalogue, a procedure), with the headers it needs (a dossier's token). */
export function useResource<T>(path: string | undefined, headers: Record<string, string> = {}): Resource<T> {
  return useLoaded<T>(path, (p) => getJson<T>(p, headers), JSON.stringify(headers));
}

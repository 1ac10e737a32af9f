/** One courier API step as a user action: `useStep()` -> `{ run, busy, problem }`; a retry of the same body keeps its Idempotency-Key. */
import { useRef, useState } from 'preact/hooks';
import { action, ApiProblem, type Action } from '../common/api.ts';
import { staffPost } from '../common/staff-api.ts';

export function useStep() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const last = useRef<{ json: string; act: Action } | undefined>(undefined);
  /** POSTs `body` to `path`; resolves to the answer, or undefined after showing the problem. */
  const run = async <T>(path: string, body: unknown, before?: () => Promise<void>): Promise<T | undefined> => {
    const json = `${path} ${JSON.stringify(body)}`;
    if (last.current?.json !== json) last.current = { json, act: action() };
    setBusy(true);
    setProblem(undefined);
    try {
      await before?.();
      return await staffPost<T>(last.current.act, path, body);
    } catch (e) {
      setProblem(e instanceof ApiProblem ? e : new ApiProblem(0, {}));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, problem, setProblem };
}

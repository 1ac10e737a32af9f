/** The console's paths of the counter API, and its actions (through the staff pages' client, ../common/staff-api.ts). */
import { useState } from 'preact/hooks';
import { ApiProblem, action } from '../common/api.ts';
import { staffPost } from '../common/staff-api.ts';

export const counterPath = (code: string, rest = '') => `/v1/counter/dossiers/${encodeURIComponent(code)}${rest}`;

/** The path of a printable form of the dossier (`receipt` = form 01, `supplement-request` = 02, `refusal` = 03, `fee-receipt-<id>`, …). */
export const formPath = (code: string, form: string) => counterPath(code, `/forms/${encodeURIComponent(form)}`);

/**
 * One clerk's action on a dossier that a confirmation precedes: `run(path, body)` POSTs it with the
 * action's Idempotency-Key (kept for a retry after a network failure or a 5xx, renewed after a
 * refusal: nothing was done, the corrected entry is a new intent) and answers the reply, or
 * `undefined` with `problem` set.
 */
export function useCounterAction() {
  const [act, setAct] = useState(() => action());
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const run = async <T,>(path: string, body?: unknown): Promise<T | undefined> => {
    setBusy(true);
    setProblem(undefined);
    try {
      return await staffPost<T>(act, path, body);
    } catch (e) {
      const p = e instanceof ApiProblem ? e : new ApiProblem(0, {});
      setProblem(p);
      if (p.status >= 400 && p.status < 500) setAct(action());
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, run, clear: () => setProblem(undefined) };
}

export { action };

/** Downloads a file the API serves only with a header (the dossier's token): fetched, then saved under its name. */
import { ApiProblem } from './api.ts';

/** `await downloadWithHeaders('/v1/dossiers/HS-…/forms/receipt', { 'x-dossier-token': t }, 'giay-tiep-nhan.pdf')`. */
export async function downloadWithHeaders(path: string, headers: Record<string, string>, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/pdf, application/problem+json', ...headers } });
  } catch {
    throw new ApiProblem(0, {});
  }
  if (!res.ok) throw new ApiProblem(res.status, await res.json().catch(() => ({})));
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

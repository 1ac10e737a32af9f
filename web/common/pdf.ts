/**
 * A PDF the API renders (forms 01–03, receipts), fetched with the staff member's token (a plain
 * link could not carry the Authorization header) and opened from a blob: URL in a new tab, where
 * the browser's viewer prints it. The URL is also offered as a download link.
 */
import { ApiProblem, type Problem } from './api.ts';

/** Fetches `path` as a PDF and answers an object URL for it; a refusal becomes an ApiProblem. */
export async function fetchPdf(path: string, headers: Record<string, string>): Promise<string> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/pdf, application/problem+json', ...headers } });
  } catch {
    throw new ApiProblem(0, {});
  }
  if (!res.ok) {
    let problem: Problem = {};
    try {
      problem = (await res.json()) as Problem;
    } catch {
      // Not JSON: the status says enough.
    }
    throw new ApiProblem(res.status, problem);
  }
  return URL.createObjectURL(new Blob([await res.arrayBuffer()], { type: 'application/pdf' }));
}

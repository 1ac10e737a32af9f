/**
 * What every answer of the API must satisfy, whatever was sent:
 * - never a 5xx (nor no answer at all);
 * - a 4xx is RFC 9457 problem+json whose `status` is the HTTP status, unless it is one of API
 *   Gateway's own answers, which the application cannot shape (HTTP APIs have no gateway
 *   responses): 401 `{"message":"Unauthorized"}` from the JWT authorizer, 404 `{"message":"Not
 *   Found"}` for no route, 413 `{"message":"Request Entity Too Large"}` past 10 MB (and the local
 *   front's bare 431 for a request line and headers past 16 KB);
 * - an error answer (any non-2xx) never echoes more than 200 characters of one input (a path
 *   parameter, a header, a string of the body, the raw body). 2xx answers are left out: they
 *   return what was stored, by design.
 */

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

/** The gateway's own answers: the only 4xx allowed not to be problem+json. */
export const gatewayAnswers: Record<number, string> = {
  401: '{"message":"Unauthorized"}',
  404: '{"message":"Not Found"}',
  413: '{"message":"Request Entity Too Large"}',
  // The local front's HTTP parser (Node's 16 KB limit on the request line and headers; API
  // Gateway's is 10 KB): no body at all.
  431: '',
};

export const maxEcho = 200;

export type Violation = { kind: '5xx' | 'no-answer' | 'not-problem' | 'echo'; detail: string };

/** The oracle's verdict on one answer: [] when it is fine. */
export function judge(answer: Answer | { error: string }, inputs: string[]): Violation[] {
  if ('error' in answer) return [{ kind: 'no-answer', detail: answer.error }];
  const out: Violation[] = [];
  const { status, text, contentType } = answer;
  if (status >= 500) out.push({ kind: '5xx', detail: `${status} ${text.slice(0, 300)}` });
  if (status >= 400 && status < 500 && gatewayAnswers[status] !== text) {
    const problem = parseJson(text) as Record<string, unknown> | undefined;
    const ok =
      /^application\/problem\+json\b/i.test(contentType) &&
      problem !== undefined &&
      typeof problem.type === 'string' &&
      typeof problem.title === 'string' &&
      problem.status === status;
    if (!ok) out.push({ kind: 'not-problem', detail: `${status} ${contentType || '(no content-type)'} ${text.slice(0, 200)}` });
  }
  if (status < 200 || status >= 300) {
    const texts = answerTexts(text);
    const echo = longestEcho(inputs, texts.map((t) => t.text));
    if (echo > maxEcho) {
      // Name the answer's fields that carry it (the raw text, index 0, always does).
      const where = texts.slice(1).filter((t) => longestEcho(inputs, [t.text]) > maxEcho).map((t) => t.where);
      out.push({ kind: 'echo', detail: `${status}: ${echo}+ characters of an input echoed${where.length ? ` in ${[...new Set(where)].join(', ')}` : ''}` });
    }
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The raw answer and every string inside it once decoded (escapes such as \u202e undone), with its path. */
function answerTexts(text: string): { where: string; text: string }[] {
  const out = [{ where: '(raw)', text }];
  const walk = (v: unknown, where: string) => {
    if (typeof v === 'string') out.push({ where, text: v });
    else if (Array.isArray(v)) v.forEach((x) => walk(x, `${where}[]`));
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, where ? `${where}.${k}` : k));
  };
  walk(parseJson(text), '');
  return out;
}

/**
 * A lower bound of the longest run of one input found in the answer, once it passes maxEcho:
 * windows of maxEcho + 1 characters taken every 50 characters, so any echo of 250 characters or
 * more is found, and nothing shorter than maxEcho + 1 is ever reported.
 */
export function longestEcho(inputs: string[], texts: string[], step = 50): number {
  const w = maxEcho + 1;
  let longest = 0;
  for (const input of inputs) {
    if (input.length < w) continue;
    const seen = new Set<string>();
    for (let i = 0; i + w <= input.length; i += step) {
      const window = input.slice(i, i + w);
      if (seen.has(window)) continue;
      seen.add(window);
      for (const t of texts) {
        const at = t.indexOf(window);
        if (at < 0) continue;
        // Extend to the right to report how long the echo is.
        let n = w;
        while (i + n < input.length && at + n < t.length && input[i + n] === t[at + n]) n++;
        longest = Math.max(longest, n);
      }
      if (seen.size > 2_000) break;
    }
  }
  return longest;
}

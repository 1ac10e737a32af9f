/**
 * The pages' one API client: same origin `/v1/...`, JSON in and out. A refusal (RFC 9457
 * problem+json) becomes an `ApiProblem` whose `message` is Vietnamese and names the failing field;
 * a network failure becomes one too. Every POST belongs to a user action (`action()`): its
 * Idempotency-Key is made once and sent again when the person retries, so a retry never files twice.
 */

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  field?: string;
  errors?: { field: string; message: string }[];
}

/** Labels of the fields a problem can name, as the person sees them on the form. */
export const fieldLabels: Record<string, string> = {
  code: 'Mã hồ sơ',
  id: 'Mã thủ tục',
  procedureId: 'Thủ tục',
  'applicant.fullName': 'Họ và tên',
  'applicant.cccd': 'Số định danh cá nhân (CCCD)',
  'applicant.phone': 'Số điện thoại',
  'applicant.address.line': 'Địa chỉ',
  'applicant.address.unitId': 'Xã, phường',
  'applicant.kind': 'Người yêu cầu thủ tục',
  'applicant.name': 'Tên tổ chức',
  'applicant.taxCode': 'Mã số thuế',
  'applicant.representative.fullName': 'Họ và tên người được ủy quyền',
  'applicant.representative.cccd': 'Số CCCD của người được ủy quyền',
  'applicant.representative.phone': 'Số điện thoại của người được ủy quyền',
  'intake.method': 'Cách nộp hồ sơ',
  'intake.address.line': 'Nơi bưu tá đến',
  'intake.address.unitId': 'Xã, phường nơi bưu tá đến',
  'intake.window.to': 'Khoảng giờ bưu tá đến',
  'resultDelivery.method': 'Cách nhận kết quả',
  'resultDelivery.servicePointId': 'Điểm bưu điện nhận kết quả',
  'fees.category.0': 'Đối tượng có mức phí riêng',
};

export class ApiProblem extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** The failing field (`applicant.phone`), when the API named one. */
  readonly field: string | undefined;

  constructor(status: number, problem: Problem) {
    super(describeProblem(status, problem));
    this.name = 'ApiProblem';
    this.status = status;
    this.problem = problem;
    this.field = problem.field ?? problem.errors?.[0]?.field;
  }

  /** The message of one field (for `aria-describedby` under that input), if the API named it. */
  messageFor(field: string): string | undefined {
    const issue = this.problem.errors?.find((e) => e.field === field);
    if (issue) return issue.message;
    return this.problem.field === field ? (this.problem.detail ?? this.problem.title) : undefined;
  }
}

/** `Số điện thoại: số điện thoại không hợp lệ` — the title, the detail and the field, in Vietnamese. */
export function describeProblem(status: number, p: Problem): string {
  if (status === 0) return 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.';
  const issue = p.errors?.[0];
  const field = p.field ?? issue?.field;
  const text = issue?.message ?? p.detail ?? p.title ?? (status === 404 ? 'Không tìm thấy' : status >= 500 ? 'Hệ thống đang bận, vui lòng thử lại sau' : 'Yêu cầu không hợp lệ');
  return field ? `${fieldLabels[field] ?? field}: ${text}` : text;
}

async function request<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { accept: 'application/json, application/problem+json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiProblem(0, {});
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) throw new ApiProblem(res.status, (json as Problem | undefined) ?? {});
  return json as T;
}

/** GET a JSON resource: `await getJson<ProcedureList>('/v1/procedures')`. */
export function getJson<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
  return request<T>('GET', path, undefined, headers);
}

/** A random key of 22 base64url characters (132 bits), within the API's 16–64 [A-Za-z0-9_-]. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface Action {
  readonly key: string;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

/**
 * One user action (a press of "Nộp hồ sơ"): its POSTs carry one Idempotency-Key, kept when the
 * person presses again after an error. Start a new action for a new intent.
 */
export function action(key: string = newIdempotencyKey()): Action {
  return { key, post: <T>(path: string, body?: unknown, headers: Record<string, string> = {}) => request<T>('POST', path, body, { ...headers, 'idempotency-key': key }) };
}

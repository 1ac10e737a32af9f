/**
 * The pages' apps: one entry per audience, each served under its own base path from the same
 * origin as the API. The build (web/build.ts), the local HTTP front (infra/local/http.ts through
 * web/serve.ts) and CloudFront's viewer-request function (infra/constructs/front.ts) read this
 * list, so an app is declared once. Later: counter (/quay/), agency (/co-quan/), postman
 * (/buu-ta/), dashboard (/tinh/), each a folder beside web/citizen/.
 */
export interface PageApp {
  /** Folder under web/ with `main.tsx`, and the output folder of its index.html. */
  id: string;
  /** URL prefix it answers (ends with `/`); the longest matching prefix wins. */
  base: string;
  /** The document title (Vietnamese). */
  title: string;
}

export const pageApps: readonly PageApp[] = [
  { id: 'citizen', base: '/', title: 'Một cửa Gia Lai: thủ tục và tra cứu hồ sơ' },
  { id: 'agency', base: '/co-quan/', title: 'Một cửa Gia Lai: hộp hồ sơ của cơ quan' },
  { id: 'postman', base: '/buu-ta/', title: 'Một cửa Gia Lai: việc của bưu tá' },
  { id: 'counter', base: '/quay/', title: 'Quầy một cửa: tiếp nhận và trả kết quả' },
  { id: 'dashboard', base: '/tinh/', title: 'Một cửa Gia Lai: bảng điều hành của tỉnh' },
  { id: 'signin', base: '/dang-nhap/', title: 'Đăng nhập cho nhân viên' },
];

/** Paths that are never pages: the API and the local cloud's own controls. */
export const apiPrefixes = ['/v1/', '/_local/'] as const;

/**
 * The app whose base is the longest prefix of `path` (every path has one: citizen's base is `/`);
 * a base typed without its final slash (`/co-quan`) is that app's too, not the citizen's.
 */
export function appFor(path: string, apps: readonly PageApp[] = pageApps): PageApp | undefined {
  return [...apps].sort((a, b) => b.base.length - a.base.length).find((a) => path.startsWith(a.base) || `${path}/` === a.base);
}

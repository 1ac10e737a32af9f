/** The frame of every page: skip link, banner with the site's navigation, main, footer (WCAG landmarks). */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { Link } from './router.tsx';

export interface NavItem {
  href: string;
  label: string;
  /** Whether the current path is this item's page (aria-current). */
  current: boolean;
}

export function Layout(props: { site: string; nav: NavItem[]; title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · ${props.site}`;
  }, [props.title, props.site]);
  return (
    <>
      <a class="skip" href="#main">
        Bỏ qua, đến nội dung chính
      </a>
      <header class="banner">
        <div class="wrap">
          <Link class="brand" href="/">
            {props.site}
          </Link>
          <nav aria-label="Điều hướng chính">
            <ul>
              {props.nav.map((n) => (
                <li key={n.href}>
                  <Link href={n.href} aria-current={n.current ? 'page' : undefined}>
                    {n.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="wrap" tabIndex={-1}>
        {props.children}
      </main>
      <footer class="wrap">
        <p>
          Bưu điện tỉnh Gia Lai, tiếp nhận và trả kết quả thủ tục hành chính. Tổng đài hỗ trợ: <a href="tel:1900545481">1900 54 54 81</a>
        </p>
      </footer>
    </>
  );
}

/** A message for everyone who cannot see it appear: polite, or an alert for errors. */
export function Notice(props: { kind: 'error' | 'info'; children: ComponentChildren; id?: string }) {
  return (
    <div class={`notice ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'} id={props.id}>
      {props.children}
    </div>
  );
}

/**
 * Tabs by the WAI-ARIA pattern: a tablist of buttons (arrow keys, Home and End move between them;
 * Tab goes on into the panel), one panel showing the selected tab's content.
 * `<Tabs id="when" label="Việc theo ngày" tabs={[{ id: 'today', label: 'Hôm nay (2)' }]} selected={tab} onSelect={setTab}>…</Tabs>`
 */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface Tab {
  id: string;
  label: string;
}

export function Tabs(props: { id: string; label: string; tabs: Tab[]; selected: string; onSelect: (id: string) => void; children: ComponentChildren }) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const at = Math.max(0, props.tabs.findIndex((t) => t.id === props.selected));
  const tabId = (t: Tab) => `${props.id}-tab-${t.id}`;
  const go = (i: number) => {
    const n = props.tabs.length;
    const to = (i + n) % n;
    props.onSelect(props.tabs[to]!.id);
    buttons.current[to]?.focus();
  };
  const keys: Record<string, () => void> = { ArrowRight: () => go(at + 1), ArrowLeft: () => go(at - 1), Home: () => go(0), End: () => go(props.tabs.length - 1) };
  return (
    <>
      <div class="tabs" role="tablist" aria-label={props.label}>
        {props.tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(b) => {
              buttons.current[i] = b;
            }}
            type="button"
            role="tab"
            id={tabId(t)}
            aria-selected={i === at}
            aria-controls={`${props.id}-panel`}
            tabIndex={i === at ? 0 : -1}
            onClick={() => props.onSelect(t.id)}
            onKeyDown={(e) => {
              const k = keys[e.key];
              if (!k) return;
              e.preventDefault();
              k();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div class="tabpanel" role="tabpanel" id={`${props.id}-panel`} aria-labelledby={props.tabs[at] ? tabId(props.tabs[at]) : undefined} tabIndex={0}>
        {props.children}
      </div>
    </>
  );
}

/** A table that may scroll sideways on a phone: a labelled region the keyboard can reach and scroll (WCAG 2.1.1). */
import type { ComponentChildren } from 'preact';

export function TableWrap(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}

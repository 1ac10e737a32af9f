/** A dossier's timeline, newest first, each entry's time in Vietnam (the citizen's tracking draws the same list). */
import { formatDateTime } from './format.ts';

export interface TimelineEntry {
  type: string;
  at: string;
  label: string;
  agency?: { name: string } | undefined;
}

export function Timeline(props: { entries: readonly TimelineEntry[] }) {
  return (
    <>
      <h2>Tiến trình</h2>
      <ol class="timeline">
        {[...props.entries].reverse().map((t, i) => (
          <li key={`${t.type}-${t.at}-${i}`}>
            <time dateTime={t.at}>{formatDateTime(t.at)}</time>
            {t.label}
            {t.agency ? ` (${t.agency.name})` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}

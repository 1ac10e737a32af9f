/** A button that opens a PDF the counter API renders (a dossier's form: `formPath`, the tracking book) in a new tab, with a download link beside it. */
import { useState } from 'preact/hooks';
import { ApiProblem } from '../common/api.ts';
import { Notice } from '../common/layout.tsx';
import { staffPdf } from '../common/staff-api.ts';

export function PrintButton(props: { path: string; label: string; fileName: string }) {
  const [url, setUrl] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const open = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const u = url ?? (await staffPdf(props.path));
      setUrl(u);
      window.open(u, '_blank');
    } catch (e) {
      setError(e instanceof ApiProblem ? e.message : 'Không mở được tệp PDF');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="print">
      <button type="button" onClick={open} disabled={busy}>
        {props.label}
      </button>
      {url && (
        <a class="pdf-link" href={url} download={props.fileName}>
          Tải tệp PDF ({props.fileName})
        </a>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}

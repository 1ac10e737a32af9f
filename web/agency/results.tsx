/**
 * The result documents of a completion: each chosen file goes to its own result slot (result-1,
 * result-2, …) through the agency's presigned POST form, with its progress; the document check
 * (type, size, checksum, malware scan) then marks it verified or rejected, and only verified
 * slots are sent with the decision.
 */
import { useEffect, useState } from 'preact/hooks';
import { action, ApiProblem } from '../common/api.ts';
import { Notice } from '../common/layout.tsx';
import { staffGet, staffPost } from '../common/staff-api.ts';
import { postFile, uploadRequest, type UploadForm } from '../common/upload.ts';
import type { DossierView } from './types.ts';

interface Upload {
  slot: string;
  name: string;
  progress: number;
  state: 'uploading' | 'checking' | 'verified' | 'rejected' | 'failed';
  message?: string;
}

const stateLabels: Record<Upload['state'], string> = {
  uploading: 'Đang tải lên',
  checking: 'Đang kiểm tra tệp',
  verified: 'Hợp lệ',
  rejected: 'Bị từ chối',
  failed: 'Không tải lên được',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for the document check of `slot` (about a second locally; gives up after a minute). */
async function checked(path: string, slot: string): Promise<{ status: string; reason?: string }> {
  for (let i = 0; i < 120; i++) {
    const d = await staffGet<DossierView>(path);
    const s = d.results?.find((r) => r.id === slot);
    if (s && (s.status === 'verified' || s.status === 'rejected')) return s;
    await sleep(500);
  }
  return { status: 'uploaded' };
}

export function ResultUploads(props: { path: string; error: string | undefined; onChange: (verifiedSlots: string[], pending: boolean) => void }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const update = (slot: string, change: Partial<Upload>) => setUploads((all) => all.map((u) => (u.slot === slot ? { ...u, ...change } : u)));
  useEffect(() => {
    props.onChange(
      uploads.filter((u) => u.state === 'verified').map((u) => u.slot),
      uploads.some((u) => u.state === 'uploading' || u.state === 'checking'),
    );
  }, [uploads]);

  const upload = async (file: File, slot: string) => {
    try {
      const form = await staffPost<UploadForm>(action(), `${props.path}/results/${slot}/upload-url`, await uploadRequest(file));
      await postFile(form, file, (progress) => update(slot, { progress }));
      update(slot, { state: 'checking' });
      const s = await checked(props.path, slot);
      update(slot, s.status === 'verified' ? { state: 'verified' } : s.status === 'rejected' ? { state: 'rejected', ...(s.reason ? { message: s.reason } : {}) } : { state: 'failed', message: 'Chưa kiểm tra xong, thử lại sau' });
    } catch (e) {
      update(slot, { state: 'failed', message: e instanceof ApiProblem ? e.message : String(e) });
    }
  };
  const choose = (files: FileList | null) => {
    const chosen = [...(files ?? [])];
    const fresh = chosen.map((f, i) => ({ slot: `result-${i + 1}`, name: f.name, progress: 0, state: 'uploading' as const }));
    setUploads(fresh);
    chosen.forEach((f, i) => void upload(f, fresh[i]!.slot));
  };
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for="result-files">Văn bản kết quả</label>
      <p class="hint" id="result-files-hint">
        PDF, JPEG hoặc PNG; chọn một hoặc nhiều tệp, mỗi tệp là một văn bản kết quả.
      </p>
      {props.error && (
        <p class="error" id="result-files-error">
          {props.error}
        </p>
      )}
      <input id="result-files" type="file" multiple accept="application/pdf,image/jpeg,image/png" aria-describedby={`result-files-hint${props.error ? ' result-files-error' : ''}`} onChange={(e) => choose(e.currentTarget.files)} />
      {uploads.length > 0 && (
        <ul class="files" id="result-uploads" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.slot}>
              <span>{u.name}</span>
              {u.state === 'uploading' ? (
                <progress max={1} value={u.progress} aria-label={`Tiến độ tải lên ${u.name}`}>
                  {Math.round(u.progress * 100)}%
                </progress>
              ) : (
                <span class={u.state === 'verified' ? 'ok' : u.state === 'checking' ? 'meta' : 'error'}>
                  {stateLabels[u.state]}
                  {u.message ? `: ${u.message}` : ''}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {uploads.some((u) => u.state === 'failed' || u.state === 'rejected') && <Notice kind="error">Có tệp chưa hợp lệ: chọn lại tệp đó rồi hoàn thành.</Notice>}
    </div>
  );
}

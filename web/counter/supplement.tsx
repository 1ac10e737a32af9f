/**
 * A supplement brought to the counter (the dossier waits for one: asked at reception, form 02, or
 * by the agency): the papers asked for, each scanned at the desk into its slot (./scan.tsx), the
 * slots' checks followed until verified, then the supplement received (`POST …/supplement`: the
 * dossier goes back where it was and its clock resumes). What the API still misses is named under
 * its paper.
 */
import { useEffect, useState } from 'preact/hooks';
import { Notice } from '../common/layout.tsx';
import { counterPath, useCounterAction } from './api.ts';
import { ScanSlot } from './scan.tsx';
import type { DossierView } from './types.ts';

/** How often, and how many times, the dossier is read again while a scan is being checked. */
const pollMs = 1500;
const maxPolls = 40;

export function SupplementPanel(props: { d: DossierView; onDone: () => void }) {
  const { d } = props;
  const items = d.supplementRequest?.items ?? [];
  const slots = new Map((d.documents ?? []).map((s) => [s.id, s]));
  const [uploaded, setUploaded] = useState<string[]>([]);
  const [polls, setPolls] = useState(0);
  const post = useCounterAction();
  // Scans uploaded here whose check has not come back yet: read the dossier again until it has.
  const checking = uploaded.filter((id) => slots.get(id)?.status !== 'verified');
  useEffect(() => {
    if (!checking.length || polls >= maxPolls) return;
    const t = setTimeout(() => {
      setPolls((n) => n + 1);
      props.onDone();
    }, pollMs);
    return () => clearTimeout(t);
  }, [d, checking.length, polls]);
  const receive = async () => {
    if (await post.run(counterPath(d.ref, '/supplement'))) props.onDone();
  };
  return (
    <section class="panel" aria-labelledby="supplement-title">
      <h2 id="supplement-title">Nhận hồ sơ bổ sung</h2>
      <p class="meta">Quét từng giấy tờ công dân mang đến theo yêu cầu bổ sung, chờ kiểm tra hợp lệ, rồi tiếp nhận bổ sung.</p>
      <ul class="cards" id="supplement-items">
        {items.map((item, i) => {
          const slot = item.slot ? slots.get(item.slot) : undefined;
          const missing = item.slot ? post.problem?.messageFor(`documents.${item.slot}`) : undefined;
          const facts = (
            <>
              <strong>{item.document}</strong>
              <span class="meta"> Lý do: {item.reason}</span>
              {slot && <span class={`meta slot-${slot.status}`}> Bản quét hiện tại: {slot.statusLabel}</span>}
              {missing && <span class="error"> {missing}</span>}
            </>
          );
          return slot ? (
            <ScanSlot key={slot.id} code={d.ref} slot={slot} idle="Chưa quét bản bổ sung" onUploaded={() => setUploaded((u) => [...u, slot.id])}>
              {facts}
            </ScanSlot>
          ) : (
            <li class="card" key={`paper-${i}`}>
              {facts}
              <p class="meta">Giấy tờ nộp bản giấy: kiểm tra tại quầy.</p>
            </li>
          );
        })}
      </ul>
      {checking.length > 0 && polls < maxPolls && <p role="status" class="meta">Đang chờ kiểm tra {checking.length} bản quét…</p>}
      {post.problem && <Notice kind="error">{post.problem.message}</Notice>}
      <div class="actions">
        <button type="button" onClick={receive} disabled={post.busy || checking.length > 0}>
          Tiếp nhận hồ sơ bổ sung
        </button>
      </div>
    </section>
  );
}

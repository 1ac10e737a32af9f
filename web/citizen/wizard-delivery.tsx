/**
 * The wizard's second step: how the dossier comes in (scans uploaded, or a postman collecting the
 * paper at home, Decision 45/2016, with the quoted pickup charge), how the result goes back (with
 * the quoted delivery charge), and the facts the fee depends on, with the fee quoted as typed
 * (GET /v1/procedures/{id}/fee-quote). The API's refusal of any of them is shown at its field.
 */
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, getJson } from '../common/api.ts';
import { Checkboxes, DateField, Radios, Select, type RadioOption } from '../common/choice.tsx';
import { dayParts } from '../common/day.ts';
import { TextField } from '../common/field.tsx';
import { displayDay, formatVnd } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import type { Procedure, UnitList } from './types.ts';
import { addressText, UnitSelect } from './wizard-applicant.tsx';
import { categoriesOf, deliveryPaths, errorsAt, factHints, factsAsked, feeQuoteQuery, namesOneOf, postalUnit, quantities, type DeliveryMethod, type Draft, type Quote } from './wizard-draft.ts';

/** Back, and the step's own action (disabled while it runs). */
export function StepButtons(props: { back: () => void; busy: boolean; label: string; busyLabel: string }) {
  return (
    <div class="row">
      <button type="button" class="secondary" onClick={props.back}>
        Quay lại
      </button>
      <button type="submit" disabled={props.busy}>
        {props.busy ? props.busyLabel : props.label}
      </button>
    </div>
  );
}

interface PostalQuote {
  lines: { service: 'pickup' | 'delivery'; amount: number }[];
  /** The day the API priced it on: today by the system's one clock (YYYY-MM-DD, Vietnam). */
  validOn: string;
}

/** What the dossier is expected to owe: each line and the total in `1.234.000 ₫`. */
export function QuoteFacts(props: { quote: Quote | undefined; note?: string | undefined }) {
  const { quote } = props;
  return (
    <section class="card quote" aria-labelledby="quote-title">
      <h2 id="quote-title">Số tiền dự kiến phải nộp</h2>
      <div role="status">
        {!quote ? (
          <p class="meta">{props.note ?? 'Đang tính…'}</p>
        ) : quote.lines.length === 0 ? (
          <p>Không phải nộp phí, lệ phí hay cước bưu chính.</p>
        ) : (
          <dl class="facts">
            {quote.lines.map((l, i) => (
              <Fragment key={i}>
                <dt>{l.label}</dt>
                <dd>{l.amountText}</dd>
              </Fragment>
            ))}
            <dt>Tổng cộng</dt>
            <dd id="fee-total">{quote.totalText}</dd>
          </dl>
        )}
      </div>
      {quote && quote.lines.length > 0 && <p class="meta">Theo biểu phí và biểu cước hôm nay; bạn nộp khi được yêu cầu (trực tuyến, tại quầy hoặc cho bưu tá).</p>}
    </section>
  );
}

/** The fee quote of the draft's choices, asked again (after a pause in typing) when they change. */
function useFeeQuote(p: Procedure, d: Draft, ready: boolean): { quote?: Quote; problem?: ApiProblem } {
  const query = feeQuoteQuery(p, d);
  const [answer, setAnswer] = useState<{ query: string; quote?: Quote; problem?: ApiProblem }>({ query: '' });
  useEffect(() => {
    if (!ready) return;
    let live = true;
    const timer = setTimeout(() => {
      getJson<Quote>(`/v1/procedures/${encodeURIComponent(p.id)}/fee-quote?${query}`).then(
        (q) => live && setAnswer({ query, quote: { totalText: q.totalText, lines: q.lines.map((l) => ({ label: l.label, amountText: l.amountText })) } }),
        (e: unknown) => live && setAnswer({ query, problem: e instanceof ApiProblem ? e : new ApiProblem(0, {}) }),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, ready]);
  return answer.query === query ? answer : {};
}

/** `onChange` keeps every choice in the draft as it is made (the step count follows the intake; a reload keeps them). */
export function DeliveryStep(props: { procedure: Procedure; draft: Draft; units: UnitList | undefined; problem: ApiProblem | undefined; busy: boolean; onChange: (d: Draft) => void; back: () => void; onDone: (d: Draft) => void }) {
  const { procedure: p, draft: d } = props;
  const unit = props.units?.items.find((u) => u.id === d.applicant.unitId);
  const [tried, setTried] = useState(false);
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const edit = (field: string, next: Partial<Draft>) => {
    props.onChange({ ...d, ...next });
    setEdited(new Set([...edited, field]));
  };
  const pickup = d.intake.method === 'home-pickup';
  // The first post office serving the commune until the person picks another (the list may arrive after the step opens).
  const servicePointId = d.servicePointId || unit?.servicePoints[0]?.id || '';

  // The charges of each postal service where the postman goes, for the choices' hints.
  const at = postalUnit(d);
  const [postal, setPostal] = useState<PostalQuote | 'none' | undefined>();
  useEffect(() => {
    if (!(p.postal.pickup || p.postal.delivery) || !at) return;
    setPostal(undefined);
    getJson<PostalQuote>(`/v1/procedures/${encodeURIComponent(p.id)}/postal-quote?unitId=${encodeURIComponent(at)}&pickup=${p.postal.pickup}&delivery=${p.postal.delivery}`).then(setPostal, () => setPostal('none'));
  }, [p.id, at]);
  const charge = (service: 'pickup' | 'delivery', name: string) => {
    if (postal === undefined) return `Đang tính ${name.toLowerCase()}…`;
    const line = postal !== 'none' ? postal.lines.find((l) => l.service === service) : undefined;
    return line ? `${name}: ${formatVnd(line.amount)}` : `${name} theo biểu cước của bưu điện`;
  };

  const asked = factsAsked(p);
  const hints = factHints(p, d.facts);
  // A per-page fee or one on a declared value cannot be quoted without its figure.
  const lacking = asked.quantities.filter((q) => (q === 'pages' || q === 'value') && !d.facts[q].trim());
  const fee = useFeeQuote(p, d, Object.keys(hints).length === 0 && lacking.length === 0 && !(pickup && d.intake.elsewhere && !d.intake.unitId));

  // The first day a postman can come: today by the system's clock, as the postal quote was priced
  // on it (never the phone's clock, which may be wrong or, locally, not the clock `npm start -- --clock` set).
  // No quote: no day to propose; the API still refuses a time already past.
  const today = postal && postal !== 'none' ? postal.validOn : undefined;
  const missing: Record<string, string> = {};
  if (!d.delivery) missing.delivery = 'Chọn một cách nhận kết quả';
  if (pickup && d.intake.elsewhere && !d.intake.line.trim()) missing.pickupLine = 'Nhập nơi bưu tá đến nhận hồ sơ';
  if (pickup && d.intake.elsewhere && !d.intake.unitId) missing.pickupUnitId = 'Chọn xã, phường nơi bưu tá đến';
  if (pickup && d.intake.day && today && d.intake.day < today) missing.pickupDay = 'Chọn một ngày từ hôm nay trở đi';
  Object.assign(missing, hints);
  const api = { ...errorsAt(fee.problem, deliveryPaths), ...errorsAt(props.problem, deliveryPaths) };
  const err = (f: keyof typeof deliveryPaths) => (tried || f in hints ? missing[f] : undefined) ?? (edited.has(f) ? undefined : api[f]);

  const submit = (e: Event) => {
    e.preventDefault();
    setTried(true);
    const first = Object.keys(missing)[0];
    if (first) return document.getElementById(first === 'delivery' ? `delivery-${choices[0]?.value}` : first in quantities ? `fact-${first}` : first)?.focus();
    props.onDone({ ...d, servicePointId: d.delivery === 'counter' ? servicePointId : '', ...(fee.quote ? { quote: fee.quote } : {}) });
  };

  const choices: RadioOption<DeliveryMethod>[] = [
    ...(p.postal.delivery ? [{ value: 'post' as const, label: 'Bưu điện phát kết quả tận nhà', hint: charge('delivery', 'Cước phát') }] : []),
    ...(unit?.servicePoints.length ? [{ value: 'counter' as const, label: 'Nhận tại điểm bưu điện', hint: 'Mang giấy tờ tùy thân và phiếu hẹn đến nhận' }] : []),
    ...(p.electronicResult ? [{ value: 'online' as const, label: 'Nhận kết quả điện tử', hint: 'Tải về trên trang tra cứu khi có kết quả' }] : []),
  ];
  const setIntake = (field: string, next: Partial<Draft['intake']>) => edit(field, { intake: { ...d.intake, ...next } });
  const setFact = (k: keyof Draft['facts']) => (v: string) => edit(k, { facts: { ...d.facts, [k]: v } });
  return (
    <form onSubmit={submit} noValidate>
      {props.problem && !namesOneOf(props.problem, deliveryPaths) && <Notice kind="error">{props.problem.message}</Notice>}
      {p.postal.pickup ? (
        <Radios
          name="intake"
          legend="Bạn nộp hồ sơ thế nào?"
          error={err('intake')}
          value={d.intake.method}
          options={[
            { value: 'online', label: 'Tải bản quét lên', hint: 'Chụp hoặc quét từng giấy tờ rồi tải lên ở bước sau' },
            { value: 'home-pickup', label: 'Bưu điện đến nhận hồ sơ giấy tại nhà', hint: `${charge('pickup', 'Cước thu gom')}. Bưu tá kiểm đếm giấy tờ và niêm phong hồ sơ trước mặt bạn` },
          ]}
          onChange={(method) => setIntake('intake', { method })}
        />
      ) : (
        <p>Thủ tục này nộp bằng bản quét tải lên{p.postalNote ? ` (không nhận hồ sơ giấy qua bưu điện: ${p.postalNote})` : ''}.</p>
      )}
      {pickup && (
        <>
          <Radios
            name="pickupAt"
            legend="Bưu tá đến nhận hồ sơ ở đâu?"
            value={d.intake.elsewhere ? 'elsewhere' : 'home'}
            options={[
              { value: 'home', label: `Tại địa chỉ người nộp: ${addressText(d.applicant.line, d.applicant.unitId, props.units)}` },
              { value: 'elsewhere', label: 'Ở địa chỉ khác' },
            ]}
            onChange={(v) => setIntake('pickupAt', { elsewhere: v === 'elsewhere' })}
          />
          {d.intake.elsewhere && (
            <>
              <TextField id="pickupLine" label="Nơi bưu tá đến: số nhà, thôn, đường" autocomplete="street-address" value={d.intake.line} error={err('pickupLine')} onInput={(line) => setIntake('pickupLine', { line })} />
              <UnitSelect id="pickupUnitId" label="Xã, phường nơi bưu tá đến" units={props.units} value={d.intake.unitId} error={err('pickupUnitId')} onChange={(unitId) => setIntake('pickupUnitId', { unitId })} />
            </>
          )}
          <DateField
            id="pickupDay"
            label="Ngày mong muốn bưu tá đến (không bắt buộc)"
            hint={`${today ? `Từ hôm nay, ${displayDay(today)}, trở đi. ` : ''}Để trống nếu ngày nào cũng được`}
            min={today}
            value={d.intake.day}
            error={err('pickupDay')}
            onInput={(day) => setIntake('pickupDay', { day })}
          />
          {d.intake.day && <Select id="pickupPart" label="Khoảng giờ bưu tá đến" value={d.intake.part} options={Object.entries(dayParts).map(([v, x]) => [v, x.label] as const)} onChange={(part) => setIntake('pickupPart', { part: part as Draft['intake']['part'] })} />}
        </>
      )}
      <Radios name="delivery" legend="Bạn muốn nhận kết quả thế nào?" error={err('delivery')} value={d.delivery} options={choices} onChange={(delivery) => edit('delivery', { delivery })} />
      {d.delivery === 'counter' && unit && (
        <Select id="servicePointId" label="Điểm bưu điện nhận kết quả" value={servicePointId} error={err('servicePointId')} onChange={(v) => edit('servicePointId', { servicePointId: v })}>
          {unit.servicePoints.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      )}
      {(asked.quantities.length > 0 || asked.categories.length > 0) && (
        <fieldset>
          <legend>Căn cứ tính phí, lệ phí</legend>
          {asked.categories.length > 0 && (
            <Checkboxes
              name="category"
              legend="Đối tượng có mức phí riêng (chọn mọi đối tượng đúng với bạn)"
              hint="Không thuộc đối tượng nào: để trống. Cán bộ kiểm tra giấy tờ chứng minh khi tiếp nhận hồ sơ."
              error={err('category')}
              value={categoriesOf(d.facts)}
              options={asked.categories.map((c) => ({ value: c.id, label: c.name }))}
              onChange={(ids) => setFact('category')(ids.join(','))}
            />
          )}
          {asked.quantities.map((q) => (
            <TextField key={q} id={`fact-${q}`} label={quantities[q].label} hint={quantities[q].hint} inputMode="numeric" autocomplete="off" value={d.facts[q]} error={err(q)} onInput={setFact(q)} />
          ))}
        </fieldset>
      )}
      <QuoteFacts quote={fee.quote} note={lacking.length ? `Nhập ${lacking.map((q) => quantities[q].label.toLowerCase()).join(' và ')} để tính số tiền; nếu để trống, cán bộ tính khi kiểm đếm hồ sơ.` : fee.problem ? 'Chưa tính được số tiền: kiểm tra các thông tin trên.' : undefined} />
      <p class="meta">
        {pickup
          ? 'Khi bấm “Tiếp tục”, bạn kiểm tra lại trước khi gửi yêu cầu bưu điện đến nhận hồ sơ.'
          : 'Khi bấm “Tiếp tục”, hồ sơ nháp được tạo để bạn tải bản quét lên; hồ sơ chỉ được gửi đi khi bạn bấm “Nộp hồ sơ” ở bước cuối.'}
      </p>
      <StepButtons back={props.back} busy={props.busy} label="Tiếp tục" busyLabel="Đang tạo hồ sơ…" />
    </form>
  );
}

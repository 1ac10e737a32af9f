/**
 * The wizard's first step: who applies (an individual by CCCD, or an organisation by tax code), the
 * contact and address, and whether an authorised person (ủy quyền) files for them. Hints only for
 * what is missing; the API's refusal of a field comes back here, shown under that field.
 */
import { useMemo, useState } from 'preact/hooks';
import type { ApiProblem } from '../common/api.ts';
import { Radios, Select } from '../common/choice.tsx';
import { TextField } from '../common/field.tsx';
import { Notice } from '../common/layout.tsx';
import type { UnitList } from './types.ts';
import { applicantPaths, errorsAt, namesOneOf, type Applicant } from './wizard-draft.ts';

/** The commune-level units grouped by their district (2019 data), as one select. */
export function UnitSelect(props: { id: string; label: string; units: UnitList | undefined; value: string; error?: string | undefined; onChange: (v: string) => void }) {
  const byDistrict = useMemo(() => {
    const groups = new Map<string, UnitList['items']>();
    for (const u of props.units?.items ?? []) groups.set(u.district ?? '', [...(groups.get(u.district ?? '') ?? []), u]);
    return [...groups.entries()];
  }, [props.units]);
  return (
    <Select id={props.id} label={props.label} error={props.error} value={props.value} onChange={props.onChange}>
      <option value="">{props.units ? 'Chọn xã, phường' : 'Đang tải danh sách xã, phường…'}</option>
      {byDistrict.map(([district, items]) => {
        const options = items.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ));
        return district ? (
          <optgroup key={district} label={district}>
            {options}
          </optgroup>
        ) : (
          options
        );
      })}
    </Select>
  );
}

/** `Thôn Plei Ia Tô, Xã Ia Tô, Huyện Ia Grai`. */
export function addressText(line: string, unitId: string, units: UnitList | undefined): string {
  const unit = units?.items.find((u) => u.id === unitId);
  return `${line.trim()}, ${unit ? `${unit.name}${unit.district ? `, ${unit.district}` : ''}` : unitId}`;
}

export function ApplicantStep(props: { applicant: Applicant; units: UnitList | undefined; problem: ApiProblem | undefined; onDone: (a: Applicant) => void }) {
  const [a, setA] = useState(props.applicant);
  const [missing, setMissing] = useState<Record<string, string>>({});
  // The API's word on a field stands until the person changes that field.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const api = errorsAt(props.problem, applicantPaths);
  const err = (f: keyof typeof applicantPaths) => missing[f] ?? (edited.has(f) ? undefined : api[f]);
  const set =
    <K extends keyof Applicant>(k: K) =>
    (v: Applicant[K]) => {
      setA({ ...a, [k]: v });
      setEdited(new Set([...edited, k]));
    };
  const org = a.kind === 'organisation';
  const submit = (e: Event) => {
    e.preventDefault();
    const m: Record<string, string> = {};
    if (org) {
      if (!a.name.trim()) m.name = 'Nhập tên tổ chức như trên giấy chứng nhận đăng ký';
      if (!a.taxCode.trim()) m.taxCode = 'Nhập mã số thuế của tổ chức';
    } else {
      if (!a.fullName.trim()) m.fullName = 'Nhập họ và tên';
      if (!a.cccd.trim()) m.cccd = 'Nhập số định danh cá nhân (12 chữ số)';
    }
    if (!a.phone.trim()) m.phone = 'Nhập số điện thoại để nhận tin nhắn về hồ sơ';
    if (!a.line.trim()) m.line = 'Nhập số nhà, thôn hoặc đường';
    if (!a.unitId) m.unitId = 'Chọn xã, phường';
    if (a.represented) {
      if (!a.repFullName.trim()) m.repFullName = 'Nhập họ và tên người được ủy quyền';
      if (!a.repCccd.trim()) m.repCccd = 'Nhập số định danh cá nhân của người được ủy quyền';
      if (!a.repPhone.trim()) m.repPhone = 'Nhập số điện thoại của người được ủy quyền';
    }
    setMissing(m);
    const first = Object.keys(m)[0];
    if (first) document.getElementById(first)?.focus();
    else props.onDone(a);
  };
  return (
    <form onSubmit={submit} noValidate>
      {props.problem && !namesOneOf(props.problem, applicantPaths) && <Notice kind="error">{props.problem.message}</Notice>}
      <Radios
        name="kind"
        legend="Người yêu cầu thủ tục là"
        error={err('kind')}
        value={a.kind}
        options={[
          { value: 'individual', label: 'Cá nhân', hint: 'Định danh bằng số CCCD' },
          { value: 'organisation', label: 'Tổ chức', hint: 'Doanh nghiệp, hợp tác xã, cơ quan: định danh bằng mã số thuế' },
        ]}
        onChange={set('kind')}
      />
      {org ? (
        <>
          <TextField id="name" label="Tên tổ chức" autocomplete="organization" value={a.name} error={err('name')} onInput={set('name')} />
          <TextField id="taxCode" label="Mã số thuế" hint="10 chữ số; đơn vị phụ thuộc: 13 chữ số, ví dụ 5900123451-001" inputMode="numeric" autocomplete="off" value={a.taxCode} error={err('taxCode')} onInput={set('taxCode')} />
        </>
      ) : (
        <>
          <TextField id="fullName" label="Họ và tên" autocomplete="name" autocapitalize="words" value={a.fullName} error={err('fullName')} onInput={set('fullName')} />
          <TextField id="cccd" label="Số định danh cá nhân (CCCD)" hint="12 chữ số trên thẻ căn cước" inputMode="numeric" autocomplete="off" value={a.cccd} error={err('cccd')} onInput={set('cccd')} />
        </>
      )}
      <TextField id="phone" label="Số điện thoại di động" hint="Nhận tin nhắn khi hồ sơ được tiếp nhận và có kết quả" inputMode="tel" autocomplete="tel" value={a.phone} error={err('phone')} onInput={set('phone')} />
      <TextField id="line" label="Địa chỉ: số nhà, thôn, đường" {...(org ? { hint: 'Địa chỉ trụ sở của tổ chức' } : {})} autocomplete="street-address" value={a.line} error={err('line')} onInput={set('line')} />
      <UnitSelect id="unitId" label="Xã, phường" units={props.units} value={a.unitId} error={err('unitId')} onChange={set('unitId')} />
      <Radios
        name="represented"
        legend="Ai đứng ra nộp hồ sơ?"
        value={a.represented ? 'yes' : 'no'}
        options={[
          { value: 'no', label: org ? 'Người đại diện theo pháp luật của tổ chức' : 'Chính người yêu cầu' },
          { value: 'yes', label: 'Người được ủy quyền', hint: 'Cần văn bản ủy quyền: là thành phần bắt buộc của hồ sơ' },
        ]}
        onChange={(v) => set('represented')(v === 'yes')}
      />
      {a.represented && (
        <fieldset>
          <legend>Thông tin người được ủy quyền</legend>
          <TextField id="repFullName" label="Họ và tên người được ủy quyền" autocapitalize="words" autocomplete="off" value={a.repFullName} error={err('repFullName')} onInput={set('repFullName')} />
          <TextField id="repCccd" label="Số CCCD của người được ủy quyền" hint="12 chữ số" inputMode="numeric" autocomplete="off" value={a.repCccd} error={err('repCccd')} onInput={set('repCccd')} />
          <TextField id="repPhone" label="Số điện thoại của người được ủy quyền" inputMode="tel" autocomplete="off" value={a.repPhone} error={err('repPhone')} onInput={set('repPhone')} />
        </fieldset>
      )}
      <button type="submit">Tiếp tục</button>
    </form>
  );
}

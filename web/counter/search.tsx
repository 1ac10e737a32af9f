/** Open a dossier by its code or reference (typed, or read off the slip's QR: the last part of its address). */
import { useState } from 'preact/hooks';
import { TextField } from '../common/field.tsx';
import { navigate } from '../common/router.tsx';

/** `https://motcua.gialai.vn/t/HS-K7Q2M4ZX3A` or `HS-K7Q2M4ZX3A` -> `HS-K7Q2M4ZX3A`. */
export function codeFrom(input: string): string {
  const t = input.trim();
  const m = /\/t\/([^/?#]+)\/?$/.exec(t);
  return m ? decodeURIComponent(m[1]!) : t;
}

export function Search() {
  const [value, setValue] = useState('');
  const [blank, setBlank] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    const code = codeFrom(value);
    setBlank(!code);
    if (code) navigate(`/quay/ho-so/${encodeURIComponent(code)}`);
  };
  return (
    <>
      <h1 tabIndex={-1}>Tìm hồ sơ</h1>
      <form onSubmit={submit} noValidate>
        <div class="row">
          <TextField
            id="code"
            label="Mã hồ sơ hoặc số tham chiếu"
            hint="Trên giấy tiếp nhận và hẹn trả kết quả, hoặc quét mã QR trên phiếu"
            error={blank ? 'Nhập mã hồ sơ hoặc số tham chiếu' : undefined}
            value={value}
            autocomplete="off"
            autocapitalize="characters"
            onInput={setValue}
          />
          <button type="submit">Mở hồ sơ</button>
        </div>
      </form>
    </>
  );
}

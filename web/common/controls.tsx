/** More labelled controls beside field.tsx's TextField: a select and a text area, their hint and error tied to them the same way. */
import type { ComponentChildren } from 'preact';

const describedBy = (id: string, hint?: string, error?: string) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function Frame(props: { id: string; label: string; hint?: string | undefined; error?: string | undefined; children: ComponentChildren }) {
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.children}
    </div>
  );
}

export interface SelectFieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  required?: boolean;
}

export function SelectField(props: SelectFieldProps) {
  return (
    <Frame id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <select id={props.id} value={props.value} required={props.required} aria-describedby={describedBy(props.id, props.hint, props.error)} aria-invalid={props.error ? 'true' : undefined} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export interface TextAreaFieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onInput: (value: string) => void;
  rows?: number;
}

export function TextAreaField(props: TextAreaFieldProps) {
  return (
    <Frame id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <textarea id={props.id} rows={props.rows ?? 3} value={props.value} aria-describedby={describedBy(props.id, props.hint, props.error)} aria-invalid={props.error ? 'true' : undefined} onInput={(e) => props.onInput(e.currentTarget.value)} />
    </Frame>
  );
}

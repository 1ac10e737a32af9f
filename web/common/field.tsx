/** A labelled input whose hint and error are tied to it (aria-describedby, aria-invalid). */


export interface TextFieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onInput: (value: string) => void;
  /** `tel` shows the phone's number pad (input type stays text: the API validates the format). */
  inputMode?: 'text' | 'tel' | 'numeric';
  autocomplete?: string;
  autocapitalize?: 'characters' | 'none' | 'off' | 'words';
  required?: boolean;
}

export function TextField(props: TextFieldProps) {
  const { id, label, hint, error, value, onInput, ...input } = props;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <input id={id} type="text" value={value} spellcheck={false} aria-describedby={described} aria-invalid={error ? 'true' : undefined} onInput={(e) => onInput(e.currentTarget.value)} {...input} />
    </div>
  );
}

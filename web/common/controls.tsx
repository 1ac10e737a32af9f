/** The counter console's and the sign-in page's names for choice.tsx's controls: options as `{ value, label }`. */
import { Select, TextArea } from './choice.tsx';

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
  return <Select {...props} options={props.options.map((o) => [o.value, o.label] as const)} />;
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
  return <TextArea {...props} />;
}

/** Labelled controls beside field.tsx's TextField (a text area, a select, a date, a radio group), their hint and error tied the same way (aria-describedby, aria-invalid). */
import type { ComponentChildren } from 'preact';
import { dayWithWeekday } from './day.ts';

interface Described {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

function described(p: Described, ...more: string[]): string | undefined {
  return [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : '', ...more].filter(Boolean).join(' ') || undefined;
}

function Frame(props: Described & { children: ComponentChildren }) {
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

export function TextArea(props: Described & { value: string; onInput: (value: string) => void; required?: boolean; rows?: number }) {
  return (
    <Frame {...props}>
      <textarea id={props.id} rows={props.rows ?? 3} value={props.value} required={props.required} aria-describedby={described(props)} aria-invalid={props.error ? 'true' : undefined} onInput={(e) => props.onInput(e.currentTarget.value)} />
    </Frame>
  );
}

/** A select of `options` ([value, label]), or of its own children (e.g. `<optgroup>`s). */
export function Select(props: Described & { value: string; options?: readonly (readonly [string, string])[]; children?: ComponentChildren; onChange: (value: string) => void; required?: boolean }) {
  return (
    <Frame {...props}>
      <select id={props.id} value={props.value} required={props.required} aria-describedby={described(props)} aria-invalid={props.error ? 'true' : undefined} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.options?.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
        {props.children}
      </select>
    </Frame>
  );
}

/**
 * A date, the value YYYY-MM-DD as the API takes it (`min`/`max` the same), every date picked on
 * the pages. The browser's own picker, with the day chosen written under it the Vietnamese way
 * (`Ngày đã chọn: thứ Ba, 08/12/2026`, id `<id>-chosen`, tied by aria-describedby), because the
 * picker shows its value in the browser's locale (12/08/2026 on an English phone). Chosen over a
 * dd/mm/yyyy text field: on a cheap phone the picker is a calendar a thumb can use, it keeps
 * keyboard and screen-reader support, min/max and a well-formed value for free, where a typed
 * field needs its own parser, errors and input mask; the line under it costs a few bytes.
 */
export function DateField(props: Described & { value: string; onInput: (value: string) => void; min?: string | undefined; max?: string | undefined }) {
  const chosen = dayWithWeekday(props.value);
  return (
    <Frame {...props}>
      <input
        id={props.id}
        type="date"
        value={props.value}
        min={props.min}
        max={props.max}
        aria-describedby={described(props, chosen ? `${props.id}-chosen` : '')}
        aria-invalid={props.error ? 'true' : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {chosen && (
        <p class="hint chosen" id={`${props.id}-chosen`}>
          Ngày đã chọn: {chosen}
        </p>
      )}
    </Frame>
  );
}

export interface RadioOption<T extends string | number> {
  value: T;
  label: string;
  hint?: string | undefined;
}

/**
 * A question answered by radios (one choice) or checkboxes (every one that applies): a fieldset
 * whose legend asks it, each input labelled and tied to its own hint; the group's hint and error
 * tied to the fieldset. Ids: `<name>-<value>`, `<name>-<value>-hint`, `<name>-error`.
 */
function ChoiceGroup<T extends string | number>(props: { type: 'radio' | 'checkbox'; name: string; legend: string; hint?: string | undefined; error?: string | undefined; checked: (value: T) => boolean; options: readonly RadioOption<T>[]; onToggle: (value: T) => void }) {
  const { name, error } = props;
  return (
    <fieldset class={`field${error ? ' invalid' : ''}`} aria-describedby={described({ id: name, label: props.legend, hint: props.hint, error })}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="hint" id={`${name}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${name}-error`}>
          {error}
        </p>
      )}
      {props.options.map((o) => {
        const id = `${name}-${o.value}`;
        return (
          <div class="choice" key={id}>
            <input type={props.type} name={name} id={id} value={String(o.value)} checked={props.checked(o.value)} aria-describedby={o.hint ? `${id}-hint` : undefined} onChange={() => props.onToggle(o.value)} />
            <label for={id}>{o.label}</label>
            {o.hint && (
              <p class="hint" id={`${id}-hint`}>
                {o.hint}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

type GroupProps<T extends string | number> = { name: string; legend: string; hint?: string | undefined; error?: string | undefined; options: readonly RadioOption<T>[] };

/** One choice among `options` (ChoiceGroup's radios). */
export function Radios<T extends string | number>(props: GroupProps<T> & { value: T | ''; onChange: (value: T) => void }) {
  return <ChoiceGroup {...props} type="radio" checked={(v) => props.value === v} onToggle={props.onChange} />;
}

/** Every option that applies, none or several (ChoiceGroup's checkboxes); `value` in the options' order. */
export function Checkboxes<T extends string | number>(props: GroupProps<T> & { value: readonly T[]; onChange: (value: T[]) => void }) {
  const toggle = (v: T) => props.onChange(props.options.map((o) => o.value).filter((x) => (x === v ? !props.value.includes(x) : props.value.includes(x))));
  return <ChoiceGroup {...props} type="checkbox" checked={(v) => props.value.includes(v)} onToggle={toggle} />;
}

import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../services/http';
import './index.css';

/** Field → message, from the server's 400 details (`body.rule.days.0` is shown under `rule`). */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(err: unknown): FieldErrors {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {};
  const errors: FieldErrors = {};
  for (const d of err.details as { field?: string; message?: string }[]) {
    const key = (d.field ?? '').replace(/^body\.?/, '').split('.')[0] || '_';
    errors[key] ??= d.message ?? '输入有误';
  }
  return errors;
}

/** Shows a refusal the form cannot place next to a field. */
export function showFailure(title: string, err: unknown) {
  const content = err instanceof ApiError ? err.message : '请稍后重试';
  void Taro.showModal({ title, content, showCancel: false, confirmText: '知道了' });
}

/**
 * The save step the staff forms share: busy while saving; a 400 is shown under the fields it
 * names, any other refusal in a dialog titled `failureTitle`. What the user typed stays put.
 */
export function useSubmit(failureTitle: string) {
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  async function submit(action: () => Promise<void>) {
    setSaving(true);
    setErrors({});
    try {
      await action();
    } catch (err) {
      const found = fieldErrorsOf(err);
      setErrors(found);
      if (!Object.keys(found).length) showFailure(failureTitle, err);
    } finally {
      setSaving(false);
    }
  }
  return { saving, errors, submit };
}

/** A refusal shown under the field it names (read out at once by screen readers). */
export function FieldError({ error }: { error?: string | undefined }) {
  return error ? (
    <View className='qf-field__error' ariaRole='alert'>
      {error}
    </View>
  ) : null;
}

export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string | undefined; children: ReactNode }) {
  return (
    <View className='qf-field'>
      <View className='qf-field__label'>{label}</View>
      {children}
      {hint && <View className='qf-field__hint'>{hint}</View>}
      <FieldError error={error} />
    </View>
  );
}

export function TextInput(props: { value: string; onChange: (v: string) => void; placeholder?: string; type?: 'text' | 'number' | 'digit'; name?: string }) {
  return (
    <Input
      className='qf-input'
      name={props.name}
      type={props.type ?? 'text'}
      value={props.value}
      placeholder={props.placeholder}
      onInput={(e) => props.onChange(e.detail.value)}
    />
  );
}

/** Big toggle buttons; `multiple` picks any number. */
export function Chips<T extends string | number>({ options, selected, onToggle, label }: { options: readonly T[]; selected: readonly T[]; onToggle: (v: T) => void; label?: (v: T) => string }) {
  return (
    <View className='qf-chips'>
      {options.map((o) => {
        const on = selected.includes(o);
        return (
          <View key={String(o)} className={`qf-chip ${on ? 'qf-chip--on' : ''}`} ariaRole='checkbox' ariaLabel={`${label ? label(o) : String(o)}${on ? '，已选' : ''}`} onClick={() => onToggle(o)}>
            {label ? label(o) : String(o)}
          </View>
        );
      })}
    </View>
  );
}

export const toggle = <T,>(list: readonly T[], v: T): T[] => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

/** "张三、李四, 王五" → ['张三', '李四', '王五'] */
export const splitNames = (text: string) =>
  text
    .split(/[，,、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

import Taro from '@tarojs/taro';
import { Input, Picker, Textarea, View } from '@tarojs/components';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { ApiError } from '../../services/http';
import { checked, named } from '../a11y';
import { fieldErrorsOf, type FieldErrors } from './field-errors';
import './index.css';

export { fieldErrorsOf, type FieldErrors };

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

/** The label of the Field an input sits in: the input takes it as its accessible name. */
export const FieldLabel = createContext<string | null>(null);

export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string | undefined; children: ReactNode }) {
  return (
    <View className='qf-field'>
      <View className='qf-field__label'>{label}</View>
      <FieldLabel.Provider value={label}>{children}</FieldLabel.Provider>
      {hint && <View className='qf-field__hint'>{hint}</View>}
      <FieldError error={error} />
    </View>
  );
}

export function TextInput(props: { value: string; onChange: (v: string) => void; placeholder?: string; type?: 'text' | 'number' | 'digit'; name?: string; label?: string }) {
  const fieldLabel = useContext(FieldLabel);
  const label = props.label ?? fieldLabel;
  return (
    <Input
      {...(label ? named(label) : {})}
      className='qf-input'
      name={props.name}
      type={props.type ?? 'text'}
      value={props.value}
      placeholder={props.placeholder}
      onInput={(e) => props.onChange(e.detail.value)}
    />
  );
}

/** Several lines of text (notes, a question's stem); as large as the text around it. */
export function TextArea(props: { value: string; onChange: (v: string) => void; placeholder?: string; maxlength?: number; name?: string; label?: string; tall?: boolean }) {
  const fieldLabel = useContext(FieldLabel);
  const label = props.label ?? fieldLabel;
  return (
    <Textarea
      {...(label ? named(label) : {})}
      className={`qf-textarea ${props.tall ? 'qf-textarea--tall' : ''}`}
      name={props.name}
      value={props.value}
      maxlength={props.maxlength ?? -1}
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
          <View key={String(o)} className={`qf-chip ${on ? 'qf-chip--on' : ''}`} ariaRole='checkbox' {...checked(on)} ariaLabel={`${label ? label(o) : String(o)}${on ? '，已选' : ''}`} onClick={() => onToggle(o)}>
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

const WEEKDAY_WORDS = ['日', '一', '二', '三', '四', '五', '六'];

/** 2026-03-05 → 2026年3月5日 星期四 */
export function dateWords(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日 星期${WEEKDAY_WORDS[day.getUTCDay()]}`;
}

/** A date chosen from the calendar wheel (never typed), shown in words. `start`/`end` are YYYY-MM-DD. */
export function DatePicker({ value, onChange, start, end, name }: { value: string; onChange: (v: string) => void; start?: string; end?: string; name?: string }) {
  return (
    <Picker mode='date' value={value} start={start ?? ''} end={end ?? ''} onChange={(e) => onChange(String(e.detail.value))}>
      <View className='qf-input qf-picker' data-picker={name} ariaRole='button' ariaLabel={`日期：${value ? dateWords(value) : '未选'}，点一下更改`}>
        <View className='qf-picker__value'>{value ? dateWords(value) : '请选择日期'}</View>
        <View className='qf-picker__more'>更改</View>
      </View>
    </Picker>
  );
}

/** A time of day (HH:mm) chosen from the hour and minute wheels. */
export function TimePicker({ value, onChange, name }: { value: string; onChange: (v: string) => void; name?: string }) {
  return (
    <Picker mode='time' value={value} onChange={(e) => onChange(String(e.detail.value))}>
      <View className='qf-input qf-picker' data-picker={name} ariaRole='button' ariaLabel={`时间：${value || '未选'}，点一下更改`}>
        <View className='qf-picker__value'>{value || '请选择时间'}</View>
        <View className='qf-picker__more'>更改</View>
      </View>
    </Picker>
  );
}

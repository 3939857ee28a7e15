import { View } from '@tarojs/components';
import { useState, type ReactNode } from 'react';
import { ActionButton } from '../ActionButton';
import { checked } from '../a11y';
import { ApiError } from '../../services/http';
import { chooseWorkbook } from '../../services/files';
import './index.css';

/** What every import report row has: its spreadsheet row number and its problems. */
export interface ImportReportRow {
  row: number;
  problems: readonly { field: string; problem: string }[];
}

export interface ImportFlowProps<R extends ImportReportRow, Report extends { rows: R[]; fileName: string | null }> {
  /** Downloads the template (an Excel file staff fill in). */
  onTemplate: () => Promise<void>;
  /** Uploads the chosen file and answers its report (nothing is stored yet). */
  upload: (file: { path: string; name: string }) => Promise<Report>;
  /** One line under the heading: how many rows are what. */
  summary: (report: Report) => string;
  /** A row's status as a word and a tone. */
  status: (row: R) => { text: string; tone: 'ok' | 'error' | 'muted' };
  /** Whether a row can be ticked now (rows with problems never can). */
  selectable?: (row: R) => boolean;
  /** Rows ticked when the report arrives. */
  ticked: (row: R) => boolean;
  /** What the row says (the question, the person); `tick` ticks it (when a choice inside it completes it). */
  body: (row: R, tick: () => void, done: boolean) => ReactNode;
  /** Stores the ticked rows and answers what to tell the user. */
  confirm: (report: Report, rows: number[]) => Promise<string>;
  /** Called with each new report (a page with its own per-row choices resets them). */
  onReport?: (report: Report) => void;
}

/**
 * The one Excel import on the screens (题库, 名册): download the template → choose the filled-in file →
 * a report on every row (row, column, problem) → tick rows → import them. Nothing is stored before
 * the last step; rows with problems are fixed in the file and uploaded again.
 */
export function ImportFlow<R extends ImportReportRow, Report extends { rows: R[]; fileName: string | null }>(props: ImportFlowProps<R, Report>) {
  const [report, setReport] = useState<Report | null>(null);
  const [chosen, setChosen] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setMessage(null);
    try {
      await action();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : '出了点问题，请稍后重试' });
    } finally {
      setBusy(false);
    }
  }

  const pick = () =>
    run(async () => {
      const file = await chooseWorkbook();
      if (!file) return;
      const next = await props.upload(file);
      setReport(next);
      setDone(false);
      setChosen(next.rows.filter((r) => r.problems.length === 0 && props.ticked(r)).map((r) => r.row));
      props.onReport?.(next);
    });

  const confirm = () =>
    run(async () => {
      if (!report) return;
      setMessage({ ok: true, text: await props.confirm(report, chosen) });
      setDone(true);
      setChosen([]);
    });

  const tick = (row: number) => setChosen((c) => (c.includes(row) ? c : [...c, row].sort((a, b) => a - b)));
  const toggle = (row: number) => setChosen((c) => (c.includes(row) ? c.filter((r) => r !== row) : [...c, row].sort((a, b) => a - b)));

  return (
    <View className='qf-import'>
      <View className='qf-import__actions'>
        <ActionButton block variant='secondary' busy={busy} onClick={() => void run(props.onTemplate)}>
          下载导入模板
        </ActionButton>
        <ActionButton block busy={busy} onClick={() => void pick()}>
          {report ? '重新选择文件' : '选择填好的文件并检查'}
        </ActionButton>
      </View>
      {message && (
        <View className={message.ok ? 'qf-import__ok' : 'qf-import__error'} ariaRole={message.ok ? 'status' : 'alert'}>
          {message.text}
        </View>
      )}
      {report && (
        <View className='qf-import__report'>
          <View className='qf-import__label'>检查结果{report.fileName ? `：${report.fileName}` : ''}</View>
          <View className='qf-import__help'>{props.summary(report)}有问题的行请在表格里改好后重新上传。</View>
          {report.rows.map((row) => {
            const selectable = row.problems.length === 0 && !done && (props.selectable?.(row) ?? true);
            const on = chosen.includes(row.row);
            const s = props.status(row);
            return (
              <View key={row.row} className='qf-import__row' data-row={row.row}>
                <View
                  className={`qf-import__check ${selectable ? (on ? 'qf-import__check--on' : '') : 'qf-import__check--off'}`}
                  ariaRole='checkbox'
                  {...checked(on)}
                  ariaLabel={on ? `第 ${row.row} 行已选` : `第 ${row.row} 行未选`}
                  onClick={selectable ? () => toggle(row.row) : undefined}
                >
                  {on ? '✓' : ''}
                </View>
                <View className='qf-import__body'>
                  <View className='qf-import__meta'>
                    <View className='qf-import__tag'>第 {row.row} 行</View>
                    <View className={`qf-import__tag qf-import__tag--${s.tone}`}>{s.text}</View>
                  </View>
                  {props.body(row, () => tick(row.row), done)}
                  {row.problems.map((p, i) => (
                    <View key={i} className='qf-import__problem'>
                      {p.field}：{p.problem}
                    </View>
                  ))}
                </View>
              </View>
            );
          })}
          {!done && (
            <View className='qf-import__actions'>
              <ActionButton block busy={busy} disabled={chosen.length === 0} onClick={() => void confirm()}>
                {chosen.length > 0 ? `导入选中的 ${chosen.length} 行` : '请勾选要导入的行'}
              </ActionButton>
            </View>
          )}
        </View>
      )}
    </View>
  );
}

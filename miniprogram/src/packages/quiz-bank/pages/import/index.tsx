import { Input, View } from '@tarojs/components';
import { useState } from 'react';
import { CIVIL_CODE_ARTICLE_COUNT, parseArticleNumber, type ImportConfirmResult, type ImportReport, type ImportRow } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { ApiError } from '../../../../services/http';
import { chooseWorkbook, confirmImport, downloadTemplate, uploadWorkbook } from '../../../../services/quiz-bank';
import { BankStaffOnly } from '../../access';
import { answerText, TYPE_LABELS } from '../../labels';
import '../../bank.css';
import { checked } from '../../../../components/a11y';

const STATUS_TEXT: Record<ImportRow['status'], string> = { ok: '可以导入', error: '有问题', duplicate: '题库已有', needs_article: '请选法条' };

/**
 * Excel import in two steps: upload → a report on every row (row, column, problem) → tick the rows
 * to store → confirm. Nothing is stored before the confirmation; the same file twice adds nothing.
 */
export default function QuestionImport() {
  const [report, setReport] = useState<ImportReport | null>(null);
  const [chosen, setChosen] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [result, setResult] = useState<ImportConfirmResult | null>(null);
  /** Rows that cited no article: the article chosen for each (a suggestion or one typed in). */
  const [choices, setChoices] = useState<Record<number, number>>({});
  const [typed, setTyped] = useState<Record<number, string>>({});

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
      const next = await uploadWorkbook(file);
      setReport(next);
      setResult(null);
      setChosen(next.rows.filter((r) => r.status === 'ok').map((r) => r.row));
      setChoices({});
      setTyped({});
    });

  const confirm = () =>
    run(async () => {
      if (!report) return;
      const picked = chosen.filter((row) => choices[row] !== undefined).map((row) => ({ row, article: choices[row]! }));
      const done = await confirmImport(report.importId, chosen, picked);
      setResult(done);
      setMessage({ ok: true, text: `已导入 ${done.created.length} 道新题${done.unchanged.length > 0 ? `；${done.unchanged.length} 道题库里已有，没有重复导入` : ''}。` });
      setChosen([]);
    });

  /** Choosing an article for a row also ticks it. */
  const choose = (row: number, article: number) => {
    setChoices((c) => ({ ...c, [row]: article }));
    setChosen((c) => (c.includes(row) ? c : [...c, row].sort((a, b) => a - b)));
  };

  const chooseTyped = (row: number, text: string) => {
    setTyped((t) => ({ ...t, [row]: text }));
    const n = parseArticleNumber(text);
    if (n !== null && n <= CIVIL_CODE_ARTICLE_COUNT) choose(row, n);
  };

  const toggle = (row: number) => setChosen((c) => (c.includes(row) ? c.filter((r) => r !== row) : [...c, row].sort((a, b) => a - b)));

  return (
    <PageContainer className='qb'>
      <BankStaffOnly>
        <View className='qb__head'>
          <View className='qb__title'>Excel 导入题目</View>
          <View className='qb__subtitle'>先下载模板填好，再上传检查；确认后才会存入题库</View>
        </View>
        <View className='qb__actions'>
          <ActionButton block variant='secondary' busy={busy} onClick={() => void run(downloadTemplate)}>
            下载导入模板
          </ActionButton>
          <ActionButton block busy={busy} onClick={() => void pick()}>
            {report ? '重新选择文件' : '选择填好的文件并检查'}
          </ActionButton>
        </View>

        {message && (
          <View className={message.ok ? 'qb__ok' : 'qb__error'} ariaRole={message.ok ? 'status' : 'alert'}>
            {message.text}
          </View>
        )}

        {report && (
          <View className='qb__report'>
            <View className='qb__label'>
              检查结果{report.fileName ? `：${report.fileName}` : ''}
            </View>
            <View className='qb__help'>
              共 {report.rows.length} 行：可以导入 {report.counts.ok} 行，有问题 {report.counts.error} 行，题库已有 {report.counts.duplicate} 行
              {report.counts.needsArticle > 0 ? `，没填法条 ${report.counts.needsArticle} 行（请在下面为它选一条）` : ''}。有问题的行请在表格里改好后重新上传。
            </View>
            {report.rows.map((row) => {
              const selectable = row.status !== 'error' && !result && (row.status !== 'needs_article' || choices[row.row] !== undefined);
              const on = chosen.includes(row.row);
              return (
                <View key={row.row} className='qb__card qb__report-row'>
                  <View className='qb__row'>
                    <View
                      className={`qb__check ${selectable ? (on ? 'qb__check--on' : '') : 'qb__check--off'}`}
                      ariaRole='checkbox'
                      {...checked(on)}
                      ariaLabel={on ? `第 ${row.row} 行已选` : `第 ${row.row} 行未选`}
                      onClick={selectable ? () => toggle(row.row) : undefined}
                    >
                      {on ? '✓' : ''}
                    </View>
                    <View className='qb__row-body'>
                      <View className='qb__card-meta'>
                        <View className='qb__tag'>第 {row.row} 行</View>
                        <View className={`qb__tag ${row.status === 'error' ? 'qb__tag--error' : row.status === 'ok' ? 'qb__tag--ok' : 'qb__tag--retired'}`}>{STATUS_TEXT[row.status]}</View>
                        {row.content && <View className='qb__tag'>{TYPE_LABELS[row.content.type]}</View>}
                        {row.content && <View className='qb__tag'>{row.content.book}</View>}
                      </View>
                      {row.content && <View className='qb__card-stem'>{row.content.stem}</View>}
                      {row.content && <View className='qb__card-answer'>答案 {answerText(row.content)}</View>}
                      {row.status === 'needs_article' && row.draft && (
                        <View>
                          <View className='qb__card-stem'>{row.draft.stem}</View>
                          <View className='qb__help'>这一行没有填法条。按题目内容，最相关的是下面三条，请选一条（或填别的条号）：</View>
                          {row.suggestions.map((s) => (
                            <View
                              key={s.number}
                              className={`qb__suggestion ${choices[row.row] === s.number ? 'qb__suggestion--on' : ''}`}
                              hoverClass='qb__suggestion--pressed'
                              ariaRole='radio' {...checked(choices[row.row] === s.number)}
                              ariaLabel={`第${s.number}条`}
                              onClick={result ? undefined : () => choose(row.row, s.number)}
                            >
                              <View className='qb__suggestion-title'>
                                {choices[row.row] === s.number ? '● ' : '○ '}第{s.number}条 · {s.where}
                              </View>
                              <View className='qb__suggestion-text'>{s.text}</View>
                            </View>
                          ))}
                          <Input
                            className='qb__input'
                            value={typed[row.row] ?? ''}
                            placeholder='或填条号，如 1043'
                            disabled={!!result}
                            onInput={(e) => chooseTyped(row.row, e.detail.value)}
                          />
                          {choices[row.row] !== undefined && <View className='qb__ok'>已选第 {choices[row.row]} 条</View>}
                        </View>
                      )}
                      {row.problems.map((p, i) => (
                        <View key={i} className='qb__problem'>
                          {p.field}：{p.problem}
                        </View>
                      ))}
                    </View>
                  </View>
                </View>
              );
            })}
            {!result && (
              <View className='qb__actions'>
                <ActionButton block busy={busy} disabled={chosen.length === 0} onClick={() => void confirm()}>
                  {chosen.length > 0 ? `导入选中的 ${chosen.length} 行` : '请勾选要导入的行'}
                </ActionButton>
              </View>
            )}
          </View>
        )}
      </BankStaffOnly>
    </PageContainer>
  );
}

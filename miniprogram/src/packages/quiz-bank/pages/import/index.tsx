import { Input, View } from '@tarojs/components';
import { useState } from 'react';
import { CIVIL_CODE_ARTICLE_COUNT, parseArticleNumber, type ImportReport, type ImportRow } from '@qf/shared';
import { ImportFlow } from '../../../../components/ImportFlow';
import { PageContainer } from '../../../../components/PageContainer';
import { confirmImport, downloadTemplate, uploadWorkbook } from '../../../../services/quiz-bank';
import { BankStaffOnly } from '../../access';
import { answerText, TYPE_LABELS } from '../../labels';
import '../../bank.css';
import { checked } from '../../../../components/a11y';

const STATUS: Record<ImportRow['status'], { text: string; tone: 'ok' | 'error' | 'muted' }> = {
  ok: { text: '可以导入', tone: 'ok' },
  error: { text: '有问题', tone: 'error' },
  duplicate: { text: '题库已有', tone: 'muted' },
  needs_article: { text: '请选法条', tone: 'muted' },
};

/**
 * Excel import of questions, through the one import flow (components/ImportFlow). What is the
 * question bank's own: a row that cites no article shows the three best ones, and choosing one (or
 * typing another) completes and ticks the row.
 */
export default function QuestionImport() {
  /** Rows that cited no article: the article chosen for each (a suggestion or one typed in). */
  const [choices, setChoices] = useState<Record<number, number>>({});
  const [typed, setTyped] = useState<Record<number, string>>({});

  const choose = (row: number, article: number, tick: () => void) => {
    setChoices((c) => ({ ...c, [row]: article }));
    tick();
  };
  const chooseTyped = (row: number, text: string, tick: () => void) => {
    setTyped((t) => ({ ...t, [row]: text }));
    const n = parseArticleNumber(text);
    if (n !== null && n <= CIVIL_CODE_ARTICLE_COUNT) choose(row, n, tick);
  };

  return (
    <PageContainer className='qb'>
      <BankStaffOnly>
        <View className='qb__head'>
          <View className='qb__title'>Excel 导入题目</View>
          <View className='qb__subtitle'>先下载模板填好，再上传检查；确认后才会存入题库</View>
        </View>
        <ImportFlow<ImportRow, ImportReport>
          onTemplate={downloadTemplate}
          upload={uploadWorkbook}
          onReport={() => {
            setChoices({});
            setTyped({});
          }}
          summary={(r) =>
            `共 ${r.rows.length} 行：可以导入 ${r.counts.ok} 行，有问题 ${r.counts.error} 行，题库已有 ${r.counts.duplicate} 行${r.counts.needsArticle > 0 ? `，没填法条 ${r.counts.needsArticle} 行（请在下面为它选一条）` : ''}。`
          }
          status={(row) => STATUS[row.status]}
          ticked={(row) => row.status === 'ok'}
          selectable={(row) => row.status !== 'needs_article' || choices[row.row] !== undefined}
          confirm={async (report, rows) => {
            const picked = rows.filter((row) => choices[row] !== undefined).map((row) => ({ row, article: choices[row]! }));
            const done = await confirmImport(report.importId, rows, picked);
            return `已导入 ${done.created.length} 道新题${done.unchanged.length > 0 ? `；${done.unchanged.length} 道题库里已有，没有重复导入` : ''}。`;
          }}
          body={(row, tick, done) => (
            <View>
              {row.content && (
                <View className='qb__card-meta'>
                  <View className='qb__tag'>{TYPE_LABELS[row.content.type]}</View>
                  <View className='qb__tag'>{row.content.book}</View>
                </View>
              )}
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
                      ariaRole='radio'
                      {...checked(choices[row.row] === s.number)}
                      ariaLabel={`第${s.number}条`}
                      onClick={done ? undefined : () => choose(row.row, s.number, tick)}
                    >
                      <View className='qb__suggestion-title'>
                        {choices[row.row] === s.number ? '● ' : '○ '}第{s.number}条 · {s.where}
                      </View>
                      <View className='qb__suggestion-text'>{s.text}</View>
                    </View>
                  ))}
                  <Input className='qb__input' value={typed[row.row] ?? ''} placeholder='或填条号，如 1043' disabled={done} onInput={(e) => chooseTyped(row.row, e.detail.value, tick)} />
                  {choices[row.row] !== undefined && <View className='qb__ok'>已选第 {choices[row.row]} 条</View>}
                </View>
              )}
            </View>
          )}
        />
      </BankStaffOnly>
    </PageContainer>
  );
}

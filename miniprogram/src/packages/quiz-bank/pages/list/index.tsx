import Taro, { useDidShow } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { CIVIL_CODE_BOOKS, type CivilCodeBook, type QuestionStatus } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { listQuestionReports, listQuestions, QUIZ_BANK_PAGES, type QuestionPageResult } from '../../../../services/quiz-bank';
import { BankStaffOnly, useBankStaff } from '../../access';
import { answerText, articlesText, STATUS_LABELS, TYPE_LABELS } from '../../labels';
import '../../bank.css';

const PAGE_SIZE = 20;

/** 题库管理: the bank by book and status, searchable by words or article number; add, edit, retire, import. */
export default function QuestionBankList() {
  const [book, setBook] = useState<CivilCodeBook | undefined>(undefined);
  const [status, setStatus] = useState<QuestionStatus | undefined>('active');
  const [keyword, setKeyword] = useState('');
  const [q, setQ] = useState('');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const allowed = useBankStaff();
  const page = useRequest<QuestionPageResult>(() => listQuestions({ book, status, q: q || undefined, limit }), [book, status, q, limit], { enabled: allowed });
  const reports = useRequest(() => listQuestionReports('open'), [], { enabled: allowed });
  const shown = useRef(false);

  // Coming back from the editor, the import or the reports: show the changes.
  useDidShow(() => {
    if (shown.current && allowed) {
      void page.reload();
      void reports.reload();
    }
    shown.current = true;
  });
  const openReports = reports.data?.openTotal ?? 0;

  const data = page.data;
  return (
    <PageContainer className='qb' error={page.error} onRetry={() => void page.reload()}>
      <BankStaffOnly>
        <View className='qb__head'>
          <View className='qb__title'>民法典题库</View>
          <View className='qb__subtitle'>{data ? `共 ${data.total} 道（按当前筛选）` : '正在加载…'}</View>
          {data && (
            <View className='qb__counts'>
              {CIVIL_CODE_BOOKS.map((b) => (
                <View key={b} className='qb__count'>
                  {b} {data.activeByBook[b] ?? 0}
                </View>
              ))}
            </View>
          )}
        </View>

        <View className='qb__toolbar'>
          <View className='qb__toolbar-item'>
            <ActionButton block onClick={() => void Taro.navigateTo({ url: QUIZ_BANK_PAGES.edit() })}>
              新增题目
            </ActionButton>
          </View>
          <View className='qb__toolbar-item'>
            <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: QUIZ_BANK_PAGES.import })}>
              Excel 导入
            </ActionButton>
          </View>
        </View>

        <View className='qb__card qb__reports-card' hoverClass='qb__card--pressed' ariaRole='link' onClick={() => void Taro.navigateTo({ url: QUIZ_BANK_PAGES.reports })}>
          <View className='qb__reports-link'>
            <View>群众报错</View>
            <View className={`qb__tag ${openReports > 0 ? 'qb__tag--error' : 'qb__tag--ok'}`}>{openReports > 0 ? `${openReports} 条待回复` : '没有待回复的'}</View>
          </View>
        </View>

        <View className='qb__search'>
          <Input
            className='qb__input qb__search-input'
            value={keyword}
            placeholder='题干里的词，或条号如 1043'
            confirmType='search'
            onInput={(e) => setKeyword(e.detail.value)}
            onConfirm={() => setQ(keyword.trim())}
          />
          <View className='qb__search-btn' ariaRole='button' onClick={() => setQ(keyword.trim())}>
            搜索
          </View>
        </View>

        <View className='qb__label'>编</View>
        <View className='qb__chips'>
          <Chip on={!book} onClick={() => setBook(undefined)}>
            全部
          </Chip>
          {CIVIL_CODE_BOOKS.map((b) => (
            <Chip key={b} on={book === b} onClick={() => setBook(b)}>
              {b}
            </Chip>
          ))}
        </View>
        <View className='qb__label'>状态</View>
        <View className='qb__chips'>
          <Chip on={status === 'active'} onClick={() => setStatus('active')}>
            在用
          </Chip>
          <Chip on={status === 'retired'} onClick={() => setStatus('retired')}>
            已停用
          </Chip>
          <Chip on={!status} onClick={() => setStatus(undefined)}>
            全部
          </Chip>
        </View>

        {page.loading && !data && <View className='qb__help'>正在加载…</View>}
        {data && data.items.length === 0 && <View className='qb__help'>没有符合条件的题目。</View>}
        {data?.items.map((item) => (
          <View
            key={item.id}
            className={`qb__card qb__item ${item.status === 'retired' ? 'qb__card--retired' : ''}`}
            hoverClass='qb__card--pressed'
            ariaRole='link'
            onClick={() => void Taro.navigateTo({ url: QUIZ_BANK_PAGES.edit(item.id) })}
          >
            <View className='qb__card-meta'>
              <View className='qb__tag'>{item.content.book}</View>
              <View className='qb__tag'>{TYPE_LABELS[item.content.type]}</View>
              <View className={`qb__tag ${item.status === 'retired' ? 'qb__tag--retired' : ''}`}>{STATUS_LABELS[item.status]}</View>
              <View className='qb__tag'>{item.id}</View>
            </View>
            <View className='qb__card-stem'>{item.content.stem}</View>
            <View className='qb__card-answer'>
              答案 {answerText(item.content)} · {articlesText(item.content.articles)}
            </View>
          </View>
        ))}
        {data && data.items.length < data.total && (
          <View className='qb__actions'>
            <ActionButton variant='secondary' block busy={page.loading} onClick={() => setLimit(Math.min(100, limit + PAGE_SIZE))}>
              {limit >= 100 ? '请用筛选缩小范围' : '再看 20 道'}
            </ActionButton>
          </View>
        )}
      </BankStaffOnly>
    </PageContainer>
  );
}

function Chip({ on, onClick, children }: { on: boolean; onClick: () => void; children: string | string[] }) {
  return (
    <View className={`qb__chip ${on ? 'qb__chip--on' : ''}`} ariaRole='button' onClick={onClick}>
      {children}
    </View>
  );
}

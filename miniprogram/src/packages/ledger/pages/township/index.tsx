import Taro, { useDidShow } from '@tarojs/taro';
import { Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { LEDGER_INACTIVE_DAYS, townshipName, type LedgerPerson, type LedgerRecord } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { FieldError, showFailure } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useStaffTownship } from '../../../../hooks/useStaffTownship';
import { ApiError } from '../../../../services/http';
import { decideLedgerRecord, downloadTownshipLedger, getTownshipLedger, LEDGER_PAGES, listLedgerRecords } from '../../../../services/ledger';
import { dayWords, Figure, RecordCard } from '../../parts';
import '../../ledger.css';
import { checked } from '../../../../components/a11y';

type Tab = 'review' | 'people';
type Sort = 'quiet' | 'points' | 'name';
const SORTS: { key: Sort; label: string }[] = [
  { key: 'quiet', label: '没记录的在前' },
  { key: 'points', label: '积分高的在前' },
  { key: 'name', label: '按名字' },
];

/**
 * 乡镇台账: the office reviews 记一笔 records (通过 / 退回 with a reason), sees every 法律明白人's
 * year with those quiet for 90 days marked, and exports the table for the county. The county admin
 * picks the township.
 */
export default function TownshipLedgerPage() {
  const { admin, code, chooseButton, picker } = useStaffTownship({ question: '看哪个乡镇的台账' });
  const [tab, setTab] = useState<Tab>('review');
  const [sort, setSort] = useState<Sort>('quiet');
  const [exporting, setExporting] = useState(false);
  const table = useRequest(() => getTownshipLedger(code!), [code], { enabled: !!code });
  const pending = useRequest(() => listLedgerRecords({ townshipCode: code!, status: 'pending', limit: 100 }), [code], { enabled: !!code });
  const reload = () => Promise.all([table.reload(), pending.reload()]);
  useDidShow(() => void (code && reload()));

  async function exportExcel() {
    setExporting(true);
    try {
      await downloadTownshipLedger(code!, table.data!.year);
    } catch (err) {
      showFailure('没能导出', err);
    } finally {
      setExporting(false);
    }
  }

  const t = table.data;
  const people = sortPeople(t?.people ?? [], sort);
  const waiting = pending.data?.items ?? [];
  return (
    <PageContainer
      title={code ? `${townshipName(code)}法律明白人台账` : '法律明白人台账'}
      subtitle={t ? `${t.year}年 · ${t.people.length} 位法律明白人` : admin ? '先选一个乡镇' : undefined}
      loading={!!code && table.loading && !t}
      error={table.error}
      onRetry={() => void reload()}
    >
      <View className='lg'>
        {admin && (
          <View className='lg__actions' style={{ marginTop: 0, marginBottom: '20px' }}>
            {chooseButton}
            <ActionButton size='medium' variant='secondary' onClick={() => void Taro.navigateTo({ url: LEDGER_PAGES.rules })}>
              积分规则
            </ActionButton>
          </View>
        )}
        {t && (
          <>
            <View className='lg__figures'>
              <Figure value={t.pendingCount} label='待审核' />
              <Figure value={t.inactiveCount} label={`${LEDGER_INACTIVE_DAYS}天无记录`} />
              <Figure value={t.people.reduce((n, p) => n + p.approved, 0)} label='已通过' />
            </View>
            <View className='lg__tabs' ariaRole='tablist'>
              <View className={`lg__tab ${tab === 'review' ? 'lg__tab--on' : ''}`} ariaRole='tab' ariaLabel={`待审核 ${waiting.length} 条${tab === 'review' ? '，已选' : ''}`} onClick={() => setTab('review')}>
                待审核（{waiting.length}）
              </View>
              <View className={`lg__tab ${tab === 'people' ? 'lg__tab--on' : ''}`} ariaRole='tab' ariaLabel={`每个人${tab === 'people' ? '，已选' : ''}`} onClick={() => setTab('people')}>
                每个人
              </View>
            </View>
            {tab === 'review' ? (
              <View>
                {waiting.length === 0 && <View className='lg__empty'>没有等审核的记录。</View>}
                {waiting.map((r) => (
                  <Review key={r.id} r={r} onDone={() => void reload()} />
                ))}
              </View>
            ) : (
              <View>
                <View className='lg__tabs'>
                  {SORTS.map((s) => (
                    <View key={s.key} className={`lg__tab ${sort === s.key ? 'lg__tab--on' : ''}`} ariaRole='radio' {...checked(sort === s.key)} ariaLabel={`${s.label}${sort === s.key ? '，已选' : ''}`} onClick={() => setSort(s.key)}>
                      {s.label}
                    </View>
                  ))}
                </View>
                {people.length === 0 && <View className='lg__empty'>这个乡镇还没有法律明白人。在“人员与角色”里给村里的明白人设上角色。</View>}
                {people.map((p) => (
                  <PersonCard key={p.userId} p={p} />
                ))}
                <ActionButton block variant='secondary' busy={exporting} onClick={() => void exportExcel()}>
                  导出 {t.year} 年 Excel 台账
                </ActionButton>
              </View>
            )}
          </>
        )}
      </View>
      {picker}
    </PageContainer>
  );
}

function sortPeople(people: readonly LedgerPerson[], sort: Sort): LedgerPerson[] {
  const list = [...people];
  if (sort === 'points') return list.sort((a, b) => b.points - a.points || a.name.localeCompare(b.name, 'zh'));
  if (sort === 'name') return list.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  return list; // The server's order: quiet ones first, then fewest points.
}

function PersonCard({ p }: { p: LedgerPerson }) {
  return (
    <View className={`lg__card ${p.inactive ? 'lg__card--warn' : ''}`}>
      <View className='lg__row'>
        <View className='lg__person-name'>{p.name}</View>
        <View className='lg__points'>{p.points} 分</View>
      </View>
      <View className='lg__meta'>
        通过 {p.approved} 条 · 待审核 {p.pending} 条 · 退回 {p.returned} 条
      </View>
      <View className='lg__meta'>
        听讲座 {p.lecturesAttended} 次 · 答题合格 {p.quizzesPassed} 次
      </View>
      <View className={`lg__meta ${p.inactive ? 'lg__late' : ''}`}>
        {p.lastApprovedAt ? `最近一条：${dayWords(p.lastApprovedAt)}` : '今年还没有通过的记录'}
        {p.inactive ? `（已超过 ${LEDGER_INACTIVE_DAYS} 天）` : ''}
      </View>
    </View>
  );
}

/** One waiting record with 通过 and 退回 (退回 asks why; the reason is shown to the author). */
function Review({ r, onDone }: { r: LedgerRecord; onDone: () => void }) {
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'approve' | 'return' | null>(null);
  const [error, setError] = useState<string | undefined>();

  async function decide(decision: 'approve' | 'return') {
    setBusy(decision);
    setError(undefined);
    try {
      await decideLedgerRecord(r.id, decision === 'approve' ? { decision } : { decision, reason });
      void Taro.showToast({ title: decision === 'approve' ? '已通过' : '已退回', icon: 'success' });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没能保存，请稍后重试');
    } finally {
      setBusy(null);
    }
  }

  return (
    <RecordCard r={r} showWho>
      {returning && (
        <View style={{ marginTop: '16px' }}>
          <Textarea className='lg__textarea' value={reason} maxlength={100} placeholder='退回原因，如：请补一张现场照片' onInput={(e) => setReason(e.detail.value)} />
        </View>
      )}
      <FieldError error={error} />
      <View className='lg__actions'>
        {returning ? (
          <>
            <ActionButton size='medium' busy={busy === 'return'} onClick={() => void decide('return')}>
              确认退回
            </ActionButton>
            <ActionButton size='medium' variant='plain' onClick={() => setReturning(false)}>
              不退回了
            </ActionButton>
          </>
        ) : (
          <>
            <ActionButton size='medium' busy={busy === 'approve'} onClick={() => void decide('approve')}>
              通过
            </ActionButton>
            <ActionButton size='medium' variant='secondary' onClick={() => setReturning(true)}>
              退回
            </ActionButton>
          </>
        )}
      </View>
    </RecordCard>
  );
}

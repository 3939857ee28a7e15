import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { LEDGER_INACTIVE_DAYS } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { getMyLedger, LEDGER_PAGES } from '../../../../services/ledger';
import { Figure, KindBars, RecordCard } from '../../parts';
import '../../ledger.css';

/** 我的台账 (一人一档): this year's points, what the system saw (lectures, certificates) and every 记一笔. */
export default function MyLedgerPage() {
  const ledger = useRequest(() => getMyLedger(), []);
  useDidShow(() => void ledger.reload());
  usePullDownRefresh(() => void ledger.reload().finally(() => Taro.stopPullDownRefresh()));
  const data = ledger.data;
  const p = data?.person;
  return (
    <PageContainer title={data ? `${data.year}年 我的台账` : '我的台账'} subtitle='线下做的事记一笔，司法所通过后计入积分' loading={ledger.loading && !data} error={ledger.error} onRetry={() => void ledger.reload()}>
      {data && p && (
        <View className='lg'>
          <View className='lg__figures'>
            <Figure value={p.points} label='积分' />
            <Figure value={p.approved} label='已通过' />
            <Figure value={p.pending} label='待审核' />
          </View>
          <View className='lg__figures'>
            <Figure value={p.lecturesAttended} label='听讲座（次）' />
            <Figure value={p.quizzesPassed} label='答题合格（次）' />
          </View>
          {p.inactive && (
            <View className='lg__card lg__card--warn'>
              <View className='lg__text'>已经 {LEDGER_INACTIVE_DAYS} 天以上没有通过的记录了。做过宣传、调解、代办，记得记一笔。</View>
            </View>
          )}
          <View className='lg__section'>各类积分</View>
          <View className='lg__card'>
            <KindBars byKind={p.byKind} />
          </View>
          <View className='lg__section'>我记的事（{data.records.length} 条）</View>
          {data.records.length === 0 && <View className='lg__empty'>今年还没有记过。点下面的“记一笔”，把做过的事记下来。</View>}
          {data.records.map((r) => (
            <RecordCard key={r.id} r={r} />
          ))}
          <View className='lg__fab'>
            <ActionButton block onClick={() => void Taro.navigateTo({ url: LEDGER_PAGES.record })}>
              记一笔
            </ActionButton>
          </View>
        </View>
      )}
    </PageContainer>
  );
}

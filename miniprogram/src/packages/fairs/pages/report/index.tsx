import { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { countyDateParts, townshipName, type TownshipCode } from '@qf/shared';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { getFairReport } from '../../../../services/fairs';
import { Chips } from '../../../../components/Form';
import '../../styles.css';

/** A township's law fairs over a year: the figures that join its reports and the Excel export. */
export default function FairReportPage() {
  const townshipCode = (useRouter().params.townshipCode ?? '') as TownshipCode;
  const { user } = useSession();
  const thisYear = countyDateParts(new Date()).year;
  const [year, setYear] = useState(thisYear);
  const report = useRequest(() => getFairReport(year, townshipCode), [year, townshipCode], { enabled: !!user && !!townshipCode });
  const r = report.data;

  return (
    <PageContainer loading={report.loading && !r} error={report.error} onRetry={report.reload}>
      <View className='fx-section'>
        <View className='fx-section__title'>{townshipName(townshipCode)} · 法律赶大集</View>
        <Chips options={[thisYear - 1, thisYear]} selected={[year]} onToggle={setYear} label={(y) => `${y}年`} />
      </View>
      {r && (
        <>
          <View className='fx-section fx-report'>
            <View className='fx-card'>
              <View className='fx-figures'>
                <Figure label='登记的集市' value={r.marketCount} />
                <Figure label='已赶集（次）' value={r.fairsHeld} />
                <Figure label='咨询人数' value={r.consulted} />
                <Figure label='发放资料（份）' value={r.materials} />
                <Figure label='转人民调解（件）' value={r.referredMediation} />
                <Figure label='转法律援助（件）' value={r.referredLegalAid} />
              </View>
              <View className='fx-muted' style={{ marginTop: '16px' }}>
                共安排 {r.fairsPlanned} 次，已登记服务情况 {r.fairsHeld} 次。
              </View>
            </View>
          </View>
          <View className='fx-section'>
            <View className='fx-section__title'>群众问得最多的</View>
            <View className='fx-card'>
              {r.topics.length === 0 && <View className='fx-muted'>还没有登记问题类别。</View>}
              {r.topics.map((t) => (
                <View key={t.tag} className='fx-day'>
                  <View>{t.tag}</View>
                  <View className='fx-muted'>{t.fairs} 次集上有人问</View>
                </View>
              ))}
            </View>
          </View>
          <View className='fx-section'>
            <View className='fx-section__title'>按月</View>
            <View className='fx-card'>
              {r.byMonth
                .filter((m) => m.fairsHeld > 0)
                .map((m) => (
                  <View key={m.month} className='fx-day'>
                    <View>{m.month}月</View>
                    <View className='fx-muted'>
                      赶集 {m.fairsHeld} 次 · 咨询 {m.consulted} 人
                    </View>
                  </View>
                ))}
              {r.byMonth.every((m) => m.fairsHeld === 0) && <View className='fx-muted'>这一年还没有登记。</View>}
            </View>
          </View>
        </>
      )}
    </PageContainer>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <View className='fx-figure'>
      <View className='fx-figure__value'>{value}</View>
      <View className='fx-figure__label'>{label}</View>
    </View>
  );
}

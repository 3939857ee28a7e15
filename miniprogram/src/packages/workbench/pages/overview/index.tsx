import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { isCountyAdmin, PACE_COLORS, PACE_LABELS, type Pace } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { ApiError } from '../../../../services/http';
import { countyProgress, downloadLectureReport, participation } from '../../../../services/lectures';
import { currentYear } from '../../../../pages/lectures/format';
import { LECTURE_CHECK_PAGES } from '../../../../services/lecture-checks';
import '../../../../pages/lectures/lectures.css';

/** 全县进度: the 17 townships as bars against the year's quota, coloured by pace, with the participation figures. */
export default function CountyOverviewPage() {
  const { user } = useSession();
  const [year, setYear] = useState(currentYear());
  const progress = useRequest(() => countyProgress(year), [year], { enabled: !!user });
  const staff = !!user && (isCountyAdmin(user) || !!user.staffTownshipCode);
  const figures = useRequest(() => participation(year), [year], { enabled: staff });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function download() {
    setBusy(true);
    setProblem(null);
    try {
      await downloadLectureReport(year);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : '下载没有成功');
    } finally {
      setBusy(false);
    }
  }

  const p = progress.data;
  const t = figures.data?.totals;
  return (
    <PageContainer loading={progress.loading && !p} error={progress.error} onRetry={() => void progress.reload()}>
      <View className='lx-head'>
        <View className='lx-head__title'>全县法治讲座进度</View>
        <View className='lx-head__sub'>
          每个乡镇每年 {p?.quota ?? 20} 场 · 已举办 {p?.totals.held ?? 0} 场 · {p?.totals.onPace ?? 0}/17 个乡镇进度正常
        </View>
        <View className='lx-switch'>
          {[currentYear() - 1, currentYear()].map((y) => (
            <View key={y} className={`lx-switch__item ${y === year ? 'lx-switch__item--on' : ''}`} ariaRole='button' onClick={() => setYear(y)}>
              {y} 年
            </View>
          ))}
        </View>
      </View>
      {problem && <View className='lx-notice lx-notice--bad'>{problem}</View>}
      {p && (
        <View className='lx-section'>
          <View className='lx-card'>
            <View className='lx-legend'>
              {(Object.keys(PACE_LABELS) as Pace[]).map((k) => (
                <View key={k}>
                  <View className='lx-legend__dot' style={{ background: PACE_COLORS[k] }} />
                  {PACE_LABELS[k]}
                </View>
              ))}
              <View>
                <View className='lx-legend__dot' style={{ background: 'var(--qf-text)', width: '6px' }} />
                截至今日应完成
              </View>
            </View>
            {p.items.map((row) => (
              <View key={row.townshipCode} className='lx-bar' data-township={row.townshipName} data-held={row.held}>
                <View className='lx-bar__head'>
                  <View className='lx-bar__name'>{row.townshipName}</View>
                  <View style={{ color: row.color, fontWeight: 'bold' }}>
                    已举办 {row.held}/{row.quota} · {row.paceLabel}
                  </View>
                </View>
                <View className='lx-bar__track'>
                  <View className='lx-bar__fill' style={{ width: `${Math.min(100, (row.held / row.quota) * 100)}%`, background: row.color }} />
                  <View className='lx-bar__expected' style={{ left: `${Math.min(100, (row.expectedByToday / row.quota) * 100)}%` }} />
                </View>
                <View className='lx-muted'>
                  已安排 {row.scheduled} 场 · 截至今日应完成 {row.expectedByToday} 场
                </View>
              </View>
            ))}
          </View>
        </View>
      )}
      {t && (
        <View className='lx-section'>
          <View className='lx-section__title'>参与情况</View>
          <View className='lx-stats'>
            <View className='lx-stat'>
              <View className='lx-stat__value'>{t.registrations}</View>
              <View className='lx-stat__label'>报名人次</View>
            </View>
            <View className='lx-stat'>
              <View className='lx-stat__value'>{t.checkIns}</View>
              <View className='lx-stat__label'>签到人次</View>
            </View>
            <View className='lx-stat'>
              <View className='lx-stat__value'>{t.walkIns}</View>
              <View className='lx-stat__label'>无微信到场</View>
            </View>
            <View className='lx-stat'>
              <View className='lx-stat__value' data-stat='reached'>{t.reached}</View>
              <View className='lx-stat__label'>覆盖群众（人）</View>
            </View>
          </View>
        </View>
      )}
      {figures.data && (
        <View className='lx-section'>
          <View className='lx-section__title'>各乡镇参与情况</View>
          <View className='lx-card'>
            {figures.data.byTownship.map((row) => (
              <View key={row.townshipCode} className='lx-person lx-figure-row'>
                <View className='lx-bar__name'>{row.townshipName}</View>
                <View className='lx-muted'>
                  讲座 {row.lectures} · 报名 {row.registrations} · 签到 {row.checkIns} · 无微信 {row.walkIns} · 覆盖 {row.reached} 人
                </View>
              </View>
            ))}
          </View>
          <View className='lx-section__title'>按月份</View>
          <View className='lx-card'>
            {figures.data.byMonth.filter((m) => m.lectures > 0).length === 0 && <View className='lx-empty'>这一年还没有讲座。</View>}
            {figures.data.byMonth
              .filter((m) => m.lectures > 0)
              .map((m) => (
                <View key={m.month} className='lx-person'>
                  <View className='lx-bar__name'>{m.month} 月</View>
                  <View className='lx-muted'>
                    讲座 {m.lectures} · 报名 {m.registrations} · 签到 {m.checkIns} · 无微信 {m.walkIns}
                  </View>
                </View>
              ))}
          </View>
        </View>
      )}
      {staff && (
        <View className='lx-section'>
          <ActionButton block busy={busy} onClick={() => void download()}>
            导出 {year} 年 Excel
          </ActionButton>
          {user && !isCountyAdmin(user) && <View className='lx-muted'>导出的表格只含本乡镇。</View>}
          <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: LECTURE_CHECK_PAGES.report })}>
            讲座效果（讲座前后知晓率）
          </ActionButton>
        </View>
      )}
    </PageContainer>
  );
}

import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { ROSTER_ROLE_LABELS, townshipName, type RosterPerson } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { showFailure } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useStaffTownship } from '../../../../hooks/useStaffTownship';
import { downloadRoster, getRoster, ROSTER_PAGES } from '../../../../services/roster';
import '../../roster.css';

/**
 * 普法名册 (司法所): each village's 法律明白人 against the norm of three (the villages short of it
 * first, in red and in words), the 普法员 with whom they mentor, the 法律顾问; add, edit, import
 * from Excel and export.
 */
export default function RosterPage() {
  const params = useRouter().params;
  const { admin, code, chooseButton, picker } = useStaffTownship({ question: '看哪个乡镇的名册', initial: params.townshipCode });
  const [exporting, setExporting] = useState(false);
  const roster = useRequest(() => getRoster(code!), [code], { enabled: !!code });
  useDidShow(() => void (code && roster.data && roster.reload()));
  usePullDownRefresh(() => void roster.reload().finally(() => Taro.stopPullDownRefresh()));
  const go = (url: string) => void Taro.navigateTo({ url });

  async function exportExcel() {
    setExporting(true);
    try {
      await downloadRoster(code!);
    } catch (err) {
      showFailure('没能导出', err);
    } finally {
      setExporting(false);
    }
  }

  const r = roster.data;
  const person = (p: RosterPerson, sub: string) => (
    <View key={p.id} className='rs__person'>
      <View className='rs__person-main'>
        <View>{p.name}</View>
        <View className='rs__person-sub'>{sub}</View>
      </View>
      <View className='rs__edit' ariaRole='button' ariaLabel={`修改${p.name}`} onClick={() => go(ROSTER_PAGES.person(code!, p.id))}>
        修改
      </View>
    </View>
  );
  const contact = (p: RosterPerson) => [p.phone, p.phonePublic ? '电话公开' : '电话不公开', p.serviceHours].filter(Boolean).join(' · ');

  return (
    <PageContainer
      title={code ? `${townshipName(code)}普法名册` : '普法名册'}
      subtitle={r ? `${r.total} 人 · 每个村至少 ${r.minPerVillage} 名法律明白人` : admin ? '先选一个乡镇' : undefined}
      loading={!!code && roster.loading && !r}
      error={roster.error}
      onRetry={() => void roster.reload()}
    >
      <View className='rs'>
        <View className='rs__actions'>
          {chooseButton}
          {code && (
            <>
              <ActionButton size='medium' onClick={() => go(ROSTER_PAGES.person(code))}>
                添加人员
              </ActionButton>
              <ActionButton size='medium' variant='secondary' onClick={() => go(ROSTER_PAGES.import(code))}>
                Excel 导入
              </ActionButton>
              <ActionButton size='medium' variant='secondary' busy={exporting} disabled={!r?.total} onClick={() => void exportExcel()}>
                导出 Excel
              </ActionButton>
            </>
          )}
        </View>
        {r && (
          <>
            <View className='rs__figures'>
              <View className='rs__figure'>
                <View className='rs__figure-num'>{r.villages.length}</View>
                <View className='rs__figure-label'>个村</View>
              </View>
              <View className='rs__figure'>
                <View className='rs__figure-num' data-short={r.shortVillages}>
                  {r.shortVillages}
                </View>
                <View className='rs__figure-label'>个村明白人不足 {r.minPerVillage} 名</View>
              </View>
              <View className='rs__figure'>
                <View className='rs__figure-num'>{r.villages.reduce((n, v) => n + v.literates.length, 0)}</View>
                <View className='rs__figure-label'>名法律明白人</View>
              </View>
            </View>

            <View className='rs__title'>各村法律明白人</View>
            {r.villages.length === 0 && <View className='rs__empty'>还没有村。用 Excel 导入名册时，表里的村会一并添加。</View>}
            {r.villages.map((v) => (
              <View key={v.id} className={`rs__card ${v.missing > 0 ? 'rs__card--short' : ''}`} data-village={v.name}>
                <View className='rs__card-head'>
                  <View className='rs__card-name'>{v.name}</View>
                  {v.missing > 0 ? <View className='rs__short'>还差 {v.missing} 名</View> : <View className='rs__full'>{v.literates.length} 名，已够</View>}
                </View>
                {v.literates.length === 0 && <View className='rs__empty'>这个村还没有法律明白人。</View>}
                {v.literates.map((p) => person(p, [contact(p), p.mentorName ? `带教：${p.mentorName}` : ''].filter(Boolean).join(' · ')))}
              </View>
            ))}
            {r.unplaced.length > 0 && (
              <View className='rs__card'>
                <View className='rs__card-name'>没有村的明白人</View>
                {r.unplaced.map((p) => person(p, '请修改，选他所在的村'))}
              </View>
            )}

            <View className='rs__title'>{ROSTER_ROLE_LABELS.popularizer}</View>
            <View className='rs__card'>
              {r.popularizers.length === 0 && <View className='rs__empty'>还没有普法员。</View>}
              {r.popularizers.map((p) => person(p, [p.phone, p.mentees.length ? `带教：${p.mentees.join('、')}` : '还没有带教的明白人'].join(' · ')))}
            </View>

            <View className='rs__title'>{ROSTER_ROLE_LABELS.adviser}</View>
            <View className='rs__card'>
              {r.advisers.length === 0 && <View className='rs__empty'>还没有法律顾问。</View>}
              {r.advisers.map((p) => person(p, [p.phone, `服务：${p.townships.map(townshipName).join('、')}`].join(' · ')))}
            </View>
          </>
        )}
      </View>
      {picker}
    </PageContainer>
  );
}

import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { canManageTownship, isCountyAdmin, townshipName, type TownshipCode } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { listFairs, listMarkets } from '../../../../services/fairs';
import { FairDate } from '../../components/FairDate';
import '../../styles.css';

/** 法律赶大集: this week's fairs and each market's next days, for the user's township or the whole county. */
export default function FairsPage() {
  const { user } = useSession();
  const home = (user?.staffTownshipCode ?? user?.townshipCode ?? null) as TownshipCode | null;
  const [scope, setScope] = useState<'township' | 'county'>('township');
  const townshipCode = scope === 'township' && home ? home : undefined;

  const fairs = useRequest(() => listFairs({ townshipCode, days: 7 }), [townshipCode], { enabled: !!user });
  const markets = useRequest(() => listMarkets({ townshipCode, nextCount: 4 }), [townshipCode], { enabled: !!user });
  // Back from a form: show what was just saved.
  useDidShow(() => {
    if (fairs.data) void Promise.all([fairs.reload(), markets.reload()]);
  });
  usePullDownRefresh(() => void Promise.all([fairs.reload(), markets.reload()]).finally(() => Taro.stopPullDownRefresh()));

  const canManage = (code: string) => !!user && canManageTownship(user, code);
  const staffTownship = user?.staffTownshipCode ?? (user && isCountyAdmin(user) ? home : null);
  const go = (url: string) => void Taro.navigateTo({ url });
  const today = fairs.data?.from;

  return (
    <PageContainer loading={fairs.loading && !fairs.data} error={fairs.error ?? markets.error} onRetry={() => void Promise.all([fairs.reload(), markets.reload()])}>
      <View className='fx-head'>
        <View className='fx-head__title'>法律赶大集</View>
        <View className='fx-head__sub'>逢集日，司法所和律师到集上摆摊：咨询、调解、法律援助，都不要钱。</View>
        <View className='fx-switch'>
          <View className={`fx-switch__item ${scope === 'township' ? 'fx-switch__item--on' : ''}`} ariaRole='button' onClick={() => setScope('township')}>
            {home ? townshipName(home) : '本乡镇'}
          </View>
          <View className={`fx-switch__item ${scope === 'county' ? 'fx-switch__item--on' : ''}`} ariaRole='button' onClick={() => setScope('county')}>
            全县
          </View>
        </View>
      </View>

      {scope === 'township' && !home && <View className='fx-section fx-empty'>还没有选择所在乡镇，先看全县的集市；到“我的”里选好乡镇后只看本乡镇。</View>}

      <View className='fx-section'>
        <View className='fx-section__title'>本周法律赶大集</View>
        {fairs.data && fairs.data.items.length === 0 && (
          <View className='fx-empty'>
            {/* Point to the markets below only when there are some. */}
            {markets.data && markets.data.items.length > 0 ? '这 7 天没有安排法律服务摊位。下面是各个集的集日。' : '这 7 天没有安排法律服务摊位。'}
          </View>
        )}
        {fairs.data?.items.map((fair) => (
          <View
            key={fair.id}
            className='fx-card fx-week-fair'
            hoverClass='fx-card--pressed'
            ariaRole='link'
            onClick={() => go(`/packages/fairs/pages/fair/index?id=${encodeURIComponent(fair.id)}`)}
          >
            <FairDate solarLabel={fair.day.solarLabel} lunarLabel={fair.day.lunarLabel} isToday={fair.day.date === today} />
            <View className='fx-name'>{fair.marketName}</View>
            <View className='fx-line'>
              {fair.townshipName} · {fair.village} · {fair.startTime}–{fair.endTime}
            </View>
            <View className='fx-tags'>
              {fair.services.map((s) => (
                <View key={s} className='fx-tag'>
                  {s}
                </View>
              ))}
            </View>
            <View className='fx-tags'>
              {fair.units.map((u) => (
                <View key={u} className='fx-tag fx-tag--unit'>
                  {u}
                </View>
              ))}
            </View>
          </View>
        ))}
      </View>

      <View className='fx-section'>
        <View className='fx-section__title'>
          <View>集市和集日</View>
          {staffTownship && (
            <ActionButton size='medium' variant='secondary' onClick={() => go(`/packages/fairs/pages/market-form/index?townshipCode=${staffTownship}`)}>
              新增集市
            </ActionButton>
          )}
        </View>
        {markets.data && markets.data.items.length === 0 && <View className='fx-empty'>{scope === 'township' && home ? `${townshipName(home)}还没有登记集市，可以看看全县的。` : '还没有登记集市。'}</View>}
        {markets.data?.items.map((market) => (
          <View key={market.id} className='fx-card fx-market'>
            <View className='fx-name'>{market.name}</View>
            <View className='fx-line'>
              {market.townshipName} · {market.village} · <View className='fx-tag'>{market.ruleText}</View>
            </View>
            <View className='fx-muted'>{market.address}</View>
            <View className='fx-days'>
              {market.nextDays.map((day) => (
                <View
                  key={day.date}
                  className='fx-day'
                  ariaRole={day.fairId ? 'link' : undefined}
                  onClick={day.fairId ? () => go(`/packages/fairs/pages/fair/index?id=${encodeURIComponent(day.fairId!)}`) : undefined}
                >
                  <View>
                    {day.solarLabel} · {day.lunarLabel}
                  </View>
                  {day.fairId ? <View className='fx-day__mark'>有法律服务 ›</View> : <View className='fx-muted'>集日</View>}
                </View>
              ))}
            </View>
            {canManage(market.townshipCode) && (
              <View className='fx-actions'>
                <ActionButton size='medium' onClick={() => go(`/packages/fairs/pages/plan/index?marketId=${market.id}`)}>
                  安排赶集
                </ActionButton>
                <ActionButton size='medium' variant='secondary' onClick={() => go(`/packages/fairs/pages/market-form/index?id=${market.id}`)}>
                  修改集市
                </ActionButton>
              </View>
            )}
          </View>
        ))}
      </View>

      {staffTownship && (
        <View className='fx-section'>
          <ActionButton block variant='secondary' onClick={() => go(`/packages/fairs/pages/report/index?townshipCode=${staffTownship}`)}>
            {townshipName(staffTownship)}赶集服务汇总
          </ActionButton>
        </View>
      )}
    </PageContainer>
  );
}

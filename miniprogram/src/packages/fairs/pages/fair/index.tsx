import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { canManageTownship } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { ApiError } from '../../../../services/http';
import { deleteFair, getFair } from '../../../../services/fairs';
import { FairDate } from '../../components/FairDate';
import { PlaceMap } from '../../components/PlaceMap';
import '../../styles.css';

/** One law fair: when and where, what the stall offers, who comes; afterwards, what happened. */
export default function FairPage() {
  const id = decodeURIComponent(useRouter().params.id ?? '');
  const { user } = useSession();
  const fair = useRequest(() => getFair(id), [id], { enabled: !!user && !!id });
  const [busy, setBusy] = useState(false);
  useDidShow(() => {
    if (fair.data) void fair.reload();
  });
  const f = fair.data;
  const staff = !!(user && f && canManageTownship(user, f.townshipCode));

  async function callOff() {
    const { confirm } = await Taro.showModal({ title: '取消这次赶集？', content: '取消后群众就看不到这次安排了。', confirmText: '取消赶集', cancelText: '不取消' });
    if (!confirm) return;
    setBusy(true);
    try {
      await deleteFair(id);
      void Taro.showToast({ title: '已取消', icon: 'none' });
      void Taro.navigateBack();
    } catch (err) {
      void Taro.showModal({ title: '没能取消', content: err instanceof ApiError ? err.message : '请稍后重试', showCancel: false, confirmText: '知道了' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <PageContainer loading={fair.loading && !f} error={fair.error} onRetry={fair.reload}>
      {f && (
        <>
          <View className='fx-section'>
            <View className='fx-card'>
              <FairDate solarLabel={f.day.solarLabel} lunarLabel={f.day.lunarLabel} />
              <View className='fx-name'>{f.marketName}</View>
              <View className='fx-line'>
                {f.townshipName} · {f.village}
              </View>
              <View className='fx-line'>
                时间：{f.startTime}–{f.endTime}
              </View>
              {f.note && <View className='fx-line'>{f.note}</View>}
            </View>
          </View>
          <View className='fx-section'>
            <View className='fx-section__title'>摊位上能办的事</View>
            <View className='fx-card'>
              <View className='fx-tags'>
                {f.services.map((s) => (
                  <View key={s} className='fx-tag'>
                    {s}
                  </View>
                ))}
              </View>
              <View className='fx-line'>到场单位：</View>
              <View className='fx-tags'>
                {f.units.map((u) => (
                  <View key={u} className='fx-tag fx-tag--unit'>
                    {u}
                  </View>
                ))}
              </View>
              {f.staff.length > 0 && <View className='fx-line'>工作人员：{f.staff.join('、')}</View>}
            </View>
          </View>
          <View className='fx-section'>
            <View className='fx-section__title'>在哪里</View>
            <PlaceMap name={f.marketName} address={f.address} location={f.location} />
          </View>

          {f.record && (
            <View className='fx-section fx-record'>
              <View className='fx-section__title'>这次赶集的服务情况</View>
              <View className='fx-card'>
                <View className='fx-figures'>
                  <Figure label='咨询人数' value={f.record.consulted} />
                  <Figure label='发放资料' value={f.record.materials} />
                  <Figure label='转人民调解' value={f.record.referredMediation} />
                  <Figure label='转法律援助' value={f.record.referredLegalAid} />
                </View>
                {f.record.topics.length > 0 && (
                  <View className='fx-tags'>
                    {f.record.topics.map((t) => (
                      <View key={t} className='fx-tag'>
                        {t}
                      </View>
                    ))}
                  </View>
                )}
                {f.record.note && <View className='fx-line'>{f.record.note}</View>}
              </View>
            </View>
          )}

          {staff && (
            <View className='fx-section fx-actions'>
              <ActionButton block onClick={() => void Taro.navigateTo({ url: `/packages/fairs/pages/record/index?id=${encodeURIComponent(f.id)}` })}>
                {f.record ? '修改服务情况' : '登记服务情况'}
              </ActionButton>
              {!f.record && (
                <ActionButton block variant='plain' busy={busy} onClick={() => void callOff()}>
                  取消这次赶集
                </ActionButton>
              )}
            </View>
          )}
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

import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { FAIR_SERVICES, FAIR_UNITS } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { createFair, getMarket } from '../../../../services/fairs';
import { Chips, Field, splitNames, TextInput, TimePicker, toggle, useSubmit } from '../../../../components/Form';
import '../../styles.css';
import { checked } from '../../../../components/a11y';

/** Plan which market day the office attends, what the stall offers and who comes. */
export default function PlanFairPage() {
  const marketId = useRouter().params.marketId ?? '';
  const { user } = useSession();
  const market = useRequest(() => getMarket(marketId, 12), [marketId], { enabled: !!user && !!marketId });
  const [date, setDate] = useState('');
  // Nothing is chosen in advance: a choice made for the clerk, out of sight below the fold, was
  // switched off when he tapped the services he wanted.
  const [services, setServices] = useState<string[]>([]);
  const [units, setUnits] = useState<string[]>([]);
  const [staff, setStaff] = useState('');
  const [startTime, setStartTime] = useState('08:00');
  const [endTime, setEndTime] = useState('12:00');
  const { saving, errors, submit } = useSubmit('没能安排');

  const open = market.data?.nextDays.filter((d) => !d.fairId) ?? [];

  async function save() {
    await submit(async () => {
      const fair = await createFair({ marketId, date, services, units, staff: splitNames(staff), startTime, endTime });
      void Taro.showToast({ title: '已安排', icon: 'success' });
      void Taro.redirectTo({ url: `/packages/fairs/pages/fair/index?id=${encodeURIComponent(fair.id)}` });
    });
  }

  const m = market.data;
  return (
    <PageContainer title='安排法律赶大集' subtitle='选集日、服务和到场单位' loading={market.loading && !m} error={market.error} onRetry={market.reload}>
      {m && (
        <View className='fx-form'>
          <View className='fx-section__title'>
            {m.name} · {m.ruleText}
          </View>
          <Field label='哪一天去' error={errors.date ?? (date ? undefined : '请选一个集日')}>
            {open.length === 0 && <View className='fx-muted'>接下来的集日都已经安排了。</View>}
            <View className='fx-days'>
              {open.map((d) => (
                <View key={d.date} className={`qf-chip ${d.date === date ? 'qf-chip--on' : ''}`} style={{ marginTop: '12px' }} ariaRole='radio' {...checked(d.date === date)} onClick={() => setDate(d.date)}>
                  {d.solarLabel} · 农历{d.lunarLabel}
                </View>
              ))}
            </View>
          </Field>
          <Field label='服务项目' hint={chosenText(services)} error={errors.services}>
            <Chips options={FAIR_SERVICES} selected={services} onToggle={(s) => setServices(toggle(services, s))} />
          </Field>
          <Field label='到场单位' hint={chosenText(units)} error={errors.units}>
            <Chips options={FAIR_UNITS} selected={units} onToggle={(u) => setUnits(toggle(units, u))} />
          </Field>
          <Field label='工作人员（可不填）' hint='多个名字用顿号隔开' error={errors.staff}>
            <TextInput name='staff' value={staff} onChange={setStaff} placeholder='例如：张律师、李所长' />
          </Field>
          <Field label='摆摊时间' error={errors.startTime ?? errors.endTime}>
            <View className='qf-chips'>
              <View style={{ flex: 1 }}>
                <TimePicker name='startTime' value={startTime} onChange={setStartTime} />
              </View>
              <View style={{ flex: 1 }}>
                <TimePicker name='endTime' value={endTime} onChange={setEndTime} />
              </View>
            </View>
          </Field>
          <ActionButton block busy={saving} disabled={!date || services.length === 0 || units.length === 0} onClick={() => void save()}>
            安排这次赶集
          </ActionButton>
        </View>
      )}
    </PageContainer>
  );
}

/** Says what is chosen, so a choice is never made or lost out of sight. */
function chosenText(chosen: string[]): string {
  return chosen.length ? `已选 ${chosen.length} 项：${chosen.join('、')}` : '点一下选中，再点一下取消；可以选几项';
}

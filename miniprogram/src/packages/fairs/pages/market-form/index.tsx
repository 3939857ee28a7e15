import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { describeRule, lunarDayName, townshipName, type GeoPoint, type Market, type TownshipCode } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PlacePicker, type Place } from '../../../../components/PlacePicker';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { createMarket, getMarket, updateMarket } from '../../../../services/fairs';
import { Chips, Field, splitNames, TextInput, toggle, useSubmit } from '../../../../components/Form';
import '../../styles.css';

const DIGITS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0] as const;
const DIGIT_LABEL = ['逢十', '逢一', '逢二', '逢三', '逢四', '逢五', '逢六', '逢七', '逢八', '逢九'];
const LUNAR_DAYS = Array.from({ length: 30 }, (_, i) => i + 1);

/** Add or change a market: name, place, and its lunar-day rule (逢X or a list of days). */
export default function MarketFormPage() {
  const params = useRouter().params;
  const id = params.id;
  const { user } = useSession();
  const existing = useRequest(() => getMarket(id!, 0), [id], { enabled: !!user && !!id });
  // The form mounts once its starting values are known: Taro's H5 inputs fail when a value is set before they have rendered.
  const ready = !id || !!existing.data;
  return (
    <PageContainer loading={!ready && existing.loading} error={existing.error} onRetry={existing.reload}>
      {ready && <MarketForm id={id} townshipCode={(existing.data?.townshipCode ?? params.townshipCode ?? '') as TownshipCode} initial={existing.data} />}
    </PageContainer>
  );
}

function MarketForm({ id, townshipCode, initial }: { id: string | undefined; townshipCode: TownshipCode; initial: Market | undefined }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [village, setVillage] = useState(initial?.village ?? '');
  const [place, setPlace] = useState<Place>({ address: initial?.address ?? '', location: initial?.location ?? null });
  const [kind, setKind] = useState<Market['rule']['kind']>(initial?.rule.kind ?? 'endsWith');
  const [digits, setDigits] = useState<number[]>(initial?.rule.kind === 'endsWith' ? [...initial.rule.digits] : []);
  const [days, setDays] = useState<number[]>(initial?.rule.kind === 'days' ? [...initial.rule.days] : []);
  const [solarDays, setSolarDays] = useState(initial?.solarDays.join('、') ?? '');
  const { saving, errors, submit } = useSubmit('没能保存');

  const rule: Market['rule'] = kind === 'endsWith' ? { kind: 'endsWith', digits } : { kind: 'days', days };
  const preview = (kind === 'endsWith' ? digits : days).length ? describeRule({ rule }) : '还没有选集日';

  const body = () => ({
    name,
    village,
    address: place.address,
    // No point yet: the server answers which field is missing, in words (never a made-up 0,0).
    location: place.location as GeoPoint,
    rule,
    solarDays: splitNames(solarDays).map(Number),
    // Not edited here (yet): kept as stored rather than cleared.
    note: initial?.note ?? '',
  });

  async function save() {
    await submit(async () => {
      // A retired market stays retired when its details are corrected.
      if (id) await updateMarket(id, { ...body(), active: initial?.active ?? true });
      else await createMarket({ ...body(), townshipCode });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.navigateBack();
    });
  }

  /**
   * A market that is no longer held leaves the lists; its past fairs and reports stay. It is
   * retired as stored, not with whatever is half-typed in the form.
   */
  async function retire() {
    const { confirm } = await Taro.showModal({
      title: '停用这个集市？',
      content: '停用后不再列出，也不能再安排赶大集；已经安排和登记的不受影响。',
      confirmText: '停用',
      cancelText: '不停用',
    });
    if (!confirm) return;
    await submit(async () => {
      const m = initial!;
      await updateMarket(id!, { name: m.name, village: m.village, address: m.address, location: m.location, rule: m.rule, solarDays: m.solarDays, note: m.note, active: false });
      void Taro.showToast({ title: '已停用', icon: 'success' });
      void Taro.navigateBack();
    });
  }

  return (
    <View className='fx-form'>
      <View className='fx-section__title'>{id ? '修改集市' : `新增集市 · ${townshipCode ? townshipName(townshipCode) : ''}`}</View>
      <Field label='集市名称' error={errors.name}>
        <TextInput name='name' value={name} onChange={setName} placeholder='例如：韩村大集' />
      </Field>
      <Field label='所在村' error={errors.village}>
        <TextInput name='village' value={village} onChange={setVillage} placeholder='例如：韩村' />
      </Field>
      <Field label='摆摊地点' hint='在集上时点“用我的位置”标出地图位置，群众按图找来' error={errors.address ?? errors.location}>
        <PlacePicker name='address' required value={place} onChange={setPlace} placeholder='例如：村委会门口' />
      </Field>
      <Field label='集日（农历）' error={errors.rule}>
        <Chips options={['endsWith', 'days'] as const} selected={[kind]} onToggle={setKind} label={(k) => (k === 'endsWith' ? '逢几（如逢三逢八）' : '指定日子（如初一、十五）')} />
        <View style={{ height: '16px' }} />
        {kind === 'endsWith' ? (
          <Chips options={DIGITS} selected={digits} onToggle={(d) => setDigits(toggle(digits, d))} label={(d) => DIGIT_LABEL[d]!} />
        ) : (
          <Chips options={LUNAR_DAYS} selected={days} onToggle={(d) => setDays(toggle(days, d))} label={lunarDayName} />
        )}
        <View className='qf-field__hint'>现在是：{preview}</View>
      </Field>
      <Field label='公历日子也逢集（可不填）' hint='每月几号，多个用顿号隔开，如 6、16' error={errors.solarDays}>
        <TextInput name='solarDays' value={solarDays} onChange={setSolarDays} />
      </Field>
      <ActionButton block busy={saving} onClick={() => void save()}>
        保存集市
      </ActionButton>
      {id && initial?.active && (
        <View className='fx-actions'>
          <ActionButton block variant='secondary' busy={saving} onClick={() => void retire()}>
            停用这个集市
          </ActionButton>
        </View>
      )}
    </View>
  );
}

import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { DEFAULT_CHECKIN_RADIUS_M, isCountyAdmin, townshipName, type GeoPoint, type SiteDetail, type SiteKind, type TownshipCode } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PlacePicker, type Place } from '../../../../components/PlacePicker';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { createSite, getSite, updateSite } from '../../../../services/guide';
import { Chips, Field, TextArea, TextInput, useSubmit } from '../../../../components/Form';
import '../../styles.css';

/** Staff add or change a site: the county complex (county admin) or a village site (its township's staff). */
export default function SiteFormPage() {
  const id = useRouter().params.id;
  const { user } = useSession();
  const existing = useRequest(() => getSite(id!), [id], { enabled: !!user && !!id });
  // The form mounts once its starting values are known: Taro's H5 inputs fail when a value is set before they have rendered.
  const ready = !!user && (!id || !!existing.data);
  const kinds: SiteKind[] = user && isCountyAdmin(user) ? ['village', 'county'] : ['village'];
  return (
    <PageContainer loading={!ready && existing.loading} error={existing.error} onRetry={existing.reload}>
      {ready && <SiteForm id={id} initial={existing.data} kinds={kinds} staffTownship={(user?.staffTownshipCode ?? user?.townshipCode ?? null) as TownshipCode | null} />}
    </PageContainer>
  );
}

function SiteForm({ id, initial, kinds, staffTownship }: { id: string | undefined; initial: SiteDetail | undefined; kinds: SiteKind[]; staffTownship: TownshipCode | null }) {
  const [kind, setKind] = useState<SiteKind>(initial?.kind ?? kinds[0]!);
  const [name, setName] = useState(initial?.name ?? '');
  const [intro, setIntro] = useState(initial?.intro ?? '');
  const [openingHours, setOpeningHours] = useState(initial?.openingHours ?? '');
  const [place, setPlace] = useState<Place>({ address: initial?.address ?? '', location: initial?.location ?? null });
  const [radius, setRadius] = useState(String(initial?.checkinRadiusMeters ?? DEFAULT_CHECKIN_RADIUS_M));
  const [isSample, setIsSample] = useState(initial?.isSample ?? false);
  const { saving, errors, submit } = useSubmit('没能保存');

  async function save() {
    const body = {
      name,
      intro,
      address: place.address,
      openingHours,
      // No point yet: the server names the missing field (never a made-up 0,0).
      location: place.location as GeoPoint,
      checkinRadiusMeters: Number(radius),
      photos: initial?.photos.map((p) => p.id) ?? [],
      isSample,
    };
    await submit(async () => {
      if (id) await updateSite(id, body);
      else await createSite({ ...body, kind, townshipCode: kind === 'county' ? null : staffTownship });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.navigateBack();
    });
  }

  return (
    <View className='gd-form'>
      {!id && kinds.length > 1 && (
        <Field label='阵地类型' error={errors.kind}>
          <Chips options={kinds} selected={[kind]} onToggle={setKind} label={(k) => (k === 'county' ? '县法治文化园' : '村级阵地')} />
        </Field>
      )}
      {!id && kind === 'village' && (
        <Field label='所在乡镇' error={errors.townshipCode}>
          <View className='gd-line'>{staffTownship ? townshipName(staffTownship) : '请先在“我的”里选择乡镇'}</View>
        </Field>
      )}
      <Field label='阵地名称' error={errors.name}>
        <TextInput name='name' value={name} onChange={setName} placeholder='例如：高堡法治文化广场' />
      </Field>
      <Field label='介绍（可不填）' error={errors.intro}>
        <TextArea tall label='阵地介绍' value={intro} maxlength={2000} onChange={setIntro} />
      </Field>
      <Field label='开放时间（可不填）' error={errors.openingHours}>
        <TextInput name='openingHours' value={openingHours} onChange={setOpeningHours} />
      </Field>
      <Field label='地点' hint='人在现场时点“用我的位置”标出地图位置，群众到了这里才能打卡' error={errors.address ?? errors.location}>
        <PlacePicker name='address' required value={place} onChange={setPlace} placeholder='例如：高堡村委会东侧' />
      </Field>
      <Field label='打卡范围（米）' hint='离点位多近才能打卡，20–500 米' error={errors.checkinRadiusMeters}>
        <TextInput name='checkinRadiusMeters' type='number' value={radius} onChange={setRadius} />
      </Field>
      <Field label='内容来源' error={errors.isSample}>
        <Chips options={['real', 'sample'] as const} selected={[isSample ? 'sample' : 'real']} onToggle={(v) => setIsSample(v === 'sample')} label={(v) => (v === 'real' ? '已核实的真实内容' : '示例内容，待替换')} />
      </Field>
      <ActionButton block busy={saving} onClick={() => void save()}>
        保存阵地
      </ActionButton>
    </View>
  );
}

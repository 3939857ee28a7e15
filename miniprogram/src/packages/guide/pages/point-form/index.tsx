import Taro, { useRouter } from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import { useState } from 'react';
import type { GeoPoint, GuidePoint } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PlacePicker, type Place } from '../../../../components/PlacePicker';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { mediaUrl, uploadMedia } from '../../../../services/content';
import { createPoint, deletePoint, getPoint, getSite, updatePoint } from '../../../../services/guide';
import { Chips, Field, showFailure, splitNames, TextArea, TextInput, useSubmit } from '../../../../components/Form';
import '../../styles.css';

/** Staff add or change a point: text, photos, place, statute articles, route order; and clear the sample mark. */
export default function PointFormPage() {
  const params = useRouter().params;
  const id = params.id;
  const { user } = useSession();
  const existing = useRequest(() => getPoint(id!), [id], { enabled: !!user && !!id });
  const siteId = params.siteId ?? existing.data?.siteId ?? '';
  const site = useRequest(() => getSite(siteId), [siteId], { enabled: !!user && !!siteId && !id });
  // The form mounts once its starting values are known: Taro's H5 inputs fail when a value is set before they have rendered.
  const ready = id ? !!existing.data : !!site.data;
  return (
    <PageContainer loading={!ready && (existing.loading || site.loading)} error={existing.error ?? site.error} onRetry={() => void (id ? existing.reload() : site.reload())}>
      {ready && <PointForm id={id} siteId={siteId} initial={existing.data} nextOrder={(site.data?.points.length ?? 0) + 1} />}
    </PageContainer>
  );
}

function PointForm({ id, siteId, initial, nextOrder }: { id: string | undefined; siteId: string; initial: GuidePoint | undefined; nextOrder: number }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [text, setText] = useState(initial?.text ?? '');
  const [openingHours, setOpeningHours] = useState(initial?.openingHours ?? '');
  const [routeOrder, setRouteOrder] = useState(String(initial?.routeOrder ?? nextOrder));
  const [place, setPlace] = useState<Place>({ address: '', location: initial?.location ?? null });
  const [civil, setCivil] = useState(initial?.civilCodeArticles.join('、') ?? '');
  const [constitution, setConstitution] = useState(initial?.constitutionArticles.join('、') ?? '');
  const [photos, setPhotos] = useState<{ id: string; url: string }[]>(initial?.photos ?? []);
  const [isSample, setIsSample] = useState(initial?.isSample ?? false);
  const { saving, errors, submit } = useSubmit('没能保存');
  const [uploading, setUploading] = useState(false);

  async function addPhoto() {
    try {
      const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] });
      setUploading(true);
      const upload = await uploadMedia('image', chosen.tempFilePaths[0]!);
      setPhotos((list) => [...list, { id: upload.id, url: upload.url }]);
    } catch (err) {
      if (err && typeof err === 'object' && 'code' in err) showFailure('照片没有传上去', err);
    } finally {
      setUploading(false);
    }
  }

  async function save() {
    const body = {
      name,
      text,
      openingHours,
      routeOrder: Number(routeOrder),
      // No point yet: the server names the missing field (never a made-up 0,0).
      location: place.location as GeoPoint,
      civilCodeArticles: splitNames(civil).map(Number),
      constitutionArticles: splitNames(constitution).map(Number),
      photos: photos.map((p) => p.id),
      isSample,
    };
    await submit(async () => {
      if (id) await updatePoint(id, body);
      else await createPoint({ ...body, siteId });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.navigateBack();
    });
  }

  async function remove() {
    const { confirm } = await Taro.showModal({ title: '删除这个点位？', content: '删除后路线上就没有这一站了。', confirmText: '删除', cancelText: '不删' });
    if (!confirm || !id) return;
    try {
      await deletePoint(id);
      void Taro.navigateBack();
    } catch (err) {
      showFailure('没能删除', err);
    }
  }

  return (
    <View className='gd-form'>
      <Field label='点位名称' error={errors.name}>
        <TextInput name='name' value={name} onChange={setName} placeholder='例如：宪法墙' />
      </Field>
      <Field label='介绍文字' error={errors.text}>
        <TextArea tall value={text} maxlength={3000} placeholder='给群众看的介绍' onChange={setText} />
      </Field>
      <Field label='照片' hint='最多 9 张' error={errors.photos}>
        <View className='gd-photos'>
          {photos.map((p) => (
            <View key={p.id} className='gd-thumb'>
              <Image className='gd-photo' mode='aspectFill' src={mediaUrl(p.url)} />
              <View className='gd-thumb__remove' ariaRole='button' onClick={() => setPhotos(photos.filter((x) => x.id !== p.id))}>
                移除
              </View>
            </View>
          ))}
        </View>
        {photos.length < 9 && (
          <View className='gd-actions'>
            <ActionButton size='medium' variant='secondary' busy={uploading} onClick={() => void addPhoto()}>
              添加照片
            </ActionButton>
          </View>
        )}
      </Field>
      <Field label='路线上第几站' error={errors.routeOrder}>
        <TextInput name='routeOrder' type='number' value={routeOrder} onChange={setRouteOrder} />
      </Field>
      <Field label='地图位置' hint='人站在这一站时点“用我的位置”，群众到了这里才能打卡' error={errors.location}>
        <PlacePicker required withAddress={false} value={place} onChange={setPlace} />
      </Field>
      <Field label='相关民法典条文（可不填）' hint='条文号，多个用顿号隔开，如 1043、1079' error={errors.civilCodeArticles}>
        <TextInput name='civilCodeArticles' value={civil} onChange={setCivil} />
      </Field>
      <Field label='相关宪法条文（可不填）' hint='条文号，如 33' error={errors.constitutionArticles}>
        <TextInput name='constitutionArticles' value={constitution} onChange={setConstitution} />
      </Field>
      <Field label='开放时间（可不填）' error={errors.openingHours}>
        <TextInput name='openingHours' value={openingHours} onChange={setOpeningHours} />
      </Field>
      <Field label='内容来源' error={errors.isSample}>
        <Chips options={['real', 'sample'] as const} selected={[isSample ? 'sample' : 'real']} onToggle={(v) => setIsSample(v === 'sample')} label={(v) => (v === 'real' ? '已核实的真实内容' : '示例内容，待替换')} />
      </Field>
      <ActionButton block busy={saving} onClick={() => void save()}>
        保存点位
      </ActionButton>
      {id && (
        <View className='gd-actions'>
          <ActionButton block variant='plain' onClick={() => void remove()}>
            删除这个点位
          </ActionButton>
        </View>
      )}
    </View>
  );
}

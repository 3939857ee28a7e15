import Taro from '@tarojs/taro';
import { Image, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { CIVIL_CODE_BOOKS, LEDGER_KIND_LABELS, LEDGER_KINDS, SUGGESTED_TOPICS, type LedgerKind } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { Chips, DatePicker, Field, showFailure, TextInput, useSubmit } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { listVillages } from '../../../../services/consult';
import { createLedgerRecord, uploadLedgerPhoto } from '../../../../services/ledger';
import { dateField, toIso } from '../../../../pages/lectures/format';
import '../../ledger.css';

const SUMMARY_MAX = 200;
const PHOTOS_MAX = 3;
// The everyday matters (土地承包, 赡养老人…), not the Civil Code's book names.
const TOPICS = SUGGESTED_TOPICS.filter((t) => !(CIVIL_CODE_BOOKS as readonly string[]).includes(t));
const KIND_HINTS: Record<LedgerKind, string> = {
  publicity: '如：在村里讲了防诈骗，发了 30 份资料',
  mediation: '如：调解了两家的宅基地边界纠纷，双方签了协议',
  report: '如：向司法所报告了一起可能激化的家庭矛盾',
  errand: '如：帮王大娘申请法律援助，交齐了材料',
  other: '写清做了什么、在哪里、帮了谁',
};

/** 记一笔: a 法律明白人 records what he did offline; the township office reviews it. */
export default function RecordPage() {
  const { user } = useSession();
  const today = dateField(new Date().toISOString());
  const villages = useRequest(() => listVillages(user!.townshipCode!), [user?.townshipCode], { enabled: !!user?.townshipCode });
  const [kind, setKind] = useState<LedgerKind | null>(null);
  const [summary, setSummary] = useState('');
  const [date, setDate] = useState(today);
  const [village, setVillage] = useState('');
  const [topic, setTopic] = useState<string | null>(null);
  const [photos, setPhotos] = useState<{ id: string; path: string }[]>([]);
  const { saving, errors, submit } = useSubmit('没能记上');

  async function addPhoto() {
    const picked = await Taro.chooseImage({ count: PHOTOS_MAX - photos.length, sizeType: ['compressed'] }).catch(() => null);
    if (!picked) return;
    for (const [i, path] of picked.tempFilePaths.entries()) {
      try {
        const name = (picked.tempFiles[i] as { originalFileObj?: { name?: string } } | undefined)?.originalFileObj?.name;
        const up = await uploadLedgerPhoto(path, name);
        setPhotos((list) => (list.length < PHOTOS_MAX ? [...list, { id: up.id, path }] : list));
      } catch (err) {
        showFailure('照片没有传上去', err);
      }
    }
  }

  async function save() {
    await submit(async () => {
      // Today: the moment of saving (never "in the future"); an earlier day: its noon.
      const occurredAt = date === today ? new Date().toISOString() : toIso(date, '12:00');
      await createLedgerRecord({
        kind: kind as LedgerKind,
        summary,
        photos: photos.map((p) => p.id),
        occurredAt,
        ...(topic ? { topic } : {}),
        ...(village.trim() ? { village: village.trim() } : {}),
      });
      void Taro.showToast({ title: '已记上，等司法所审核', icon: 'none' });
      void Taro.navigateBack();
    });
  }

  const villageNames = villages.data?.items.map((v) => v.name) ?? [];
  return (
    <PageContainer title='记一笔' subtitle='把线下做的事记下来，司法所审核通过后计入积分'>
      <View className='lg'>
        <Field label='做了什么事' error={errors.kind}>
          <Chips options={LEDGER_KINDS} selected={kind ? [kind] : []} onToggle={setKind} label={(k) => LEDGER_KIND_LABELS[k]} />
        </Field>
        <Field label='简单写几句' error={errors.summary}>
          <Textarea className='lg__textarea' value={summary} maxlength={SUMMARY_MAX} placeholder={kind ? KIND_HINTS[kind] : '先在上面选是哪一类事'} onInput={(e) => setSummary(e.detail.value)} />
          <View className='lg__count'>
            {Array.from(summary).length}/{SUMMARY_MAX}
          </View>
        </Field>
        <Field label='哪一天' error={errors.occurredAt}>
          <DatePicker name='occurredAt' value={date} end={today} onChange={setDate} />
        </Field>
        <Field label='在哪个村（可不选）' error={errors.village}>
          {villageNames.length > 0 ? (
            <Chips options={villageNames} selected={village ? [village] : []} onToggle={(v) => setVillage(v === village ? '' : v)} />
          ) : (
            <TextInput name='village' value={village} onChange={setVillage} placeholder='例如：韩村' />
          )}
        </Field>
        <Field label='什么方面的事（可不选）' error={errors.topic}>
          <Chips options={TOPICS} selected={topic ? [topic] : []} onToggle={(t) => setTopic(t === topic ? null : t)} />
        </Field>
        <Field label={`照片（可不传，最多 ${PHOTOS_MAX} 张）`} error={errors.photos}>
          <View className='lg__photos'>
            {photos.map((p) => (
              <Image key={p.id} className='lg__photo' src={p.path} mode='aspectFill' ariaLabel='点一下去掉这张照片' onClick={() => setPhotos((all) => all.filter((x) => x.id !== p.id))} />
            ))}
            {photos.length < PHOTOS_MAX && (
              <View className='lg__add' ariaRole='button' onClick={() => void addPhoto()}>
                ＋ 加照片
              </View>
            )}
          </View>
        </Field>
        <ActionButton block busy={saving} onClick={() => void save()}>
          记上
        </ActionButton>
      </View>
    </PageContainer>
  );
}

import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { SUGGESTED_TOPICS, type Fair } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { getFair, recordFair } from '../../../../services/fairs';
import { FairDate } from '../../components/FairDate';
import { Chips, Field, splitNames, TextInput, toggle, useSubmit } from '../../../../components/Form';
import '../../styles.css';

const COUNTS = [
  ['consulted', '咨询人数'],
  ['materials', '发放资料（份）'],
  ['referredMediation', '转人民调解（件）'],
  ['referredLegalAid', '转法律援助（件）'],
] as const;
type CountKey = (typeof COUNTS)[number][0];

/** After the fair: how many people asked, about what, what was handed out and referred. */
export default function RecordFairPage() {
  const id = decodeURIComponent(useRouter().params.id ?? '');
  const { user } = useSession();
  const fair = useRequest(() => getFair(id), [id], { enabled: !!user && !!id });
  // The form mounts with the fair's current figures: Taro's H5 inputs fail when a value is set before they have rendered.
  return (
    <PageContainer loading={fair.loading && !fair.data} error={fair.error} onRetry={fair.reload}>
      {fair.data && <RecordForm fair={fair.data} />}
    </PageContainer>
  );
}

const SUGGESTED = SUGGESTED_TOPICS as readonly string[];

function RecordForm({ fair: f }: { fair: Fair }) {
  const id = f.id;
  const r = f.record;
  const [counts, setCounts] = useState<Record<CountKey, string>>(
    r
      ? { consulted: String(r.consulted), materials: String(r.materials), referredMediation: String(r.referredMediation), referredLegalAid: String(r.referredLegalAid) }
      : { consulted: '', materials: '', referredMediation: '0', referredLegalAid: '0' },
  );
  const [topics, setTopics] = useState<string[]>(r ? r.topics.filter((t) => SUGGESTED.includes(t)) : []);
  const [otherTopics, setOtherTopics] = useState(r ? r.topics.filter((t) => !SUGGESTED.includes(t)).join('、') : '');
  const [note, setNote] = useState(r?.note ?? '');
  const { saving, errors, submit } = useSubmit('没能登记');

  async function save() {
    const number = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
    await submit(async () => {
      await recordFair(id, {
        consulted: number(counts.consulted),
        materials: number(counts.materials),
        referredMediation: number(counts.referredMediation),
        referredLegalAid: number(counts.referredLegalAid),
        topics: [...new Set([...topics, ...splitNames(otherTopics)])],
        note,
      });
      void Taro.showToast({ title: '已登记', icon: 'success' });
      void Taro.navigateBack();
    });
  }

  return (
    <View className='fx-form'>
      <View className='fx-card'>
        <FairDate solarLabel={f.day.solarLabel} lunarLabel={f.day.lunarLabel} />
        <View className='fx-name'>{f.marketName}</View>
      </View>
      {COUNTS.map(([key, label]) => (
        <Field key={key} label={label} error={errors[key]}>
          <TextInput name={key} type='number' value={counts[key]} onChange={(v) => setCounts({ ...counts, [key]: v })} />
        </Field>
      ))}
      <Field label='群众问的是哪方面的事' hint='可多选；这些类别会汇总成本乡镇的讲座选题建议' error={errors.topics}>
        <Chips options={SUGGESTED_TOPICS} selected={topics} onToggle={(t) => setTopics(toggle(topics, t))} />
      </Field>
      <Field label='其他类别（可不填）' hint='多个用顿号隔开' error={undefined}>
        <TextInput name='otherTopics' value={otherTopics} onChange={setOtherTopics} />
      </Field>
      <Field label='备注（可不填）' error={errors.note}>
        <TextInput name='note' value={note} onChange={setNote} />
      </Field>
      <ActionButton block busy={saving} onClick={() => void save()}>
        保存服务情况
      </ActionButton>
    </View>
  );
}

import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { SUGGESTED_TOPICS } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { getFair, recordFair } from '../../../../services/fairs';
import { FairDate } from '../../components/FairDate';
import { Chips, Field, fieldErrorsOf, showFailure, splitNames, TextInput, toggle, type FieldErrors } from '../../components/Form';
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
  const [counts, setCounts] = useState<Record<CountKey, string>>({ consulted: '', materials: '', referredMediation: '0', referredLegalAid: '0' });
  const [topics, setTopics] = useState<string[]>([]);
  const [otherTopics, setOtherTopics] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const r = fair.data?.record;
    if (!r) return;
    setCounts({ consulted: String(r.consulted), materials: String(r.materials), referredMediation: String(r.referredMediation), referredLegalAid: String(r.referredLegalAid) });
    setTopics(r.topics.filter((t) => (SUGGESTED_TOPICS as readonly string[]).includes(t)));
    setOtherTopics(r.topics.filter((t) => !(SUGGESTED_TOPICS as readonly string[]).includes(t)).join('、'));
    setNote(r.note);
  }, [fair.data]);

  async function save() {
    setSaving(true);
    setErrors({});
    const number = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
    try {
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
    } catch (err) {
      const found = fieldErrorsOf(err);
      setErrors(found);
      if (!Object.keys(found).length) showFailure('没能登记', err);
    } finally {
      setSaving(false);
    }
  }

  const f = fair.data;
  return (
    <PageContainer loading={fair.loading && !f} error={fair.error} onRetry={fair.reload}>
      {f && (
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
      )}
    </PageContainer>
  );
}

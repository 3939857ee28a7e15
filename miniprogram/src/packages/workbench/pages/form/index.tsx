import Taro, { useRouter } from '@tarojs/taro';
import { Input, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { SUGGESTED_TOPICS, townshipName, type Lecture, type TownshipCode } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useSession } from '../../../../hooks/useSession';
import { ApiError } from '../../../../services/http';
import { createLecture, getLecture, publishLecture, updateLecture } from '../../../../services/lectures';
import { dateField, timeField, toIso } from '../../../../pages/lectures/format';
import '../../../../pages/lectures/lectures.css';

interface Form {
  title: string;
  topics: string[];
  speakerName: string;
  speakerUnit: string;
  venueName: string;
  venueAddress: string;
  latitude: string;
  longitude: string;
  date: string;
  start: string;
  end: string;
  capacity: string;
  notes: string;
}

const EMPTY: Form = { title: '', topics: [], speakerName: '', speakerUnit: '', venueName: '', venueAddress: '', latitude: '', longitude: '', date: '', start: '09:00', end: '10:30', capacity: '60', notes: '' };

/** Which form field a server detail (body.venue.location.latitude…) belongs to. */
function fieldOf(path: string): keyof Form | 'form' {
  const map: Record<string, keyof Form> = {
    'body.title': 'title',
    'body.topics': 'topics',
    'body.speaker.name': 'speakerName',
    'body.speaker.unit': 'speakerUnit',
    'body.venue.name': 'venueName',
    'body.venue.address': 'venueAddress',
    'body.venue.location.latitude': 'latitude',
    'body.venue.location.longitude': 'longitude',
    'body.startAt': 'start',
    'body.endAt': 'end',
    'body.capacity': 'capacity',
    'body.notes': 'notes',
  };
  const key = Object.keys(map).find((k) => path === k || path.startsWith(`${k}.`));
  return key ? map[key]! : 'form';
}

/** Plan a lecture (new draft) or edit one. Dates are typed as 2026-03-05 and times as 09:00. */
export default function LectureFormPage() {
  const params = useRouter().params;
  const editId = params.id;
  const { user } = useSession();
  const [townshipCode, setTownshipCode] = useState<TownshipCode | null>((params.townshipCode as TownshipCode) ?? (user?.staffTownshipCode as TownshipCode) ?? null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [status, setStatus] = useState<Lecture['status']>('draft');
  const [errors, setErrors] = useState<Partial<Record<keyof Form | 'form', string>>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [loading, setLoading] = useState(!!editId);

  useEffect(() => {
    if (!editId || !user) return;
    getLecture(editId)
      .then((l) => {
        setTownshipCode(l.townshipCode);
        setStatus(l.status);
        setForm({
          title: l.title,
          topics: l.topics,
          speakerName: l.speaker.name,
          speakerUnit: l.speaker.unit,
          venueName: l.venue.name,
          venueAddress: l.venue.address,
          latitude: String(l.venue.location.latitude),
          longitude: String(l.venue.location.longitude),
          date: dateField(l.startAt),
          start: timeField(l.startAt),
          end: timeField(l.endAt),
          capacity: String(l.capacity),
          notes: l.notes,
        });
      })
      .catch((err) => setErrors({ form: err instanceof ApiError ? err.message : '没能读取这场讲座' }))
      .finally(() => setLoading(false));
  }, [editId, user]);

  const set = (key: keyof Form) => (e: { detail?: { value?: string } }) => setForm((f) => ({ ...f, [key]: (e.detail?.value ?? '') }));
  const toggleTopic = (t: string) => setForm((f) => ({ ...f, topics: f.topics.includes(t) ? f.topics.filter((x) => x !== t) : [...f.topics, t] }));

  function body() {
    const num = (v: string) => (v.trim() === '' ? NaN : Number(v));
    return {
      title: form.title,
      topics: form.topics,
      speaker: { name: form.speakerName, unit: form.speakerUnit },
      venue: { name: form.venueName, address: form.venueAddress, location: { latitude: num(form.latitude), longitude: num(form.longitude) } },
      startAt: toIso(form.date, form.start),
      endAt: toIso(form.date, form.end),
      capacity: num(form.capacity),
      notes: form.notes,
    };
  }

  async function save(andPublish: boolean) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date)) return setErrors({ date: '请按 2026-03-05 的格式填写日期' });
    if (!/^\d{2}:\d{2}$/.test(form.start)) return setErrors({ start: '请按 09:00 的格式填写时间' });
    if (!/^\d{2}:\d{2}$/.test(form.end)) return setErrors({ end: '请按 10:30 的格式填写时间' });
    setBusy(andPublish ? 'publish' : 'save');
    setErrors({});
    try {
      const saved = editId ? await updateLecture(editId, body()) : await createLecture({ ...body(), townshipCode: townshipCode! });
      if (andPublish && saved.status === 'draft') await publishLecture(saved.id);
      await Taro.showToast({ title: andPublish ? '已发布' : '已保存', icon: 'success' });
      Taro.navigateBack().catch(() => Taro.redirectTo({ url: `/packages/workbench/pages/index/index?townshipCode=${saved.townshipCode}` }));
    } catch (err) {
      if (err instanceof ApiError && Array.isArray(err.details)) {
        const next: Partial<Record<keyof Form | 'form', string>> = {};
        for (const d of err.details as { field: string; message: string }[]) next[fieldOf(d.field)] ??= d.message;
        if (next.form === undefined && Object.keys(next).length === 0) next.form = err.message;
        setErrors({ ...next, form: next.form ?? '请按提示改正红字标出的地方' });
      } else {
        setErrors({ form: err instanceof ApiError ? err.message : '保存没有成功，请稍后重试' });
      }
    } finally {
      setBusy(null);
    }
  }

  const field = (key: keyof Form, label: string, placeholder: string, type: 'text' | 'digit' = 'text') => (
    <View className='lx-field'>
      <View className='lx-field__label'>{label}</View>
      <Input className='lx-input' type={type} value={form[key] as string} placeholder={placeholder} onInput={set(key)} />
      {errors[key] && <View className='lx-field__error'>{errors[key]}</View>}
    </View>
  );

  return (
    <PageContainer loading={loading}>
      <View className='lx-head'>
        <View className='lx-head__title'>{editId ? '修改讲座' : '新建讲座'}</View>
        <View className='lx-head__sub'>{townshipCode ? `${townshipName(townshipCode)} · ` : ''}保存后是草稿，发布后群众才能看到和报名。</View>
      </View>
      {errors.form && <View className='lx-notice lx-notice--bad'>{errors.form}</View>}
      <View className='lx-section'>
        <View className='lx-card'>
          {field('title', '讲座名称', '例如：民法典婚姻家庭编讲座')}
          <View className='lx-field'>
            <View className='lx-field__label'>主题（可多选）</View>
            <View className='lx-tags'>
              {[...new Set(SUGGESTED_TOPICS)].slice(0, 18).map((t) => (
                <View key={t} className={`lx-tag ${form.topics.includes(t) ? 'lx-tag--on' : ''}`} ariaRole='button' onClick={() => toggleTopic(t)}>
                  {t}
                </View>
              ))}
            </View>
          </View>
          <View className='lx-row'>
            {field('speakerName', '主讲人', '例如：李律师')}
            {field('speakerUnit', '主讲人单位', '例如：某律师事务所')}
          </View>
          {field('venueName', '地点', '例如：城关镇文化站')}
          {field('venueAddress', '详细地址', '例如：城关镇中心街 1 号')}
          <View className='lx-row'>
            {field('latitude', '纬度', '纬度，如 35.8856', 'digit')}
            {field('longitude', '经度', '经度，如 115.1043', 'digit')}
          </View>
          {field('date', '日期', '日期，如 2026-03-05')}
          <View className='lx-row'>
            {field('start', '开始时间', '开始，如 09:00')}
            {field('end', '结束时间', '结束，如 10:30')}
          </View>
          {field('capacity', '人数上限', '例如：60', 'digit')}
          <View className='lx-field'>
            <View className='lx-field__label'>备注</View>
            <Textarea className='lx-textarea' value={form.notes} placeholder='例如：请携带身份证' onInput={set('notes')} />
          </View>
        </View>
        <View className='lx-actions'>
          <ActionButton variant='secondary' busy={busy === 'save'} onClick={() => void save(false)}>
            {editId ? '保存修改' : '保存草稿'}
          </ActionButton>
          {status === 'draft' && (
            <ActionButton busy={busy === 'publish'} onClick={() => void save(true)}>
              保存并发布
            </ActionButton>
          )}
        </View>
      </View>
    </PageContainer>
  );
}

import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { SUGGESTED_TOPICS, townshipName, type GeoPoint, type Lecture, type TownshipCode } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { Chips, DatePicker, Field, TextArea, TextInput, TimePicker, fieldErrorsOf, type FieldErrors } from '../../../../components/Form';
import { PlacePicker } from '../../../../components/PlacePicker';
import { PageContainer } from '../../../../components/PageContainer';
import { useSession } from '../../../../hooks/useSession';
import { ApiError } from '../../../../services/http';
import { newClientId } from '../../../../services/ids';
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
  location: GeoPoint | null;
  date: string;
  start: string;
  end: string;
  capacity: string;
  notes: string;
}

const today = () => dateField(new Date().toISOString());
const emptyForm = (topic?: string, title?: string): Form => ({ title: title ?? '', topics: topic ? [topic] : [], speakerName: '', speakerUnit: '', venueName: '', venueAddress: '', location: null, date: today(), start: '09:00', end: '10:30', capacity: '60', notes: '' });

/** Which form field a server detail (body.venue.location.latitude…) belongs to; `_` for none. */
function fieldOf(path: string): keyof Form | '_' {
  const map: Record<string, keyof Form> = {
    'body.title': 'title',
    'body.topics': 'topics',
    'body.speaker.name': 'speakerName',
    'body.speaker.unit': 'speakerUnit',
    'body.venue.name': 'venueName',
    'body.venue.address': 'venueAddress',
    'body.venue.location': 'venueAddress',
    'body.startAt': 'start',
    'body.endAt': 'end',
    'body.capacity': 'capacity',
    'body.notes': 'notes',
  };
  const key = Object.keys(map).find((k) => path === k || path.startsWith(`${k}.`));
  return key ? map[key]! : '_';
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Plan a lecture (new draft) or edit one. The date and times come from wheels, the place from the map or the clerk's position. */
export default function LectureFormPage() {
  const params = useRouter().params;
  const { user } = useSession();
  // Once the first save has made the lecture, later taps edit that one (a failed publish never leaves a second copy).
  const [savedId, setSavedId] = useState<string | undefined>(params.id);
  const [clientId] = useState(newClientId);
  const [townshipCode, setTownshipCode] = useState<TownshipCode | null>((params.townshipCode as TownshipCode) ?? (user?.staffTownshipCode as TownshipCode) ?? null);
  // From the hot-topic board: the topic and a suggested title come along.
  const [form, setForm] = useState<Form>(() => emptyForm(params.topic ? decodeURIComponent(params.topic) : undefined, params.title ? decodeURIComponent(params.title) : undefined));
  const [status, setStatus] = useState<Lecture['status']>('draft');
  const [errors, setErrors] = useState<FieldErrors>({});
  // What the clerk reads above the form: a refusal no field holds, or that a draft saved but did not publish.
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [loading, setLoading] = useState(!!params.id);

  useEffect(() => {
    if (!params.id || !user) return;
    getLecture(params.id)
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
          location: l.venue.location,
          date: dateField(l.startAt),
          start: timeField(l.startAt),
          end: timeField(l.endAt),
          capacity: String(l.capacity),
          notes: l.notes,
        });
      })
      .catch((err) => setNotice(err instanceof ApiError ? err.message : '没能读取这场讲座'))
      .finally(() => setLoading(false));
  }, [params.id, user]);

  const set = (key: 'title' | 'speakerName' | 'speakerUnit' | 'venueName' | 'capacity' | 'notes') => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const toggleTopic = (t: string) => setForm((f) => ({ ...f, topics: f.topics.includes(t) ? f.topics.filter((x) => x !== t) : [...f.topics, t] }));
  // Moving the start keeps the lecture's length, so the end rarely needs a second wheel.
  const setStart = (start: string) =>
    setForm((f) => {
      const length = minutesOf(f.end) - minutesOf(f.start);
      const end = length > 0 && minutesOf(start) + length < 24 * 60 ? hhmm(minutesOf(start) + length) : f.end;
      return { ...f, start, end };
    });

  function body() {
    return {
      title: form.title,
      topics: form.topics,
      speaker: { name: form.speakerName, unit: form.speakerUnit },
      venue: { name: form.venueName, address: form.venueAddress, location: form.location },
      startAt: toIso(form.date, form.start),
      endAt: toIso(form.date, form.end),
      capacity: form.capacity.trim() === '' ? Number.NaN : Number(form.capacity),
      notes: form.notes,
    };
  }

  /** A refusal in words above the form (the server names the field in Chinese), and a 400 under each field it names; what was typed stays. */
  function showErrors(err: unknown, fallback: string) {
    const { _: elsewhere, ...fields } = fieldErrorsOf(err, fieldOf);
    setErrors(fields);
    setNotice(err instanceof ApiError ? err.message : (elsewhere ?? fallback));
  }

  async function save(andPublish: boolean) {
    setBusy(andPublish ? 'publish' : 'save');
    setErrors({});
    setNotice(null);
    let saved: Lecture;
    try {
      saved = savedId ? await updateLecture(savedId, body()) : await createLecture({ ...body(), id: clientId, townshipCode: townshipCode! });
      setSavedId(saved.id);
      setStatus(saved.status);
    } catch (err) {
      showErrors(err, '保存没有成功，请稍后重试');
      setBusy(null);
      return;
    }
    try {
      if (andPublish && saved.status === 'draft') await publishLecture(saved.id);
    } catch (err) {
      // The draft is saved once; the clerk fixes what is refused and taps again (it edits this draft).
      const reason = err instanceof ApiError ? err.message : '请稍后重试';
      setNotice(`已保存为草稿，但没有发布：${reason}。改好后再点“保存并发布”。`);
      setBusy(null);
      return;
    }
    setBusy(null);
    await Taro.showToast({ title: andPublish ? '已发布' : '已保存', icon: 'success' });
    Taro.navigateBack().catch(() => Taro.redirectTo({ url: `/packages/workbench/pages/index/index?townshipCode=${saved.townshipCode}` }));
  }

  const text = (key: 'title' | 'speakerName' | 'speakerUnit' | 'venueName' | 'capacity', label: string, placeholder: string, type: 'text' | 'number' = 'text') => (
    <Field label={label} error={errors[key]}>
      <TextInput name={key} type={type} value={form[key]} placeholder={placeholder} onChange={set(key)} />
    </Field>
  );

  return (
    <PageContainer loading={loading}>
      <View className='lx-head'>
        <View className='lx-head__title'>{params.id ? '修改讲座' : '新建讲座'}</View>
        <View className='lx-head__sub'>{townshipCode ? `${townshipName(townshipCode)} · ` : ''}保存后是草稿，发布后群众才能看到和报名。</View>
      </View>
      {notice && (
        <View className='lx-notice lx-notice--bad' ariaRole='alert'>
          {notice}
        </View>
      )}
      <View className='lx-section'>
        <View className='lx-card'>
          {text('title', '讲座名称', '例如：民法典婚姻家庭编讲座')}
          <Field label='主题（可多选）' error={errors.topics}>
            <Chips options={[...new Set([...SUGGESTED_TOPICS.slice(0, 18), ...form.topics])]} selected={form.topics} onToggle={toggleTopic} />
          </Field>
          <View className='lx-row'>
            {text('speakerName', '主讲人', '例如：李律师')}
            {text('speakerUnit', '主讲人单位', '例如：某律师事务所')}
          </View>
          {text('venueName', '地点', '例如：城关镇文化站')}
          <Field label='详细地址' error={errors.venueAddress}>
            <PlacePicker name='venueAddress' value={{ address: form.venueAddress, location: form.location }} onChange={(p) => setForm((f) => ({ ...f, venueAddress: p.address, location: p.location }))} />
          </Field>
          <Field label='日期' error={errors.date}>
            <DatePicker name='date' value={form.date} start={status === 'draft' ? today() : undefined} onChange={(date) => setForm((f) => ({ ...f, date }))} />
          </Field>
          <View className='lx-row'>
            <Field label='开始时间' error={errors.start}>
              <TimePicker name='start' value={form.start} onChange={setStart} />
            </Field>
            <Field label='结束时间' error={errors.end}>
              <TimePicker name='end' value={form.end} onChange={(end) => setForm((f) => ({ ...f, end }))} />
            </Field>
          </View>
          {text('capacity', '人数上限', '例如：60', 'number')}
          <Field label='备注' error={errors.notes}>
            <TextArea value={form.notes} placeholder='例如：请携带身份证' onChange={set('notes')} />
          </Field>
        </View>
        <View className='lx-actions'>
          <ActionButton variant='secondary' busy={busy === 'save'} onClick={() => void save(false)}>
            {savedId ? '保存修改' : '保存草稿'}
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

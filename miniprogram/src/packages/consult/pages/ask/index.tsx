import Taro, { useRouter } from '@tarojs/taro';
import { Image, Textarea, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { CONSULT_LIMITS, townshipName, type Village } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { Field, TextInput, fieldErrorsOf, showFailure, type FieldErrors } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { TownshipPicker } from '../../../../components/TownshipPicker';
import { useSession } from '../../../../hooks/useSession';
import { useRequest } from '../../../../hooks/useRequest';
import { askQuestion, CONSULT_PAGES, getNoticeTemplate, listVillages, markAvoided, suggest, uploadConsultFile, type Suggestion } from '../../../../services/consult';
import { VoiceRecorder } from './VoiceRecorder';
import { villageLiaisons } from '../../../../services/roster';
import '../../consult.css';
import { checked } from '../../../../components/a11y';

/**
 * 问一问: the resident writes (or records) his question, picks his village, adds up to three
 * photos. While he types, answered questions and articles that may already answer it appear; if
 * one does, 「这个解决了我的问题」 counts a question avoided and nothing is sent.
 */
export default function AskPage() {
  const { user } = useSession();
  const proxy = useRouter().params.proxy === '1';
  const [township, setTownship] = useState<string | null>(user?.townshipCode ?? null);
  const [picking, setPicking] = useState(false);
  const [villageId, setVillageId] = useState('');
  const [text, setText] = useState('');
  const [phone, setPhone] = useState('');
  const [proxyName, setProxyName] = useState('');
  const [photos, setPhotos] = useState<{ id: string; path: string }[]>([]);
  const [voice, setVoice] = useState<{ id: string } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sending, setSending] = useState(false);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [avoided, setAvoided] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (!township && user?.townshipCode) setTownship(user.townshipCode);
  }, [user?.townshipCode]);
  const villages = useRequest(() => listVillages(township!), [township], { enabled: !!township });
  const template = useRequest(getNoticeTemplate, []);

  function onText(value: string) {
    setText(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      suggest(value)
        .then(setSuggestions)
        .catch(() => setSuggestions([]));
    }, 500);
  }

  async function solved(s: Suggestion) {
    await markAvoided(s.kind, s.ref).catch(() => undefined);
    setAvoided(true);
  }

  async function addPhoto() {
    if (photos.length >= CONSULT_LIMITS.photosMax) return;
    const picked = await Taro.chooseImage({ count: CONSULT_LIMITS.photosMax - photos.length, sizeType: ['compressed'] }).catch(() => null);
    if (!picked) return;
    for (const [i, path] of picked.tempFilePaths.entries()) {
      try {
        const name = (picked.tempFiles[i] as { originalFileObj?: { name?: string } } | undefined)?.originalFileObj?.name;
        const up = await uploadConsultFile(path, 'image', name);
        setPhotos((list) => (list.length < CONSULT_LIMITS.photosMax ? [...list, { id: up.id, path }] : list));
      } catch (err) {
        showFailure('照片没有传上去', err);
      }
    }
  }

  async function send() {
    setErrors({});
    setSending(true);
    try {
      let notifyTemplateId: string | undefined;
      const templateId = template.data?.templateId;
      if (templateId && process.env.TARO_ENV === 'weapp') {
        // One acceptance lets us send one message: "your question was answered".
        const res = await Taro.requestSubscribeMessage({ tmplIds: [templateId] } as never).catch(() => null);
        if (res && (res as unknown as Record<string, string>)[templateId] === 'accept') notifyTemplateId = templateId;
      }
      const q = await askQuestion({
        text,
        villageId,
        photoIds: photos.map((p) => p.id),
        ...(voice ? { voiceId: voice.id } : {}),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        ...(proxy ? { proxyName } : {}),
        ...(notifyTemplateId ? { notifyTemplateId } : {}),
      });
      void Taro.redirectTo({ url: CONSULT_PAGES.thread(q.id) });
    } catch (err) {
      const found = fieldErrorsOf(err);
      setErrors(found);
      if (!Object.keys(found).length) showFailure('没有发送成功', err);
    } finally {
      setSending(false);
    }
  }

  const length = Array.from(text.trim()).length;
  const villageList: Village[] = villages.data?.items ?? [];

  if (avoided) {
    return (
      <PageContainer title='太好了'>
        <View className='cs'>
          <View className='cs__card'>
            <View className='cs__text'>问题解决了就好。还有别的问题，随时再来问。</View>
          </View>
          <ActionButton block onClick={() => void Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/home/index' }))}>
            返回
          </ActionButton>
        </View>
      </PageContainer>
    );
  }

  return (
    <PageContainer title={proxy ? '替村民提问（代问）' : '问一问法律明白人'} subtitle={proxy ? '村民没有微信时，由您记下他的问题' : '用自己的话说说遇到的事，村里的法律明白人会回复您'}>
      <View className='cs'>
        {!proxy && (
          <View className='cs__row' style={{ marginBottom: '24px' }}>
            <ActionButton variant='secondary' size='medium' onClick={() => void Taro.navigateTo({ url: CONSULT_PAGES.mine })}>
              我问过的问题
            </ActionButton>
            <ActionButton variant='secondary' size='medium' onClick={() => void Taro.navigateTo({ url: CONSULT_PAGES.faq })}>
              常见问答
            </ActionButton>
          </View>
        )}
        {proxy && (
          <Field label='村民姓名' error={errors.proxyName}>
            <TextInput name='proxyName' value={proxyName} onChange={setProxyName} placeholder='如：王奶奶' />
          </Field>
        )}
        <Field label='您的问题' error={errors.text}>
          <Textarea className='cs__textarea' name='text' value={text} maxlength={-1} placeholder='比如：儿子不给赡养费，我该怎么办？' onInput={(e) => onText(e.detail.value)} />
          <View className={`cs__count ${length > CONSULT_LIMITS.textMax ? 'cs__count--over' : ''}`}>
            {length} / {CONSULT_LIMITS.textMax} 字
          </View>
        </Field>
        {suggestions.length > 0 && (
          <View className='cs__suggest' ariaRole='region' ariaLabel='可能有用的回答'>
            <View className='cs__suggest-title'>这些回答也许能帮到您</View>
            {suggestions.map((s) => (
              <View key={`${s.kind}${s.ref}`} className='cs__suggest-item'>
                <View className='cs__suggest-q'>{s.title}</View>
                <View className='cs__suggest-a cs__clip'>{s.text}</View>
                <View className='cs__solved' hoverClass='qf-btn--pressed' ariaRole='button' onClick={() => void solved(s)}>
                  这个解决了我的问题
                </View>
              </View>
            ))}
          </View>
        )}
        <VoiceRecorder onUploaded={(id) => setVoice(id ? { id } : null)} error={errors.voiceId} />
        <Field label='所在乡镇和村' error={errors.villageId}>
          <View className='cs__row'>
            <View className='cs__text'>{township ? townshipName(township) : '还没选乡镇'}</View>
            <ActionButton variant='secondary' size='medium' onClick={() => setPicking(true)}>
              {township ? '换乡镇' : '选乡镇'}
            </ActionButton>
          </View>
          {township && villageList.length === 0 && !villages.loading && <View className='cs__meta'>这个乡镇还没有录入村名，请联系司法所</View>}
          <View className='cs__choices' style={{ marginTop: '16px' }}>
            {villageList.map((v) => (
              <View key={v.id} className={`cs__choice ${villageId === v.id ? 'cs__choice--on' : ''}`} ariaRole='radio' {...checked(villageId === v.id)} onClick={() => setVillageId(v.id)}>
                {v.name}
              </View>
            ))}
          </View>
          {villageId && <VillageLiaisonsCard villageId={villageId} />}
        </Field>
        <Field label={`照片（可选，最多 ${CONSULT_LIMITS.photosMax} 张）`} error={errors.photoIds}>
          <View className='cs__photos'>
            {photos.map((p) => (
              <Image key={p.id} className='cs__photo' src={p.path} mode='aspectFill' onClick={() => setPhotos((list) => list.filter((x) => x.id !== p.id))} />
            ))}
            {photos.length < CONSULT_LIMITS.photosMax && (
              <View className='cs__add' ariaRole='button' onClick={() => void addPhoto()}>
                ＋ 加照片
              </View>
            )}
          </View>
        </Field>
        <Field label='回电电话（可选）' hint='只有处理您问题的人能看到' error={errors.phone}>
          <TextInput name='phone' type='number' value={phone} onChange={setPhone} placeholder='手机号' />
        </Field>
        <ActionButton block busy={sending} onClick={() => void send()}>
          发送问题
        </ActionButton>
      </View>
      <TownshipPicker
        visible={picking}
        value={township}
        onClose={() => setPicking(false)}
        onSelect={(code) => {
          setTownship(code);
          setVillageId('');
          setPicking(false);
        }}
      />
    </PageContainer>
  );
}

/**
 * The village's 法律明白人, so a villager knows whom he is asking (and can call one who agreed to
 * show his phone). Nothing shown while the village has none on the roster.
 */
function VillageLiaisonsCard({ villageId }: { villageId: string }) {
  const liaisons = useRequest(() => villageLiaisons(villageId), [villageId]);
  const list = liaisons.data?.items ?? [];
  if (list.length === 0) return null;
  return (
    <View className='cs__liaisons' data-liaisons={liaisons.data?.villageName}>
      <View className='cs__meta'>{liaisons.data?.villageName}的法律明白人（也可以当面问他们）：</View>
      {list.map((p) => (
        <View key={p.name} className='cs__row cs__liaison'>
          <View className='cs__text'>
            {p.name}
            {p.serviceHours ? `（${p.serviceHours}）` : ''}
          </View>
          {p.phone && (
            <ActionButton variant='secondary' size='medium' onClick={() => void Taro.makePhoneCall({ phoneNumber: p.phone! }).catch(() => undefined)}>
              {`打电话 ${p.phone}`}
            </ActionButton>
          )}
        </View>
      ))}
    </View>
  );
}

import Taro, { useRouter } from '@tarojs/taro';
import { Image, Input, Picker, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { OUTREACH_CHANNELS, POST_LIMITS, POST_TYPE_LABELS, SUGGESTED_TOPICS, TOWNSHIPS, type OutreachChannel, type PostType, type StaffPost, type UploadKind } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { FieldError, fieldErrorsOf, type FieldErrors } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { explain } from '../../components/explain';
import { createPost, getStaffPost, mediaUrl, submitPost, updatePost, uploadMedia, type PostDraft } from '../../../../services/content';
import '../../components/content.css';
import './index.css';
import { checked } from '../../../../components/a11y';

interface Media {
  id: string;
  url: string;
  kind: UploadKind;
}

interface Form {
  type: PostType;
  title: string;
  summary: string;
  body: string;
  lyrics: string;
  cover: Media | null;
  media: Media | null;
  tags: string[];
  channel: OutreachChannel;
  scope: 'county' | 'townships';
  townshipCodes: string[];
  publishDate: string;
  publishTime: string;
}

const EMPTY: Form = {
  type: 'article',
  title: '',
  summary: '',
  body: '',
  lyrics: '',
  cover: null,
  media: null,
  tags: [],
  channel: '乡村',
  scope: 'county',
  townshipCodes: [],
  publishDate: '',
  publishTime: '08:00',
};

function fromPost(p: StaffPost): Form {
  return {
    type: p.type,
    title: p.title,
    summary: p.summary,
    body: p.body,
    lyrics: p.lyrics,
    cover: p.cover,
    media: p.media,
    tags: p.tags,
    channel: p.channel,
    scope: p.scope,
    townshipCodes: p.townshipCodes,
    publishDate: p.publishAt ? p.publishAt.slice(0, 10) : '',
    publishTime: p.publishAt ? p.publishAt.slice(11, 16) : '08:00',
  };
}

/** Plain lines become paragraphs; text with tags is sent as it is (the server cleans it). */
function toHtml(body: string) {
  if (/<[a-z][\s\S]*>/i.test(body)) return body;
  return body
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    .join('');
}

function toDraft(f: Form): PostDraft {
  return {
    type: f.type,
    title: f.title,
    summary: f.summary,
    body: f.type === 'article' ? toHtml(f.body) : '',
    lyrics: f.type === 'opera' ? f.lyrics : '',
    coverId: f.cover?.id ?? null,
    mediaId: f.type === 'article' ? null : (f.media?.id ?? null),
    tags: f.tags,
    channel: f.channel,
    scope: f.scope,
    townshipCodes: f.scope === 'townships' ? (f.townshipCodes as PostDraft['townshipCodes']) : [],
    publishAt: f.publishDate ? `${f.publishDate}T${f.publishTime || '08:00'}:00+08:00` : null,
  };
}

/** Write or edit a post: title, type, text or media, topic tags, channel, townships, publish time. */
export default function EditorPage() {
  const params = useRouter().params;
  const editId = params.id;
  const [postId, setPostId] = useState<string | undefined>(editId);
  // From the hot-topic board (写一篇文章): the topic, a suggested title, and the township it is for.
  const [form, setForm] = useState<Form>(() =>
    params.topic
      ? {
          ...EMPTY,
          title: params.title ? decodeURIComponent(params.title) : '',
          tags: [decodeURIComponent(params.topic)],
          ...(params.townshipCode ? { scope: 'townships' as const, townshipCodes: [params.townshipCode] } : {}),
        }
      : EMPTY,
  );
  const [loading, setLoading] = useState(!!editId);
  const [busy, setBusy] = useState<'save' | 'submit' | 'upload' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // A 400 is shown under the fields it names, as well as in the banner by the buttons.
  const [errors, setErrors] = useState<FieldErrors>({});
  const [rejection, setRejection] = useState<string | null>(null);
  const [customTag, setCustomTag] = useState('');

  useEffect(() => {
    if (!editId) return;
    getStaffPost(editId).then(
      (p) => {
        setForm(fromPost(p));
        setRejection(p.rejection?.reason ?? null);
        setLoading(false);
      },
      (err) => {
        setProblem(explain(err));
        setLoading(false);
      },
    );
  }, [editId]);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const toggle = (key: 'tags' | 'townshipCodes', value: string) =>
    setForm((f) => ({ ...f, [key]: f[key].includes(value) ? f[key].filter((v) => v !== value) : [...f[key], value] }));

  async function pick(kind: UploadKind, target: 'cover' | 'media' | 'inline') {
    let path: string | undefined;
    try {
      if (kind === 'image') path = (await Taro.chooseImage({ count: 1, sizeType: ['compressed'] })).tempFilePaths[0];
      else if (kind === 'video') path = (await Taro.chooseVideo({ compressed: true, maxDuration: 600 })).tempFilePath;
      else path = (await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['mp3', 'm4a', 'aac', 'wav'] })).tempFiles[0]?.path;
    } catch {
      return; // the user closed the chooser
    }
    if (!path) return;
    setBusy('upload');
    setProblem(null);
    try {
      const up = await uploadMedia(kind, path);
      const media = { id: up.id, url: up.url, kind: up.kind };
      if (target === 'inline') setForm((f) => ({ ...f, body: `${f.body}${f.body && !f.body.endsWith('\n') ? '\n' : ''}<p><img src="${up.url}" alt=""></p>\n` }));
      else set(target, media);
    } catch (err) {
      setProblem(explain(err));
    } finally {
      setBusy(null);
    }
  }

  async function save(): Promise<string | null> {
    const draft = toDraft(form);
    const saved = postId ? await updatePost(postId, draft) : await createPost(draft);
    setPostId(saved.id);
    return saved.id;
  }

  /** The refusal in words beside the buttons (the server names the field in Chinese), and under each field it names. */
  function refused(err: unknown) {
    setErrors(fieldErrorsOf(err));
    setProblem(explain(err));
  }

  async function onSave() {
    setBusy('save');
    setProblem(null);
    setErrors({});
    try {
      await save();
      void Taro.showToast({ title: '草稿已保存', icon: 'success' });
    } catch (err) {
      refused(err);
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit() {
    setBusy('submit');
    setProblem(null);
    setErrors({});
    try {
      const id = await save();
      if (!id) return;
      await submitPost(id);
      void Taro.redirectTo({ url: `/packages/content/pages/preview/index?id=${id}` });
    } catch (err) {
      refused(err);
    } finally {
      setBusy(null);
    }
  }

  const f = form;
  return (
    <PageContainer loading={loading}>
      {rejection && <View className='cp-banner cp-banner--error'>上次未通过：{rejection}</View>}

      <View className='cp-card editor'>
        <View className='editor__label'>类型</View>
        <View className='editor__chips'>
          {(Object.keys(POST_TYPE_LABELS) as PostType[]).map((t) => (
            <View key={t} className={`editor__chip ${f.type === t ? 'editor__chip--on' : ''}`} ariaRole='radio' {...checked(f.type === t)} onClick={() => set('type', t)}>
              {POST_TYPE_LABELS[t]}
            </View>
          ))}
        </View>

        <View className='editor__label'>标题</View>
        <Input className='editor__input editor__title' value={f.title} maxlength={POST_LIMITS.title} placeholder='例如：农村土地承包那些事' onInput={(e) => set('title', e.detail.value)} />
        <FieldError error={errors.title} />

        <View className='editor__label'>摘要（可不填）</View>
        <Textarea className='editor__textarea editor__summary' value={f.summary} maxlength={POST_LIMITS.summary} placeholder='一两句话说明要点' onInput={(e) => set('summary', e.detail.value)} />
        <FieldError error={errors.summary} />

        {f.type === 'article' && (
          <>
            <View className='editor__label'>正文</View>
            <View className='editor__hint'>每段一行；也可以粘贴网页格式的文字。图片请用下面的按钮插入。</View>
            <Textarea className='editor__textarea editor__body' value={f.body} maxlength={POST_LIMITS.body} placeholder='在这里写正文' onInput={(e) => set('body', e.detail.value)} />
            <FieldError error={errors.body} />
            <ActionButton variant='secondary' size='medium' busy={busy === 'upload'} onClick={() => void pick('image', 'inline')}>
              插入图片
            </ActionButton>
          </>
        )}

        {f.type === 'video' && (
          <MediaField label='视频' media={f.media} onPick={() => void pick('video', 'media')} busy={busy === 'upload'} />
        )}
        {f.type === 'poster' && <MediaField label='海报图片' media={f.media} onPick={() => void pick('image', 'media')} busy={busy === 'upload'} />}
        {f.type === 'opera' && (
          <>
            <MediaField label='戏曲音频或视频' media={f.media} onPick={() => void pick(process.env.TARO_ENV === 'weapp' ? 'audio' : 'video', 'media')} busy={busy === 'upload'} />
            {process.env.TARO_ENV === 'weapp' && (
              <ActionButton variant='plain' size='medium' onClick={() => void pick('video', 'media')}>
                改为选视频
              </ActionButton>
            )}
            <View className='editor__label'>唱词</View>
            <Textarea className='editor__textarea editor__body' value={f.lyrics} maxlength={POST_LIMITS.lyrics} placeholder='把唱词写在这里' onInput={(e) => set('lyrics', e.detail.value)} />
            <FieldError error={errors.lyrics} />
          </>
        )}

        {f.type !== 'article' && <FieldError error={errors.mediaId} />}
        <MediaField label={f.type === 'video' ? '视频封面' : '封面图片（可不选）'} media={f.cover} onPick={() => void pick('image', 'cover')} busy={busy === 'upload'} onClear={f.cover ? () => set('cover', null) : undefined} />
        <FieldError error={errors.coverId} />
      </View>

      <View className='cp-card editor'>
        <View className='editor__label'>法律六进</View>
        <View className='editor__chips'>
          {OUTREACH_CHANNELS.map((c) => (
            <View key={c} className={`editor__chip ${f.channel === c ? 'editor__chip--on' : ''}`} ariaRole='radio' {...checked(f.channel === c)} onClick={() => set('channel', c)}>
              进{c}
            </View>
          ))}
        </View>
        <FieldError error={errors.channel} />

        <View className='editor__label'>专题标签</View>
        <View className='editor__chips'>
          {[...new Set([...SUGGESTED_TOPICS, ...f.tags])].map((t) => (
            <View key={t} className={`editor__chip editor__chip--small ${f.tags.includes(t) ? 'editor__chip--on' : ''}`} ariaRole='checkbox' {...checked(f.tags.includes(t))} onClick={() => toggle('tags', t)}>
              {t}
            </View>
          ))}
        </View>
        <View className='editor__row'>
          <Input className='editor__input' value={customTag} maxlength={20} placeholder='其他标签' onInput={(e) => setCustomTag(e.detail.value)} />
          <ActionButton
            variant='secondary'
            size='medium'
            onClick={() => {
              const t = customTag.trim();
              if (t && !f.tags.includes(t)) set('tags', [...f.tags, t]);
              setCustomTag('');
            }}
          >
            添加
          </ActionButton>
        </View>
        <FieldError error={errors.tags} />

        <View className='editor__label'>给谁看</View>
        <View className='editor__chips'>
          <View className={`editor__chip ${f.scope === 'county' ? 'editor__chip--on' : ''}`} ariaRole='radio' {...checked(f.scope === 'county')} onClick={() => set('scope', 'county')}>
            全县
          </View>
          <View className={`editor__chip ${f.scope === 'townships' ? 'editor__chip--on' : ''}`} ariaRole='radio' {...checked(f.scope === 'townships')} onClick={() => set('scope', 'townships')}>
            指定乡镇
          </View>
        </View>
        {f.scope === 'townships' && (
          <View className='editor__chips'>
            {TOWNSHIPS.map((t) => (
              <View key={t.code} className={`editor__chip editor__chip--small ${f.townshipCodes.includes(t.code) ? 'editor__chip--on' : ''}`} ariaRole='checkbox' {...checked(f.townshipCodes.includes(t.code))} onClick={() => toggle('townshipCodes', t.code)}>
                {t.name}
              </View>
            ))}
          </View>
        )}
        <FieldError error={errors.scope} />
        <FieldError error={errors.townshipCodes} />

        <View className='editor__label'>发布时间</View>
        <View className='editor__row'>
          <Picker mode='date' value={f.publishDate} onChange={(e) => set('publishDate', String(e.detail.value))}>
            <View className='editor__picker'>{f.publishDate || '审核通过后立即发布'}</View>
          </Picker>
          {f.publishDate && (
            <Picker mode='time' value={f.publishTime} onChange={(e) => set('publishTime', String(e.detail.value))}>
              <View className='editor__picker'>{f.publishTime}</View>
            </Picker>
          )}
          {f.publishDate && (
            <ActionButton variant='plain' size='medium' onClick={() => set('publishDate', '')}>
              清除
            </ActionButton>
          )}
        </View>
        <FieldError error={errors.publishAt} />
      </View>

      {problem && <View className='cp-banner cp-banner--error editor__problem'>{problem}</View>}
      <View className='cp-actions editor__actions'>
        <ActionButton variant='secondary' busy={busy === 'save'} disabled={!!busy && busy !== 'save'} onClick={() => void onSave()}>
          保存草稿
        </ActionButton>
        <ActionButton busy={busy === 'submit'} disabled={!!busy && busy !== 'submit'} onClick={() => void onSubmit()}>
          提交审核
        </ActionButton>
      </View>
    </PageContainer>
  );
}

function MediaField({ label, media, onPick, onClear, busy }: { label: string; media: Media | null; onPick: () => void; onClear?: () => void; busy: boolean }) {
  return (
    <View className='editor__media'>
      <View className='editor__label'>{label}</View>
      {media?.kind === 'image' && <Image className='editor__preview' src={mediaUrl(media.url)} mode='aspectFit' />}
      {media && media.kind !== 'image' && <View className='cp-muted'>已上传{media.kind === 'video' ? '视频' : '音频'}</View>}
      <View className='editor__row'>
        <ActionButton variant='secondary' size='medium' busy={busy} onClick={onPick}>
          {media ? '更换' : '选择并上传'}
        </ActionButton>
        {onClear && (
          <ActionButton variant='plain' size='medium' onClick={onClear}>
            去掉
          </ActionButton>
        )}
      </View>
    </View>
  );
}

import Taro from '@tarojs/taro';
import { Input, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { REFERRAL_KINDS, REFERRAL_LABELS, SUGGESTED_TOPICS, type Consultation, type ReferralKind } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { Field, useSubmit } from '../../../../components/Form';
import { answer, escalate, feedback, refer, suggest, type Suggestion } from '../../../../services/consult';

/** The asker, after an answer: 解决了, or 还有疑问 with what is still unclear (goes up one tier). */
export function AskerActions({ c, onDone }: { c: Consultation; onDone: (c: Consultation) => void }) {
  const [asking, setAsking] = useState(false);
  const [followUp, setFollowUp] = useState('');
  const { saving, errors, submit } = useSubmit('没有发送成功');
  return (
    <View className='cs__card'>
      <View className='cs__section' style={{ marginTop: 0 }}>
        这个回复解决您的问题了吗？
      </View>
      {asking ? (
        <>
          <Field label='还有什么不明白？' error={errors.followUp}>
            <Textarea className='cs__textarea cs__textarea--short' value={followUp} maxlength={-1} placeholder='写下您还想问的' onInput={(e) => setFollowUp(e.detail.value)} />
          </Field>
          <ActionButton block busy={saving} onClick={() => void submit(async () => onDone(await feedback(c.id, false, followUp)))}>
            发给上一级
          </ActionButton>
        </>
      ) : (
        <View className='cs__actions'>
          <ActionButton block busy={saving} onClick={() => void submit(async () => onDone(await feedback(c.id, true)))}>
            解决了
          </ActionButton>
          <ActionButton block variant='secondary' onClick={() => setAsking(true)}>
            还有疑问
          </ActionButton>
        </View>
      )}
    </View>
  );
}

const parseArticles = (text: string) =>
  text
    .split(/[,，、\s]+/)
    .map((s) => s.replace(/[^\d]/g, ''))
    .filter(Boolean)
    .map(Number);

/** The handler who claimed it: answer (with articles and a topic), send it up, or (adviser) refer it offline. */
export function HandlerActions({ c, onDone }: { c: Consultation; onDone: (c: Consultation) => void }) {
  const [mode, setMode] = useState<'answer' | 'up' | 'refer'>('answer');
  const [text, setText] = useState('');
  const [articles, setArticles] = useState('');
  const [topic, setTopic] = useState('');
  const [note, setNote] = useState('');
  const [kind, setKind] = useState<ReferralKind | ''>('');
  const [cited, setCited] = useState<Suggestion[]>([]);
  const { saving, errors, submit } = useSubmit('没有提交成功');
  const top = c.tier === 'adviser';

  useEffect(() => {
    // The search suggests articles for the question; the handler confirms them by tapping.
    suggest(c.text)
      .then((s) => setCited(s.filter((x) => x.kind === 'article')))
      .catch(() => setCited([]));
  }, [c.id]);

  const addArticle = (n: string) => setArticles((a) => (parseArticles(a).includes(Number(n)) ? a : a ? `${a}、${n}` : n));

  return (
    <View className='cs__card'>
      <View className='cs__tabs'>
        <View className={`cs__tab ${mode === 'answer' ? 'cs__tab--on' : ''}`} onClick={() => setMode('answer')}>
          回复
        </View>
        {!top && (
          <View className={`cs__tab ${mode === 'up' ? 'cs__tab--on' : ''}`} onClick={() => setMode('up')}>
            转上级
          </View>
        )}
        {top && (
          <View className={`cs__tab ${mode === 'refer' ? 'cs__tab--on' : ''}`} onClick={() => setMode('refer')}>
            转线下
          </View>
        )}
      </View>
      {mode === 'answer' && (
        <>
          <Field label='回复（用大白话）' error={errors.text}>
            <Textarea className='cs__textarea' value={text} maxlength={-1} placeholder='写给提问的乡亲看' onInput={(e) => setText(e.detail.value)} />
          </Field>
          <Field label='依据的民法典条文（条号）' hint='多条用顿号隔开，如 1067、1074' error={errors.articles}>
            <Input className='qf-input' value={articles} placeholder='如 1067' onInput={(e) => setArticles(e.detail.value)} />
            {cited.length > 0 && (
              <View className='cs__choices' style={{ marginTop: '12px' }}>
                {cited.map((s) => (
                  <View key={s.ref} className='cs__choice' onClick={() => addArticle(s.ref)}>
                    ＋ 第{s.ref}条
                  </View>
                ))}
              </View>
            )}
          </Field>
          <Field label='话题' error={errors.topic}>
            <View className='cs__choices'>
              {SUGGESTED_TOPICS.slice(7).map((t) => (
                <View key={t} className={`cs__choice ${topic === t ? 'cs__choice--on' : ''}`} onClick={() => setTopic(t)}>
                  {t}
                </View>
              ))}
            </View>
          </Field>
          <ActionButton block busy={saving} onClick={() => void submit(async () => onDone(await answer(c.id, { text, articles: parseArticles(articles), topic })))}>
            发送回复
          </ActionButton>
        </>
      )}
      {mode === 'up' && (
        <>
          <Field label='为什么转上级' error={errors.note}>
            <Textarea className='cs__textarea cs__textarea--short' value={note} maxlength={-1} placeholder='如：涉及土地确权，需要普法员看看' onInput={(e) => setNote(e.detail.value)} />
          </Field>
          <ActionButton block busy={saving} onClick={() => void submit(async () => onDone(await escalate(c.id, note)))}>
            转给上一级
          </ActionButton>
        </>
      )}
      {mode === 'refer' && (
        <>
          <Field label='转到哪里' error={errors.kind}>
            <View className='cs__choices'>
              {REFERRAL_KINDS.map((k) => (
                <View key={k} className={`cs__choice ${kind === k ? 'cs__choice--on' : ''}`} onClick={() => setKind(k)}>
                  {REFERRAL_LABELS[k]}
                </View>
              ))}
            </View>
          </Field>
          <Field label='告诉乡亲怎么办' error={errors.note}>
            <Textarea className='cs__textarea cs__textarea--short' value={note} maxlength={-1} placeholder='如：请周三上午带上材料到司法所' onInput={(e) => setNote(e.detail.value)} />
          </Field>
          <ActionButton
            block
            busy={saving}
            onClick={() =>
              void submit(async () => {
                const res = await refer(c.id, kind as ReferralKind, note);
                onDone(res);
                void Taro.showToast({ title: '已转线下', icon: 'success' });
              })
            }
          >
            转到线下
          </ActionButton>
        </>
      )}
    </View>
  );
}

import Taro, { useRouter } from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import { useState } from 'react';
import { CONSULT_TIER_LABELS, servedTiers, townshipName, type Consultation } from '@qf/shared';
import { ReadAloud } from '../../../../components/ReadAloud';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { API_ORIGIN } from '../../../../services/http';
import { claim, CONSULT_PAGES, draftFaq, getConsultation } from '../../../../services/consult';
import { REFERRAL_LABELS } from '@qf/shared';
import { StatusBadge, dueWords, when } from '../../status';
import { AskerActions, HandlerActions } from './actions';
import '../../consult.css';

/** One question and everything said about it; the actions fit who is looking and where it stands. */
export default function ThreadPage() {
  // useRouter, not getCurrentInstance: this page stays mounted under the next one, and a re-render
  // there (the signed-in user changing) must not read that page's parameters.
  const id = useRouter().params.id ?? '';
  const { user } = useSession();
  const q = useRequest(() => getConsultation(id), [id, user?.id], { enabled: !!user && !!id });
  const [busy, setBusy] = useState(false);
  const c = q.data;
  const set = (next: Consultation) => q.setData(next);
  const serves = !!user && !!c && servedTiers(user, c.townshipCode).includes(c.tier);
  const adviserHere = !!user && !!c && (servedTiers(user, c.townshipCode).includes('adviser') || user.roles.includes('county_admin'));

  async function doClaim() {
    setBusy(true);
    try {
      set(await claim(id));
    } catch (err) {
      void Taro.showModal({ title: '没有认领成功', content: (err as Error).message, showCancel: false, confirmText: '知道了' });
      void q.reload();
    } finally {
      setBusy(false);
    }
  }

  async function makeFaq() {
    setBusy(true);
    try {
      const faq = await draftFaq(id);
      void Taro.navigateTo({ url: CONSULT_PAGES.faqEdit(faq.id) });
    } catch (err) {
      void Taro.showModal({ title: '不能公开', content: (err as Error).message, showCancel: false, confirmText: '知道了' });
    } finally {
      setBusy(false);
    }
  }

  function play(url: string) {
    const audio = Taro.createInnerAudioContext();
    audio.src = `${API_ORIGIN}${url}`;
    audio.play();
  }

  return (
    <PageContainer loading={q.loading && !c} error={q.error} onRetry={() => void q.reload()}>
      {c && (
        <View className='cs'>
          <View className='cs__row'>
            <View className='cs__title'>问题详情</View>
            <StatusBadge status={c.status} />
          </View>
          <View className='cs__sub'>
            {townshipName(c.townshipCode)} {c.villageName} · {c.askerName}
            {c.proxy ? '（代问）' : ''} · 现在由{CONSULT_TIER_LABELS[c.tier]}处理
            {c.dueAt && <View className={c.overdue ? 'cs__late' : ''}>{dueWords(c)}</View>}
          </View>
          {c.phone && <View className='cs__phone'>回电电话：{c.phone}</View>}
          <View className='cs__card'>
            {c.thread.map((e, i) => (
              <View key={i} className={`cs__entry ${e.kind === 'answer' ? 'cs__entry--answer' : ''} ${['timeout', 'escalated', 'resolved'].includes(e.kind) ? 'cs__entry--system' : ''}`}>
                <View className='cs__entry-by'>
                  {e.kind === 'question' ? '问' : e.kind === 'followup' ? '追问' : e.kind === 'answer' ? '答' : ''} {e.by} · {when(e.at)}
                </View>
                <View className='cs__text'>{e.text}</View>
                {e.articles.length > 0 && <View className='cs__articles'>依据：民法典第 {e.articles.join('、')} 条</View>}
                {e.kind === 'answer' && <ReadAloud text={e.text} label='听回复' />}
              </View>
            ))}
            {c.photos.length > 0 && (
              <View className='cs__photos' style={{ marginTop: '16px' }}>
                {c.photos.map((p) => (
                  <Image key={p.id} className='cs__photo' src={`${API_ORIGIN}${p.url}`} mode='aspectFill' onClick={() => void Taro.previewImage({ urls: c.photos.map((x) => `${API_ORIGIN}${x.url}`), current: `${API_ORIGIN}${p.url}` })} />
                ))}
              </View>
            )}
            {c.voice && (
              <View style={{ marginTop: '16px' }}>
                <ActionButton variant='secondary' size='medium' onClick={() => play(c.voice!.url)}>
                  ▶ 听录音
                </ActionButton>
              </View>
            )}
          </View>
          {c.referral && (
            <View className='cs__card'>
              <View className='cs__section' style={{ marginTop: 0 }}>
                {REFERRAL_LABELS[c.referral.kind]}
              </View>
              <View className='cs__text'>{c.referral.note}</View>
            </View>
          )}
          {c.mine && c.status === 'answered' && <AskerActions c={c} onDone={set} />}
          {serves && c.status !== 'answered' && c.status !== 'resolved' && c.status !== 'referred' && !c.claimed && (
            <ActionButton block busy={busy} onClick={() => void doClaim()}>
              认领这个问题
            </ActionButton>
          )}
          {serves && c.claimedByMe && (c.status === 'waiting' || c.status === 'escalated') && <HandlerActions c={c} onDone={set} />}
          {adviserHere && !c.mine && (c.status === 'answered' || c.status === 'resolved') && (
            <View className='cs__actions'>
              {c.faqId ? (
                <ActionButton variant='secondary' block onClick={() => void Taro.navigateTo({ url: CONSULT_PAGES.faqEdit(c.faqId!) })}>
                  编辑公开问答
                </ActionButton>
              ) : (
                <ActionButton variant='secondary' block busy={busy} onClick={() => void makeFaq()}>
                  可公开：整理成常见问答
                </ActionButton>
              )}
            </View>
          )}
        </View>
      )}
    </PageContainer>
  );
}

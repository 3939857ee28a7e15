import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { CONSULT_TIERS, CONSULT_TIER_LABELS, servedTiers, type ConsultTier } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedList } from '../../../../hooks/usePagedList';
import { LoadMore } from '../../../../components/LoadMore';
import { useSession } from '../../../../hooks/useSession';
import { showFailure } from '../../../../components/Form';
import { acceptWaitingNotice, CONSULT_PAGES, getNoticeTemplate, getQueue, listVillages } from '../../../../services/consult';
import { QuestionCard } from '../../status';
import '../../consult.css';

const MY_VILLAGE_KEY = 'consult:my-village';

/**
 * The handler's queue: questions waiting at his tier in the township he serves; his own village's
 * first, then the overdue (in red), then the oldest. Staff and the county see every tier.
 */
export default function QueuePage() {
  const { user } = useSession();
  const staff = !!user && (user.roles.includes('township_staff') || user.roles.includes('county_admin'));
  const myTiers: ConsultTier[] = user ? [...new Set([user.townshipCode, ...user.adviserTownshipCodes].filter(Boolean).flatMap((c) => servedTiers(user, c!)))] : [];
  const tiers = staff ? [...CONSULT_TIERS] : CONSULT_TIERS.filter((t) => myTiers.includes(t));
  const [tier, setTier] = useState<ConsultTier | undefined>(undefined);
  const [village, setVillage] = useState<string>(() => Taro.getStorageSync(MY_VILLAGE_KEY) || '');
  const villages = useRequest(() => listVillages(user!.townshipCode!), [user?.townshipCode], { enabled: !!user?.townshipCode && user.roles.includes('literate') });
  const queue = usePagedList((page) => getQueue({ ...(tier ? { tier } : {}), ...(village ? { villageId: village } : {}), ...page }), [tier, village, user?.id], { pageSize: 20, enabled: !!user });
  const template = useRequest(getNoticeTemplate, [], { enabled: process.env.TARO_ENV === 'weapp' && myTiers.length > 0 });
  useDidShow(() => void queue.reload());
  usePullDownRefresh(() => void queue.reload().finally(() => Taro.stopPullDownRefresh()));
  const { items } = queue;
  const overdue = queue.data?.overdue ?? 0;

  /** WeChat allows one message per acceptance: each tap here lets the next question moved up to him be messaged. */
  async function remindMe() {
    const id = template.data?.waitingTemplateId;
    if (!id) return;
    const answer = await Taro.requestSubscribeMessage({ tmplIds: [id] } as Parameters<typeof Taro.requestSubscribeMessage>[0]).catch(() => null);
    if ((answer as Record<string, string> | null)?.[id] !== 'accept') return;
    try {
      const { pending } = await acceptWaitingNotice(id);
      void Taro.showToast({ title: `好的，可提醒 ${pending} 次`, icon: 'none' });
    } catch (err) {
      showFailure('没能开启提醒', err);
    }
  }

  function pickVillage(id: string) {
    const next = id === village ? '' : id;
    setVillage(next);
    Taro.setStorageSync(MY_VILLAGE_KEY, next);
  }

  return (
    <PageContainer title='待回复的问题' subtitle={`共 ${queue.data?.total ?? 0} 个${overdue ? `，其中 ${overdue} 个已超时` : ''}`} error={queue.error} onRetry={() => void queue.reload()}>
      <View className='cs'>
        {template.data?.waitingTemplateId && (
          <View style={{ marginBottom: '20px' }}>
            <ActionButton variant='secondary' block onClick={() => void remindMe()}>
              有问题超时转来时，微信提醒我
            </ActionButton>
          </View>
        )}
        {tiers.length > 1 && (
          <View className='cs__tabs'>
            <View className={`cs__tab ${!tier ? 'cs__tab--on' : ''}`} onClick={() => setTier(undefined)}>
              全部
            </View>
            {tiers.map((t) => (
              <View key={t} className={`cs__tab ${tier === t ? 'cs__tab--on' : ''}`} onClick={() => setTier(t)}>
                {CONSULT_TIER_LABELS[t]}
              </View>
            ))}
          </View>
        )}
        {(villages.data?.items.length ?? 0) > 0 && (
          <View style={{ marginBottom: '20px' }}>
            <View className='cs__meta' style={{ marginBottom: '10px' }}>
              我负责的村（排在前面）
            </View>
            <View className='cs__choices'>
              {villages.data!.items.map((v) => (
                <View key={v.id} className={`cs__choice ${village === v.id ? 'cs__choice--on' : ''}`} onClick={() => pickVillage(v.id)}>
                  {v.name}
                </View>
              ))}
            </View>
          </View>
        )}
        {queue.loading && !queue.data ? <View className='cs__empty'>正在加载…</View> : null}
        {queue.data && items.length === 0 && <View className='cs__empty'>没有等待回复的问题</View>}
        {items.map((q) => (
          <QuestionCard key={q.id} q={q} showWho onOpen={() => void Taro.navigateTo({ url: CONSULT_PAGES.thread(q.id) })} />
        ))}
        <LoadMore list={queue} />
        {user?.roles.includes('literate') && (
          <ActionButton variant='secondary' block onClick={() => void Taro.navigateTo({ url: `${CONSULT_PAGES.ask}?proxy=1` })}>
            替没有微信的村民提问（代问）
          </ActionButton>
        )}
      </View>
    </PageContainer>
  );
}

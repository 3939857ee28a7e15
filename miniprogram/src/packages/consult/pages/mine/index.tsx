import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { CONSULT_PAGES, myQuestions } from '../../../../services/consult';
import { QuestionCard } from '../../status';
import '../../consult.css';

/** 我的提问: each question with its status (待回复 / 已回复 / 已转上级 / 已转线下 / 已解决). */
export default function MyQuestions() {
  const list = useRequest(myQuestions, []);
  useDidShow(() => void list.reload());
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  const items = list.data?.items ?? [];
  return (
    <PageContainer
      title='我的提问'
      loading={list.loading && !list.data}
      error={list.error}
      onRetry={() => void list.reload()}
      empty={items.length === 0}
      emptyText='您还没有提过问题'
      emptyAction={<ActionButton onClick={() => void Taro.navigateTo({ url: CONSULT_PAGES.ask })}>问一问</ActionButton>}
    >
      <View className='cs'>
        {items.map((q) => (
          <QuestionCard key={q.id} q={q} showWho={q.proxy} onOpen={() => void Taro.navigateTo({ url: CONSULT_PAGES.thread(q.id) })} />
        ))}
        <View className='cs__fab'>
          <ActionButton block onClick={() => void Taro.navigateTo({ url: CONSULT_PAGES.ask })}>
            再问一个问题
          </ActionButton>
        </View>
      </View>
    </PageContainer>
  );
}

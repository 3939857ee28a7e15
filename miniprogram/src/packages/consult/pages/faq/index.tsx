import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { CONSULT_PAGES, listFaqs } from '../../../../services/consult';
import '../../consult.css';

/** 常见法律问答: answers the county's advisers made public (nobody who asked is named), by topic. */
export default function FaqPage() {
  const [topic, setTopic] = useState<string | undefined>(undefined);
  const all = useRequest(() => listFaqs(), []);
  const [open, setOpen] = useState<string | null>(null);
  const items = (all.data?.items ?? []).filter((f) => !topic || f.topic === topic);
  return (
    <PageContainer requireLogin={false} title='常见法律问答' subtitle='乡亲们问过、法律顾问答过的问题' loading={all.loading} error={all.error} onRetry={() => void all.reload()}>
      <View className='cs'>
        <View className='cs__choices' style={{ marginBottom: '24px' }}>
          <View className={`cs__choice ${!topic ? 'cs__choice--on' : ''}`} onClick={() => setTopic(undefined)}>
            全部
          </View>
          {(all.data?.topics ?? []).map((t) => (
            <View key={t.topic} className={`cs__choice ${topic === t.topic ? 'cs__choice--on' : ''}`} onClick={() => setTopic(t.topic)}>
              {t.topic}（{t.count}）
            </View>
          ))}
        </View>
        {items.length === 0 && <View className='cs__empty'>还没有公开的问答</View>}
        {items.map((f) => (
          <View key={f.id} className='cs__card cs__card--link' onClick={() => setOpen(open === f.id ? null : f.id)}>
            <View className='cs__suggest-q'>问：{f.title}</View>
            {open === f.id ? (
              <>
                <View className='cs__text' style={{ marginTop: '12px', color: 'var(--qf-text-2)' }}>
                  {f.question}
                </View>
                <View className='cs__text' style={{ marginTop: '16px' }}>
                  答：{f.answer}
                </View>
                {f.articles.length > 0 && <View className='cs__articles'>依据：民法典第 {f.articles.join('、')} 条</View>}
              </>
            ) : (
              <View className='cs__meta cs__clip'>答：{f.answer}</View>
            )}
          </View>
        ))}
        <ActionButton block onClick={() => void Taro.navigateTo({ url: CONSULT_PAGES.ask })}>
          没找到？问一问法律明白人
        </ActionButton>
      </View>
    </PageContainer>
  );
}

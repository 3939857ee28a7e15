import { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { lectureAwareness } from '../../../../services/lecture-checks';
import { AwarenessBars } from '../../components/AwarenessBars';
import '../../../../pages/lectures/lectures.css';
import '../../lecture-checks.css';

/** 这场讲座的效果 (staff): 知晓率 before → after over the people who answered both times, and per question. */
export default function LectureAwarenessPage() {
  const id = useRouter().params.id ?? '';
  const { user } = useSession();
  const record = useRequest(() => lectureAwareness(id), [id], { enabled: !!user && !!id });
  const a = record.data;
  return (
    <PageContainer loading={record.loading && !a} error={record.error} onRetry={() => void record.reload()}>
      {a && (
        <>
          <View className='lx-head'>
            <View className='lx-head__title'>{a.title}</View>
            <View className='lx-head__sub'>签到的群众讲座前答 3 道题，讲座后再答同样的 3 道；只算两次都答了的人。</View>
          </View>
          {a.pairs === 0 ? (
            <View className='lx-notice'>
              还没有人两次都答。{a.beforeOnly > 0 ? `已有 ${a.beforeOnly} 人答了讲座前的题，` : ''}讲座结束后 24 小时内他们再答一次，这里就会显示变化。
            </View>
          ) : (
            <View className='lx-section'>
              <View className='lx-card' data-awareness={`${a.before}-${a.after}`}>
                <AwarenessBars name={`知晓率（${a.pairs} 人两次都答了）`} before={a.before} after={a.after} note={a.beforeOnly > 0 ? `另有 ${a.beforeOnly} 人只答了讲座前，不计入` : ''} />
              </View>
              <View className='lx-section__title'>每道题</View>
              <View className='lx-card'>
                {a.questions.map((q, i) => (
                  <AwarenessBars key={q.id} name={`第 ${i + 1} 题（${q.topic}）：${q.stem}`} before={q.before} after={q.after} />
                ))}
              </View>
            </View>
          )}
        </>
      )}
    </PageContainer>
  );
}

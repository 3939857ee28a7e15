import { View } from '@tarojs/components';
import { POST_TYPE_LABELS } from '@qf/shared';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { getViewReport } from '../../../../services/content';
import '../../components/content.css';

/** Views per post, per 法律六进 channel and per township; each person counted once a day. */
export default function ReportPage() {
  const report = useRequest(() => getViewReport(), []);
  const r = report.data;
  return (
    <PageContainer loading={report.loading && !r} error={report.error} onRetry={() => void report.reload()}>
      {r && (
        <>
          <View className='cp-banner cp-banner--info'>共 {r.total} 人次浏览（同一人同一天看同一条只算一次）</View>
          <View className='cp-card'>
            <View className='cp-section-title'>按六进渠道</View>
            {r.byChannel.map((c) => (
              <View key={c.channel} className='cp-row'>
                <View>进{c.channel}</View>
                <View>{c.views}</View>
              </View>
            ))}
          </View>
          <View className='cp-card'>
            <View className='cp-section-title'>按乡镇</View>
            {r.byTownship.map((t) => (
              <View key={t.townshipCode ?? 'none'} className='cp-row'>
                <View>{t.townshipName}</View>
                <View>{t.views}</View>
              </View>
            ))}
          </View>
          <View className='cp-card'>
            <View className='cp-section-title'>按内容</View>
            {r.byPost.length === 0 && <View className='cp-muted'>还没有浏览</View>}
            {r.byPost.map((p) => (
              <View key={p.postId} className='cp-row'>
                <View>
                  <View>{p.title}</View>
                  <View className='cp-muted'>
                    {POST_TYPE_LABELS[p.type]} · 进{p.channel}
                  </View>
                </View>
                <View>{p.views}</View>
              </View>
            ))}
          </View>
        </>
      )}
    </PageContainer>
  );
}

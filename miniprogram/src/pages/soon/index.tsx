import Taro, { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { ComingSoon } from '../../components/ComingSoon';
import { PageContainer } from '../../components/PageContainer';

/** Features linked from 首页 that are not tab pages yet. Each moves to its own page (or subpackage) when built. */
const FEATURES: Record<string, { title: string; seal: string; description: string }> = {
  fairs: {
    title: '法律赶大集',
    seal: '集',
    description: '逢集日，法律顾问和司法所工作人员到集上摆摊，现场解答法律问题。这里将列出各乡镇的集日和服务内容。',
  },
  records: {
    title: '我的学习记录',
    seal: '记',
    description: '您参加过的法治讲座、完成的民法典答题，都会记在这里。法律明白人和普法员还能看到自己的培训记录。',
  },
};

export default function ComingSoonPage() {
  const { params } = useRouter();
  const feature = FEATURES[params.feature ?? ''] ?? { title: '功能建设中', seal: '建', description: '这个功能正在建设，敬请期待。' };

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: feature.title });
  }, [feature.title]);

  return (
    <PageContainer requireLogin={false}>
      <ComingSoon title={feature.title} seal={feature.seal} description={feature.description} />
    </PageContainer>
  );
}

import { ComingSoon } from '../../components/ComingSoon';
import { PageContainer } from '../../components/PageContainer';

/** 法治讲座: filled in by its own issue. */
export default function LecturesPage() {
  return (
    <PageContainer>
      <ComingSoon title='法治讲座' seal='讲' description='每个乡镇每年开展 20 场法治讲座。这里将列出您身边的讲座时间和地点，可以报名，到场后扫码签到。' />
    </PageContainer>
  );
}

import { ComingSoon } from '../../components/ComingSoon';
import { PageContainer } from '../../components/PageContainer';

/** 法治文化导览: filled in by its own issue. */
export default function GuidePage() {
  return (
    <PageContainer>
      <ComingSoon title='法治文化导览' seal='导' description='民法典公园、宪法广场等法治文化阵地的导览：看介绍、找位置，到了现场还可以打卡。' />
    </PageContainer>
  );
}

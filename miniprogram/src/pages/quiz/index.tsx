import { ComingSoon } from '../../components/ComingSoon';
import { PageContainer } from '../../components/PageContainer';

/** 民法典答题: filled in by its own issue. */
export default function QuizPage() {
  return (
    <PageContainer>
      <ComingSoon title='民法典答题' seal='答' description='每日一题、按章节练习、全县答题活动，答错的题会收进错题本，并附上民法典原文。' />
    </PageContainer>
  );
}

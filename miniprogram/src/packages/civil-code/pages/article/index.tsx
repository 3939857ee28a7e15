import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useEffect } from 'react';
import { CIVIL_CODE_ARTICLE_COUNT, type CivilCodeArticle } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { ReadAloud } from '../../../../components/ReadAloud';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { CIVIL_CODE_PAGES, getCivilCodeArticle, getCivilCodeToc } from '../../../../services/civil-code';
import '../../lookup.css';

/** One article, large and readable, with the next and previous articles and its chapter one tap away. */
export default function CivilCodeArticlePage() {
  const { params } = useRouter();
  const raw = params.number ? decodeURIComponent(params.number) : '';
  const article = useRequest(() => getCivilCodeArticle(raw || '0'), [raw]);
  const toc = useRequest(getCivilCodeToc, []);

  useEffect(() => {
    if (article.data) void Taro.setNavigationBarTitle({ title: article.data.label });
  }, [article.data]);

  const go = (n: number) => void Taro.redirectTo({ url: CIVIL_CODE_PAGES.article(n) });
  const chapterIndex = article.data && toc.data ? chapterOf(article.data, toc.data.books) : null;

  return (
    <PageContainer requireLogin={false} loading={article.loading} error={article.error} onRetry={() => void article.reload()} className='law'>
      {article.data && (
        <View>
          <View className='law__article'>
            <View className='law__article-label'>{article.data.label}</View>
            <View className='law__article-where'>{where(article.data)}</View>
            <ReadAloud text={`${article.data.label}。${article.data.text}`} label='听这一条' />
            {article.data.text.split('\n').map((para, i) => (
              <View key={i} className='law__para'>
                {para}
              </View>
            ))}
          </View>
          <View className='law__nav'>
            <View className='law__nav-item'>
              <ActionButton variant='secondary' block disabled={article.data.number <= 1} onClick={() => go(article.data!.number - 1)}>
                上一条
              </ActionButton>
            </View>
            <View className='law__nav-item'>
              <ActionButton variant='secondary' block disabled={article.data.number >= CIVIL_CODE_ARTICLE_COUNT} onClick={() => go(article.data!.number + 1)}>
                下一条
              </ActionButton>
            </View>
          </View>
          <View className='law__actions'>
            {chapterIndex !== null && (
              <ActionButton variant='primary' block onClick={() => void Taro.navigateTo({ url: CIVIL_CODE_PAGES.chapter(article.data!.book, chapterIndex) })}>
                看本章全部条文
              </ActionButton>
            )}
            <ActionButton variant='plain' block onClick={() => void Taro.navigateTo({ url: CIVIL_CODE_PAGES.home })}>
              查其他条文
            </ActionButton>
          </View>
        </View>
      )}
    </PageContainer>
  );
}

function where(a: CivilCodeArticle) {
  return [a.bookLabel ? `${a.bookLabel} ${a.book}` : a.book, a.part, a.chapter, a.section].filter(Boolean).join(' · ');
}

function chapterOf(a: CivilCodeArticle, books: { book: string; chapters: { index: number; from: number; to: number }[] }[]) {
  const book = books.find((b) => b.book === a.book);
  return book?.chapters.find((c) => a.number >= c.from && a.number <= c.to)?.index ?? null;
}

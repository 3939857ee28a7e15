import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useEffect } from 'react';
import { CIVIL_CODE_DIVISIONS, type CivilCodeDivision } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { CIVIL_CODE_PAGES, getCivilCodeChapter } from '../../../../services/civil-code';
import '../../lookup.css';

/** A whole chapter, article after article, with 上一章 / 下一章 across the books. */
export default function CivilCodeChapterPage() {
  const { params } = useRouter();
  const book = decodeURIComponent(params.book ?? '') as CivilCodeDivision;
  const index = Number(params.chapter ?? '1');
  const valid = (CIVIL_CODE_DIVISIONS as readonly string[]).includes(book) && Number.isInteger(index) && index >= 1;
  const chapter = useRequest(() => getCivilCodeChapter(valid ? book : '总则', valid ? index : 1), [book, index]);

  useEffect(() => {
    if (chapter.data) void Taro.setNavigationBarTitle({ title: `${chapter.data.book}编 ${chapter.data.chapter.title.split(' ')[0] ?? ''}` });
  }, [chapter.data]);

  const data = chapter.data;
  return (
    <PageContainer requireLogin={false} loading={chapter.loading} error={chapter.error} onRetry={() => void chapter.reload()} className='law'>
      {data && (
        <View>
          <View className='law__head'>
            <View className='law__subtitle'>
              {data.bookTitle}
              {data.chapter.part ? ` · ${data.chapter.part}` : ''}
            </View>
            <View className='law__title'>{data.chapter.title}</View>
            <View className='law__hint'>
              第{data.chapter.from}条至第{data.chapter.to}条，共 {data.articles.length} 条
            </View>
          </View>
          {data.articles.map((a, i) => {
            const section = a.section && a.section !== data.articles[i - 1]?.section ? a.section : null;
            return (
              <View key={a.number}>
                {section && <View className='law__section-title'>{section}</View>}
                <View className='law__article'>
                  <View className='law__article-label'>{a.label}</View>
                  {a.text.split('\n').map((para, j) => (
                    <View key={j} className='law__para'>
                      {para}
                    </View>
                  ))}
                </View>
              </View>
            );
          })}
          <View className='law__nav'>
            <View className='law__nav-item'>
              <ActionButton
                variant='secondary'
                block
                disabled={!data.previous}
                onClick={() => data.previous && void Taro.redirectTo({ url: CIVIL_CODE_PAGES.chapter(data.previous.book, data.previous.index) })}
              >
                上一章
              </ActionButton>
            </View>
            <View className='law__nav-item'>
              <ActionButton
                variant='secondary'
                block
                disabled={!data.next}
                onClick={() => data.next && void Taro.redirectTo({ url: CIVIL_CODE_PAGES.chapter(data.next.book, data.next.index) })}
              >
                下一章
              </ActionButton>
            </View>
          </View>
          <View className='law__actions'>
            <ActionButton variant='plain' block onClick={() => void Taro.navigateTo({ url: CIVIL_CODE_PAGES.home })}>
              回到目录
            </ActionButton>
          </View>
        </View>
      )}
    </PageContainer>
  );
}

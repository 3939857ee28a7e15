import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { useState } from 'react';
import { CIVIL_CODE_ARTICLE_COUNT, parseArticleNumber, type CivilCodeBookEntry, type CivilCodeSearchResult } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { ApiError } from '../../../../services/http';
import { CIVIL_CODE_PAGES, getCivilCodeToc, searchCivilCode } from '../../../../services/civil-code';
import { Highlighted } from '../../highlight';
import '../../lookup.css';

const PAGE_SIZE = 20;

/**
 * 查民法典: type an article number (1043, 第1043条, 第一千零四十三条) to open it, or words to search;
 * with nothing typed, browse the seven books chapter by chapter.
 */
export default function CivilCodeHome() {
  const toc = useRequest(getCivilCodeToc, []);
  const [keyword, setKeyword] = useState('');
  const [result, setResult] = useState<CivilCodeSearchResult | null>(null);
  const [searching, setSearching] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [openBook, setOpenBook] = useState<string | null>(null);

  async function runSearch(offset = 0) {
    const q = keyword.trim();
    setProblem(null);
    if (!q) {
      setResult(null);
      return;
    }
    const number = parseArticleNumber(q);
    if (number !== null) {
      if (number > CIVIL_CODE_ARTICLE_COUNT) {
        setProblem(`民法典只有 ${CIVIL_CODE_ARTICLE_COUNT} 条，没有第 ${number} 条`);
        return;
      }
      void Taro.navigateTo({ url: CIVIL_CODE_PAGES.article(number) });
      return;
    }
    setSearching(true);
    try {
      const page = await searchCivilCode(q, { limit: PAGE_SIZE, offset });
      if (page.article) {
        // "民法典第1043条": the server found an article number inside the words.
        void Taro.navigateTo({ url: CIVIL_CODE_PAGES.article(page.article.number) });
        return;
      }
      setResult((previous) => (offset > 0 && previous ? { ...page, items: [...previous.items, ...page.items] } : page));
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : '没能搜索，请稍后重试');
    } finally {
      setSearching(false);
    }
  }

  function clear() {
    setKeyword('');
    setResult(null);
    setProblem(null);
  }

  return (
    <PageContainer requireLogin={false} loading={toc.loading} error={toc.error} onRetry={() => void toc.reload()} className='law'>
      <View className='law__head'>
        <View className='law__title'>中华人民共和国民法典</View>
        <View className='law__subtitle'>共 {CIVIL_CODE_ARTICLE_COUNT} 条 · 2021年1月1日起施行</View>
        <View className='law__search'>
          <Input
            className='law__search-input'
            value={keyword}
            placeholder='输入条号或词语，如 1043、宅基地'
            confirmType='search'
            onInput={(e) => setKeyword(e.detail.value)}
            onConfirm={() => void runSearch()}
          />
          <View className='law__search-btn' hoverClass='law__search-btn--pressed' ariaRole='button' onClick={() => void runSearch()}>
            查找
          </View>
        </View>
        <View className='law__hint'>输入“第1043条”直接打开这一条；输入几个词（用空格隔开）找同时含有它们的条文。</View>
      </View>

      {problem && <View className='law__note'>{problem}</View>}
      {searching && !result && <View className='law__note'>正在查找…</View>}

      {result ? (
        <SearchResults result={result} busy={searching} onMore={() => void runSearch(result.items.length)} onClear={clear} />
      ) : (
        <View>
          <View className='law__section-title'>按编浏览</View>
          {toc.data?.books.map((book) => (
            <BookEntry key={book.book} book={book} open={openBook === book.book} onToggle={() => setOpenBook(openBook === book.book ? null : book.book)} />
          ))}
        </View>
      )}
    </PageContainer>
  );
}

function SearchResults({ result, busy, onMore, onClear }: { result: CivilCodeSearchResult; busy: boolean; onMore: () => void; onClear: () => void }) {
  return (
    <View className='law__results'>
      <View className='law__section-title'>
        {result.total > 0 ? `找到 ${result.total} 条含“${result.terms.join(' ')}”的条文` : `没有找到含“${result.terms.join(' ')}”的条文`}
      </View>
      {result.total === 0 && <View className='law__note'>换个说法试试，比如“借款”“赡养”“遗嘱”“宅基地”。</View>}
      {result.items.map((hit) => (
        <View
          key={hit.number}
          className='law__card law__hit'
          hoverClass='law__card--pressed'
          ariaRole='link'
          onClick={() => void Taro.navigateTo({ url: CIVIL_CODE_PAGES.article(hit.number) })}
        >
          <View className='law__card-label'>{hit.label}</View>
          <View className='law__card-meta'>
            {hit.book}编 · {hit.chapter ?? ''}
          </View>
          <View className='law__card-text'>
            <Highlighted text={hit.snippet} terms={result.terms} />
          </View>
        </View>
      ))}
      <View className='law__more'>
        {result.items.length < result.total && (
          <ActionButton variant='secondary' block busy={busy} onClick={onMore}>
            再看 {Math.min(PAGE_SIZE, result.total - result.items.length)} 条
          </ActionButton>
        )}
        <ActionButton variant='plain' block onClick={onClear}>
          返回目录
        </ActionButton>
      </View>
    </View>
  );
}

function BookEntry({ book, open, onToggle }: { book: CivilCodeBookEntry; open: boolean; onToggle: () => void }) {
  let lastPart: string | null = null;
  return (
    <View className='law__book'>
      <View className='law__book-head' hoverClass='law__book-head--pressed' ariaRole='button' onClick={onToggle}>
        <View className='law__book-name'>{book.title}</View>
        <View className='law__book-range'>
          第{book.from}–{book.to}条
        </View>
        <View className='law__book-toggle'>{open ? '收起' : '展开'}</View>
      </View>
      {open &&
        book.chapters.map((chapter) => {
          const showPart = chapter.part && chapter.part !== lastPart;
          lastPart = chapter.part;
          return (
            <View key={chapter.index}>
              {showPart && <View className='law__part'>{chapter.part}</View>}
              <View
                className='law__chapter'
                hoverClass='law__chapter--pressed'
                ariaRole='link'
                onClick={() => void Taro.navigateTo({ url: CIVIL_CODE_PAGES.chapter(book.book, chapter.index) })}
              >
                <View className='law__chapter-name'>{chapter.title}</View>
                <View className='law__chapter-range'>
                  第{chapter.from}–{chapter.to}条
                </View>
              </View>
            </View>
          );
        })}
    </View>
  );
}

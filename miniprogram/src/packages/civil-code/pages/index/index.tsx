import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { CIVIL_CODE_ARTICLE_COUNT, CIVIL_CODE_BOOKS, parseArticleNumber, type CivilCodeBook, type CivilCodeBookEntry, type CivilCodeToc, type SearchHit, type SearchResult } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { ApiError } from '../../../../services/http';
import { CIVIL_CODE_PAGES, getCivilCodeToc } from '../../../../services/civil-code';
import { CONSULT_ASK_PAGE, searchPlain } from '../../../../services/search';
import { QUIZ_PAGES } from '../../../../services/quiz';
import '../../lookup.css';

const PAGE_SIZE = 10;

/**
 * 查民法典: type an article number (1043, 第1043条, 第一千零四十三条) to open it, or say what happened
 * in your own words (猪场的臭味熏得睡不着) to find the articles and practice questions that answer it;
 * with nothing typed, browse the seven books chapter by chapter.
 */
export default function CivilCodeHome() {
  const toc = useRequest(getCivilCodeToc, []);
  const [keyword, setKeyword] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [searching, setSearching] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [openBook, setOpenBook] = useState<string | null>(null);

  async function runSearch(limit = PAGE_SIZE) {
    const q = keyword.trim();
    setProblem(null);
    if (!q) {
      setResult(null);
      return;
    }
    const number = parseArticleNumber(q);
    if (number !== null) {
      if (number > CIVIL_CODE_ARTICLE_COUNT) {
        // The last search's results would read as the answer to this one.
        setResult(null);
        setProblem(`民法典只有 ${CIVIL_CODE_ARTICLE_COUNT} 条，没有第 ${number} 条`);
        return;
      }
      void Taro.navigateTo({ url: CIVIL_CODE_PAGES.article(number) });
      return;
    }
    setSearching(true);
    try {
      const page = await searchPlain(q.slice(0, 100), { kinds: ['article', 'question'], limit });
      if (page.jump !== null && page.items.length <= 1) {
        // "民法典第1043条": the server found an article number inside the words.
        void Taro.navigateTo({ url: CIVIL_CODE_PAGES.article(page.jump) });
        return;
      }
      setResult(page);
    } catch (err) {
      setResult(null);
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
            placeholder='说说您遇到的事，或输入条号'
            maxlength={100}
            confirmType='search'
            onInput={(e) => setKeyword(e.detail.value)}
            onConfirm={() => void runSearch()}
          />
          <View className='law__search-btn' hoverClass='law__search-btn--pressed' ariaRole='button' onClick={() => void runSearch()}>
            查找
          </View>
        </View>
        <View className='law__hint'>用自己的话说就行，比如“邻居家的树砸了我的车”“闺女结婚要彩礼”；输入“第1043条”直接打开这一条。</View>
      </View>

      {problem && <View className='law__note'>{problem}</View>}
      {searching && !result && <View className='law__note'>正在查找…</View>}

      {result ? (
        <SearchResults
          result={result}
          toc={toc.data}
          busy={searching}
          onMore={result.items.length >= PAGE_SIZE && result.items.length < 30 ? () => void runSearch(30) : null}
          onClear={clear}
          onProblem={setProblem}
        />
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

function bookOf(toc: CivilCodeToc | null | undefined, number: number): CivilCodeBook | null {
  const book = toc?.books.find((b) => number >= b.from && number <= b.to)?.book;
  return book && (CIVIL_CODE_BOOKS as readonly string[]).includes(book) ? (book as CivilCodeBook) : null;
}

/** The answering sentence, the matched words in bold (never HTML: the server sends pieces). */
function Sentence({ hit }: { hit: SearchHit }) {
  return (
    <Text>
      {hit.sentence.map((piece, i) =>
        piece.hit ? (
          <Text key={i} className='law__mark'>
            {piece.text}
          </Text>
        ) : (
          piece.text
        ),
      )}
    </Text>
  );
}

function SearchResults(props: {
  result: SearchResult;
  toc: CivilCodeToc | null | undefined;
  busy: boolean;
  onMore: (() => void) | null;
  onClear: () => void;
  onProblem: (message: string) => void;
}) {
  const { result, toc, busy, onMore, onClear, onProblem } = props;
  const articles = result.items.filter((h) => h.kind === 'article');
  const questions = result.items.filter((h) => h.kind === 'question').slice(0, 3);

  function practise(number: number) {
    const book = bookOf(toc, number);
    if (book) void Taro.navigateTo({ url: QUIZ_PAGES.practice(book, number) });
  }

  function ask() {
    // The consultation feature adds this page; until it does, say so instead of failing silently.
    Taro.navigateTo({ url: CONSULT_ASK_PAGE }).catch(() => onProblem('“问一问法律明白人”即将开通，现在可以到乡镇司法所或法律赶大集当面咨询。'));
  }

  return (
    <View className='law__results'>
      {result.weak ? (
        <View className='law__weak'>
          <View className='law__weak-title'>没有找到很对得上的条文</View>
          <View className='law__note'>可以换个说法再查，或者直接问问身边的法律明白人。</View>
          <ActionButton block onClick={ask}>
            问一问法律明白人
          </ActionButton>
        </View>
      ) : (
        <View className='law__section-title'>和您说的事最相关的条文</View>
      )}
      {result.chapter && (
        <View
          className='law__chapter law__chapter--suggested'
          hoverClass='law__chapter--pressed'
          ariaRole='link'
          onClick={() => void Taro.navigateTo({ url: CIVIL_CODE_PAGES.chapter(result.chapter!.book as CivilCodeBook, result.chapter!.index) })}
        >
          <View className='law__chapter-name'>
            可以看看：{result.chapter.book}编 {result.chapter.title}
          </View>
          <View className='law__chapter-range'>
            第{result.chapter.from}–{result.chapter.to}条
          </View>
        </View>
      )}
      {articles.map((hit) => (
        <View key={hit.id} className='law__card law__hit'>
          <View hoverClass='law__card--pressed' ariaRole='link' onClick={() => void Taro.navigateTo({ url: CIVIL_CODE_PAGES.article(hit.number!) })}>
            <View className='law__card-label'>第{hit.number}条</View>
            <View className='law__card-meta'>{hit.where}</View>
            <View className='law__card-text'>
              <Sentence hit={hit} />
            </View>
          </View>
          <View className='law__hit-actions'>
            <ActionButton variant='secondary' size='medium' onClick={() => void Taro.navigateTo({ url: CIVIL_CODE_PAGES.article(hit.number!) })}>
              看全文
            </ActionButton>
            {bookOf(toc, hit.number!) && (
              <ActionButton variant='secondary' size='medium' onClick={() => practise(hit.number!)}>
                相关题目
              </ActionButton>
            )}
          </View>
        </View>
      ))}
      {questions.length > 0 && <View className='law__section-title'>相关练习题</View>}
      {questions.map((hit) => (
        <View
          key={hit.id}
          className='law__card law__hit'
          hoverClass='law__card--pressed'
          ariaRole='link'
          onClick={() => hit.articles[0] !== undefined && practise(hit.articles[0])}
        >
          <View className='law__card-meta'>{hit.where}</View>
          <View className='law__card-text'>{hit.title}</View>
          <View className='law__card-meta'>涉及 {hit.articles.map((n) => `第${n}条`).join('、')} · 点这里练一练</View>
        </View>
      ))}
      <View className='law__more'>
        {onMore && (
          <ActionButton variant='secondary' block busy={busy} onClick={onMore}>
            再多看几条
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

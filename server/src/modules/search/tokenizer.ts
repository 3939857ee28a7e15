import { createRequire } from 'node:module';
import type { Jieba as JiebaType } from '@node-rs/jieba';

/**
 * Chinese segmentation with jieba (@node-rs/jieba: the Rust port with prebuilt binaries), plus a
 * user dictionary of statute terms so that 宅基地, 土地承包经营权, 居住权 stay one word. One
 * instance per process: loading the dictionary takes ~0.25 s and ~10 MB.
 */
const require = createRequire(import.meta.url);
const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
const { dict } = require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict');

/** Statute words that jieba's general dictionary splits; frequencies high enough to win. */
export const STATUTE_TERMS = [
  '宅基地', '宅基地使用权', '土地承包经营权', '土地经营权', '建设用地使用权', '居住权', '地役权', '用益物权', '担保物权',
  '抵押权', '质权', '留置权', '所有权', '共有部分', '建筑区划', '业主大会', '业主委员会', '物业服务人', '维修资金',
  '相邻关系', '不动产', '动产', '林木折断', '饲养的动物', '烈性犬', '抛掷物品', '搁置物', '悬挂物', '堆放物', '窨井',
  '地下设施', '借婚姻索取财物', '夫妻共同财产', '夫妻共同债务', '家庭暴力', '离婚冷静期', '离婚登记', '结婚登记', '抚养费',
  '赡养费', '赡养', '扶养', '抚养', '继承权', '代位继承', '转继承', '遗赠扶养协议', '遗产管理人', '遗嘱执行人',
  '自书遗嘱', '代书遗嘱', '打印遗嘱', '录音录像遗嘱', '口头遗嘱', '公证遗嘱', '无民事行为能力人', '限制民事行为能力人',
  '完全民事行为能力人', '监护人', '被监护人', '诉讼时效', '格式条款', '违约金', '定金', '借款合同', '保证合同', '保证人',
  '租赁合同', '承租人', '出租人', '买卖合同', '赠与合同', '承揽合同', '建设工程合同', '运输合同', '物业服务合同',
  '中介合同', '合伙合同', '不当得利', '无因管理', '精神损害赔偿', '残疾赔偿金', '死亡赔偿金', '医疗费', '护理费',
  '误工', '丧葬费', '安全保障义务', '自甘风险', '正当防卫', '紧急避险', '紧急救助', '肖像权', '名誉权', '隐私权',
  '姓名权', '个人信息', '性骚扰', '人身自由', '人格尊严', '大气污染物', '水污染物', '土壤污染物', '固体废物',
  '有害物质', '机动车', '交通事故', '逃逸', '高度危险', '医疗机构', '医务人员', '拾得遗失物', '遗失物', '埋藏物',
  '非婚生子女', '继子女', '养子女', '孙子女', '外孙子女', '祖父母', '外祖父母', '兄弟姐妹', '近亲属', '集体经济组织',
  '村民委员会', '承包地', '自留地', '自留山', '不动产登记', '转移登记', '抚育', '探望', '婚前财产',
];

export type Tokenizer = ReturnType<typeof createTokenizer>;

/** Full-width digits and letters typed on phones become ASCII; Latin letters lowercase. */
export function normalize(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase();
}

/** A token worth indexing: has a CJK character, letter or digit (punctuation and spaces are not words). */
const WORDLIKE = /[\p{Script=Han}a-z0-9]/u;

export function createTokenizer(extraTerms: readonly string[] = []) {
  const jieba: JiebaType = Jieba.withDict(dict);
  const userDict = [...new Set([...STATUTE_TERMS, ...extraTerms])].map((w) => `${w} 100000 n`).join('\n');
  jieba.loadDict(Buffer.from(userDict, 'utf8'));
  const known = new Set([...STATUTE_TERMS, ...extraTerms]);

  return {
    /** Adds statute words (from lexicon entries added at run time) to the dictionary; jieba only grows. */
    addTerms(words: readonly string[]) {
      const fresh = words.filter((w) => !known.has(w));
      if (fresh.length === 0) return;
      fresh.forEach((w) => known.add(w));
      jieba.loadDict(Buffer.from(fresh.map((w) => `${w} 100000 n`).join('\n'), 'utf8'));
    },

    /** Plain segmentation (no overlapping sub-words), for reading a query. */
    cut(text: string): string[] {
      return jieba.cut(normalize(text), false);
    },

    /**
     * Words of a text for the index and for queries: jieba's search mode (a long word and the
     * words inside it: 土地承包经营权 → 土地, 承包, 经营权, 土地承包经营权), without punctuation.
     */
    words(text: string): string[] {
      return jieba.cutForSearch(normalize(text), false).filter((w) => WORDLIKE.test(w));
    },
  };
}

let shared: Tokenizer | null = null;
/** One jieba per process (its dictionary is ~0.4 s to load); later callers' terms are added to it. */
export function sharedTokenizer(extraTerms: readonly string[] = []): Tokenizer {
  if (!shared) shared = createTokenizer(extraTerms);
  else shared.addTerms(extraTerms);
  return shared;
}

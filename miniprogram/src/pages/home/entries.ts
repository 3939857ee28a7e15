/**
 * The quick-entry tiles on 首页. Tab pages open with switchTab, others with navigateTo.
 * Subpackage pages are opened by their full route.
 */
export interface HomeEntry {
  key: string;
  title: string;
  subtitle: string;
  /** One character shown in the round seal. */
  seal: string;
  url: string;
  isTab: boolean;
}

export const HOME_ENTRIES: readonly HomeEntry[] = [
  { key: 'lectures', title: '法治讲座', subtitle: '查讲座、去报名', seal: '讲', url: '/pages/lectures/index', isTab: true },
  { key: 'quiz', title: '民法典答题', subtitle: '每天答题学法典', seal: '答', url: '/pages/quiz/index', isTab: true },
  { key: 'fairs', title: '法律赶大集', subtitle: '逢集日现场问法', seal: '集', url: '/packages/fairs/pages/index/index', isTab: false },
  { key: 'guide', title: '法治文化导览', subtitle: '公园广场边走边学', seal: '导', url: '/pages/guide/index', isTab: true },
  { key: 'civil-code', title: '民法典查询', subtitle: '按条号、关键词查法条', seal: '典', url: '/packages/civil-code/pages/index/index', isTab: false },
  { key: 'consult', title: '问一问', subtitle: '遇事问问法律明白人', seal: '问', url: '/packages/consult/pages/ask/index', isTab: false },
  { key: 'records', title: '我的学习记录', subtitle: '听过的讲座、答过的题', seal: '记', url: '/packages/lectures/pages/record/index', isTab: false },
];

/** 长辈版's home: the four things older villagers come for. */
export const ELDER_ENTRY_KEYS: readonly string[] = ['lectures', 'quiz', 'civil-code', 'consult'];

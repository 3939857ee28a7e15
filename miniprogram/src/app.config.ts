import { nativeColor } from './theme/tokens';

/**
 * Pages: the five tabs live in the main package, plus small shared pages. Later features add
 * subpackages (subPackages: [{ root: 'packages/<feature>', pages: [...] }]) to keep the main
 * package under its size budget.
 */
const tab = (page: string, text: string) => ({
  pagePath: `pages/${page}/index`,
  text,
  iconPath: `assets/tabbar/${page}.png`,
  selectedIconPath: `assets/tabbar/${page}-active.png`,
});

export default defineAppConfig({
  pages: ['pages/home/index', 'pages/lectures/index', 'pages/quiz/index', 'pages/guide/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/civil-code', pages: ['pages/index/index', 'pages/article/index', 'pages/chapter/index'] },
    { root: 'packages/quiz-bank', pages: ['pages/list/index', 'pages/edit/index', 'pages/import/index', 'pages/reports/index'] },
    {
      root: 'packages/quiz',
      pages: [
        'pages/daily/index',
        'pages/practice/index',
        'pages/wrongbook/index',
        'pages/campaign/index',
        'pages/attempt/index',
        'pages/certificate/index',
        'pages/verify/index',
        'pages/campaign-new/index',
        'pages/weakspots/index',
        'pages/reports/index',
      ],
    },
    {
      root: 'packages/fairs',
      pages: ['pages/index/index', 'pages/fair/index', 'pages/market-form/index', 'pages/plan/index', 'pages/record/index', 'pages/report/index'],
    },
    { root: 'packages/guide', pages: ['pages/site/index', 'pages/point/index', 'pages/point-form/index', 'pages/site-form/index'] },
    {
      root: 'packages/content',
      pages: ['pages/post/index', 'pages/manage/index', 'pages/editor/index', 'pages/preview/index', 'pages/audit/index', 'pages/report/index'],
    },
    { root: 'packages/lectures', pages: ['pages/detail/index', 'pages/checkin/index', 'pages/record/index'] },
    { root: 'packages/lecture-checks', pages: ['pages/check/index', 'pages/lecture/index', 'pages/report/index'] },
    { root: 'packages/people', pages: ['pages/index/index'] },
    { root: 'packages/common', pages: ['pages/not-found/index'] },
    { root: 'packages/consult', pages: ['pages/ask/index', 'pages/mine/index', 'pages/thread/index', 'pages/queue/index', 'pages/faq/index', 'pages/faq-edit/index', 'pages/dashboard/index'] },
    { root: 'packages/ledger', pages: ['pages/mine/index', 'pages/record/index', 'pages/township/index', 'pages/rules/index'] },
    { root: 'packages/hot-topics', pages: ['pages/index/index'] },
    { root: 'packages/roster', pages: ['pages/index/index', 'pages/person/index', 'pages/import/index'] },
    { root: 'packages/privacy', pages: ['pages/index/index'] },
    { root: 'packages/workbench', pages: ['pages/index/index', 'pages/form/index', 'pages/checkin/index', 'pages/held/index', 'pages/overview/index'] },
  ],
  window: {
    navigationBarBackgroundColor: nativeColor('--qf-brand'),
    navigationBarTitleText: '清丰普法',
    navigationBarTextStyle: 'white',
    backgroundColor: nativeColor('--qf-page'),
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    // Drawn by src/custom-tab-bar in WeChat (labels of 16 px in 长辈版); the list stays complete,
    // as WeChat requires. Only there: Taro's H5 build would hide its own tab bar and draw none.
    custom: process.env.TARO_ENV === 'weapp',
    color: nativeColor('--qf-text-muted'),
    selectedColor: nativeColor('--qf-brand'),
    backgroundColor: nativeColor('--qf-surface'),
    borderStyle: 'black',
    list: [tab('home', '首页'), tab('lectures', '讲座'), tab('quiz', '答题'), tab('guide', '导览'), tab('me', '我的')],
  },
  // 打卡 at a guide point and picking a market's place ask for the location, only when tapped.
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '打卡时确认您到了法治文化阵地的点位；位置只用来计算距离，不保存' },
  },
  // Inject only the components a page uses (WeChat's code-quality scan requires it).
  lazyCodeLoading: 'requiredComponents',
  // 听 in WeChat: the 同声传译 plugin, declared only when the build asks for it (TARO_APP_WECHAT_SI=1),
  // because a plugin needs the mini-program's real AppID to be added in the WeChat console first.
  ...(process.env.TARO_APP_WECHAT_SI === '1' ? { plugins: { WechatSI: { version: '0.3.5', provider: 'wx069ba97219f66d99' } } } : {}),
});

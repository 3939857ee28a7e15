import Taro from '@tarojs/taro';
import { CoverImage, CoverView } from '@tarojs/components';
import { useDisplayMode } from '../services/display-mode';
import '../theme/tab-bar.css';
import './index.css';

/**
 * WeChat's tab bar, drawn by us (tabBar.custom in app.config.ts): the native one cannot be made
 * bigger, and 长辈版 needs labels of 16 px and taller targets. WeChat makes one of these per tab
 * page, so each knows its tab from the page it sits on. (The H5 build keeps Taro's own tab bar,
 * sized in app.css.)
 */
const TABS = [
  { page: 'home', text: '首页' },
  { page: 'lectures', text: '讲座' },
  { page: 'quiz', text: '答题' },
  { page: 'guide', text: '导览' },
  { page: 'me', text: '我的' },
];

export default function CustomTabBar() {
  const elder = useDisplayMode() === 'elder';
  const route = Taro.getCurrentPages().at(-1)?.route ?? '';
  return (
    <CoverView className={`tabbar ${elder ? 'tabbar--elder' : ''}`}>
      {TABS.map((t) => {
        const on = route === `pages/${t.page}/index`;
        return (
          <CoverView key={t.page} className='tabbar__item' ariaRole='tab' ariaLabel={t.text} onClick={() => void Taro.switchTab({ url: `/pages/${t.page}/index` })}>
            <CoverImage className='tabbar__icon' src={`/assets/tabbar/${t.page}${on ? '-active' : ''}.png`} />
            <CoverView className={`tabbar__text ${on ? 'tabbar__text--on' : ''}`}>{t.text}</CoverView>
          </CoverView>
        );
      })}
    </CoverView>
  );
}

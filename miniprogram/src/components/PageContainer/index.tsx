import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { useSession } from '../../hooks/useSession';
import { pageScale, useDisplayMode } from '../../services/display-mode';
import type { ApiError } from '../../services/http';
import { signIn } from '../../services/session';
import { ActionButton } from '../ActionButton';
import './index.css';

export interface PageContainerProps {
  children?: ReactNode;
  /** The page's own data is loading (first load; keep showing content on refreshes). */
  loading?: boolean;
  /** The page's own request failed; shown with a 重试 button calling onRetry. */
  error?: ApiError | null;
  onRetry?: () => void;
  /** Nothing to show: emptyText (and emptyAction) instead of children. */
  empty?: boolean;
  emptyText?: string;
  emptyAction?: ReactNode;
  /** Pages that work without a user (public schedules) pass false. */
  requireLogin?: boolean;
  className?: string;
  /** A header with the page's name (and a line under it), for pages that have no header of their own. */
  title?: string;
  subtitle?: string;
}

/** The tab pages: WeChat's tab bar is their way around; every other page gets a way back on H5. */
const TAB_PAGES = ['pages/home/index', 'pages/lectures/index', 'pages/quiz/index', 'pages/guide/index', 'pages/me/index'];
const HOME = '/pages/home/index';

function currentPath(): string {
  return (Taro.getCurrentInstance().router?.path ?? '').replace(/^\//, '').split('?')[0] ?? '';
}

/** Back to the page before; opened straight from an address (nothing before it), back to 首页. */
export function goBack() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: HOME });
}

/**
 * In WeChat every non-tab page has the system's back arrow in its title bar; the H5 build has no
 * title bar, so such pages get a 返回 bar of their own.
 */
function BackBar() {
  if (process.env.TARO_ENV !== 'h5') return null;
  const path = currentPath();
  if (!path || TAB_PAGES.includes(path)) return null;
  return (
    <View className='qf-back' ariaRole='navigation'>
      <View className='qf-back__button' hoverClass='qf-back__button--pressed' ariaRole='button' ariaLabel='返回上一页' onClick={goBack}>
        <View className='qf-back__arrow'>‹</View>
        <View>返回</View>
      </View>
    </View>
  );
}

/**
 * The frame of every page. It owns the states every page has, in this order: signing in, sign-in
 * failed (with 重新登录), loading, error (with 重试), empty, content. Pages pass their request state
 * and render only the happy path.
 */
export function PageContainer({ children, loading, error, onRetry, empty, emptyText, emptyAction, requireLogin = true, className, title, subtitle }: PageContainerProps) {
  const session = useSession();
  const mode = useDisplayMode();
  const scale = pageScale(mode);
  return (
    <View className={`qf-page ${mode === 'elder' ? 'qf-elder' : ''} ${className ?? ''}`} style={scale !== 1 ? { zoom: scale } : undefined}>
      <BackBar />
      {title && (
        <View className='qf-head'>
          <View className='qf-head__title'>{title}</View>
          {subtitle && <View className='qf-head__sub'>{subtitle}</View>}
        </View>
      )}
      {renderBody()}
    </View>
  );

  function renderBody() {
    if (requireLogin && !session.user) {
      if (session.status === 'closed') {
        return (
          <StateMessage title='账号已注销' text='您的个人信息已删除。想继续使用，可以作为新用户重新开始。'>
            <ActionButton onClick={() => void signIn().catch(() => undefined)}>以新用户身份重新开始</ActionButton>
          </StateMessage>
        );
      }
      if (session.status === 'failed') {
        return (
          <StateMessage title='登录没有成功' text={session.error?.message ?? '请检查网络后重新登录'}>
            <ActionButton onClick={() => void signIn().catch(() => undefined)}>重新登录</ActionButton>
          </StateMessage>
        );
      }
      return <StateMessage title='正在登录…' busy />;
    }
    if (error) {
      return (
        <StateMessage title='没能加载出来' text={error.message}>
          {onRetry && <ActionButton onClick={onRetry}>重试</ActionButton>}
        </StateMessage>
      );
    }
    if (loading) return <StateMessage title='正在加载…' busy />;
    if (empty) return <StateMessage title={emptyText ?? '这里还没有内容'}>{emptyAction}</StateMessage>;
    return children;
  }
}

function StateMessage({ title, text, busy, children }: { title: string; text?: string; busy?: boolean; children?: ReactNode }) {
  return (
    <View className='qf-state' ariaRole={busy ? 'status' : 'alert'}>
      {busy && <View className='qf-state__spinner' />}
      <View className='qf-state__title'>{title}</View>
      {text && <View className='qf-state__text'>{text}</View>}
      {children && <View className='qf-state__actions'>{children}</View>}
    </View>
  );
}

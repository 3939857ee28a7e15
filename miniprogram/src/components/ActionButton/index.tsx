import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.css';

export interface ActionButtonProps {
  children: ReactNode;
  onClick?: () => void;
  /** primary: red fill (one per screen); secondary: red outline; plain: text-like. */
  variant?: 'primary' | 'secondary' | 'plain';
  size?: 'large' | 'medium';
  disabled?: boolean;
  /** Shows 请稍候 and ignores taps, for submit buttons. */
  busy?: boolean;
  block?: boolean;
  className?: string;
}

/**
 * A large, high-contrast button (at least 88rpx tall). Taro's <Button> carries WeChat's own
 * borders and sizes that are hard to override, so this is a View with a tap highlight.
 */
export function ActionButton({ children, onClick, variant = 'primary', size = 'large', disabled, busy, block, className }: ActionButtonProps) {
  const inactive = disabled || busy;
  const classes = ['qf-btn', `qf-btn--${variant}`, `qf-btn--${size}`, block ? 'qf-btn--block' : '', inactive ? 'qf-btn--disabled' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <View
      className={classes}
      hoverClass={inactive ? 'none' : 'qf-btn--pressed'}
      ariaRole='button'
      onClick={inactive ? undefined : onClick}
    >
      {busy ? '请稍候…' : children}
    </View>
  );
}

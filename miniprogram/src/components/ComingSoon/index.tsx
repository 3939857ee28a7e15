import { View } from '@tarojs/components';
import './index.css';

export interface ComingSoonProps {
  title: string;
  /** One or two plain sentences on what the feature will do. */
  description: string;
  /** One character for the round seal; defaults to the title's first. */
  seal?: string;
}

/** Placeholder for features still being built: says so plainly and what is coming. */
export function ComingSoon({ title, description, seal }: ComingSoonProps) {
  return (
    <View className='qf-soon'>
      <View className='qf-soon__seal'>{seal ?? title.slice(0, 1)}</View>
      <View className='qf-soon__title'>{title}</View>
      <View className='qf-soon__badge'>功能建设中</View>
      <View className='qf-soon__text'>{description}</View>
    </View>
  );
}

import { Text } from '@tarojs/components';

/** The text with every search word marked, for result lists. */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  const words = terms.filter(Boolean);
  if (words.length === 0) return <Text>{text}</Text>;
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  const parts = text.split(pattern);
  return (
    <Text>
      {parts.map((part, i) =>
        words.includes(part) ? (
          <Text key={i} className='law__mark'>
            {part}
          </Text>
        ) : (
          part
        ),
      )}
    </Text>
  );
}

import { View } from '@tarojs/components';
import { QUESTION_TYPE_LABELS, type AnswerReview, type OptionLetter, type QuestionForAnswering } from '@qf/shared';
import { ReadAloud } from '../../../components/ReadAloud';
import { checked } from '../../../components/a11y';

export interface QuestionCardProps {
  index?: number;
  total?: number;
  question: QuestionForAnswering | AnswerReview;
  chosen: readonly OptionLetter[];
  onChange?: (letters: OptionLetter[]) => void;
  /** After answering: marks the right options and the person's wrong picks. */
  review?: AnswerReview | null;
  /** 听题: read this question aloud now (the page picks the first one not yet answered). */
  readAloud?: boolean;
}

/**
 * One question with large option rows. Single-choice and true/false questions take one letter
 * (tapping another replaces it); multiple-choice questions toggle letters.
 */
export function QuestionCard({ index, total, question, chosen, onChange, review, readAloud = false }: QuestionCardProps) {
  const multiple = question.type === 'multiple';
  const locked = !!review || !onChange;

  function tap(key: OptionLetter) {
    if (locked) return;
    if (!multiple) return onChange?.([key]);
    onChange?.(chosen.includes(key) ? chosen.filter((k) => k !== key) : [...chosen, key].sort());
  }

  return (
    <View className='quiz-q'>
      <View className='quiz-q__meta'>
        {index !== undefined && (
          <View className='quiz-q__no'>
            第 {index + 1}
            {total ? ` / ${total}` : ''} 题
          </View>
        )}
        <View className={`quiz-q__type quiz-q__type--${question.type}`}>{QUESTION_TYPE_LABELS[question.type]}</View>
      </View>
      <View className='quiz-q__stem'>{question.stem}</View>
      <ReadAloud text={`${question.stem}。${question.options.map((o) => `${o.key}，${o.text}`).join('。')}`} label='听题' autoStart={readAloud} />
      {multiple && !locked && <View className='quiz-q__hint'>可以选多个，全部选对才得分</View>}
      <View className='quiz-q__options'>
        {question.options.map((o) => {
          const picked = chosen.includes(o.key);
          const right = review?.correct.includes(o.key);
          const state = review ? (right ? 'right' : picked ? 'wrong' : 'idle') : picked ? 'picked' : 'idle';
          return (
            <View
              key={o.key}
              className={`quiz-opt quiz-opt--${state}`}
              hoverClass={locked ? 'none' : 'quiz-opt--pressed'}
              ariaRole={multiple ? 'checkbox' : 'radio'} {...checked(picked)}
              ariaLabel={`${o.key}、${o.text}${picked ? '，已选' : ''}`}
              onClick={() => tap(o.key)}
            >
              <View className='quiz-opt__key'>{o.key}</View>
              <View className='quiz-opt__text'>{o.text}</View>
              {review && right && <View className='quiz-opt__mark'>✓</View>}
              {review && !right && picked && <View className='quiz-opt__mark'>✗</View>}
            </View>
          );
        })}
      </View>
    </View>
  );
}

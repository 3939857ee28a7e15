import { ApiError } from '../../../services/http';

const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  summary: '摘要',
  body: '正文',
  lyrics: '唱词',
  coverId: '封面',
  mediaId: '媒体文件',
  tags: '专题标签',
  channel: '六进渠道',
  townshipCodes: '目标乡镇',
  publishAt: '发布时间',
};

/** "body.townshipCodes.0" → "目标乡镇". */
function fieldLabel(field: string) {
  const key = field.replace(/^body\./, '').split('.')[0] ?? field;
  return FIELD_LABELS[key] ?? field;
}

/** An API error in plain words, naming the form field it is about. */
export function explain(err: unknown): string {
  if (err instanceof ApiError) {
    const first = (Array.isArray(err.details) ? err.details[0] : null) as { field?: string; message?: string } | null;
    if (first?.field && first.message) return `${fieldLabel(first.field)}：${first.message}`;
    return err.message;
  }
  return '出了点问题，请稍后重试';
}


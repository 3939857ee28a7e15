import type { HotTopicBoard } from '@qf/shared';
import { request } from './http';

export const HOT_TOPICS_PAGE = '/packages/hot-topics/pages/index/index';

export const getHotTopics = (townshipCode: string, month?: string) => request<HotTopicBoard>('GET', '/hot-topics', { query: { townshipCode, month } });

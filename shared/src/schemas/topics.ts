import { z } from 'zod';
import { CIVIL_CODE_BOOKS, OUTREACH_CHANNELS } from '../data/topics';

export const CivilCodeBook = z.enum(CIVIL_CODE_BOOKS);
export type CivilCodeBook = z.infer<typeof CivilCodeBook>;

export const TopicTag = z.string().trim().min(1, '标签不能为空').max(20, '标签不能超过 20 个字');
export const TopicTags = z.array(TopicTag).max(10, '最多 10 个标签');

export const OutreachChannel = z.enum(OUTREACH_CHANNELS);
export type OutreachChannel = z.infer<typeof OutreachChannel>;

import { CIVIL_CODE_BOOKS } from './topics';

/** The seven books plus the closing provisions (附则, articles 1259–1260). */
export const CIVIL_CODE_DIVISIONS = [...CIVIL_CODE_BOOKS, '附则'] as const;

export const CIVIL_CODE_ARTICLE_COUNT = 1260;
export const CONSTITUTION_ARTICLE_COUNT = 143;

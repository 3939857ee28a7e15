import type { SeedQuestion } from './builders';
import { ZONGZE } from './bank/zongze';

export type { SeedQuestion } from './builders';

/**
 * The seed question bank, written for this project (not copied from any other bank). Seeded into
 * the database by id, idempotently, the first time the bank is used (questions.service.ts).
 */
export const SEED_QUESTIONS: readonly SeedQuestion[] = [...ZONGZE];

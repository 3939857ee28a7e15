import type { SeedQuestion } from './builders';
import { ZONGZE } from './bank/zongze';
import { WUQUAN } from './bank/wuquan';
import { HETONG } from './bank/hetong';
import { RENGEQUAN } from './bank/rengequan';
import { HUNYIN } from './bank/hunyin';
import { JICHENG } from './bank/jicheng';
import { QINQUAN } from './bank/qinquan';

export type { SeedQuestion } from './builders';

/**
 * The seed question bank, written for this project (not copied from any other bank). Seeded into
 * the database by id, idempotently, when the server starts (seeders) or the bank is first used.
 */
export const SEED_QUESTIONS: readonly SeedQuestion[] = [...ZONGZE, ...WUQUAN, ...HETONG, ...RENGEQUAN, ...HUNYIN, ...JICHENG, ...QINQUAN];

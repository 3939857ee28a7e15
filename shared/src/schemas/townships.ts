import { z } from 'zod';
import { TOWNSHIP_CODES } from '../data/townships';

export const TownshipCodeSchema = z.enum(TOWNSHIP_CODES, { message: '不是清丰县的乡镇代码' });

export const Township = z.object({
  code: TownshipCodeSchema,
  name: z.string(),
  kind: z.enum(['镇', '乡']),
});
export type Township = z.infer<typeof Township>;

export const TownshipList = z.object({ items: z.array(Township) });

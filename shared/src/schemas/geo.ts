import { z } from 'zod';

/**
 * A point in GCJ-02 (the datum WeChat maps use). Bounded to China's extent so that swapped or
 * made-up coordinates are refused at the door.
 */
export const GeoPoint = z.strictObject({
  latitude: z.number().min(3.8, '纬度不在中国境内').max(53.6, '纬度不在中国境内'),
  longitude: z.number().min(73.5, '经度不在中国境内').max(135.1, '经度不在中国境内'),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

import mongoose from 'mongoose';

/**
 * sanitizeFilter is on (db/connect.ts): operator objects ({ $in: … }) in a filter built from
 * validated values must be marked trusted, one field at a time. Values from a request must have
 * been validated by the route's schema before they reach a filter built here.
 */
export function trusted(filter: Record<string, unknown>): never {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    const isOperator = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof mongoose.Types.ObjectId) && Object.keys(value).some((k) => k.startsWith('$'));
    out[key] = isOperator ? mongoose.trusted(value) : value;
  }
  return out as never;
}

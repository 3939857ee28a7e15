import mongoose from 'mongoose';

export type ObjectId = mongoose.Types.ObjectId;

/**
 * An ObjectId from an id our routes have already validated (the shared `Id` schema) or our own code
 * stored. Throws on anything else: use `parseId` for a value nobody checked.
 */
export function oid(id: string): ObjectId {
  return new mongoose.Types.ObjectId(id);
}

/** An ObjectId from a value nobody checked yet (a token's subject, a header), or null. */
export function parseId(id: unknown): ObjectId | null {
  if (typeof id !== 'string' || !mongoose.isValidObjectId(id)) return null;
  return new mongoose.Types.ObjectId(id);
}

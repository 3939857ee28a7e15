import mongoose, { type Model, type Types } from 'mongoose';

/**
 * Reads one document by its `_id` (a string we built, or an ObjectId) straight through the driver,
 * as `findById(id).lean()` would return it. For the hot paths only (quiz submission, the signed-in
 * user): mongoose's query machinery (building, casting, middleware) cost ~70 µs of CPU a read on
 * top of the driver's ~180 µs, measured against FerretDB, and a submission makes several reads.
 * The id is a value, never a filter from a request, so there is nothing for `sanitizeFilter` to guard.
 */
export async function readById<T>(model: Model<any>, id: string | Types.ObjectId): Promise<T | null> {
  if (typeof id !== 'string' && !(id instanceof mongoose.Types.ObjectId)) throw new TypeError(`${model.modelName}: _id must be a string or an ObjectId`);
  return (await model.collection.findOne({ _id: id as never })) as T | null;
}

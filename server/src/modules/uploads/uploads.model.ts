import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const uploadSchema = new Schema(
  {
    _id: { type: String },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['image', 'audio', 'video'], required: true },
    mime: { type: String, required: true },
    size: { type: Number, required: true },
    storageKey: { type: String, required: true },
  },
  { timestamps: true },
);

export type UploadDoc = InferSchemaType<typeof uploadSchema> & { _id: string; createdAt: Date };
export const UploadModel = mongoose.model('Upload', uploadSchema);

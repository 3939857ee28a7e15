import mongoose, { Schema } from 'mongoose';

/**
 * A claim on one day's backup: `_id` is `backup:<county date>`, so of several instances reaching the
 * hour at once exactly one inserts it (the rest get E11000) and takes that day's backup.
 */
const backupClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    host: { type: String, required: true },
  },
  { versionKey: false },
);
export const BackupClaimModel = mongoose.model('OpsBackupClaim', backupClaimSchema, 'ops_backup_claims');

import mongoose from 'mongoose';
import { countyDate, type Me, type ViewResult } from '@qf/shared';
import { NotFoundError } from '../../http/errors';
import { isDuplicateKey } from '../../db/unique';
import { oid } from './content.common';
import { Post, PostCounter, PostView, type PostDoc } from './content.model';

/** Counting views: one a person a county day, and the periodic exact recount. */
export function createContentViews(deps: { clock: () => Date }) {
  const { clock } = deps;
  return {
    /** Counts a view once per person per county day (the view's _id is post:user:day). */
    async recordView(actor: Me, id: string): Promise<ViewResult> {
      const post = await Post.findById(id).lean<PostDoc>();
      if (!post || post.status !== 'published') throw new NotFoundError('找不到该内容或已撤回');
      const date = countyDate(clock());
      try {
        await PostView.create({ _id: `${id}:${actor.id}:${date}`, postId: post._id, userId: oid(actor.id), date, townshipCode: actor.townshipCode, channel: post.channel });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const counter = await PostCounter.findById(id).lean<{ views: number }>();
        return { counted: false, viewCount: counter?.views ?? 0 };
      }
      const bump = () => PostCounter.findOneAndUpdate({ _id: id }, { $inc: { views: 1 } }, { upsert: true, returnDocument: 'after' }).lean<{ views: number }>();
      let counter;
      try {
        counter = await bump();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        counter = await bump(); // two first views raced to create the counter
      }
      return { counted: true, viewCount: counter?.views ?? 1 };
    },

    /**
     * Sets each post's displayed view count from the view records. The quick $inc on each view can
     * lose increments when many arrive at once on FerretDB; this periodic pass makes the count exact.
     */
    async recountViews(): Promise<void> {
      const counts = await PostView.aggregate<{ _id: mongoose.Types.ObjectId; views: number }>([{ $group: { _id: '$postId', views: { $sum: 1 } } }]);
      for (const c of counts) await PostCounter.updateOne({ _id: String(c._id) }, { $set: { views: c.views } }, { upsert: true });
    },
  };
}

export type ContentViews = ReturnType<typeof createContentViews>;

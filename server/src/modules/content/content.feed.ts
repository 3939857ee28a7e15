import type { FeedItem, FeedPage, FeedQuery, Me, OutreachChannel, PostType, PublicPost } from '@qf/shared';
import { NotFoundError } from '../../http/errors';
import { createTtlCache } from '../../lib/ttl-cache';
import { iso, mediaRef, viewsOf } from './content.common';
import { Post, PostCounter, type PostDoc } from './content.model';

export interface ContentFeedDeps {
  /** How long the public feed may be served from memory (ms). */
  feedCacheMs?: number;
}

/** What the feed keeps in memory per published post. */
interface FeedEntry {
  item: FeedItem;
  scope: string;
  townshipCodes: string[];
  /** Lower-cased title, summary, tags and text, for the keyword search. */
  haystack: string;
  publishedAtMs: number;
}

function toFeedEntry(doc: PostDoc, views = 0): FeedEntry {
  const item: FeedItem = {
    id: doc._id.toString(),
    type: doc.type as PostType,
    title: doc.title,
    summary: doc.summary ?? '',
    cover: mediaRef(doc.thumbId, 'image', doc.thumbMime),
    tags: doc.tags ?? [],
    channel: doc.channel as OutreachChannel,
    pinned: !!doc.pinned,
    publishedAt: iso(doc.publishedAt ?? doc.updatedAt)!,
    viewCount: views,
  };
  return {
    item,
    scope: doc.scope,
    townshipCodes: doc.townshipCodes ?? [],
    haystack: [doc.title, doc.summary, (doc.tags ?? []).join(' '), (doc.bodyText ?? '').slice(0, 5000), (doc.lyrics ?? '').slice(0, 2000)].join('\n').toLowerCase(),
    publishedAtMs: (doc.publishedAt ?? doc.updatedAt).getTime(),
  };
}

function toPublicPost(doc: PostDoc, views = 0): PublicPost {
  const base = {
    id: doc._id.toString(),
    type: doc.type as PostType,
    title: doc.title,
    tags: doc.tags ?? [],
    channel: doc.channel as OutreachChannel,
    authorName: doc.authorName,
    viewCount: views,
  };
  if (doc.status === 'withdrawn') {
    return { ...base, status: 'withdrawn', summary: '', body: '', lyrics: '', cover: null, media: null, publishedAt: null };
  }
  return {
    ...base,
    status: 'published',
    summary: doc.summary ?? '',
    body: doc.bodyHtml ?? '',
    lyrics: doc.lyrics ?? '',
    cover: mediaRef(doc.coverId, 'image', doc.coverMime),
    media: mediaRef(doc.mediaId, doc.mediaKind, doc.mediaMime),
    publishedAt: iso(doc.publishedAt),
  };
}

/** What residents read: the feed of published posts and a post's page. */
export function createContentFeed(deps: ContentFeedDeps = {}) {
  const feedCacheMs = deps.feedCacheMs ?? 15_000;

  // FerretDB scans every filter but _id, so the published list is read once per short interval and
  // filtered here. Publishing, withdrawing and pinning on this instance drop it at once; other
  // instances see the change within feedCacheMs. `stretch: false`: the list is kept feedCacheMs
  // however long it took to read, since other instances' changes must show within that time.
  const cache = createTtlCache<FeedEntry[]>(feedCacheMs, Date.now, { stretch: false });
  const PUBLISHED = 'published';

  function publishedEntries(): Promise<FeedEntry[]> {
    return cache.get(PUBLISHED, async () => {
      const docs = await Post.find({ status: 'published' }).lean<PostDoc[]>();
      const views = await viewsOf(docs.map((d) => d._id));
      return docs.map((d) => toFeedEntry(d, views.get(d._id.toString()))).sort((a, b) => Number(b.item.pinned) - Number(a.item.pinned) || b.publishedAtMs - a.publishedAtMs);
    });
  }

  return {
    /** This instance changed what is published: the next reader waits for a fresh list. */
    invalidateFeed() {
      cache.delete(PUBLISHED);
    },

    async feed(actor: Me | undefined, query: FeedQuery): Promise<FeedPage> {
      const township = query.townshipCode ?? actor?.townshipCode ?? null;
      const keyword = query.q?.toLowerCase();
      const matching = (await publishedEntries()).filter(
        (e) =>
          (e.scope === 'county' || (township !== null && e.townshipCodes.includes(township))) &&
          (!query.type || e.item.type === query.type) &&
          (!query.channel || e.item.channel === query.channel) &&
          (!query.tag || e.item.tags.includes(query.tag)) &&
          (!keyword || e.haystack.includes(keyword)),
      );
      return { items: matching.slice(query.offset, query.offset + query.limit).map((e) => e.item), total: matching.length, limit: query.limit, offset: query.offset };
    },

    async getPublic(id: string): Promise<PublicPost> {
      const post = await Post.findById(id).lean<PostDoc>();
      if (!post || (post.status !== 'published' && post.status !== 'withdrawn')) throw new NotFoundError('找不到该内容');
      const counter = await PostCounter.findById(id).lean<{ views: number }>();
      return toPublicPost(post, counter?.views ?? 0);
    },
  };
}

export type ContentFeed = ReturnType<typeof createContentFeed>;

import mongoose from 'mongoose';
import { OUTREACH_CHANNELS, TOWNSHIPS, type AuditAction, type AuditEntry, type AuditQuery, type OutreachChannel, type PostType, type ViewReport, type ViewReportQuery } from '@qf/shared';
import { iso, oid } from './content.common';
import { ContentAudit, Post, PostView, type AuditDoc, type PostDoc } from './content.model';

/** The county admin's reports: who did what to which post, and who read what where. */
export function createContentReports() {
  return {
    async auditLog(query: AuditQuery) {
      const filter = query.postId ? { postId: oid(query.postId) } : {};
      const [docs, total] = await Promise.all([
        ContentAudit.find(filter).sort({ at: -1, _id: -1 }).skip(query.offset).limit(query.limit).lean<AuditDoc[]>(),
        ContentAudit.countDocuments(filter),
      ]);
      const items: AuditEntry[] = docs.map((d) => ({
        id: d._id.toString(),
        postId: d.postId.toString(),
        postTitle: d.postTitle,
        action: d.action as AuditAction,
        actorId: d.actorId ? d.actorId.toString() : null,
        actorName: d.actorName,
        note: d.note ?? '',
        at: iso(d.at)!,
      }));
      return { items, total, limit: query.limit, offset: query.offset };
    },

    /**
     * Views per post, per 法律六进 channel and per township (the viewer's township when they viewed),
     * each person counted once per day. The Excel export calls this too.
     */
    async viewReport(query: ViewReportQuery = {}): Promise<ViewReport> {
      const range: Record<string, string> = {};
      if (query.from) range.$gte = query.from;
      if (query.to) range.$lte = query.to;
      const match = Object.keys(range).length ? [{ $match: { date: range } }] : [];
      const group = async (key: string) =>
        PostView.aggregate<{ _id: unknown; views: number }>([...match, { $group: { _id: `$${key}`, views: { $sum: 1 } } }]);
      const [byPostRaw, byChannelRaw, byTownshipRaw] = await Promise.all([group('postId'), group('channel'), group('townshipCode')]);

      const posts = byPostRaw.length
        ? await Post.find({ _id: mongoose.trusted({ $in: byPostRaw.map((r) => r._id) }) }).select({ title: 1, type: 1, channel: 1 }).lean<PostDoc[]>()
        : [];
      const postById = new Map(posts.map((p) => [p._id.toString(), p]));
      const byPost = byPostRaw
        .map((r) => {
          const p = postById.get(String(r._id));
          return p ? { postId: String(r._id), title: p.title, type: p.type as PostType, channel: p.channel as OutreachChannel, views: r.views } : null;
        })
        .filter((r): r is NonNullable<typeof r> => r !== null)
        .sort((a, b) => b.views - a.views || a.title.localeCompare(b.title));

      const channelViews = new Map(byChannelRaw.map((r) => [String(r._id), r.views]));
      const byChannel = OUTREACH_CHANNELS.map((channel) => ({ channel, views: channelViews.get(channel) ?? 0 }));

      const townshipViews = new Map(byTownshipRaw.map((r) => [r._id === null || r._id === undefined ? null : String(r._id), r.views]));
      const byTownship: ViewReport['byTownship'] = TOWNSHIPS.map((t) => ({ townshipCode: t.code, townshipName: t.name, views: townshipViews.get(t.code) ?? 0 }));
      const unknown = townshipViews.get(null) ?? 0;
      if (unknown) byTownship.push({ townshipCode: null, townshipName: '未填写乡镇', views: unknown });

      return { byPost, byChannel, byTownship, total: byChannelRaw.reduce((sum, r) => sum + r.views, 0) };
    },
  };
}

export type ContentReports = ReturnType<typeof createContentReports>;

import mongoose from 'mongoose';
import { cleanArticle } from './content.sanitize';
import { Post } from './content.model';
import { isDuplicateKey } from '../../db/unique';

/**
 * SAMPLE posts, so the 首页 feed is not empty on a fresh `npm start`. They are general, well-known
 * points of law written for residents, but they are marked as samples (title 【示例】, tag 示例, author
 * 示例) for the county to replace. Fixed ids make the seed idempotent across restarts and instances;
 * a sample staff withdrew or edited is left as it is.
 */
const AUTHOR_ID = new mongoose.Types.ObjectId('5c0000000000000000000000');
const AUTHOR = '县司法局（示例）';

const SAMPLES = [
  {
    id: '5c0000000000000000000001',
    title: '【示例】借钱给亲戚，借条怎么写',
    summary: '写清楚谁借、借多少、什么时候还，双方签名按手印',
    body: '<p>亲戚朋友之间借钱，最好写一张借条。</p><h3>借条要写清楚</h3><ul><li>出借人和借款人的姓名、身份证号</li><li>借款金额，大写和小写都写</li><li>还款日期，有没有利息</li><li>借款人签名、按手印，写上日期</li></ul><p>《民法典》规定，借款合同对支付利息没有约定的，视为没有利息。借条要收好，要钱的时效一般是三年。</p><p>（示例内容：由县司法局替换为正式稿件。）</p>',
    tags: ['借款', '示例'],
    channel: '乡村',
  },
  {
    id: '5c0000000000000000000002',
    title: '【示例】老人赡养，子女不能推',
    summary: '成年子女对父母有赡养、扶助和保护的义务',
    body: '<p>《民法典》规定：成年子女对父母负有赡养、扶助和保护的义务。</p><p>子女不履行赡养义务的，缺乏劳动能力或者生活困难的父母，有要求成年子女给付赡养费的权利。</p><p>家里有了矛盾，可以先找村里的人民调解员，也可以到乡镇司法所咨询。</p><p>（示例内容：由县司法局替换为正式稿件。）</p>',
    tags: ['赡养', '示例'],
    channel: '乡村',
  },
  {
    id: '5c0000000000000000000003',
    title: '【示例】承包地，发包方不能随便收回',
    summary: '承包期内，发包方不得收回承包地',
    body: '<p>农村土地承包经营权受法律保护。承包期内，发包方不得收回承包地，也不得随意调整承包地。</p><p>承包户可以依法互换、转让土地承包经营权，也可以出租、入股土地经营权。</p><p>（示例内容：由县司法局替换为正式稿件。）</p>',
    tags: ['土地承包', '示例'],
    channel: '乡村',
  },
] as const;

export async function seedSamplePosts(now: Date): Promise<void> {
  for (const [i, sample] of SAMPLES.entries()) {
    const _id = new mongoose.Types.ObjectId(sample.id);
    if (await Post.exists({ _id })) continue;
    const article = cleanArticle(sample.body);
    // Published a little apart, so the feed's order is the list's order.
    const publishedAt = new Date(now.getTime() - i * 60_000);
    try {
      await Post.create({
        _id,
        authorId: AUTHOR_ID,
        authorName: AUTHOR,
        type: 'article',
        status: 'published',
        title: sample.title,
        summary: sample.summary,
        bodyHtml: article.html,
        bodyText: article.text,
        tags: [...sample.tags],
        channel: sample.channel,
        scope: 'county',
        publishedAt,
      });
    } catch (err) {
      // Another instance seeded it first.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

import mongoose from 'mongoose';
import { DEFAULT_CHECKIN_RADIUS_M } from '@qf/shared';
import { PointModel, SiteModel } from './guide.model';

/**
 * SAMPLE content for the guide. Nothing here is a verified fact about the county's sites: names of
 * the areas come from the county's own description, but layout, coordinates, texts and opening
 * hours are placeholders. Every document is marked `isSample: true`, and staff see it flagged as
 * 示例内容 until the county replaces it.
 */
const NOTE = '【示例内容】以下文字为占位示例，不是核实过的介绍，请县司法局或乡镇司法所替换。';

interface SamplePoint {
  name: string;
  text: string;
  offset: [number, number];
  civilCodeArticles?: number[];
  constitutionArticles?: number[];
}
interface SampleSite {
  id: string;
  kind: 'county' | 'village';
  townshipCode: string | null;
  name: string;
  intro: string;
  center: [number, number];
  openingHours: string;
  points: SamplePoint[];
}

// Fixed ids make the seed idempotent across restarts and instances.
const SITES: SampleSite[] = [
  {
    id: '5a0000000000000000000001',
    kind: 'county',
    townshipCode: null,
    name: '清丰县法治文化园',
    intro: `${NOTE}\n县法治文化园由民法典公园、宪法广场、法治人物广场和法律宣讲广场组成，适合按路线边走边看。`,
    center: [35.8868, 115.1116],
    openingHours: '全天开放（示例）',
    points: [
      { name: '民法典公园', text: `${NOTE}\n民法典公园以七编为线索，介绍与日常生活相关的民事权利。`, offset: [0, 0], civilCodeArticles: [1, 3, 1260] },
      { name: '宪法广场', text: `${NOTE}\n宪法广场展示宪法的基本原则和公民的基本权利与义务。`, offset: [0.0012, 0.0004], constitutionArticles: [1, 5, 33] },
      { name: '法治人物广场', text: `${NOTE}\n法治人物广场介绍古今法治人物的故事。`, offset: [0.0018, 0.0016] },
      { name: '法律宣讲广场', text: `${NOTE}\n法律宣讲广场用于举办法治讲座和普法演出。`, offset: [0.0006, 0.0024], civilCodeArticles: [8, 1043] },
    ],
  },
  {
    id: '5a0000000000000000000002',
    kind: 'village',
    townshipCode: '410922106',
    name: '固城法治文化阵地',
    intro: `${NOTE}\n固城镇的村级法治文化阵地。`,
    center: [35.9745, 115.0318],
    openingHours: '8:00–18:00（示例）',
    points: [
      { name: '法治长廊', text: `${NOTE}\n法治长廊展板介绍婚姻家庭和继承方面的常见问题。`, offset: [0, 0], civilCodeArticles: [1041, 1123] },
      { name: '调解室', text: `${NOTE}\n村调解室介绍人民调解的流程。`, offset: [0.0005, 0.0003] },
    ],
  },
  {
    id: '5a0000000000000000000003',
    kind: 'village',
    townshipCode: '410922204',
    name: '高堡法治文化阵地',
    intro: `${NOTE}\n高堡乡的村级法治文化阵地。`,
    center: [35.8231, 115.1874],
    openingHours: '8:00–18:00（示例）',
    points: [
      { name: '法治文化墙', text: `${NOTE}\n法治文化墙介绍土地承包和宅基地的法律规定。`, offset: [0, 0], civilCodeArticles: [330, 362] },
      { name: '宪法宣传栏', text: `${NOTE}\n宪法宣传栏介绍公民的基本权利和义务。`, offset: [0.0004, -0.0004], constitutionArticles: [33, 34] },
    ],
  },
  {
    id: '5a0000000000000000000004',
    kind: 'village',
    townshipCode: '410922101',
    name: '马庄桥法治文化阵地',
    intro: `${NOTE}\n马庄桥镇的村级法治文化阵地。`,
    center: [35.9439, 115.1748],
    openingHours: '8:00–18:00（示例）',
    points: [
      { name: '法治广场', text: `${NOTE}\n法治广场介绍相邻关系和民间借贷的常见纠纷。`, offset: [0, 0], civilCodeArticles: [288, 679] },
      { name: '普法书屋', text: `${NOTE}\n普法书屋提供法律读物。`, offset: [-0.0004, 0.0005] },
    ],
  },
];

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * Puts the sample sites in place when the guide is empty; otherwise does nothing, so the county's
 * own content (or its deletions) are never overwritten. Safe to call from every instance at start.
 */
export async function seedSampleGuide(): Promise<{ seeded: boolean }> {
  if ((await SiteModel.estimatedDocumentCount()) > 0) return { seeded: false };
  for (const site of SITES) {
    const siteId = new mongoose.Types.ObjectId(site.id);
    await SiteModel.updateOne(
      { _id: siteId },
      {
        $setOnInsert: {
          kind: site.kind,
          townshipCode: site.townshipCode,
          name: site.name,
          intro: site.intro,
          photos: [],
          location: { latitude: site.center[0], longitude: site.center[1] },
          address: '',
          openingHours: site.openingHours,
          checkinRadiusMeters: DEFAULT_CHECKIN_RADIUS_M,
          isSample: true,
        },
      },
      { upsert: true },
    );
    for (const [i, point] of site.points.entries()) {
      const pointId = new mongoose.Types.ObjectId(`${site.id.slice(0, 20)}${String(i + 1).padStart(2, '0')}${site.id.slice(22)}`);
      await PointModel.updateOne(
        { _id: pointId },
        {
          $setOnInsert: {
            siteId,
            name: point.name,
            text: point.text,
            photos: [],
            location: { latitude: round6(site.center[0] + point.offset[0]), longitude: round6(site.center[1] + point.offset[1]) },
            civilCodeArticles: point.civilCodeArticles ?? [],
            constitutionArticles: point.constitutionArticles ?? [],
            openingHours: '',
            routeOrder: i + 1,
            isSample: true,
          },
        },
        { upsert: true },
      );
    }
  }
  return { seeded: true };
}

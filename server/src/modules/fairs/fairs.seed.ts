import mongoose from 'mongoose';
import { MarketModel } from './fairs.model';
import { isDuplicateKey } from '../../db/unique';

/**
 * SAMPLE markets, so the 法律赶大集 page shows the next market days on a fresh `npm start`. The market
 * names, villages, places and 逢X rules are placeholders, NOT verified facts about the county's
 * markets: each is named 「（示例）」 and says so in its note, for the township office to correct or
 * retire (停用). Fixed ids make the seed idempotent across restarts and instances.
 */
const SEEDER_ID = new mongoose.Types.ObjectId('5d0000000000000000000000');
const NOTE = '示例集市：名称、地点和集日都是占位示例，请乡镇司法所核实后修改，或停用。';

const SAMPLES = [
  { id: '5d0000000000000000000001', townshipCode: '410922100', name: '城关大集（示例）', village: '城关', address: '城关镇中心街（示例地址）', location: { latitude: 35.8868, longitude: 115.1116 }, digits: [3, 8] },
  { id: '5d0000000000000000000002', townshipCode: '410922101', name: '马庄桥集（示例）', village: '马庄桥', address: '马庄桥镇十字街（示例地址）', location: { latitude: 35.9439, longitude: 115.1748 }, digits: [1, 6] },
  { id: '5d0000000000000000000003', townshipCode: '410922106', name: '固城集（示例）', village: '固城', address: '固城镇集贸市场（示例地址）', location: { latitude: 35.9745, longitude: 115.0318 }, digits: [2, 7] },
  { id: '5d0000000000000000000004', townshipCode: '410922204', name: '高堡集（示例）', village: '高堡', address: '高堡乡政府东街（示例地址）', location: { latitude: 35.8231, longitude: 115.1874 }, digits: [4, 9] },
  { id: '5d0000000000000000000005', townshipCode: '410922200', name: '六塔集（示例）', village: '六塔', address: '六塔乡主街（示例地址）', location: { latitude: 35.8575, longitude: 115.0561 }, digits: [5, 0] },
] as const;

export async function seedSampleMarkets(): Promise<void> {
  for (const sample of SAMPLES) {
    const _id = new mongoose.Types.ObjectId(sample.id);
    if (await MarketModel.exists({ _id })) continue;
    try {
      await MarketModel.create({
        _id,
        townshipCode: sample.townshipCode,
        name: sample.name,
        village: sample.village,
        address: sample.address,
        location: sample.location,
        rule: { kind: 'endsWith', digits: [...sample.digits] },
        solarDays: [],
        note: NOTE,
        active: true,
        createdBy: SEEDER_ID,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

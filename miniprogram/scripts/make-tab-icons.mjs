// Draws the tab bar icons (81×81 PNG, WeChat's recommended size) from simple geometric shapes, so
// the repository needs no image editor and no icon font. Run: node scripts/make-tab-icons.mjs
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 81;
const SAMPLES = 4; // supersampling per axis, for smooth edges
const COLORS = { normal: [0x5f, 0x5f, 0x5f], active: [0xb7, 0x1c, 0x1c] };
const outDir = join(dirname(fileURLToPath(import.meta.url)), '../src/assets/tabbar');

// Shapes work in a 0..1 square. Each returns true where the point is inked.
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - w;
};
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = s(ax, ay, bx, by), d2 = s(bx, by, cx, cy), d3 = s(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
/** A thick line segment from (ax,ay) to (bx,by). */
const stroke = (ax, ay, bx, by, w) => (x, y) => {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= w / 2;
};
const union = (...shapes) => (x, y) => shapes.some((s) => s(x, y));
const minus = (shape, ...holes) => (x, y) => shape(x, y) && !holes.some((h) => h(x, y));

const ICONS = {
  // a house: roof and walls with a door
  home: minus(union(triangle(0.5, 0.1, 0.06, 0.5, 0.94, 0.5), rect(0.18, 0.46, 0.82, 0.9)), rect(0.42, 0.62, 0.58, 0.9)),
  // a lectern with a speaker's board above it
  lectures: union(
    minus(rect(0.12, 0.1, 0.88, 0.56), rect(0.2, 0.18, 0.8, 0.48)),
    stroke(0.3, 0.3, 0.7, 0.3, 0.06),
    stroke(0.3, 0.4, 0.58, 0.4, 0.06),
    rect(0.46, 0.56, 0.54, 0.8),
    stroke(0.26, 0.9, 0.5, 0.78, 0.08),
    stroke(0.74, 0.9, 0.5, 0.78, 0.08),
  ),
  // a tick in a ring
  quiz: union(ring(0.5, 0.5, 0.42, 0.09), stroke(0.3, 0.52, 0.45, 0.66, 0.1), stroke(0.45, 0.66, 0.71, 0.37, 0.1)),
  // a map pin
  guide: minus(union(circle(0.5, 0.38, 0.3), triangle(0.24, 0.52, 0.76, 0.52, 0.5, 0.94)), circle(0.5, 0.38, 0.12)),
  // a person: head and shoulders
  me: union(circle(0.5, 0.3, 0.19), minus(circle(0.5, 0.98, 0.4), rect(0, 0.92, 1, 1))),
};

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const byte of buf) {
    c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(shape, [r, g, b]) {
  const rows = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++)
        for (let sx = 0; sx < SAMPLES; sx++) if (shape((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE)) hits++;
      row.set([r, g, b, Math.round((255 * hits) / (SAMPLES * SAMPLES))], 1 + px * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(outDir, { recursive: true });
for (const [name, shape] of Object.entries(ICONS)) {
  for (const [state, color] of Object.entries(COLORS)) {
    const file = join(outDir, `${name}${state === 'active' ? '-active' : ''}.png`);
    const data = png(shape, color);
    writeFileSync(file, data);
    console.log(`${file}: ${data.length} bytes`);
  }
}

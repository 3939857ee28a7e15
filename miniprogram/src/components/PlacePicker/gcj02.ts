import type { GeoPoint } from '@qf/shared';

/*
 * WGS-84 → GCJ-02, the published conversion every Chinese map SDK applies. WeChat's getLocation can
 * answer in GCJ-02 directly; a browser's geolocation answers in WGS-84, so on H5 we convert here.
 */
const A = 6378245.0;
const EE = 0.00669342162296594323;

function transformLat(x: number, y: number) {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function transformLon(x: number, y: number) {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

export function wgs84ToGcj02(p: GeoPoint): GeoPoint {
  const dLat0 = transformLat(p.longitude - 105.0, p.latitude - 35.0);
  const dLon0 = transformLon(p.longitude - 105.0, p.latitude - 35.0);
  const radLat = (p.latitude / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (dLat0 * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (dLon0 * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { latitude: p.latitude + dLat, longitude: p.longitude + dLon };
}

/** The inverse, by iteration (converges to well under a centimetre in a few steps). */
export function gcj02ToWgs84(p: GeoPoint): GeoPoint {
  let guess = { ...p };
  for (let i = 0; i < 5; i++) {
    const back = wgs84ToGcj02(guess);
    guess = { latitude: guess.latitude - (back.latitude - p.latitude), longitude: guess.longitude - (back.longitude - p.longitude) };
  }
  return guess;
}


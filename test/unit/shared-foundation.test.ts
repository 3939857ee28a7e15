import { describe, expect, it } from 'vitest';
import {
  AssignRolesBody,
  GeoPoint,
  TOWNSHIPS,
  TownshipCodeSchema,
  UpdateMeBody,
  canManageTownship,
  countyDate,
  distanceMeters,
  normalizeRoles,
  startOfCountyDay,
  toCountyIso,
} from '@qf/shared';

describe('townships', () => {
  it('has the 17 township-level divisions with unique 清丰县 codes', () => {
    expect(TOWNSHIPS).toHaveLength(17);
    expect(new Set(TOWNSHIPS.map((t) => t.code)).size).toBe(17);
    expect(TOWNSHIPS.every((t) => t.code.startsWith('410922'))).toBe(true);
    expect(TOWNSHIPS.filter((t) => t.kind === '乡')).toHaveLength(9);
  });

  it('accepts only those codes', () => {
    expect(TownshipCodeSchema.safeParse('410922100').success).toBe(true);
    expect(TownshipCodeSchema.safeParse('410922205').success).toBe(true); // 古城乡, a different unit from 固城镇
    expect(TownshipCodeSchema.safeParse('410922207').success).toBe(false); // 韩村乡's code before it became 韩村镇
  });
});

describe('canManageTownship', () => {
  const cases: [string, Parameters<typeof canManageTownship>[0], string, boolean][] = [
    ['county admin, any township', { roles: ['resident', 'county_admin'], staffTownshipCode: null }, '410922106', true],
    ['staff, own township', { roles: ['resident', 'township_staff'], staffTownshipCode: '410922100' }, '410922100', true],
    ['staff, another township', { roles: ['resident', 'township_staff'], staffTownshipCode: '410922100' }, '410922106', false],
    ['staff role without a township', { roles: ['resident', 'township_staff'], staffTownshipCode: null }, '410922100', false],
    ['a township on a resident is not a staff assignment', { roles: ['resident'], staffTownshipCode: '410922100' }, '410922100', false],
    ['propaganda staff', { roles: ['resident', 'propaganda'], staffTownshipCode: null }, '410922100', false],
  ];
  it.each(cases)('%s', (_name, actor, code, expected) => {
    expect(canManageTownship(actor, code)).toBe(expected);
  });
});

describe('normalizeRoles', () => {
  it('always includes resident, keeps a fixed order and drops duplicates', () => {
    expect(normalizeRoles(['county_admin', 'literate', 'literate'])).toEqual(['resident', 'literate', 'county_admin']);
  });
});

describe('schemas', () => {
  it('refuses unknown fields on the profile update', () => {
    expect(UpdateMeBody.safeParse({ displayName: '李四', roles: [] }).success).toBe(false);
  });

  it('requires a township when assigning township staff', () => {
    expect(AssignRolesBody.safeParse({ roles: ['township_staff'] }).success).toBe(false);
    expect(AssignRolesBody.safeParse({ roles: ['township_staff'], staffTownshipCode: '410922100' }).success).toBe(true);
  });

  it('keeps coordinates inside China', () => {
    expect(GeoPoint.safeParse({ latitude: 35.89, longitude: 115.1 }).success).toBe(true); // 清丰县
    expect(GeoPoint.safeParse({ latitude: 115.1, longitude: 35.89 }).success).toBe(false); // swapped
    expect(GeoPoint.safeParse({ latitude: 51.5, longitude: -0.12 }).success).toBe(false); // London
  });
});

describe('geo and time rules', () => {
  it('measures short distances to within a metre', () => {
    const a = { latitude: 35.9, longitude: 115.1 };
    const b = { latitude: 35.9009, longitude: 115.1 }; // 0.0009° of latitude ≈ 100 m
    expect(distanceMeters(a, b)).toBeGreaterThan(99);
    expect(distanceMeters(a, b)).toBeLessThan(101);
    expect(distanceMeters(a, a)).toBe(0);
  });

  it('uses the county calendar day (UTC+8) for dates', () => {
    expect(countyDate(new Date('2026-11-24T16:30:00Z'))).toBe('2026-11-25');
    expect(countyDate(new Date('2026-11-24T15:59:59Z'))).toBe('2026-11-24');
    expect(startOfCountyDay('2026-11-25').toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(toCountyIso(new Date('2026-11-24T16:30:00Z'))).toBe('2026-11-25T00:30:00.000+08:00');
  });
});

import { describe, expect, it } from 'vitest';
import { maskPersonalInfo, servedTiers } from '@qf/shared';

describe('masking what identifies an asker before an answer becomes FAQ', () => {
  it.each([
    ['a mobile number', '有事打我电话13812345678谢谢', '13812345678'],
    ['a mobile number with +86 and spaces', '电话 +86 138 1234 5678。', '138 1234 5678'],
    ['a landline with area code', '座机0393-7221234', '0393-7221234'],
    ['an 18-digit ID-card number', '身份证号410922198001011234', '410922198001011234'],
    ['an ID-card number ending in X', '证件41092219800101123X在此', '41092219800101123X'],
    ['a 15-digit old ID card', '老身份证410922800101123', '410922800101123'],
    ['a village house number', '我住东街村3组15号，邻居', '东街村3组15号'],
    ['a street address', '地址是清丰县人民路128号院', '人民路128号'],
    ['a name he gives himself', '我叫王建国，今年六十', '王建国'],
    ['a known name (the asker, or one typed for 代问)', '张桂花的儿子不给钱', '张桂花'],
  ])('masks %s', (_label, text, secret) => {
    const masked = maskPersonalInfo(text, ['张桂花']);
    expect(masked).not.toContain(secret);
    expect(masked).toMatch(/\[(电话|身份证号|详细地址|姓名)\]/);
  });

  it('keeps the question itself readable', () => {
    expect(maskPersonalInfo('父亲去世没留遗嘱，房子怎么分？')).toBe('父亲去世没留遗嘱，房子怎么分？');
    expect(maskPersonalInfo('民法典第1127条怎么理解？借了3000元')).toBe('民法典第1127条怎么理解？借了3000元');
  });
});

describe('who serves a township at which tier', () => {
  it('gives 明白人 and 普法员 their own township and advisers the townships they serve', () => {
    expect(servedTiers({ roles: ['resident', 'literate'], staffTownshipCode: null, townshipCode: '410922100' }, '410922100')).toEqual(['literate']);
    expect(servedTiers({ roles: ['resident', 'literate'], staffTownshipCode: null, townshipCode: '410922100' }, '410922106')).toEqual([]);
    expect(servedTiers({ roles: ['resident', 'adviser'], staffTownshipCode: null, adviserTownshipCodes: ['410922106'], townshipCode: '410922100' }, '410922106')).toEqual(['adviser']);
    expect(servedTiers({ roles: ['resident', 'township_staff'], staffTownshipCode: '410922100', townshipCode: '410922100' }, '410922100')).toEqual([]);
  });
});

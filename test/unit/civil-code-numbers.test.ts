import { describe, expect, it } from 'vitest';
import { articleLabel, parseArticleList, parseArticleNumber, parseChineseNumeral, toChineseNumeral } from '@qf/shared';

describe('parseChineseNumeral', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['二十一', 21],
    ['一百', 100],
    ['一百一十', 110],
    ['一百零一', 101],
    ['二百零六', 206],
    ['三百六十六', 366],
    ['一千', 1000],
    ['一千零一', 1001],
    ['一千零四十三', 1043],
    ['一千一百', 1100],
    ['一千二百五十九', 1259],
    ['一千二百六十', 1260],
    ['两百', 200],
    ['一〇四三', 1043],
  ])('reads %s as %i', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  it.each(['', '十十', '百千', '四三十', '一千四', '一百零', '零', '零五', '千一百', '一万', 'abc', '一千零零三'])('refuses %s', (text) => {
    expect(parseChineseNumeral(text)).toBeNull();
  });
});

describe('toChineseNumeral', () => {
  it.each([
    [1, '一'],
    [10, '十'],
    [15, '十五'],
    [20, '二十'],
    [101, '一百零一'],
    [110, '一百一十'],
    [1000, '一千'],
    [1004, '一千零四'],
    [1043, '一千零四十三'],
    [1260, '一千二百六十'],
  ])('writes %i as %s', (n, text) => {
    expect(toChineseNumeral(n)).toBe(text);
  });

  it('round-trips every article number of the Civil Code', () => {
    for (let n = 1; n <= 1260; n++) expect(parseChineseNumeral(toChineseNumeral(n))).toBe(n);
  });

  it('labels articles the way the statute does', () => {
    expect(articleLabel(1043)).toBe('第一千零四十三条');
  });
});

describe('parseArticleNumber', () => {
  it.each([
    ['1043', 1043],
    ['第1043条', 1043],
    ['第 1043 条', 1043],
    ['第一千零四十三条', 1043],
    ['一千零四十三', 1043],
    ['１０４３', 1043],
    ['第１０４３条', 1043],
    ['第十条', 10],
  ])('reads %s as %i', (input, value) => {
    expect(parseArticleNumber(input)).toBe(value);
  });

  it.each(['', '0', '第条', '宅基地', '1043a', '第1043款', '-5'])('refuses %s', (input) => {
    expect(parseArticleNumber(input)).toBeNull();
  });
});

describe('parseArticleList', () => {
  it.each([
    ['1043', [1043]],
    ['1043,1044', [1043, 1044]],
    ['第1043条、第1044条', [1043, 1044]],
    ['第1043条第1044条', [1043, 1044]],
    ['第一千零四十三条，1044；1043', [1043, 1044]],
  ])('reads %s', (input, value) => {
    expect(parseArticleList(input)).toEqual(value);
  });

  it.each(['', '、', '1043,宅基地'])('refuses %s', (input) => {
    expect(parseArticleList(input)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { findAmounts } from './amount';

function figures(text: string): [string, number, number][] {
  return findAmounts(text).map((m) => [m.text, m.min, m.max]);
}

describe('findAmounts', () => {
  it.each([
    ['三千块钱', '三千块钱', 3000, 3000],
    ['我先还3000', '3000', 3000, 3000],
    ['先还3千', '3千', 3000, 3000],
    ['两万三', '两万三', 23000, 23000],
    ['2万3吧', '2万3', 23000, 23000],
    ['4-5千', '4-5千', 4000, 5000],
    ['四五千', '四五千', 4000, 5000],
    ['三五百块', '三五百块', 300, 500],
    ['一两万', '一两万', 10000, 20000],
    ['两到三万', '两到三万', 20000, 30000],
    ['1万-5万元', '1万-5万元', 10000, 50000],
    ['十五六万', '十五六万', 150000, 160000],
    ['一千五六百', '一千五六百', 1500, 1600],
    ['5000左右', '5000左右', 5000, 5000],
    ['一千多', '一千多', 1000, 1000],
    ['一千来块', '一千来块', 1000, 1000],
    ['三块五', '三块五', 3.5, 3.5],
    ['1.5万', '1.5万', 15000, 15000],
    ['一点五万', '一点五万', 15000, 15000],
    ['5k', '5k', 5000, 5000],
    ['十块三毛', '十块三毛', 10.3, 10.3],
    ['两毛五', '两毛五', 0.25, 0.25],
    ['一百三十五块六角七分钱', '一百三十五块六角七分钱', 135.67, 135.67],
    ['至少三块零四', '三块零四', 3.04, 3.04],
    ['五块六到五块七毛八', '五块六到五块七毛八', 5.6, 5.78],
    ['人民币壹拾亿零壹佰万零贰拾壹元整', '人民币壹拾亿零壹佰万零贰拾壹元整', 1001000021, 1001000021],
    ['一万块月底还', '一万块', 10000, 10000],
    ['三千分三期', '三千', 3000, 3000],
    // digits after a magnitude are its lower orders unless a day, month or hour follows them
    ['1万2000块', '1万2000块', 12000, 12000],
    ['剩下的三千12月31号再还', '三千', 3000, 3000],
    ['两千15号之前', '两千', 2000, 2000],
    ['先还5百20号', '5百', 500, 500],
    ['3千12点前转', '3千', 3000, 3000],
  ])('reads %s as money', (text, span, min, max) => {
    expect(figures(text)).toEqual([[span, min, max]]);
  });

  it.each([
    '15号',
    '三点',
    '下午三点五十',
    '尾号1234',
    '工号1024',
    '3个月',
    '分12期',
    '第二期',
    '2026年',
    '两千年的时候',
    '2019-05-27',
    '12.15',
    '13800138000',
    '一七二零',
    '我想一下',
    '等两天',
    '几千',
    '基站总数是10000',
    '我打12315投诉他们',
    '95533我打过了',
    '还二十天',
  ])('does not take %s for money', (text) => {
    expect(findAmounts(text)).toEqual([]);
  });

  it('flags approximations and keeps the stated figure', () => {
    expect(findAmounts('大概五千')[0]).toMatchObject({ min: 5000, max: 5000, approx: true });
    expect(findAmounts('还五千')[0]).toMatchObject({ approx: false });
  });

  it('names a foreign currency and says whether a currency word was spoken', () => {
    expect(findAmounts('三万元欧元')[0]).toMatchObject({ min: 30000, currency: 'EUR', currencySaid: true });
    expect(findAmounts('港币两千九百六十元')[0]).toMatchObject({ min: 2960, currency: 'HKD' });
    expect(findAmounts('还两万')[0]).toMatchObject({ currency: 'CNY', currencySaid: false });
  });

  it('lets the left end of a range borrow the unit of the right end only when it fits', () => {
    expect(figures('八到九百亿')).toEqual([['八到九百亿', 8e8, 9e10]]);
    expect(figures('从8500到3万元')).toEqual([['8500到3万元', 8500, 30000]]);
  });

  it.each([
    ['下周三两千一月五号', '两千', 2000],
    ['三月五号5000', '5000', 5000],
    ['12.20四千', '四千', 4000],
    ['下周一1500', '1500', 1500],
    ['周三五千', '五千', 5000],
    ['礼拜一两千', '两千', 2000],
    ['明儿我先还一千 家里还有点活钱', '一千', 1000],
  ])('separates the figure from the date around it in %s', (text, span, min) => {
    expect(figures(text)).toEqual([[span, min, min]]);
  });

  it.each([
    ['后天早上八点两千块', '两千块', 2000],
    ['周四晚上七点五千', '五千', 5000],
    ['20号上午十一点三千二', '三千二', 3200],
    ['三点五万', '三点五万', 35000],
  ])('leaves the clock hour out of the figure after a day or part of day in %s', (text, span, min) => {
    expect(figures(text)).toEqual([[span, min, min]]);
  });

  it.each([
    ['六千一次给你', '六千', 6000],
    ['两万一分都不会少', '两万', 20000],
    ['一万二一笔打过去', '一万二', 12000],
    ['三千一下子拿不出', '三千', 3000],
    ['两万三分期还', '两万三', 23000],
  ])('does not fold the 一 of a count into the figure in %s', (text, span, min) => {
    expect(figures(text)).toEqual([[span, min, min]]);
  });

  it.each([
    ['月底3000', [{ start: 0, end: 2 }], 3000],
    ['3000 月底', [{ start: 5, end: 7 }], 3000],
    ['周五，2000整', [{ start: 0, end: 2 }], 2000],
  ])('takes a bare figure beside a time mention for money in %s', (text, times, min) => {
    expect(findAmounts(text, { times }).map((m) => m.min)).toEqual([min]);
    expect(findAmounts(text)).toEqual([]);
  });

  it.each([
    ['四百五百都可以', '四百五百', 400, 500],
    ['两千三千吧', '两千三千', 2000, 3000],
  ])('reads two round figures of one unit side by side as a range in %s', (text, span, min, max) => {
    expect(figures(text)).toEqual([[span, min, max]]);
  });

  it.each([
    ['先还五千本金', '五千', 5000],
    ['一个月三千六十号发', '三千六', 3600],
    ['三千二十号还', '三千', 3000],
  ])('ends the figure before the word or day that follows it in %s', (text, span, min) => {
    expect(figures(text)).toEqual([[span, min, min]]);
  });

  it('finds several amounts with their offsets', () => {
    const found = findAmounts('我欠两万三，先还五千');
    expect(found.map((m) => [m.start, m.end, m.min])).toEqual([
      [2, 5, 23000],
      [8, 10, 5000],
    ]);
  });
});

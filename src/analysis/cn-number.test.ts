import { describe, expect, it } from 'vitest';
import { findNumbers, parseCnNumber, scanNumber } from './cn-number';

describe('parseCnNumber', () => {
  it.each([
    ['一万二千三百', 12300],
    ['两万三', 23000],
    ['三千五', 3500],
    ['一百五', 150],
    ['九十二万四', 924000],
    ['2万3', 23000],
    ['3万4000', 34000],
    ['1.5万', 15000],
    ['一点五万', 15000],
    ['壹贰叁', 123],
    ['肆佰叁拾萬', 4300000],
    ['貳佰零伍', 205],
    ['兩百四十五', 245],
    ['一千零五十', 1050],
    ['一万零一', 10001],
    ['十亿零一万零一', 1000010001],
    ['一百零十万', 1100000],
    ['1千零1', 1001],
    ['四亿五千六百四十二万零一十五', 456420015],
    ['五兆六十二亿四万五千二', 5006200045200],
    ['4.78万亿', 4780000000000],
    ['三千万亿', 3e15],
    ['四万万', 400000000],
    ['一亿亿', 1e16],
    ['一万万亿', 1e16],
    ['一十万万零一百一十万亿', 100110000000000000],
    ['一十亿零一十一亿', 100000001100000000],
    ['一十二万三千零一十二亿三千零一十二万三千零一十二', 12301230123012],
    ['零点零一', 0.01],
    ['两千三点一', 2300.1],
    ['两千万点五五四四', 20000000.5544],
    ['一七二零', 1720],
    ['一七二零点一三四', 1720.134],
    ['二〇一二', 2012],
    ['１２３４', 1234],
    ['１，２３４', 1234],
    ['82，225.00', 82225],
    ['233,333，333,434.344', 233333333434.344],
    ['3k', 3000],
    ['5w', 50000],
    ['1w', 10000],
    ['100K', 100000],
    ['十', 10],
    ['廿', 20],
    ['卅三', 33],
    ['一萬零卌', 10040],
    ['萬九', 19000],
    ['千三', 1300],
    ['百二萬', 1200000],
    ['零十', 10],
    ['7 万5 千4 百', 75400],
    ['一百 五 十 二', 152],
    ['.77', 0.77],
    ['零點77', 0.77],
    ['负一百二十万', -1200000],
    ['- 1,200,000', -1200000],
    ['零点', 0],
    ['点一', 0.1],
  ])('reads %s as %d', (input, expected) => {
    expect(parseCnNumber(input)).toBe(expected);
  });

  it.each([
    ['十几', 10],
    ['二十来', 20],
    ['一千多', 1000],
    ['五百余万', 5000000],
    ['十几万', 100000],
  ])('reads the approximation %s as its stated figure %d', (input, expected) => {
    expect(parseCnNumber(input)).toBe(expected);
    expect(scanNumber(input, 0)?.approx).toBe(true);
  });

  it.each(['万', '万万', '几千', '两两', '零点点', '零点零大', '三点钟', 'abc', ''])(
    'rejects %s',
    (input) => {
      expect(parseCnNumber(input)).toBeNull();
    },
  );
});

describe('scanNumber', () => {
  it('stops before a clock 点 that has no decimal digit', () => {
    expect(scanNumber('三点还', 0)).toMatchObject({ end: 1, value: 3 });
  });

  it('does not read 三点五十 as 35: 十 takes no decimal', () => {
    expect(scanNumber('三点五十', 0)).toMatchObject({ value: 3.5, end: 3 });
  });

  it('marks digit-by-digit readings and long Arabic runs', () => {
    expect(scanNumber('一七二零', 0)?.digitString).toBe(true);
    expect(scanNumber('13800138000', 0)).toMatchObject({
      arabicOnly: true,
      intDigits: 11,
      digitString: false,
    });
  });

  it('reports the last unit so ranges can borrow it', () => {
    expect(scanNumber('三十万', 0)?.lastUnit).toBe(1e4);
    expect(scanNumber('15k', 0)?.lastUnit).toBe(1000);
  });

  it('keeps a date with two dots out of the decimal', () => {
    expect(scanNumber('2019.04.19', 0)).toMatchObject({ value: 2019, end: 4 });
  });

  it('does not take a comma used as clause punctuation for a separator', () => {
    expect(scanNumber('20，300美圆', 0)).toMatchObject({ value: 20, end: 2 });
  });
});

describe('findNumbers', () => {
  it.each([
    ['二百三十三，五百七十七，一千六点五。', [233, 577, 1600.5]],
    ['两百点两', [200, 2]],
    ['我一看你就笑', []],
    ['我家在四川', []],
    ['陆地上有许多动物', []],
    ['小明有十个手指头', [10]],
    ['四百多', [400]],
    ['1, 234, 567', [1, 234, 567]],
  ])('finds the figures in %s', (text, values) => {
    expect(findNumbers(text).map((m) => m.value)).toEqual(values);
  });

  it('gives spans in UTF-16 units', () => {
    expect(findNumbers('还有二百五')).toEqual([
      { start: 2, end: 5, text: '二百五', value: 250, approx: false },
    ]);
  });
});

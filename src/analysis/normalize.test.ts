import { describe, expect, it } from 'vitest';
import { compact, ngramKeys } from './features';
import { foldSpeech, normalize } from './normalize';

describe('normalize', () => {
  it.each([
    ['不还会上正信的', '不还会上征信的'],
    ['ＡＢＣ１２３', 'abc123'],
    ['你这个老来', '你这个老赖'],
    ['申请检免利西', '申请减免利息'],
    ['我这个月先还最滴', '我这个月先还最低'],
    ['再不还就七诉你 发院判了要做牢', '再不还就起诉你 法院判了要坐牢'],
    ['鱼期了可以鞋商', '逾期了可以协商'],
    ['欠卡数唔系犯法 你唔使惊', '欠卡数不是犯法 你不用惊'],
    ['唔 好的 唔该晒', '唔 好的 谢谢晒'],
    ['侬勿要怕 阿拉勿晓得侬屋里额地址', '你不要怕 我们不知道你屋里额地址'],
    ['莫得关系 啥子都好说 恁放心 俺记下了', '没有关系 什么都好说 你放心 我记下了'],
    ['佢哋冇畀钱', '他们没给钱'],
  ])('turns %s into %s without changing length', (input, out) => {
    expect(normalize(input)).toBe(out);
    expect(normalize(input)).toHaveLength(input.length);
  });
});

describe('compact n-grams', () => {
  it('skips punctuation, collapses digit runs and keeps spans', () => {
    const c = compact(normalize('先还，3000块'));
    expect(c.chars).toBe('先还0块');
    expect(c.pos).toEqual([0, 1, 3, 7]);
    expect(c.endPos[2]).toBe(7);
    expect(ngramKeys(c)).toContain('还0块');
  });
});

describe('foldSpeech', () => {
  it.each([
    ['我上个礼拜三先还咗三千', '我上个礼拜三先还了三千'],
    ['下个月15号 我还侬五百 一分勿多', '下个月15号 我还你五百 一分不多'],
    ['这个月底先还最滴', '这个月底先还最低'],
    ['冇问题 ＯＫ', '没问题 ＯＫ'],
  ])('says %s as %s, of the same length, and nothing else', (input, out) => {
    expect(foldSpeech(input)).toBe(out);
    expect(foldSpeech(input)).toHaveLength(input.length);
  });
});

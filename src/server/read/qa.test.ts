import { describe, expect, it } from 'vitest';
import { autoScore, maskDeep, maskText } from './qa';

describe('maskText', () => {
  it.each([
    ['王建国您好，我是专员', ['王建国', '建国'], '王**您好，我是专员'],
    ['建国啊，你听我说', ['王建国', '建国'], '建*啊，你听我说'],
    ['身份证 110105194912310021 对吗', [], '身份证 110***********0021 对吗'],
    ['打 13812345678 找我', [], '打 138****5678 找我'],
    ['还 2000 元', [], '还 2000 元'],
  ])('%j', (text, secrets, out) => {
    expect(maskText(text, secrets)).toBe(out);
  });

  it('keeps the length, so evidence offsets still point at the same words', () => {
    const t = '王建国说他下周五还13812345678';
    expect(maskText(t, ['王建国']).length).toBe(t.length);
  });

  it('masks every string in a nested value and nothing else', () => {
    expect(maskDeep({ a: ['王建国'], n: 3, b: { c: '王建国来了' } }, ['王建国'])).toEqual({
      a: ['王**'],
      n: 3,
      b: { c: '王**来了' },
    });
  });
});

describe('autoScore', () => {
  it.each([
    [[], 100],
    [[{ severity: 'low' }], 95],
    [[{ severity: 'medium' }, { severity: 'high' }], 70],
    [[{ severity: 'critical' }, { severity: 'critical' }, { severity: 'critical' }], 0],
  ])('%j → %i', (v, score) => {
    expect(autoScore(v)).toBe(score);
  });
});

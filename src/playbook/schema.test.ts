import { describe, expect, it } from 'vitest';
import { scriptSchema, tidyChinese } from './schema';

describe('tidyChinese', () => {
  it.each([
    ['a space left by a folded YAML line', '受{委托方}委托， 就您尾号', '受{委托方}委托，就您尾号'],
    ['a space splitting a word', '有笔欠 款', '有笔欠款'],
    ['spaces around numbers in Chinese', '规定 22:00 至次日 08:00', '规定22:00至次日08:00'],
    ['spaces between Latin words', '15 U.S.C. §1692c(a)(1)', '15 U.S.C. §1692c(a)(1)'],
    ['outer whitespace', '  您好  ', '您好'],
  ])('removes or keeps %s', (_, input, output) => {
    expect(tidyChinese(input)).toBe(output);
  });
});

describe('scriptSchema', () => {
  it('tidies the text of a folded script', () => {
    const r = scriptSchema.parse({ id: 'x-1', text: '您好，\n请问是{称呼}吗？ 我是{公司}的' });
    expect(r.text).toBe('您好，请问是{称呼}吗？我是{公司}的');
  });

  it('rejects an id with capitals or spaces', () => {
    expect(scriptSchema.safeParse({ id: 'Empathy 1', text: '您好' }).success).toBe(false);
  });

  it('rejects an unknown stage or fact', () => {
    expect(scriptSchema.safeParse({ id: 'a', text: '您好', stage: 'lunch' }).success).toBe(false);
    expect(scriptSchema.safeParse({ id: 'a', text: '您好', requires: ['salary'] }).success).toBe(false);
  });
});

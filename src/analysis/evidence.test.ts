import { describe, expect, it } from 'vitest';
import { wholeFigures } from './evidence';

const cut = (text: string, piece: string, from = 0): string => {
  const s = text.indexOf(piece, from);
  const [a, b] = wholeFigures(text, s, s + piece.length);
  return text.slice(a, b);
};

describe('wholeFigures', () => {
  const t = '下个月10号我老婆发工资 我10号先还一千五行不行';

  it('takes the figure in front of a span that starts at its unit', () => {
    expect(cut(t, '号我老婆发工资')).toBe('10号我老婆发工资');
  });

  it('takes the rest of a figure and its unit when a span ends inside it', () => {
    expect(cut(t, '我10号先还一千')).toBe('我10号先还一千五');
    expect(cut('这周五之前转2', '之前转2')).toBe('之前转2');
    expect(cut('我先还2000块', '先还20')).toBe('先还2000块');
  });

  it('leaves spans that start and end at word edges alone', () => {
    expect(cut(t, '我老婆发工资')).toBe('我老婆发工资');
    expect(cut('一下子还不上', '还不上')).toBe('还不上');
    expect(cut('等一下再说', '下再说')).toBe('下再说');
  });
});

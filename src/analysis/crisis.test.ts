import { describe, expect, it } from 'vitest';
import { crisisWords } from './crisis';

describe('crisisWords', () => {
  it.each([
    ['我真的不想活了', '不想活'],
    ['压力太大了有时候真想一了百了', '一了百了'],
    ['再逼我 我就去跳河', '跳河'],
    ['地里打农药的钱都没有', null],
    ['我前两天差点自杀', '自杀'],
    ['我去死好了 行了吧', '去死'],
  ])('in %s finds %s', (text, words) => {
    expect(crisisWords(text)?.text ?? null).toBe(words);
  });

  it.each(['你去死吧 天天打', '我又不想死 我就是没钱', '放心 我不会想不开的', '不至于自杀 就是烦'])(
    'hears no crisis in %s',
    (text) => {
      expect(crisisWords(text)).toBeNull();
    },
  );

  it('points at the words', () => {
    expect(crisisWords('唉 活着没意思')).toEqual({ start: 2, end: 7, text: '活着没意思' });
  });
});

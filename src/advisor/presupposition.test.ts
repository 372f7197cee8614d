import { describe, expect, it } from 'vitest';
import { type HeardSoFar, unsupportedQuotes } from './presupposition';

const heard = (text: string, over: Partial<HeardSoFar> = {}): HeardSoFar => ({
  text,
  reasons: [],
  intents: [],
  ...over,
});

describe('scripts that speak of what the debtor said or lives through', () => {
  it.each<[string, string, HeardSoFar, string[]]>([
    ['a quoted house plan, never mentioned', '您刚才提到明年打算买房。', heard('嗯'), ['house']],
    ['a quoted house plan, mentioned', '您刚才提到明年打算买房。', heard('明年想买房'), []],
    ['a story about someone else’s house', '后来他要买房，房贷没批。', heard('嗯'), []],
    ['a hospital, never mentioned', '家里有人住院，心里又急又累。', heard('没钱'), ['illness']],
    [
      'a hospital, labelled as the reason',
      '家里有人住院，心里又急又累。',
      heard('家里出事了', { reasons: ['illness'] }),
      [],
    ],
    ['tears that were not shed', '您先别哭，慢慢说。', heard('你说吧'), ['crying']],
    ['tears labelled as emotion', '您先别哭，慢慢说。', heard('……', { intents: ['emotional'] }), []],
    [
      'a payday plan the debtor never proposed',
      '您说得对，等发了工资再还最实际。',
      heard('没钱'),
      ['salary'],
    ],
    ['a neutral script', '咱们一起想想办法。', heard('嗯'), []],
  ])('%s', (_name, script, h, want) => {
    expect(unsupportedQuotes(script, h)).toEqual(want);
  });
});

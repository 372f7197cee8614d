import { describe, expect, it } from 'vitest';
import { judgeFact } from './analyze';
import { DEFAULT_CRIMINAL } from './facts-rules';

const opts = { at: new Date('2026-11-30T10:00:00+08:00') };
const disclosure = (text: string, audience: 'debtor' | 'third_party', demanded = false) =>
  judgeFact('third_party.disclosure', text, audience, opts, DEFAULT_CRIMINAL, demanded).violation;

describe('third-party disclosure', () => {
  it.each([
    '他在我们这边的信用卡逾期三个月了',
    '您儿子欠了两万多没还',
    '麻烦转告他招商银行委托我们联系他',
    '他的网贷到现在都没处理',
    '您跟他说正信上已经有记录了',
  ])('is found when a third party hears a debt detail: %s', (text) => {
    expect(disclosure(text, 'third_party')).toBe(true);
    expect(disclosure(text, 'debtor')).toBe(false);
  });

  it.each(['您贵姓', '喂是刘先生家吗', '他现在在家吗', '那您看他大概几点回家，我那时候再打过来'])(
    'cannot be made by a turn that names no debt detail: %s',
    (text) => {
      expect(disclosure(text, 'third_party')).toBe(false);
    },
  );

  it('follows from a demand that the third party pay, however veiled', () => {
    expect(disclosure('您当姐姐的，这时候总不能眼看着不管吧', 'third_party')).toBe(false);
    expect(disclosure('您当姐姐的，这时候总不能眼看着不管吧', 'third_party', true)).toBe(true);
  });
});

describe('a demand that a third party pay', () => {
  it('is lawful toward a guarantor', () => {
    const judge = (guarantor: boolean) =>
      judgeFact(
        'third_party.demand_payment',
        '您是担保人，这笔您得先还上',
        'third_party',
        { ...opts, facts: { guarantor } },
        DEFAULT_CRIMINAL,
      ).violation;
    expect(judge(false)).toBe(true);
    expect(judge(true)).toBe(false);
  });
});

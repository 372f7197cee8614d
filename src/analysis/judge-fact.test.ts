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

describe('a deadline or offer against facts.offer (language.false_deadline)', () => {
  const offer = {
    description: '一次性结清18000元，减免利息及违约金3400元',
    expires_at: '2026-12-12T23:59:59+08:00',
    settlement_amount: 18000,
  };
  const judge = (text: string, facts: Parameters<typeof judgeFact>[3]['facts'] = { offer }) =>
    judgeFact('language.false_deadline', text, 'debtor', { ...opts, facts }, DEFAULT_CRIMINAL);

  it.each([
    '银行批的结清方案有效期到12月12号，您这几天考虑一下',
    '一万八结清，十二号之前办都可以，您月底发工资的话完全来得及',
    '这个方案十二号截止 今天是三十号 时间还够',
    '方案是下个月12号到期的 明天我再打给您确认',
  ])('is lawful when it names the offer’s real expiry and no other deadline: %s', (text) => {
    expect(judge(text)).toEqual({ violation: false, reason: '' });
  });

  it.each([
    ['方案12号到期，不过我们内部要求您明天之前就得定下来', '真实截止日不符'],
    ['十二号前有效 但今天是这个价的最后一天', '真实截止日不符'],
    ['今天是最后一天了', '真实截止日不符'],
    ['这个方案有效期到12号，一次性还一万五就结清', '结清金额'],
  ])('is a violation when another deadline or another sum is said: %s', (text, reason) => {
    const j = judge(text);
    expect(j.violation).toBe(true);
    expect(j.reason).toContain(reason);
  });

  it('reads 今晚十二点 as the end of that day', () => {
    const lastDay = { offer: { ...offer, expires_at: '2026-11-30T23:59:59+08:00' } };
    expect(judge('这个结清方案今晚十二点到期，银行系统里写着的', lastDay).violation).toBe(false);
    expect(judge('这个结清方案明晚十二点到期', lastDay).violation).toBe(true);
  });

  it('is a violation when the facts hold no offer, or an offer with no expiry', () => {
    expect(judge('这个减免月底截止', {}).reason).toContain('不存在');
    expect(judge('这个减免月底截止', { offer: { description: '分十二期' } }).reason).toContain('没有截止日');
  });
});

import { describe, expect, it } from 'vitest';
import { REQUIRABLE_FACTS, SLOT_NAMES, SLOTS, scanSlots } from './slots';

describe('scanSlots', () => {
  it.each([
    ['no slots', '您好', [], 0],
    ['one slot', '您好{称呼}', ['称呼'], 0],
    ['repeated slots once, in order', '{委托方}{称呼}{委托方}', ['委托方', '称呼'], 0],
    ['spaces inside braces trimmed', '{ 称呼 }', ['称呼'], 0],
    ['an unclosed brace', '您好{称呼', [], 1],
    ['a stray closing brace', '您好}称呼', [], 1],
    ['a nested brace', '{称{呼}}', ['呼'], 2],
    ['an empty slot', '您好{}', [], 1],
  ])('finds %s', (_, text, slots, problems) => {
    const r = scanSlots(text);
    expect(r.slots).toEqual(slots);
    expect(r.problems).toHaveLength(problems);
  });
});

describe('the slot vocabulary', () => {
  it('holds the slots the brief names', () => {
    for (const s of [
      '称呼',
      '委托方',
      '欠款金额',
      '卡尾号',
      '工号',
      '坐席姓名',
      '公司',
      '方案',
      '方案截止日',
      '最低还款',
      '还款渠道',
      '客服电话',
    ]) {
      expect(SLOT_NAMES).toContain(s);
    }
  });

  it('backs every fact-dependent slot with a requirable fact', () => {
    for (const name of SLOT_NAMES) {
      const spec: { source: string; fact?: string } = SLOTS[name];
      if (spec.source === 'facts' || spec.source === 'promise') {
        expect(REQUIRABLE_FACTS, name).toContain(spec.fact);
      }
    }
  });

  it('marks every fact-dependent slot as revealing the debt', () => {
    for (const name of SLOT_NAMES) {
      const spec: { fact?: string; reveals_debt: boolean } = SLOTS[name];
      if (spec.fact) expect(spec.reveals_debt, name).toBe(true);
    }
  });

  it('gives every slot a distinct ASCII key', () => {
    const keys = SLOT_NAMES.map((n) => SLOTS[n].key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

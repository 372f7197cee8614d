import { describe, expect, it } from 'vitest';
import { fillScript } from './fill-script';

describe('fillScript', () => {
  it('fills every slot by its Chinese name', () => {
    const r = fillScript('您好，{称呼}，我是{公司}的{坐席姓名}，工号{工号}。', {
      称呼: '张先生',
      公司: '恒信资产',
      坐席姓名: '小王',
      工号: 1024,
    });
    expect(r).toEqual({ ok: true, text: '您好，张先生，我是恒信资产的小王，工号1024。' });
  });

  it('fills a slot by its ASCII key as well', () => {
    expect(fillScript('本期最低还款{最低还款}元', { minimum_payment: 356.5 })).toEqual({
      ok: true,
      text: '本期最低还款356.5元',
    });
  });

  it('fills a slot used twice with the same value', () => {
    expect(fillScript('{委托方}……请致电{委托方}客服', { 委托方: '招商银行' })).toEqual({
      ok: true,
      text: '招商银行……请致电招商银行客服',
    });
  });

  it('returns no text when a slot has no value, naming the missing slots', () => {
    const r = fillScript('方案有效期到{方案截止日}，请{称呼}确认', { 称呼: '李女士' });
    expect(r).toEqual({ ok: false, missing: ['方案截止日'], unknown: [], problems: [] });
  });

  it.each([
    ['an empty string', ''],
    ['blank spaces', '   '],
    ['null', null],
    ['undefined', undefined],
    ['a non-finite number', Number.NaN],
    ['a value that itself holds braces', '{方案截止日}'],
  ])('treats %s as missing', (_, value) => {
    const r = fillScript('请{称呼}回电', { 称呼: value });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.missing).toEqual(['称呼']);
  });

  it('reports names in braces that are not slots', () => {
    expect(fillScript('欠{金额}元', { 金额: 100 })).toEqual({
      ok: false,
      missing: [],
      unknown: ['金额'],
      problems: [],
    });
  });

  it('reports malformed braces instead of leaving them in the text', () => {
    const r = fillScript('您好{称呼', { 称呼: '张先生' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toHaveLength(1);
  });

  it('never leaves a brace behind in filled text', () => {
    const r = fillScript('{称呼}，{委托方}的{方案}', { 称呼: '王先生', 委托方: '某银行', 方案: '分12期' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.text).not.toMatch(/[{}]/);
  });

  it('returns text without slots unchanged', () => {
    expect(fillScript('您先消消气。', {})).toEqual({ ok: true, text: '您先消消气。' });
  });
});

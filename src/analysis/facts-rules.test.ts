import { describe, expect, it } from 'vitest';
import { criminalClaimCertain, criminalConditions, lawfulFrame, legalClaimLawful } from './facts-rules';
import { normalize } from './normalize';

const at = new Date('2026-11-30T10:00:00+08:00');
const met = {
  product: 'credit_card' as const,
  principal: 60_000,
  effective_collections: ['2026-03-01T10:00:00+08:00', '2026-05-01T10:00:00+08:00'],
};

describe('criminal-liability conditions', () => {
  it('hold when every condition of 刑法 196 and the 2018 interpretation is met', () => {
    expect(criminalConditions(met, at)).toEqual({ met: true, missing: [] });
  });
  it.each([
    ['a consumer loan', { ...met, product: 'consumer_loan' as const }],
    ['principal under 50,000', { ...met, principal: 49_999 }],
    ['one effective collection', { ...met, effective_collections: ['2026-03-01T10:00:00+08:00'] }],
    [
      'collections 29 days apart',
      { ...met, effective_collections: ['2026-03-01T10:00:00+08:00', '2026-03-30T10:00:00+08:00'] },
    ],
    [
      'under 3 months since the last collection',
      { ...met, effective_collections: ['2026-07-01T10:00:00+08:00', '2026-09-01T10:00:00+08:00'] },
    ],
    ['no facts', undefined],
  ])('fail with %s', (_, facts) => {
    expect(criminalConditions(facts, at).met).toBe(false);
  });
});

describe('criminal claims false whatever the facts', () => {
  it.each([
    '你这个已经构成信用卡诈骗罪了',
    '材料我们已经移交公安 经侦那边已经立案',
    '按规定肯定是要追究你刑事责任的',
    '到时候你老婆也得跟着受牵连',
    '你父母到时候得替你还这笔钱',
    '再拖下去派出所就来带走你',
  ])('are certain: %s', (text) => {
    expect(criminalClaimCertain(normalize(text))).toBe(true);
  });

  it.each([
    '我们不是警察 也不会抓人',
    '满足条件的话有可能移交公安 这是法律规定',
    '您家里人不用替您还 也不会受牵连',
    '家属不承担任何责任',
    '欠款逾期不构成犯罪',
  ])('are not said in: %s', (text) => {
    expect(criminalClaimCertain(normalize(text))).toBe(false);
  });
});

describe('legal claims against facts', () => {
  it.each([
    ['银行已经起诉你了', { lawsuit_filed: true }, true],
    ['银行已经起诉你了', { lawsuit_filed: false }, false],
    ['银行已经起诉你了', undefined, false],
    ['你已经被列入失信名单', { enforcement_listed: true }, true],
    ['法院已经判决了，还会冻结你的账户', { judgment: true }, true],
    ['已经起诉，马上列入失信', { lawsuit_filed: true }, false],
  ])('%s with %j is lawful: %s', (text, facts, lawful) => {
    expect(legalClaimLawful(text, facts).lawful).toBe(lawful);
  });
});

describe('lawful frames', () => {
  it.each([
    ['language.criminal_claim', '欠款是民事纠纷，不是犯罪'],
    ['language.criminal_claim', '您别怕 欠卡不还这不犯法 就是得想办法还'],
    ['language.criminal_claim', '逾期本身不构成犯罪，您放心'],
    ['language.impersonation', '我们不是法院，是受银行委托的公司'],
    ['language.insult', '我从来没说过您是老赖'],
    ['language.threat', '我们不会上门，也不会找您家里人'],
    ['third_party.demand_payment', '您没有这个义务替他还'],
    ['language.complaint_obstruction', '您要投诉的话，投诉电话我给您报一下'],
    ['language.complaint_obstruction', '您有权投诉，我们十五天内答复'],
    ['language.dispute_dismissal', '这笔您说不是您刷的，我先帮您登记，等银行核实'],
    ['language.dispute_dismissal', '核实清楚之前不催您'],
    ['language.false_deadline', '您别担心 不存在过期作废这种事 什么时候都能谈'],
    ['language.false_deadline', '这不是最后的机会，您想清楚再定'],
    ['language.false_deadline', '方案的有效期以银行的批复通知为准'],
    ['language.false_deadline', '等方案批下来了，通知上会写明截止日'],
    ['language.false_deadline', '截止时间我不能随便编给您'],
    ['language.improper_payment', '别转给我个人 走官方账户'],
    ['language.improper_payment', '个人账户千万别转 认准银行App'],
  ])('%s: "%s" is lawful', (rule, text) => {
    expect(lawfulFrame(rule, text)).toBe(true);
  });
  it.each([
    ['language.criminal_claim', '你这个已经不是民事那么简单了'],
    ['language.criminal_claim', '从民事变刑事了'],
    ['language.criminal_claim', '你以为不犯法？'],
    ['language.criminal_claim', '你这不是犯罪是什么'],
    ['language.criminal_claim', '一次两次不算犯罪，你这已经构成犯罪了'],
    ['language.impersonation', '我是法院的，你听好'],
    ['language.insult', '你就是个老赖'],
    ['language.threat', '我们知道你家住哪'],
    ['third_party.demand_payment', '你是他哥，你得替他还'],
    ['language.surveillance', '我们不是法院'],
    ['language.complaint_obstruction', '投诉电话我不能给你，你自己查去'],
    ['language.complaint_obstruction', '投诉没用，给你电话也白搭'],
    ['language.complaint_obstruction', '您有权投诉，但投诉也没用'],
    ['language.complaint_obstruction', '投诉电话给你，投诉了后果你自己想'],
    ['language.dispute_dismissal', '不管是不是你刷的，你都得还'],
    ['language.false_deadline', '这是最后的机会了，过了今天就没有了'],
    ['language.false_deadline', '减免方案只到这周五，您抓紧'],
    ['language.false_deadline', '不存在拖的可能，今天下午五点前必须还'],
    ['language.improper_payment', '直接转我个人账户 手续费给二百就行'],
    ['language.improper_payment', '别走对公了 转我微信快'],
    ['language.improper_payment', '别转银行了 加我的微信转给我'],
  ])('%s: "%s" is not', (rule, text) => {
    expect(lawfulFrame(rule, text)).toBe(false);
  });
});

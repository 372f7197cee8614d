import { describe, expect, it } from 'vitest';
import { criminalConditions, legalClaimLawful } from './facts-rules';

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

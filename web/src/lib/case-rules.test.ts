import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/i18n';
import { confirmedMaxFen, maxPaymentFen, readOnlyReason } from './case-rules';

describe('readOnlyReason', () => {
  it.each([
    ['open', true, null],
    ['open', false, 'case.readOnly'],
    ['settled', true, 'case.readOnlySettled'],
    ['settled', false, 'case.readOnlySettled'],
    ['closed', true, 'case.readOnlyClosed'],
    ['recalled', true, 'case.readOnlyRecalled'],
  ] as const)('a %s case, may work %s: %s', (status, work, key) => {
    expect(readOnlyReason({ case: { status }, can: { work } })).toBe(key);
  });

  it('says a settled case is read-only because it is settled, not because of the role', () => {
    const key = readOnlyReason({ case: { status: 'settled' }, can: { work: true } });
    expect(key && translate('zh', key)).toMatch(/^案件已结清/);
    expect(key && translate('zh', key)).not.toContain('角色');
  });
});

describe('maxPaymentFen', () => {
  const instalment = (amountFen: number, paidFen: number, status = 'pending') => ({
    amountFen,
    paidFen,
    status,
  });
  it('is the balance', () => {
    expect(maxPaymentFen({ case: { balanceFen: 3_649_460 }, plans: [] })).toBe(3_649_460);
  });
  it('or what the active plan’s open instalments ask, when that is more', () => {
    const plans = [
      { state: 'active', instalments: [instalment(50_000, 50_000, 'paid'), instalment(60_000, 10_000)] },
      { state: 'rejected', instalments: [instalment(900_000, 0)] },
    ];
    expect(maxPaymentFen({ case: { balanceFen: 40_000 }, plans })).toBe(50_000);
    expect(maxPaymentFen({ case: { balanceFen: 70_000 }, plans })).toBe(70_000);
  });
});

describe('confirmedMaxFen', () => {
  it.each([
    // heard, confirmed amount → upper end sent
    [{ amountFen: 300_000, amountMaxFen: 500_000 }, 300_000, 500_000],
    [{ amountFen: 300_000, amountMaxFen: 500_000 }, 250_000, null],
    [{ amountFen: 500_000, amountMaxFen: 500_000 }, 450_000, null],
    [{ amountFen: 500_000, amountMaxFen: 500_000 }, 500_000, null],
    [{ amountFen: null, amountMaxFen: null }, 100_000, null],
  ])('heard %o, confirmed %i: %s', (heard, fen, max) => {
    expect(confirmedMaxFen(heard, fen)).toBe(max);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_MAPPING, parseMapping, planColumns } from './import-mapping';
import { parseAmount, parseDate, validateRow } from './import-row';

const HEADERS = [
  '案件编号',
  '产品',
  '姓名',
  '身份证号',
  '手机号',
  '卡号后四位',
  '欠款本金',
  '利息',
  '费用',
  '逾期天数',
  '账单日',
  '逾期起始日',
  '联系人1姓名',
  '联系人1关系',
  '联系人1电话',
  '联系人2姓名',
  '联系人2关系',
  '联系人2电话',
  '是否起诉',
];
const plan = planColumns(HEADERS);
const ctx = { asOf: '2026-11-01' };

const GOOD: Record<string, string> = {
  案件编号: 'YG-1',
  产品: '信用卡',
  姓名: '何静欣',
  身份证号: '320102197511036588',
  手机号: '18212354046',
  卡号后四位: '7139',
  欠款本金: '53036.30',
  利息: '291.70',
  费用: '265.18',
  逾期天数: '11',
  账单日: '5',
  逾期起始日: '',
  联系人1姓名: '王琪',
  联系人1关系: '朋友',
  联系人1电话: '18715448857',
  联系人2姓名: '',
  联系人2关系: '',
  联系人2电话: '',
  是否起诉: '',
};

function row(changes: Record<string, string> = {}): string[] {
  const r = { ...GOOD, ...changes };
  return HEADERS.map((h) => r[h] ?? '');
}

describe('validateRow', () => {
  it('converts a good row: fen, normalised phones, relation enum, the debtor as a self contact', () => {
    const r = validateRow(2, row({ 手机号: '+86 182-1235-4046' }), plan, ctx);
    expect(r).toEqual({
      ok: true,
      value: {
        row: 2,
        accountKey: '320102197511036588\u0000credit_card\u0000YG-1',
        debtor: {
          name: '何静欣',
          idNumber: '320102197511036588',
          timeZone: 'Asia/Shanghai',
          quietHoursConsent: false,
          accounts: [
            {
              accountRef: 'YG-1',
              product: 'credit_card',
              cardTail: '7139',
              principalFen: 5_303_630,
              interestFen: 29_170,
              feesFen: 26_518,
              daysOverdue: 11,
              overdueAsOf: '2026-11-01',
              bucket: 'M1',
              billingDay: 5,
              lawsuitFiled: false,
              judgment: false,
              enforcementListed: false,
              creditReported: false,
              guarantor: false,
              effectiveCollections: [],
            },
          ],
          contacts: [
            { name: '何静欣', relation: 'self', phone: '18212354046', consented: false },
            { name: '王琪', relation: 'friend', phone: '18715448857', consented: false },
          ],
        },
      },
    });
  });

  it.each([
    ['身份证号', '320102197511036589', 'id_number.check_digit', '校验位'],
    ['身份证号', '310115200102290045', 'id_number.birth_date', '出生日期'],
    ['身份证号', '230103720610476', 'id_number.legacy_15', '15位'],
    ['身份证号', '3.20102E+17', 'id_number.scientific', '科学计数法'],
    ['身份证号', '', 'required', '身份证号为空'],
    ['手机号', '12812345678', 'phone.prefix', '13–19'],
    ['手机号', '010-65521234', 'phone.not_mobile', '座机'],
    ['手机号', '1821235404', 'phone.length', '位数'],
    ['姓名', '', 'required', '姓名为空'],
    ['姓名', '张三3', 'name.format', '数字'],
    ['欠款本金', '-100', 'amount.negative', '负数'],
    ['欠款本金', '100.123', 'amount.decimals', '两位小数'],
    ['欠款本金', '一万', 'amount.format', '不是有效的金额'],
    ['欠款本金', '', 'required', '欠款本金为空'],
    ['利息', '12.3.4', 'amount.format', '不是有效的金额'],
    ['逾期天数', 'abc', 'days_overdue.format', '整数'],
    ['逾期天数', '-3', 'days_overdue.format', '整数'],
    ['逾期天数', '99999', 'days_overdue.range', '100年'],
    ['账单日', '35', 'billing_day.range', '1到31'],
    ['逾期起始日', '2026-13-01', 'date.invalid', '不存在'],
    ['逾期起始日', '2026-12-01', 'date.future', '晚于'],
    ['逾期起始日', '昨天', 'date.format', '格式'],
    ['卡号后四位', '71a9', 'card_tail.format', '4位数字'],
    ['产品', '房贷', 'product.unknown', '产品'],
    ['联系人1关系', '邻居', 'relation.unknown', '邻居'],
    ['联系人1电话', '', 'contact.phone_missing', '电话为空'],
    ['联系人1电话', '1234', 'contact_phone.length', '位数'],
    ['是否起诉', '也许', 'flag.format', '是'],
    ['案件编号', 'x'.repeat(65), 'account_ref.length', '64'],
    ['姓名', '何\uFFFD欣', 'encoding', '编码'],
  ])('rejects %s = %j with %s, naming the column', (column, value, code, zh) => {
    const r = validateRow(7, row({ [column]: value }), plan, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const p = r.problems.find((x) => x.code === code);
    expect(p, JSON.stringify(r.problems)).toBeDefined();
    expect(p).toMatchObject({ row: 7, column });
    expect(p?.zh).toContain(zh);
    expect(p?.en.length).toBeGreaterThan(5);
  });

  it('reports every problem of a row, not only the first', () => {
    const r = validateRow(
      3,
      row({ 身份证号: '320102197511036589', 手机号: '123', 欠款本金: 'x' }),
      plan,
      ctx,
    );
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual([
      'id_number.check_digit',
      'phone.length',
      'amount.format',
    ]);
  });

  it('needs an account number or a card number to identify the account', () => {
    const r = validateRow(2, row({ 案件编号: '', 卡号后四位: '' }), plan, ctx);
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(['account_ref.missing']);
    const byTail = validateRow(2, row({ 案件编号: '' }), plan, ctx);
    expect(byTail.ok && byTail.value.debtor.accounts[0]?.accountRef).toBe('7139');
  });

  it('keeps only the last four digits of a full or masked card number', () => {
    for (const card of ['6222 0212 3456 7139', '6222********7139', '****7139', '6222-0212-3456-7139']) {
      const r = validateRow(2, row({ 卡号后四位: card }), plan, ctx);
      expect(r.ok && r.value.debtor.accounts[0]?.cardTail, card).toBe('7139');
    }
  });

  it('counts days overdue from the overdue date when the file gives no days', () => {
    const r = validateRow(2, row({ 逾期天数: '', 逾期起始日: '2026/10/02' }), plan, ctx);
    expect(r.ok && r.value.debtor.accounts[0]?.daysOverdue).toBe(30);
    const none = validateRow(2, row({ 逾期天数: '' }), plan, ctx);
    expect(none.ok ? [] : none.problems.map((p) => p.code)).toEqual(['required']);
  });

  it.each([
    ['朋友', 'friend'],
    ['老公', 'spouse'],
    ['母亲', 'parent'],
    ['妹妹', 'sibling'],
    ['领导', 'colleague'],
    ['紧急联系人', 'emergency'],
    ['女儿', 'emergency'],
    ['担保人', 'guarantor'],
    ['Spouse', 'spouse'],
    ['', 'emergency'],
  ])('maps the relation word %j to %s', (word, relation) => {
    const r = validateRow(2, row({ 联系人1关系: word }), plan, ctx);
    expect(r.ok && r.value.debtor.contacts?.[1]?.relation).toBe(relation);
  });

  it('takes extra relation words from the mapping file', () => {
    const custom = planColumns(HEADERS, parseMapping({ relations: { 表哥: 'sibling' } }));
    const r = validateRow(2, row({ 联系人1关系: '表哥' }), custom, ctx);
    expect(r.ok && r.value.debtor.contacts?.[1]?.relation).toBe('sibling');
  });

  it('accepts a fixed-line contact number but keeps one entry per number', () => {
    const r = validateRow(
      2,
      row({
        联系人1电话: '0755-88881234',
        联系人2姓名: '李强',
        联系人2关系: '配偶',
        联系人2电话: '18212354046',
      }),
      plan,
      ctx,
    );
    expect(r.ok && r.value.debtor.contacts?.map((c) => c.phone)).toEqual(['18212354046', '075588881234']);
  });

  it('reads lawsuit flags and the product', () => {
    const r = validateRow(2, row({ 是否起诉: '是', 产品: '消费贷' }), plan, ctx);
    expect(r.ok && r.value.debtor.accounts[0]).toMatchObject({
      lawsuitFiled: true,
      product: 'consumer_loan',
    });
  });
});

describe('parseAmount', () => {
  it.each([
    ['12,345.60', 'yuan', 1_234_560],
    ['¥12345.6', 'yuan', 1_234_560],
    ['12345.60元', 'yuan', 1_234_560],
    ['１２３.４５', 'yuan', 12_345],
    ['0', 'yuan', 0],
    ['100.500', 'yuan', 10_050],
    ['1234560', 'fen', 1_234_560],
    ['1234560.00', 'fen', 1_234_560],
  ] as const)('reads %j in %s as %i fen', (raw, unit, fen) => {
    expect(parseAmount(raw, unit)).toEqual({ ok: true, value: fen });
  });

  it.each([
    ['12.5', 'fen', 'amount.fen_fraction'],
    ['1e5', 'yuan', 'amount.format'],
    ['(100)', 'yuan', 'amount.format'],
    ['-0.01', 'yuan', 'amount.negative'],
    ['999999999999', 'yuan', 'amount.too_large'],
  ] as const)('refuses %j in %s: %s', (raw, unit, code) => {
    expect(parseAmount(raw, unit)).toMatchObject({ ok: false, code });
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-10-02', 'auto', '2026-10-02'],
    ['2026/1/2', 'auto', '2026-01-02'],
    ['2026.01.02', 'auto', '2026-01-02'],
    ['2026年1月2日', 'auto', '2026-01-02'],
    ['20261002', 'auto', '2026-10-02'],
    ['2026-10-02 00:00:00', 'auto', '2026-10-02'],
    ['2028-02-29', 'auto', '2028-02-29'],
    ['02/10/2026', 'DD/MM/YYYY', '2026-10-02'],
    ['10/02/2026', 'MM/DD/YYYY', '2026-10-02'],
    ['20261002', 'YYYYMMDD', '2026-10-02'],
  ] as const)('reads %j (%s) as %s', (raw, format, value) => {
    expect(parseDate(raw, format)).toEqual({ ok: true, value });
  });

  it.each([
    ['02/10/2026', 'auto', 'date.format'],
    ['2027-02-29', 'auto', 'date.invalid'],
    ['2026-10-02', 'DD/MM/YYYY', 'date.format'],
    ['31/02/2026', 'DD/MM/YYYY', 'date.invalid'],
  ] as const)('refuses %j (%s): %s', (raw, format, code) => {
    expect(parseDate(raw, format)).toMatchObject({ ok: false, code });
  });

  it('never guesses day and month order by default', () => {
    expect(DEFAULT_MAPPING.formats.date).toBe('auto');
    expect(parseDate('01/02/2026', 'auto').ok).toBe(false);
  });
});

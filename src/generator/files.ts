import type { GeneratedCase, GeneratedPayment } from './placement';

/**
 * The generated cases as a bank's placement file would carry them: the default Chinese layout the
 * importer reads without a mapping file, amounts in yuan with two decimals, up to three contacts.
 */

export const CONTACT_COLUMNS = 3;

export const PLACEMENT_HEADERS: readonly string[] = [
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
  ...Array.from({ length: CONTACT_COLUMNS }, (_, i) => [
    `联系人${i + 1}姓名`,
    `联系人${i + 1}关系`,
    `联系人${i + 1}电话`,
  ]).flat(),
];

export function yuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

export function placementRecord(c: GeneratedCase): string[] {
  const a = c.account;
  const row = [
    c.accountRef,
    c.product === 'credit_card' ? '信用卡' : '消费贷',
    c.debtor.name,
    c.debtor.idNumber,
    c.debtor.phone,
    a.cardTail,
    yuanText(a.principalFen),
    yuanText(a.interestFen),
    yuanText(a.feesFen),
    String(a.daysOverdue),
    String(a.statementDay),
    a.overdueSince,
  ];
  for (let i = 0; i < CONTACT_COLUMNS; i++) {
    const k = c.contacts[i];
    row.push(k?.name ?? '', k?.relation ?? '', k?.phone ?? '');
  }
  return row;
}

export const PAYMENT_HEADERS: readonly string[] = [
  '案件编号',
  '交易流水号',
  '还款时间',
  '还款金额',
  '还款渠道',
];

const CHANNEL_ZH: Record<GeneratedPayment['channel'], string> = {
  bank_transfer: '银行转账',
  wechat_pay: '微信支付',
  alipay: '支付宝',
  counter: '柜台',
};

export function paymentRecords(c: GeneratedCase): string[][] {
  return c.payments.map((p) => [
    c.accountRef,
    p.reference,
    p.paidAt,
    yuanText(p.amountFen),
    CHANNEL_ZH[p.channel],
  ]);
}

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')}\r\n`;
}

let gbTable: Map<number, number> | null = null;

/**
 * GB18030 two-byte encoding by inverting the platform decoder (Node and browsers decode GB18030
 * but encode only UTF-8). Covers everything GBK covers, which is all this generator writes.
 */
function gb18030Table(): Map<number, number> {
  if (gbTable) return gbTable;
  const table = new Map<number, number>();
  const decoder = new TextDecoder('gb18030');
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const ch = decoder.decode(pair);
      const cp = ch.codePointAt(0);
      if (ch.length === 1 && cp !== undefined && cp !== 0xfffd && !table.has(cp))
        table.set(cp, (lead << 8) | trail);
    }
  }
  gbTable = table;
  return table;
}

export function encodeGb18030(text: string): Uint8Array {
  const table = gb18030Table();
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out[n++] = cp;
      continue;
    }
    const code = table.get(cp);
    if (code === undefined) throw new RangeError(`"${ch}" has no two-byte GB18030 code`);
    out[n++] = code >> 8;
    out[n++] = code & 0xff;
  }
  return out.subarray(0, n);
}

import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { RELATIONS, type Relation } from './ports';

/**
 * How a bank's placement file maps onto our fields. Without a mapping file the usual Chinese headers
 * are recognised (姓名, 身份证号, 手机号 …, several spellings each); a mapping file names other
 * headers (our field ← their column header) and the formats of amounts and dates.
 */

export const PLACEMENT_FIELDS = [
  'account_ref',
  'product',
  'name',
  'id_number',
  'phone',
  'card_tail',
  'principal',
  'interest',
  'fees',
  'days_overdue',
  'overdue_since',
  'billing_day',
  'time_zone',
  'lawsuit_filed',
  'judgment',
  'enforcement_listed',
  'credit_reported',
] as const;
export type PlacementField = (typeof PLACEMENT_FIELDS)[number];

export const CONTACT_PARTS = ['name', 'relation', 'phone'] as const;
export type ContactPart = (typeof CONTACT_PARTS)[number];

/** The fields a file must provide; everything else has a default. */
export const REQUIRED_FIELDS: readonly PlacementField[] = ['name', 'id_number', 'phone', 'principal'];

export const FIELD_NAMES: Record<PlacementField, { zh: string; en: string }> = {
  account_ref: { zh: '案件编号', en: 'account number' },
  product: { zh: '产品', en: 'product' },
  name: { zh: '姓名', en: 'name' },
  id_number: { zh: '身份证号', en: 'ID number' },
  phone: { zh: '手机号', en: 'mobile number' },
  card_tail: { zh: '卡号后四位', en: 'card tail' },
  principal: { zh: '欠款本金', en: 'principal' },
  interest: { zh: '利息', en: 'interest' },
  fees: { zh: '费用', en: 'fees' },
  days_overdue: { zh: '逾期天数', en: 'days overdue' },
  overdue_since: { zh: '逾期起始日', en: 'overdue since' },
  billing_day: { zh: '账单日', en: 'billing day' },
  time_zone: { zh: '时区', en: 'time zone' },
  lawsuit_filed: { zh: '是否起诉', en: 'lawsuit filed' },
  judgment: { zh: '是否判决', en: 'judgment' },
  enforcement_listed: { zh: '是否被执行', en: 'enforcement listed' },
  credit_reported: { zh: '是否上报征信', en: 'credit reported' },
};

/** Headers recognised without a mapping file, compared after `normalizeHeader`. */
const DEFAULT_HEADERS: Record<PlacementField, readonly string[]> = {
  account_ref: ['案件编号', '案件号', '合同号', '合同编号', '账号', '账户号', '借据号', '委案编号'],
  product: ['产品', '产品类型', '业务类型', '产品名称'],
  name: ['姓名', '客户姓名', '持卡人姓名', '债务人姓名', '借款人姓名', '客户名称'],
  id_number: ['身份证号', '身份证号码', '证件号码', '证件号', '身份证'],
  phone: ['手机号', '手机号码', '手机', '移动电话', '本人手机', '本人电话', '联系电话'],
  card_tail: ['卡号后四位', '卡号尾号', '卡尾号', '卡号', '信用卡号'],
  principal: ['欠款本金', '本金', '剩余本金', '逾期本金'],
  interest: ['利息', '欠款利息', '逾期利息'],
  fees: ['费用', '滞纳金', '违约金', '手续费'],
  days_overdue: ['逾期天数', '逾期天'],
  overdue_since: ['逾期起始日', '逾期日期', '首次逾期日', '逾期开始日期'],
  billing_day: ['账单日'],
  time_zone: ['时区'],
  lawsuit_filed: ['是否起诉', '已起诉'],
  judgment: ['是否判决', '已判决'],
  enforcement_listed: ['是否被执行', '是否失信', '失信被执行'],
  credit_reported: ['是否上报征信', '已报征信'],
};

/** Strips what banks decorate headers with: spaces, "*" for required, "(元)" units, full-width forms. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .replace(/[\s*]/g, '')
    .replace(/\((?:元|人民币|天|分|rmb|yuan|cny)\)$/i, '')
    .toLowerCase();
}

// 联系人1姓名, 联系人一关系, 紧急联系人电话, 联系人2手机 …
const CONTACT_HEADER =
  /^(?:第?([一二三四五六七八九十\d]+)联系人|(紧急)?联系人([一二三四五六七八九十\d]*))(姓名|名字|关系|与本人关系|电话|手机|手机号|手机号码|联系电话)$/;

const CN_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

function contactHeader(h: string): { slot: string; part: ContactPart } | null {
  const m = CONTACT_HEADER.exec(h);
  if (!m) return null;
  const n = m[1] ?? m[3] ?? '';
  const slot = m[2] ? `紧急${n}` : String(CN_DIGITS[n] ?? (n === '' ? 1 : Number(n)));
  const word = m[4]!;
  const part: ContactPart = word.includes('关系')
    ? 'relation'
    : word === '姓名' || word === '名字'
      ? 'name'
      : 'phone';
  return { slot, part };
}

const headerText = z.string().trim().min(1).max(100);

export const mappingFileSchema = z
  .object({
    /** our field: their header */
    columns: z.partialRecord(z.enum(PLACEMENT_FIELDS), headerText).default({}),
    /** one entry per contact: which headers hold its name, relation and phone */
    contacts: z
      .array(
        z
          .object({ name: headerText.optional(), relation: headerText.optional(), phone: headerText })
          .strict(),
      )
      .optional(),
    formats: z
      .object({
        amounts: z.enum(['yuan', 'fen']).default('yuan'),
        date: z
          .enum(['auto', 'YYYY-MM-DD', 'YYYY/MM/DD', 'YYYYMMDD', 'DD/MM/YYYY', 'MM/DD/YYYY'])
          .default('auto'),
      })
      .strict()
      .prefault({}),
    /** extra relation words → our relations, e.g. { 表哥: sibling } */
    relations: z.record(z.string().trim().min(1), z.enum(RELATIONS)).default({}),
    defaults: z
      .object({
        product: z.enum(['credit_card', 'consumer_loan']).optional(),
        time_zone: z.string().optional(),
      })
      .strict()
      .prefault({}),
    /** the sheet row (1-based) that holds the headers; rows above it are titles */
    header_row: z.int().min(1).max(100).default(1),
    /** XLSX: the worksheet's name; default the first */
    sheet: z.string().optional(),
    /** CSV: auto detects UTF-8 (with or without BOM) and otherwise reads GB18030 (a superset of GBK) */
    encoding: z.enum(['auto', 'utf-8', 'gb18030', 'gbk']).default('auto'),
  })
  .strict();
export type MappingFile = z.infer<typeof mappingFileSchema>;
export type MappingInput = z.input<typeof mappingFileSchema>;

export const DEFAULT_MAPPING: MappingFile = mappingFileSchema.parse({});

/** Validates a parsed mapping file (YAML or JSON); every problem is listed with its path. */
export function parseMapping(raw: unknown, file = 'mapping'): MappingFile {
  const r = mappingFileSchema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const list = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new DomainError(
    'import.mapping_invalid',
    { en: `${file}: ${list}`, zh: `映射文件 ${file} 有误：${list}` },
    { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
  );
}

/** Where each field lives in a file's header row (column indexes), resolved once per file. */
export interface ColumnPlan {
  fields: Partial<Record<PlacementField, number>>;
  contacts: { name: number | null; relation: number | null; phone: number }[];
  headers: readonly string[];
  /** headers not used by any field (reported, not an error) */
  ignored: string[];
  mapping: MappingFile;
}

export class MissingColumnsError extends DomainError {}

export function planColumns(headers: readonly string[], mapping: MappingFile = DEFAULT_MAPPING): ColumnPlan {
  const normalized = headers.map(normalizeHeader);
  const indexOf = (h: string): number => normalized.indexOf(normalizeHeader(h));
  const used = new Set<number>();
  const fields: Partial<Record<PlacementField, number>> = {};
  const missingMapped: string[] = [];
  // Mapped fields first, so a default spelling never claims a column the mapping gave elsewhere.
  for (const field of PLACEMENT_FIELDS) {
    const mapped = mapping.columns[field];
    if (mapped === undefined) continue;
    const i = indexOf(mapped);
    if (i < 0) missingMapped.push(`${field} ← "${mapped}"`);
    else {
      fields[field] = i;
      used.add(i);
    }
  }
  for (const field of PLACEMENT_FIELDS) {
    if (mapping.columns[field] !== undefined) continue;
    for (const h of DEFAULT_HEADERS[field]) {
      const i = normalized.indexOf(normalizeHeader(h));
      if (i >= 0 && !used.has(i)) {
        fields[field] = i;
        used.add(i);
        break;
      }
    }
  }

  const contacts: ColumnPlan['contacts'] = [];
  if (mapping.contacts) {
    for (const c of mapping.contacts) {
      const phone = indexOf(c.phone);
      if (phone < 0) missingMapped.push(`contacts.phone ← "${c.phone}"`);
      const name = c.name === undefined ? null : indexOf(c.name);
      if (name !== null && name < 0) missingMapped.push(`contacts.name ← "${c.name}"`);
      const relation = c.relation === undefined ? null : indexOf(c.relation);
      if (relation !== null && relation < 0) missingMapped.push(`contacts.relation ← "${c.relation}"`);
      contacts.push({
        name: name !== null && name >= 0 ? name : null,
        relation: relation !== null && relation >= 0 ? relation : null,
        phone,
      });
    }
  } else {
    const slots = new Map<string, Partial<Record<ContactPart, number>>>();
    normalized.forEach((h, i) => {
      if (used.has(i)) return;
      const c = contactHeader(h);
      if (!c) return;
      const slot = slots.get(c.slot) ?? {};
      if (slot[c.part] === undefined) slot[c.part] = i;
      slots.set(c.slot, slot);
    });
    for (const s of slots.values()) {
      if (s.phone === undefined) continue;
      contacts.push({ name: s.name ?? null, relation: s.relation ?? null, phone: s.phone });
    }
  }
  for (const c of contacts)
    for (const i of [c.name, c.relation, c.phone]) if (i !== null && i >= 0) used.add(i);

  const missing = REQUIRED_FIELDS.filter((f) => fields[f] === undefined);
  if (fields.days_overdue === undefined && fields.overdue_since === undefined) missing.push('days_overdue');
  if (missingMapped.length || missing.length) {
    const expected = missing.map(
      (f) => `${FIELD_NAMES[f].zh}（${DEFAULT_HEADERS[f].slice(0, 3).join('/')}）`,
    );
    const en = [
      ...missingMapped.map((m) => `the mapped column ${m} is not in the header row`),
      ...missing.map(
        (f) => `no column for ${FIELD_NAMES[f].en} (e.g. ${DEFAULT_HEADERS[f].slice(0, 3).join(', ')})`,
      ),
    ];
    const zh = [
      ...missingMapped.map((m) => `映射的列 ${m} 不在表头中`),
      ...expected.map((e) => `缺少列：${e}`),
    ];
    throw new MissingColumnsError(
      'import.columns_missing',
      { en: `The header row lacks columns: ${en.join('; ')}`, zh: `表头缺少必要的列：${zh.join('；')}` },
      { missing, missingMapped, headers: [...headers] },
    );
  }
  const ignored = headers.filter((h, i) => !used.has(i) && h.trim() !== '');
  return { fields, contacts, headers, ignored, mapping };
}

/** Relation words as banks write them → our relations. */
const RELATION_WORDS: Record<string, Relation> = {
  本人: 'self',
  自己: 'self',
  配偶: 'spouse',
  夫妻: 'spouse',
  妻子: 'spouse',
  丈夫: 'spouse',
  老婆: 'spouse',
  老公: 'spouse',
  爱人: 'spouse',
  夫: 'spouse',
  妻: 'spouse',
  父亲: 'parent',
  母亲: 'parent',
  父母: 'parent',
  爸爸: 'parent',
  妈妈: 'parent',
  父: 'parent',
  母: 'parent',
  岳父: 'parent',
  岳母: 'parent',
  公公: 'parent',
  婆婆: 'parent',
  兄弟: 'sibling',
  姐妹: 'sibling',
  兄弟姐妹: 'sibling',
  哥哥: 'sibling',
  弟弟: 'sibling',
  姐姐: 'sibling',
  妹妹: 'sibling',
  兄妹: 'sibling',
  姐弟: 'sibling',
  朋友: 'friend',
  好友: 'friend',
  同学: 'friend',
  同事: 'colleague',
  单位同事: 'colleague',
  领导: 'colleague',
  上司: 'colleague',
  紧急联系人: 'emergency',
  // The schema keeps no separate class for children or other kin: they are emergency contacts.
  子女: 'emergency',
  儿子: 'emergency',
  女儿: 'emergency',
  亲属: 'emergency',
  亲戚: 'emergency',
  其他亲属: 'emergency',
  其他: 'emergency',
  担保人: 'guarantor',
  保证人: 'guarantor',
};

export function relationOf(word: string, extra: Readonly<Record<string, Relation>> = {}): Relation | null {
  const w = word.normalize('NFKC').replace(/\s+/g, '');
  const lower = w.toLowerCase();
  if ((RELATIONS as readonly string[]).includes(lower)) return RELATIONS.find((r) => r === lower) ?? null;
  return extra[w] ?? RELATION_WORDS[w] ?? null;
}

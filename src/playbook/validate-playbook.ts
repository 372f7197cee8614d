import type { z } from 'zod';
import {
  INTENTS,
  type IntentId,
  PERSONAS,
  type PersonaId,
  REASONS,
  type ReasonId,
  STRATEGIES,
  type StrategyId,
} from '../domain/ids';
import {
  type CnRuleParams,
  cnRuleParamsSchema,
  type Jurisdiction,
  PARAM_SCHEMAS,
  REQUIRED_RULES,
  type UsRuleParams,
  usRuleParamsSchema,
} from './rule-params';
import {
  type Intent,
  intentsFileSchema,
  overlayRuleSchema,
  type Persona,
  type Policies,
  personasFileSchema,
  policiesSchema,
  type Reason,
  type Rule,
  type RulePackFile,
  reasonsFileSchema,
  rulePackFileSchema,
  ruleSchema,
  STRATEGY_GROUP_NAMES_ZH,
  STRATEGY_GROUP_OF,
  type Strategy,
  strategySchema,
  type Template,
  templatesFileSchema,
} from './schema';
import { DEBT_WORDS, isSlotName, type RequirableFact, SLOT_NAMES, SLOTS, scanSlots } from './slots';
import { formatPath, lineOf, type PathSegment, parseYamlSource, type YamlSource } from './yaml-source';
import { zhErrorMap } from './zh-issues';

export interface PlaybookFile {
  /** Path relative to the playbook directory, with `/`: `strategies/empathy.yaml`. */
  path: string;
  text: string;
}

export const PLAYBOOK_ISSUE_CODES = [
  'yaml_syntax',
  'schema',
  'unknown_file',
  'duplicate_file',
  'missing_file',
  'missing_id',
  'duplicate_id',
  'id_mismatch',
  'unknown_reference',
  'unknown_slot',
  'slot_syntax',
  'missing_requires',
  'third_party_leak',
  'fit_conflict',
  'group_mismatch',
  'stage_without_script',
  'extends_unresolved',
  'extends_cycle',
  'missing_rule',
  'param_missing',
  'param_unexpected',
  'policy_conflict',
] as const;
export type PlaybookIssueCode = (typeof PLAYBOOK_ISSUE_CODES)[number];

export interface PlaybookIssue {
  file: string;
  /** Where inside the file, e.g. `scripts[2].text`; empty for the file as a whole. */
  path: string;
  line: number | null;
  code: PlaybookIssueCode;
  message: string;
}

interface RulePackCommon {
  id: string;
  name_zh: string;
  description_zh: string | undefined;
  /** The pack this one overlays, already merged in. */
  extends: string | null;
  rules: Rule[];
}

export type RulePack =
  | (RulePackCommon & { jurisdiction: 'cn'; params: CnRuleParams })
  | (RulePackCommon & { jurisdiction: 'us'; params: UsRuleParams });

export interface Playbook {
  personas: Record<PersonaId, Persona>;
  reasons: Record<ReasonId, Reason>;
  intents: Record<IntentId, Intent>;
  strategies: Record<StrategyId, Strategy>;
  rulePacks: Record<string, RulePack>;
  policies: Policies;
  templates: Template[];
}

export type PlaybookValidation = { ok: true; playbook: Playbook } | { ok: false; errors: PlaybookIssue[] };

/** A preferred strategy must fit its persona at least this well; a discouraged one at most DISCOURAGED_MAX_FIT. */
export const PREFERRED_MIN_FIT = 0.6;
export const DISCOURAGED_MAX_FIT = 0.4;

export function formatPlaybookIssue(issue: PlaybookIssue): string {
  const where = issue.path ? `${issue.file}: ${issue.path}` : issue.file;
  const line = issue.line === null ? '' : `（第 ${issue.line} 行）`;
  return `${where}${line} — ${issue.message}`;
}

type FileKind =
  | { kind: 'personas' | 'reasons' | 'intents' | 'policies' | 'templates' }
  | { kind: 'strategy'; stem: string }
  | { kind: 'rules'; stem: string };

const SINGLE_FILES = ['personas', 'reasons', 'intents', 'policies', 'templates'] as const;

function classify(path: string): FileKind | null {
  for (const k of SINGLE_FILES) if (path === `${k}.yaml`) return { kind: k };
  const m = /^(strategies|rules)\/([^/]+)\.yaml$/.exec(path);
  if (!m?.[2]) return null;
  return m[1] === 'strategies' ? { kind: 'strategy', stem: m[2] } : { kind: 'rules', stem: m[2] };
}

function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** Collects problems, each traced to a file, a path inside it and, when the YAML tree allows, a line. */
class Problems {
  readonly list: PlaybookIssue[] = [];

  add(at: YamlSource | string, path: readonly PathSegment[], code: PlaybookIssueCode, message: string): void {
    const file = typeof at === 'string' ? at : at.path;
    const line = typeof at === 'string' ? null : lineOf(at, path);
    this.list.push({ file, path: formatPath(path), line, code, message });
  }

  /** Runs a schema on a value of the file and records its issues; returns the parsed value or undefined. */
  parse<S extends z.ZodType>(
    schema: S,
    value: unknown,
    src: YamlSource,
    base: readonly PathSegment[] = [],
  ): z.infer<S> | undefined {
    const r = schema.safeParse(value, { error: zhErrorMap });
    if (r.success) return r.data;
    for (const iss of r.error.issues) {
      const path = [...base, ...iss.path.filter((p) => typeof p !== 'symbol')];
      if (iss.code === 'unrecognized_keys') {
        for (const key of iss.keys) this.add(src, [...path, key], 'schema', `未知的字段“${key}”`);
      } else {
        this.add(src, path, 'schema', iss.message);
      }
    }
    return undefined;
  }
}

interface Parsed<T> {
  value: T;
  src: YamlSource;
}

function hasAll<K extends string, V>(keys: readonly K[], rec: Partial<Record<K, V>>): rec is Record<K, V> {
  return keys.every((k) => rec[k] !== undefined);
}

const SLOT_LIST_ZH = SLOT_NAMES.map((s) => `{${s}}`).join('');

/**
 * Checks a script or template text: slots known and well-formed, every fact a slot needs declared
 * in `requires` (so the advisor never fills an invented value), and nothing that reveals a debt
 * in text meant for a third party.
 */
function checkText(
  p: Problems,
  src: YamlSource,
  at: readonly PathSegment[],
  text: string,
  requires: readonly RequirableFact[] | undefined,
  thirdParty: boolean,
): void {
  const scan = scanSlots(text);
  for (const problem of scan.problems) p.add(src, [...at, 'text'], 'slot_syntax', `槽位括号有误：${problem}`);
  for (const name of scan.slots) {
    if (!isSlotName(name)) {
      p.add(src, [...at, 'text'], 'unknown_slot', `未知的槽位 {${name}}；可用的槽位：${SLOT_LIST_ZH}`);
      continue;
    }
    const spec: { fact?: RequirableFact; reveals_debt: boolean } = SLOTS[name];
    if (spec.fact && !requires?.includes(spec.fact)) {
      p.add(
        src,
        [...at, 'requires'],
        'missing_requires',
        `用到了 {${name}}，须在 requires 中声明 ${spec.fact}：缺少该事实时顾问不会选用这条话术，也就不会替坐席编造`,
      );
    }
    if (thirdParty && spec.reveals_debt) {
      p.add(src, [...at, 'text'], 'third_party_leak', `对第三方的文字不得使用 {${name}}：它会透露欠款关系`);
    }
  }
  if (thirdParty) {
    for (const word of DEBT_WORDS) {
      if (text.includes(word)) {
        p.add(
          src,
          [...at, 'text'],
          'third_party_leak',
          `对第三方的文字出现了“${word}”：不得向第三方透露债务`,
        );
      }
    }
  }
}

function checkUniqueIds(
  p: Problems,
  src: YamlSource,
  items: readonly { id: string }[],
  listKey: string,
  label: string,
): void {
  const seen = new Set<string>();
  items.forEach((it, i) => {
    if (seen.has(it.id)) p.add(src, [listKey, i, 'id'], 'duplicate_id', `${label} ${it.id} 重复出现`);
    seen.add(it.id);
  });
}

function checkComplete(
  p: Problems,
  src: YamlSource,
  items: readonly { id: string }[],
  all: readonly string[],
  listKey: string,
  label: string,
): void {
  const present = new Set(items.map((i) => i.id));
  const missing = all.filter((id) => !present.has(id));
  if (missing.length > 0) p.add(src, [listKey], 'missing_id', `缺少${label}：${missing.join('、')}`);
}

function mergeRule(base: Rule | undefined, overlay: Record<string, unknown>): Record<string, unknown> {
  if (!base) return overlay;
  const params = { ...(base.params ?? {}), ...(isRecord(overlay.params) ? overlay.params : {}) };
  return { ...base, ...overlay, ...(Object.keys(params).length > 0 ? { params } : {}) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkParams(
  p: Problems,
  src: YamlSource,
  at: readonly PathSegment[],
  j: Jurisdiction,
  rule: Rule,
): void {
  const schema = PARAM_SCHEMAS[j][rule.id];
  if (!schema) {
    if (rule.params && Object.keys(rule.params).length > 0) {
      p.add(src, [...at, 'params'], 'param_unexpected', `规则 ${rule.id} 在 ${j} 规则包中没有参数`);
    }
    return;
  }
  if (!rule.params) {
    p.add(src, [...at, 'params'], 'param_missing', `规则 ${rule.id} 须写 params`);
    return;
  }
  p.parse(schema, rule.params, src, [...at, 'params']);
}

interface PackDraft {
  id: string;
  name_zh: string;
  description_zh: string | undefined;
  jurisdiction: Jurisdiction;
  extends: string | null;
  rules: Rule[];
}

function resolvePacks(p: Problems, files: Map<string, Parsed<RulePackFile>>): Map<string, PackDraft> {
  const done = new Map<string, PackDraft | null>();

  const resolve = (id: string, stack: readonly string[]): PackDraft | null => {
    const known = done.get(id);
    if (known !== undefined) return known;
    const entry = files.get(id);
    if (!entry) return null;
    const { value: pack, src } = entry;
    let base: PackDraft | null = null;
    if (pack.extends !== undefined) {
      if (stack.includes(pack.extends) || pack.extends === id) {
        p.add(
          src,
          ['extends'],
          'extends_cycle',
          `extends 形成循环：${[...stack, id, pack.extends].join(' → ')}`,
        );
        done.set(id, null);
        return null;
      }
      if (!files.has(pack.extends)) {
        p.add(src, ['extends'], 'extends_unresolved', `extends 指向不存在的规则包“${pack.extends}”`);
        done.set(id, null);
        return null;
      }
      base = resolve(pack.extends, [...stack, id]);
      if (!base) {
        done.set(id, null);
        return null;
      }
      if (pack.jurisdiction && pack.jurisdiction !== base.jurisdiction) {
        p.add(
          src,
          ['jurisdiction'],
          'schema',
          `叠加包的 jurisdiction 须与 ${base.id} 相同（${base.jurisdiction}）`,
        );
      }
    }
    const jurisdiction = base?.jurisdiction ?? pack.jurisdiction;
    if (!jurisdiction) {
      done.set(id, null);
      return null;
    }
    const rules: Rule[] = base ? [...base.rules] : [];
    const seen = new Set<string>();
    pack.rules.forEach((raw, i) => {
      const at = ['rules', i];
      const partial = base ? p.parse(overlayRuleSchema, raw, src, at) : p.parse(ruleSchema, raw, src, at);
      if (!partial) return;
      if (seen.has(partial.id)) {
        p.add(src, [...at, 'id'], 'duplicate_id', `规则 ${partial.id} 在本规则包中重复出现`);
        return;
      }
      seen.add(partial.id);
      const existing = rules.findIndex((r) => r.id === partial.id);
      const rule = p.parse(ruleSchema, mergeRule(rules[existing], raw), src, at);
      if (!rule) return;
      checkParams(p, src, at, jurisdiction, rule);
      if (existing >= 0) rules[existing] = rule;
      else rules.push(rule);
    });
    if (!base) {
      const missing = REQUIRED_RULES[jurisdiction].filter((r) => !rules.some((x) => x.id === r));
      if (missing.length > 0) {
        p.add(src, ['rules'], 'missing_rule', `${jurisdiction} 规则包缺少规则：${missing.join('、')}`);
      }
    }
    const draft: PackDraft = {
      id: pack.id,
      name_zh: pack.name_zh,
      description_zh: pack.description_zh,
      jurisdiction,
      extends: pack.extends ?? null,
      rules,
    };
    done.set(id, draft);
    return draft;
  };

  const out = new Map<string, PackDraft>();
  for (const id of files.keys()) {
    const d = resolve(id, []);
    if (d) out.set(id, d);
  }
  return out;
}

function paramsOf(draft: PackDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of draft.rules) if (r.params) out[r.id] = r.params;
  return out;
}

/** Builds the typed pack; its parts were checked rule by rule, so a failure here only repeats them. */
function finishPack(draft: PackDraft): RulePack | null {
  const common: RulePackCommon = {
    id: draft.id,
    name_zh: draft.name_zh,
    description_zh: draft.description_zh,
    extends: draft.extends,
    rules: draft.rules,
  };
  if (draft.jurisdiction === 'cn') {
    const params = cnRuleParamsSchema.safeParse(paramsOf(draft));
    return params.success ? { ...common, jurisdiction: 'cn', params: params.data } : null;
  }
  const params = usRuleParamsSchema.safeParse(paramsOf(draft));
  return params.success ? { ...common, jurisdiction: 'us', params: params.data } : null;
}

/**
 * Validates the playbook's files as a whole and returns the typed playbook, or every problem found
 * (not just the first), each naming its file, the path inside it, the line and the reason.
 */
export function validatePlaybook(files: readonly PlaybookFile[]): PlaybookValidation {
  const p = new Problems();
  const singles = new Map<string, YamlSource>();
  const strategyFiles = new Map<string, YamlSource>();
  const packSources = new Map<string, YamlSource>();
  const seenPaths = new Set<string>();

  for (const f of files) {
    const path = normalisePath(f.path);
    if (seenPaths.has(path)) {
      p.add(path, [], 'duplicate_file', '同一文件出现两次');
      continue;
    }
    seenPaths.add(path);
    const kind = classify(path);
    if (!kind) {
      p.add(
        path,
        [],
        'unknown_file',
        '不认识的文件：剧本只包含 personas/reasons/intents/policies/templates.yaml、strategies/*.yaml、rules/*.yaml（扩展名用 .yaml）',
      );
      continue;
    }
    const parsed = parseYamlSource(path, f.text);
    if (!parsed.ok) {
      for (const e of parsed.problems)
        p.list.push({ file: path, path: '', line: e.line, code: 'yaml_syntax', message: e.message });
      continue;
    }
    if (kind.kind === 'strategy') strategyFiles.set(kind.stem, parsed.source);
    else if (kind.kind === 'rules') packSources.set(kind.stem, parsed.source);
    else singles.set(kind.kind, parsed.source);
  }

  const single = <S extends z.ZodType>(
    name: (typeof SINGLE_FILES)[number],
    schema: S,
  ): Parsed<z.infer<S>> | null => {
    const src = singles.get(name);
    if (!src) {
      // A file that failed to parse already has its own problem; only report files that are absent.
      if (!seenPaths.has(`${name}.yaml`)) p.add(`${name}.yaml`, [], 'missing_file', '缺少此文件');
      return null;
    }
    const value = p.parse(schema, src.data, src);
    return value === undefined ? null : { value, src };
  };

  const personasFile = single('personas', personasFileSchema);
  const reasonsFile = single('reasons', reasonsFileSchema);
  const intentsFile = single('intents', intentsFileSchema);
  const policiesFile = single('policies', policiesSchema);
  const templatesFile = single('templates', templatesFileSchema);

  // Strategies: one file per id, named for it.
  const strategies: Partial<Record<StrategyId, Parsed<Strategy>>> = {};
  for (const [stem, src] of strategyFiles) {
    const s = p.parse(strategySchema, src.data, src);
    if (!s) continue;
    if (s.id !== stem) {
      p.add(src, ['id'], 'id_mismatch', `文件名是 ${stem}.yaml，id 却是 ${s.id}：文件须以策略 id 命名`);
      continue;
    }
    strategies[s.id] = { value: s, src };
  }
  for (const id of STRATEGIES) {
    const path = `strategies/${id}.yaml`;
    if (!strategyFiles.has(id) && !seenPaths.has(path))
      p.add(path, [], 'missing_file', `缺少策略 ${id} 的文件`);
  }

  // Rule packs: file schema first, then extends and merging.
  const packFiles = new Map<string, Parsed<RulePackFile>>();
  for (const [stem, src] of packSources) {
    const pack = p.parse(rulePackFileSchema, src.data, src);
    if (!pack) continue;
    if (pack.id !== stem) {
      p.add(src, ['id'], 'id_mismatch', `文件名是 ${stem}.yaml，id 却是 ${pack.id}：文件须以规则包 id 命名`);
      continue;
    }
    packFiles.set(stem, { value: pack, src });
  }
  if (!seenPaths.has('rules/cn.yaml')) p.add('rules/cn.yaml', [], 'missing_file', '缺少默认（中国）规则包');
  const drafts = resolvePacks(p, packFiles);
  const rulePacks: Record<string, RulePack> = {};
  for (const [id, draft] of drafts) {
    const src = packFiles.get(id)?.src;
    if (!src) continue;
    const pack = finishPack(draft);
    if (pack) rulePacks[id] = pack;
    else if (!p.list.some((i) => i.file === src.path)) {
      p.add(src, ['rules'], 'missing_rule', '规则包的参数不完整');
    }
  }
  // Any rule id named in any pack, even one with other problems, so one typo is not reported twice.
  const knownRuleIds = new Set<string>();
  for (const { value } of packFiles.values()) {
    for (const r of value.rules) if (typeof r.id === 'string') knownRuleIds.add(r.id);
  }

  // Cross-file checks on strategies.
  const scriptIds = new Map<string, string>();
  for (const id of STRATEGIES) {
    const entry = strategies[id];
    if (!entry) continue;
    const { value: s, src } = entry;
    const group = STRATEGY_GROUP_OF[id];
    if (s.group !== group) {
      p.add(
        src,
        ['group'],
        'group_mismatch',
        `${s.name_zh}属于“${STRATEGY_GROUP_NAMES_ZH[group]}”（${group}），不可改组`,
      );
    }
    s.scripts.forEach((script, i) => {
      const at = ['scripts', i];
      const owner = scriptIds.get(script.id);
      if (owner)
        p.add(
          src,
          [...at, 'id'],
          'duplicate_id',
          `话术 id ${script.id} 已在 ${owner} 中使用；话术 id 须全局唯一`,
        );
      else scriptIds.set(script.id, `strategies/${id}.yaml`);
      checkText(p, src, at, script.text, script.requires, script.stage === 'third_party');
    });
    if (s.stage_fit.third_party > 0 && !s.scripts.some((x) => x.stage === 'third_party')) {
      p.add(
        src,
        ['stage_fit', 'third_party'],
        'stage_without_script',
        '第三方接听时只能用标注 stage: third_party 的话术；要么补一条这样的话术，要么把此项设为 0',
      );
    }
    s.unlawful_variants.forEach((u, i) => {
      if (knownRuleIds.size > 0 && !knownRuleIds.has(u.rule)) {
        p.add(src, ['unlawful_variants', i, 'rule'], 'unknown_reference', `规则 ${u.rule} 不在任何规则包中`);
      }
    });
  }

  if (personasFile) {
    const { value, src } = personasFile;
    checkUniqueIds(p, src, value.personas, 'personas', '类型');
    checkComplete(p, src, value.personas, PERSONAS, 'personas', '债务人类型');
    value.personas.forEach((persona, i) => {
      persona.preferred_strategies.forEach((sid, j) => {
        if (persona.discouraged_strategies.includes(sid)) {
          p.add(src, ['personas', i, 'preferred_strategies', j], 'fit_conflict', `${sid} 不能既推荐又慎用`);
        }
        const fit = strategies[sid]?.value.persona_fit[persona.id];
        if (fit !== undefined && fit < PREFERRED_MIN_FIT) {
          p.add(
            src,
            ['personas', i, 'preferred_strategies', j],
            'fit_conflict',
            `推荐 ${sid}，但 strategies/${sid}.yaml 中 persona_fit.${persona.id} 只有 ${fit}（推荐的策略应不低于 ${PREFERRED_MIN_FIT}）`,
          );
        }
      });
      persona.discouraged_strategies.forEach((sid, j) => {
        const fit = strategies[sid]?.value.persona_fit[persona.id];
        if (fit !== undefined && fit > DISCOURAGED_MAX_FIT) {
          p.add(
            src,
            ['personas', i, 'discouraged_strategies', j],
            'fit_conflict',
            `慎用 ${sid}，但 strategies/${sid}.yaml 中 persona_fit.${persona.id} 为 ${fit}（慎用的策略应不高于 ${DISCOURAGED_MAX_FIT}）`,
          );
        }
      });
    });
  }
  if (reasonsFile) {
    checkUniqueIds(p, reasonsFile.src, reasonsFile.value.reasons, 'reasons', '原因');
    checkComplete(p, reasonsFile.src, reasonsFile.value.reasons, REASONS, 'reasons', '原因');
  }
  if (intentsFile) {
    checkUniqueIds(p, intentsFile.src, intentsFile.value.intents, 'intents', '意图');
    checkComplete(p, intentsFile.src, intentsFile.value.intents, INTENTS, 'intents', '意图');
  }

  const templateIds = new Set<string>();
  if (templatesFile) {
    const { value, src } = templatesFile;
    checkUniqueIds(p, src, value.templates, 'templates', '模板');
    value.templates.forEach((t, i) => {
      templateIds.add(t.id);
      checkText(p, src, ['templates', i], t.text, t.requires, t.audience === 'third_party');
    });
  }

  if (policiesFile) {
    const { value, src } = policiesFile;
    const refs: [PathSegment[], string][] = [
      [['broken_promise', 'follow_up_template'], value.broken_promise.follow_up_template],
      [['promise_reminders', 'template'], value.promise_reminders.template],
    ];
    for (const [path, ref] of refs) {
      if (templatesFile && !templateIds.has(ref)) {
        p.add(src, path, 'unknown_reference', `模板 ${ref} 不在 templates.yaml 中`);
      }
    }
    const cn = rulePacks.cn;
    if (cn?.jurisdiction === 'cn') {
      const limit = cn.params['language.complaint_obstruction'].answer_days;
      if (value.complaints.answer_days > limit) {
        p.add(
          src,
          ['complaints', 'answer_days'],
          'policy_conflict',
          `不得长于 rules/cn.yaml 中 language.complaint_obstruction 的 answer_days（${limit} 天）`,
        );
      }
    }
  }

  if (p.list.length > 0) return { ok: false, errors: p.list };

  const personas: Partial<Record<PersonaId, Persona>> = {};
  for (const x of personasFile?.value.personas ?? []) personas[x.id] = x;
  const reasons: Partial<Record<ReasonId, Reason>> = {};
  for (const x of reasonsFile?.value.reasons ?? []) reasons[x.id] = x;
  const intents: Partial<Record<IntentId, Intent>> = {};
  for (const x of intentsFile?.value.intents ?? []) intents[x.id] = x;
  const strategyValues: Partial<Record<StrategyId, Strategy>> = {};
  for (const id of STRATEGIES) {
    const s = strategies[id];
    if (s) strategyValues[id] = s.value;
  }
  // With no problems recorded every table is complete; the guards let the compiler see it too.
  if (
    !hasAll(PERSONAS, personas) ||
    !hasAll(REASONS, reasons) ||
    !hasAll(INTENTS, intents) ||
    !hasAll(STRATEGIES, strategyValues) ||
    !policiesFile ||
    !templatesFile
  ) {
    return { ok: false, errors: [{ file: '', path: '', line: null, code: 'schema', message: '剧本不完整' }] };
  }
  return {
    ok: true,
    playbook: {
      personas,
      reasons,
      intents,
      strategies: strategyValues,
      rulePacks,
      policies: policiesFile.value,
      templates: templatesFile.value.templates,
    },
  };
}

/** A rule of a resolved pack by id. */
export function findRule(pack: RulePack, id: string): Rule | undefined {
  return pack.rules.find((r) => r.id === id);
}
